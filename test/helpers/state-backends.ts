/**
 * The backends every state-store test runs against: SQLite always; PostgreSQL when
 * TEST_DATABASE_URL names a database (.ci/run starts one). Each PostgreSQL place is a schema of its
 * own, dropped afterwards, so test files running at once never see each other's rows.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { describe, it } from "vitest";
import { tempDir } from "./corpus.js";

export interface Backend {
  name: "sqlite" | "postgres";
  /**
   * A fresh, empty place for a store: a data directory (SQLite), or also a database URL whose
   * search_path is a new schema (PostgreSQL). Stores opened on one place share their state.
   */
  place(): Promise<{ dataDir: string; databaseUrl?: string }>;
}

const pgUrl = process.env.TEST_DATABASE_URL || undefined;
const schemas: string[] = [];

const sqlite: Backend = {
  name: "sqlite",
  place: async () => ({ dataDir: await tempDir("state") }),
};

const postgres: Backend = {
  name: "postgres",
  async place() {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
    } finally {
      await admin.end();
    }
    schemas.push(schema);
    const url = new URL(pgUrl!);
    url.searchParams.set("options", `-c search_path=${schema}`);
    return { dataDir: await tempDir("state"), databaseUrl: url.toString() };
  },
};

/** Drops the schemas made by place(); call from afterAll. */
export async function dropSchemas(): Promise<void> {
  if (!pgUrl || !schemas.length) return;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    for (const s of schemas.splice(0)) await admin.query(`DROP SCHEMA ${s} CASCADE`);
  } finally {
    await admin.end();
  }
}

/**
 * Declares `suite` once per backend. Without TEST_DATABASE_URL the PostgreSQL block is one skipped
 * test whose name says why, so the run reports it instead of passing in silence.
 */
export function describeEachBackend(title: string, suite: (backend: Backend) => void): void {
  describe(`${title} [sqlite]`, () => suite(sqlite));
  if (pgUrl) describe(`${title} [postgres]`, () => suite(postgres));
  else
    describe(`${title} [postgres]`, () => {
      it.skip("skipped: TEST_DATABASE_URL is not set (.ci/run starts PostgreSQL and sets it)", () => {});
    });
}

export const sqliteFileIn = (dataDir: string) => path.join(dataDir, "state.db");
