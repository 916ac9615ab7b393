/**
 * Versioned schema changes, the same text for SQLite and PostgreSQL (TEXT, INTEGER and BIGINT only;
 * ids are made by the service, times are milliseconds since 1970). A migration is applied once, in
 * a transaction together with its row in schema_migrations; on PostgreSQL the whole run holds an
 * advisory lock, so instances starting together do not race. Never edit a released migration:
 * add the next one.
 */
import type { Db } from "./db.js";

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "conversations, feedback, claims, audit",
    statements: [
      `CREATE TABLE conversation_turns (
         conversation_id TEXT NOT NULL,
         at BIGINT NOT NULL,
         question TEXT NOT NULL,
         standalone TEXT NOT NULL
       )`,
      `CREATE INDEX conversation_turns_by_id ON conversation_turns (conversation_id, at)`,
      `CREATE INDEX conversation_turns_by_at ON conversation_turns (at)`,
      `CREATE TABLE feedback (
         id TEXT PRIMARY KEY,
         at BIGINT NOT NULL,
         rating TEXT NOT NULL,
         record TEXT NOT NULL
       )`,
      `CREATE INDEX feedback_by_at ON feedback (at)`,
      `CREATE TABLE claims (
         key TEXT PRIMARY KEY,
         value TEXT NOT NULL,
         expires_at BIGINT NOT NULL
       )`,
      `CREATE INDEX claims_by_expiry ON claims (expires_at)`,
      `CREATE TABLE audit_log (
         id TEXT PRIMARY KEY,
         at BIGINT NOT NULL,
         channel TEXT NOT NULL,
         user_name TEXT,
         conversation_id TEXT,
         question TEXT NOT NULL,
         standalone_question TEXT,
         answer TEXT NOT NULL,
         refused INTEGER NOT NULL,
         citations TEXT NOT NULL,
         latency_ms INTEGER NOT NULL
       )`,
      `CREATE INDEX audit_log_by_at ON audit_log (at)`,
    ],
  },
];

const LOCK_NAME = "gxj-policy-assistant:migrations";

/** Applies the migrations `db` lacks, in order; returns the versions applied. */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
  now = Date.now,
): Promise<number[]> {
  return db.withLock(LOCK_NAME, async () => {
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      const done = await db.transaction(async (tx) => {
        await tx.run(
          `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`,
        );
        // Checked inside the transaction: on SQLite another process may have applied it meanwhile.
        const { rows } = await tx.run(`SELECT version FROM schema_migrations WHERE version = $1`, [m.version]);
        if (rows.length) return false;
        for (const statement of m.statements) await tx.run(statement);
        await tx.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [
          m.version,
          m.name,
          now(),
        ]);
        return true;
      });
      if (done) applied.push(m.version);
    }
    return applied;
  });
}
