import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { redisServerPath, startRedis } from "../../../dev/services/redis";

/**
 * vitest globalSetup: one Redis for the whole run, handed to tests as inject("redisUrl") (see ./redis.ts, which
 * also declares the key), unless REDIS_TEST_URL names one already (dev/test-all.ts starts its own).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.REDIS_TEST_URL;
  if (given) {
    project.provide("redisUrl", given);
    return undefined;
  }
  // Without the binary only the tests that need Redis should fail (redisTestUrl() says what to install), not the whole run.
  if (!existsSync(redisServerPath)) {
    console.warn(
      `No redis-server at ${redisServerPath}: tests that need Redis will fail. Install it: sudo apt-get install redis-server`,
    );
    project.provide("redisUrl", "");
    return undefined;
  }
  const redis = await startRedis({ port: 0, quiet: true });
  project.provide("redisUrl", redis.url);
  return () => redis.stop();
}
