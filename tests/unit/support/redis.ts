import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by tests/unit/support/redis-global-setup.ts; empty when no redis-server is installed. */
    redisUrl: string;
  }
}

/** The URL of the Redis server shared by this test run (tests isolate themselves by key prefix). */
export function redisTestUrl(): string {
  const url = inject("redisUrl") || process.env.REDIS_TEST_URL;
  if (!url) {
    throw new Error("No test Redis: install redis-server (sudo apt-get install redis-server) or set REDIS_TEST_URL.");
  }
  return url;
}
