import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";

/** The production build the benchmarks run: `${NEXT_DIST_DIR || ".next"}`, built when missing or asked to. */
export const distDir = process.env.NEXT_DIST_DIR || ".next";

export function buildId(): string | undefined {
  try {
    return readFileSync(join(distDir, "BUILD_ID"), "utf8").trim();
  } catch {
    return undefined;
  }
}

const sourceRoots = [
  "app",
  "components",
  "lib",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "package-lock.json",
  "postcss.config.mjs",
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Source files changed after the build, so the figures would describe older code. */
export function buildIsStale(): boolean {
  const built = join(distDir, "BUILD_ID");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sourceRoots.some((root) => newestMtime(root) > builtAt);
}

// `next build` with another distDir rewrites these two shared files to point at that directory's
// generated types; the benchmark puts them back so other people's typecheck never sees its build.
const sharedFiles = ["tsconfig.json", "next-env.d.ts"];

function restoreSharedFiles(before: Map<string, string | undefined>): void {
  if (distDir === ".next") return;
  for (const file of sharedFiles) {
    const previous = before.get(file);
    if (previous === undefined || previous.includes(distDir)) continue;
    let now: string;
    try {
      now = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    if (now === previous || !now.includes(distDir)) continue;
    if (file === "tsconfig.json") {
      // next also re-indents the whole file: when its include entries for this build are the only change
      // in substance, the file goes back byte for byte.
      if (sameButForBuildEntries(now, previous)) {
        writeFileSync(file, previous);
        continue;
      }
      // Only the include entries naming this build go; anything else someone changed meanwhile stays.
      const lines = now.split("\n");
      const kept = lines.filter((line) => !line.includes(`"${distDir}/`));
      const fixed = kept.map((line, index) => {
        const next = kept[index + 1]?.trim() ?? "";
        return line.trimEnd().endsWith(",") && (next.startsWith("]") || next === "")
          ? line.trimEnd().slice(0, -1)
          : line;
      });
      try {
        JSON.parse(fixed.join("\n"));
        writeFileSync(file, fixed.join("\n"));
      } catch {
        // Not confident about the edit: leave the file as next wrote it.
      }
    } else {
      writeFileSync(file, previous);
    }
  }
}

/** `now` is `previous` (both JSON) plus include entries under distDir, whatever the layout of either. */
function sameButForBuildEntries(now: string, previous: string): boolean {
  try {
    const current = JSON.parse(now) as { include?: unknown };
    if (Array.isArray(current.include)) {
      current.include = current.include.filter(
        (entry) => typeof entry !== "string" || !entry.startsWith(`${distDir}/`),
      );
    }
    return isDeepStrictEqual(current, JSON.parse(previous));
  } catch {
    return false;
  }
}

/** Runs `next build` into distDir, its output in bench/results/build.log. */
export async function build(logFile: string): Promise<void> {
  const before = new Map(sharedFiles.map((file) => [file, existsSync(file) ? readFileSync(file, "utf8") : undefined]));
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
        env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}); see ${logFile}`)),
      );
    });
  } finally {
    log.end();
    restoreSharedFiles(before);
  }
}
