import { closeDatabase, database, databaseEngine } from "@/lib/db/client";
import { schemaVersion } from "@/lib/db/migrate";
import { errorText } from "@/lib/runtime/scrub-secrets";

// `npm run db:migrate`: applies the migrations in drizzle/ as a release step (instances also do it at start, under
// the same advisory lock, so running both is safe).
try {
  const db = await database();
  const version = await schemaVersion(db);
  console.log(`Database (${databaseEngine()}) is at migration ${version.applied} of ${version.latest}.`);
} catch (error) {
  console.error(`Migrations failed: ${errorText(error)}`);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
