/**
 * PostgreSQL through node-postgres, when DATABASE_URL is set: a small pool shared by the service's
 * requests. Instances sharing the database coordinate through it (row locks, unique keys and
 * advisory locks), never through memory.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import type { Db, Sql, SqlResult } from "./db.js";

export function openPostgresDb(url: string, options: { max?: number } = {}): Db {
  return new PostgresDb(new pg.Pool({ connectionString: url, max: options.max ?? 10 }));
}

/** An advisory lock's key: a stable 63-bit number from its name. */
export function advisoryKey(name: string): bigint {
  return createHash("sha256").update(name).digest().readBigInt64BE(0);
}

const resultOf = (r: pg.QueryResult): SqlResult => ({
  rows: r.rows as Record<string, unknown>[],
  changes: r.rowCount ?? 0,
});

class PostgresDb implements Db {
  readonly dialect = "postgres" as const;

  constructor(private readonly pool: pg.Pool) {}

  async run(sql: string, params: readonly unknown[] = []): Promise<SqlResult> {
    return resultOf(await this.pool.query(sql, [...params]));
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await fn({ run: async (sql, params = []) => resultOf(await client.query(sql, [...params])) });
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    // A session lock lives on one connection: it is held on a client of its own while fn runs.
    const client = await this.pool.connect();
    const key = advisoryKey(name).toString();
    try {
      await client.query("SELECT pg_advisory_lock($1::bigint)", [key]);
      try {
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
