import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` writes a new SQL migration into drizzle/ from lib/db/schema.ts; commit it.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
});
