import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { Pool } from "pg";
import { databaseUrl, getConfig } from "@/lib/config";
import { errorBrand } from "@/lib/runtime/error-brand";
import { errorText } from "@/lib/runtime/scrub-secrets";
import { migrateUnderLock, schemaVersion } from "./migrate";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Which engine holds the team's records: PostgreSQL from DATABASE_URL, or PGlite in this process (one instance). */
export type DatabaseEngine = "postgres" | "pglite";

type Connection = {
  db: Database;
  /** Settles once the migrations have run; after a failure the connection is dropped and the next use tries again. */
  ready: Promise<void>;
  close: () => Promise<void>;
};

/**
 * A small pool: on Vercel every function instance has its own, so a few connections each keep the total within
 * what a managed PostgreSQL allows, and a page needs one or two queries at a time.
 */
const poolSize = 3;
const connectTimeoutMs = 3_000;
/** A query that takes longer than this fails instead of holding a page: the list then says it could not load. */
const statementTimeoutMs = 5_000;

// On globalThis: pages, route handlers and instrumentation are separate bundles, and a process holds one connection.
const slot = globalThis as typeof globalThis & { __batchConsoleDatabase?: Connection };

function connect(): Connection {
  const url = databaseUrl();
  if (url) {
    const pool = new Pool({
      connectionString: url,
      max: poolSize,
      connectionTimeoutMillis: connectTimeoutMs,
      idleTimeoutMillis: 10_000,
      statement_timeout: statementTimeoutMs,
      application_name: "batch-console",
    });
    // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
    pool.on("error", (error) => console.error(JSON.stringify({ type: "database", message: errorText(error) })));
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    return withMigrations(db, () => pool.end());
  }
  const client = new PGlite(pgliteDataDir(getConfig().database.dataDir));
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return withMigrations(db, () => client.close());
}

/** PGlite's files under DATA_DIR; `memory://` keeps them in this process only (the unit tests). */
function pgliteDataDir(dataDir: string): string {
  if (dataDir === inMemory) return inMemory;
  const directory = path.resolve(dataDir, "pglite");
  mkdirSync(directory, { recursive: true });
  return directory;
}

const inMemory = "memory://";

function withMigrations(db: Database, close: () => Promise<void>): Connection {
  const ready = migrateUnderLock(db).catch((error: unknown) => {
    // Forgotten, so that the next `database()` connects and migrates again.
    slot.__batchConsoleDatabase = undefined;
    void close().catch(() => undefined);
    throw error;
  });
  return { db, ready, close };
}

const brand = errorBrand("DatabaseUnavailable");

/** The database did not answer, or failed a query: the caller says "try again", and the batch pages never need it. */
export class DatabaseUnavailable extends Error {
  constructor() {
    super("The team's records cannot be reached right now.");
    this.name = "DatabaseUnavailable";
    brand.mark(this);
  }
}

export const isDatabaseUnavailable = (error: unknown): error is DatabaseUnavailable => brand.is(error);

/** The one connection, migrated: every data function goes through this, and nothing else opens one. */
export async function database(): Promise<Database> {
  const connection = (slot.__batchConsoleDatabase ??= connect());
  await connection.ready;
  return connection.db;
}

const healthTimeoutMs = 2_000;

/** Whether the database answers (within 2 s) and the number of migrations it has applied; the reason is for logs. */
export async function databaseHealth(): Promise<
  { status: "ok"; schemaVersion: number } | { status: "unavailable"; reason: string }
> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${healthTimeoutMs} ms`)), healthTimeoutMs);
  });
  try {
    const version = await Promise.race([database().then(schemaVersion), late]);
    return { status: "ok", schemaVersion: version.applied };
  } catch (error) {
    return { status: "unavailable", reason: errorText(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Connects and migrates at server start; a failure is logged, and the first use tries again. */
export async function startDatabase(): Promise<void> {
  try {
    await database();
  } catch (error) {
    console.error(JSON.stringify({ type: "database", action: "migrate", message: errorText(error) }));
  }
}

/** Runs a data function's queries; any failure is logged (scrubbed) and becomes DatabaseUnavailable. */
export async function records<T>(action: string, run: (db: Database) => Promise<T>): Promise<T> {
  try {
    return await run(await database());
  } catch (error) {
    console.error(JSON.stringify({ type: "database", action, message: errorText(error) }));
    throw new DatabaseUnavailable();
  }
}

export function databaseEngine(): DatabaseEngine {
  return databaseUrl() ? "postgres" : "pglite";
}

/** Closes the connection (tests, and the migrate script). */
export async function closeDatabase(): Promise<void> {
  const connection = slot.__batchConsoleDatabase;
  slot.__batchConsoleDatabase = undefined;
  if (connection) await connection.close();
}
