import { existsSync } from "node:fs";
import { join } from "node:path";
import { postgresBinDir, startPostgres } from "../../../dev/services/postgres";

/**
 * vitest globalSetup: one PostgreSQL for the whole run, for the activity rows that audit lines write while route
 * handlers are tested (tests/unit/support/app-env.ts hands it to lib/ as DATABASE_URL). A real server rather than
 * the embedded one: PGlite's start blocks a test worker's event loop for seconds. Workers inherit the variable.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DATABASE_TEST_URL) return undefined;
  if (!existsSync(join(postgresBinDir, "initdb"))) {
    console.warn(
      `No PostgreSQL in ${postgresBinDir}: audit rows go to an embedded database. apt-get install postgresql`,
    );
    return undefined;
  }
  const postgres = await startPostgres();
  process.env.DATABASE_TEST_URL = postgres.url;
  return async () => {
    delete process.env.DATABASE_TEST_URL;
    await postgres.stop();
  };
}
