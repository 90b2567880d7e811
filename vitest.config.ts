import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // "server-only" throws outside a React Server environment; unit tests run lib code directly.
      "server-only": fileURLToPath(new URL("./tests/unit/support/server-only.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/unit/support/redis-global-setup.ts", "tests/unit/support/postgres-global-setup.ts"],
    testTimeout: 20_000,
    // The export test measures retained heap, which needs a collection before each sample.
    execArgv: ["--expose-gc"],
  },
});
