/**
 * The embedded database: one SQLite file (DATA_DIR/state.db) through better-sqlite3. WAL lets readers
 * and one writer work at once, and the busy timeout makes a second process (another instance, or
 * the audit CLI) wait for the write lock instead of failing.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { toPositional, type Db, type Sql, type SqlResult } from "./db.js";

/** How long a statement waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 10_000;

export function openSqliteDb(file: string): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return new SqliteDb(db);
}

class SqliteDb implements Db {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  /**
   * better-sqlite3 is synchronous on one connection, but a transaction's function awaits between
   * statements: everything else waits on this chain meanwhile, so no statement of another request
   * lands inside an open transaction.
   */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database.Database) {}

  run(sql: string, params: readonly unknown[] = []): Promise<SqlResult> {
    return this.serialized(async () => this.runNow(sql, params));
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.serialized(async () => {
      await this.beginImmediate();
      try {
        const result = await fn({ run: async (sql, params = []) => this.runNow(sql, params) });
        this.db.exec("COMMIT");
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw err;
      }
    });
  }

  /**
   * BEGIN IMMEDIATE without blocking the thread: SQLite's busy handler sleeps synchronously, which
   * would also stop the holder of the lock when it is another connection of this process (two
   * stores on one file, as in tests), so the wait is a loop of short timers instead.
   */
  private async beginImmediate(): Promise<void> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    this.db.pragma("busy_timeout = 0");
    try {
      for (;;) {
        try {
          this.db.exec("BEGIN IMMEDIATE");
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw err;
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
        }
      }
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /** SQLite has one writer at a time; the lock's work runs in BEGIN IMMEDIATE transactions of its own. */
  withLock<T>(_name: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async close(): Promise<void> {
    await this.tail;
    this.db.close();
  }

  private runNow(sql: string, params: readonly unknown[]): SqlResult {
    const p = toPositional(sql, params);
    let stmt = this.statements.get(p.sql);
    if (!stmt) {
      stmt = this.db.prepare(p.sql);
      this.statements.set(p.sql, stmt);
    }
    const args = p.params.map((v) => (v === undefined ? null : typeof v === "boolean" ? Number(v) : v));
    if (stmt.reader) {
      const rows = stmt.all(...args) as Record<string, unknown>[];
      return { rows, changes: rows.length };
    }
    return { rows: [], changes: stmt.run(...args).changes };
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
