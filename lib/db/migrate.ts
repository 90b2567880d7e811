import "server-only";
import path from "node:path";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

/** drizzle/ at the project root: versioned SQL written by drizzle-kit from lib/db/schema.ts. */
export const migrationsFolder = path.join(process.cwd(), "drizzle");

/** Any fixed 64-bit number the app owns: instances starting at once queue on it, so each migration runs once. */
const migrationLockKey = 7_302_114_902_551;

type AnyDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/**
 * Applies every migration not yet applied, in order, in one transaction that first takes a transaction-level
 * advisory lock: a second instance starting at the same moment waits on the lock, then finds nothing left to do.
 * The bookkeeping schema is created under the lock too: concurrent `create schema if not exists` race in
 * PostgreSQL. The lock is released with the transaction, so a crashed instance never leaves it held.
 */
export async function migrateUnderLock(db: AnyDatabase): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${migrationLockKey})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    const applied = await tx.execute(
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    const last = Number(rowsOf<{ created_at: string | number }>(applied)[0]?.created_at ?? 0);
    for (const migration of migrations) {
      if (migration.folderMillis <= last) continue;
      for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
    }
  });
}

/** The schema version: how many migrations this database has applied, and the newest one's tag. */
export async function schemaVersion(db: AnyDatabase): Promise<{ applied: number; latest: number }> {
  const result = await db.execute(sql`select count(*) as count from drizzle.__drizzle_migrations`);
  return {
    applied: Number(rowsOf<{ count: string | number }>(result)[0]?.count ?? 0),
    latest: readMigrationFiles({ migrationsFolder }).length,
  };
}

/** node-postgres answers `{rows}`, PGlite `{rows}` too, but typed differently: read both the same way. */
function rowsOf<T>(result: unknown): T[] {
  const rows = (result as { rows?: T[] }).rows;
  return Array.isArray(rows) ? rows : Array.isArray(result) ? (result as T[]) : [];
}
