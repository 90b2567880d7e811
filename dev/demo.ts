import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { redisServerPath, startRedis, type RunningRedis } from "./services/redis.js";
import { printWelcome, startStack, stopOnSignals } from "./stack.js";
import { appEnvironment, demoPorts } from "./stack-config.js";

// `npm run demo`: build once if needed, then the app, the Trillet simulator and the identity provider.
// `npm run demo -- --redis`: two instances (3000 and 3001) sharing state through a local redis-server.
const withRedis = process.argv.includes("--redis");
/** The demo's Redis port; another port is taken when something already listens here. */
const demoRedisPort = 6390;

if (withRedis && !existsSync(redisServerPath)) {
  console.error(
    `\`npm run demo -- --redis\` needs redis-server (looked for ${redisServerPath}). Install it with:\n` +
      "  sudo apt-get install redis-server     (Debian, Ubuntu)\n" +
      "  brew install redis                    (macOS)\n" +
      "or set REDIS_SERVER_PATH to a redis-server binary. Without --redis the demo needs no Redis.",
  );
  process.exit(1);
}

if (!existsSync(".next/BUILD_ID") || process.argv.includes("--rebuild")) {
  console.log("Building Batch Console (first run only; `npm run demo -- --rebuild` to rebuild)…");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

async function startDemoRedis(): Promise<RunningRedis> {
  try {
    return await startRedis({ port: demoRedisPort, quiet: true });
  } catch (error) {
    console.log(
      `Redis could not start on port ${demoRedisPort} (${error instanceof Error ? error.message : String(error)}); using a free port.`,
    );
    return startRedis({ port: 0, quiet: true });
  }
}

async function main(): Promise<void> {
  if (!withRedis) {
    // The team's records survive a restart of the demo: PGlite in .data/.
    const stack = await startStack({ ports: demoPorts, simCallHistoryErrorRate: 0.05, database: { dataDir: ".data" } });
    printWelcome(stack);
    stopOnSignals(stack);
    return;
  }
  const redis = await startDemoRedis();
  try {
    const stack = await startStack({
      ports: demoPorts,
      instances: 2,
      redisUrl: redis.url,
      simCallHistoryErrorRate: 0.05,
    });
    printWelcome(stack, {
      redisUrl: redis.url,
      rateLimitPerMinute: appEnvironment(demoPorts).TRILLET_RATE_LIMIT_PER_MINUTE,
    });
    stopOnSignals({
      ...stack,
      async stop() {
        await stack.stop();
        await redis.stop();
      },
    });
  } catch (error) {
    await redis.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`Could not start the demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
