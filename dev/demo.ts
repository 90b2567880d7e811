import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { printWelcome, startStack, stopOnSignals } from "./stack.js";
import { demoPorts } from "./stack-config.js";

// `npm run demo`: build once if needed, then the app, the Trillet simulator and the identity provider.
if (!existsSync(".next/BUILD_ID") || process.argv.includes("--rebuild")) {
  console.log("Building Batch Console (first run only; `npm run demo -- --rebuild` to rebuild)…");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

startStack({ ports: demoPorts }).then(
  (stack) => {
    printWelcome(stack);
    stopOnSignals(stack);
  },
  (error: unknown) => {
    console.error(`Could not start the demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
