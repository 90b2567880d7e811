import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { e2eFaultsGlobexKey, e2eMultiKeys, e2eTrilletKey } from "./stack-config.js";

// After the end-to-end run: the stacks' API keys must appear in no build output and no server log line. Every
// response body the tests received was scanned for them as it arrived (tests/e2e/support/test.ts).
const roots = [process.env.NEXT_DIST_DIR || ".next", "test-logs", "test-results", "playwright-report"];
const needles = [e2eTrilletKey, e2eFaultsGlobexKey, e2eMultiKeys.acme, e2eMultiKeys.globex].map((key) =>
  Buffer.from(key),
);

function* files(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path)) yield* files(join(path, entry));
}

let scanned = 0;
const hits: string[] = [];
for (const root of roots) {
  for (const file of files(root)) {
    scanned += 1;
    const content = readFileSync(file);
    if (needles.some((needle) => content.includes(needle))) hits.push(file);
  }
}

if (!existsSync("test-logs/e2e-server.log")) {
  console.error("leak scan: test-logs/e2e-server.log is missing; the end-to-end server log was not captured.");
  process.exit(1);
}
if (hits.length > 0) {
  console.error(
    `leak scan: an end-to-end Trillet API key was found in ${hits.length} file(s):\n${hits.map((hit) => `  ${hit}`).join("\n")}`,
  );
  process.exit(1);
}
console.log(
  `leak scan: 0 occurrences of the ${needles.length} API keys in ${scanned} files (build output, server logs, test artefacts).`,
);
