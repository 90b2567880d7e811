/**
 * The browser's side of a start's file (issue 25): `npm run bench -- --only intake-browser`, or on its own
 * (`tsx bench/intake-browser.ts`, against the current production build). See bench/measure/intake-browser.ts.
 */
import { fileURLToPath } from "node:url";
import { intakeInBrowser } from "./measure/intake-browser.js";
import { buildIsStale } from "./support/build.js";
import { startBenchStack } from "./support/stack.js";

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (buildIsStale()) console.error("note: the production build is older than the sources (run `npm run build`)");
  const bench = await startBenchStack({}, 0);
  try {
    const result = await intakeInBrowser(bench);
    console.log(JSON.stringify(result, null, 1));
  } finally {
    await bench.stack.stop();
  }
}
