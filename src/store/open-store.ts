/** Opens the configured state store: PostgreSQL when a database URL is given, else SQLite in the data directory. */
import path from "node:path";
import { migrate } from "./migrations.js";
import { openPostgresDb } from "./postgres-db.js";
import { SqlStateStore, type SqlStateStoreOptions } from "./sql-store.js";
import { openSqliteDb } from "./sqlite-db.js";

export interface StoreLocation {
  /** postgres://… ; when absent, SQLite at `sqliteFile`. */
  databaseUrl?: string;
  dataDir: string;
}

/** The SQLite file of a data directory. */
export const sqliteFileOf = (dataDir: string) => path.join(dataDir, "state.db");

/** Opens the database and applies any pending migrations. */
export async function openStateStore(where: StoreLocation, options: SqlStateStoreOptions = {}): Promise<SqlStateStore> {
  const db = where.databaseUrl ? openPostgresDb(where.databaseUrl) : openSqliteDb(sqliteFileOf(where.dataDir));
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return new SqlStateStore(db, options);
}
