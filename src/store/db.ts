/**
 * The little the store needs from a SQL database, so one set of statements serves SQLite and
 * PostgreSQL. Statements are written with PostgreSQL's numbered parameters ($1, $2, …); the SQLite
 * driver rewrites them (toPositional). Integers that may exceed 2^31 are BIGINT, which node-postgres
 * returns as strings: mapping code converts with Number().
 */
export type Row = Record<string, unknown>;

export interface SqlResult {
  rows: Row[];
  /** Rows inserted, updated or deleted. */
  changes: number;
}

export interface Sql {
  run(sql: string, params?: readonly unknown[]): Promise<SqlResult>;
}

export interface Db extends Sql {
  readonly dialect: "sqlite" | "postgres";
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. On SQLite
   * the transaction takes the write lock at once (BEGIN IMMEDIATE), so two processes never both read
   * then write; on PostgreSQL statements may lock rows (SELECT … FOR UPDATE).
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while holding a lock named `name` across every process using this database (a
   * PostgreSQL advisory lock; SQLite's single writer serializes migrations by itself).
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * `$n` parameters → SQLite's positional `?`, with the arguments in the order they occur (a
 * parameter used twice is passed twice). `$` inside quoted strings is left alone.
 */
export function toPositional(sql: string, params: readonly unknown[]): { sql: string; params: unknown[] } {
  const out: unknown[] = [];
  const text = sql.replace(/'(?:[^']|'')*'|\$(\d+)/g, (match, n: string | undefined) => {
    if (n === undefined) return match;
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new RangeError(`parameter $${n} has no value (${params.length} given)`);
    out.push(params[i]);
    return "?";
  });
  return { sql: text, params: out };
}
