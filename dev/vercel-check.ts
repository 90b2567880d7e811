import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/*
 * Offline proof of the Vercel deployment artefact: `vercel build` writes the Build Output API (v3) to
 * .vercel/output without an account or network, then this script checks what a deployment would get.
 * Run: npx tsx dev/vercel-check.ts (about 45 s cold on 2 CPUs, 15-20 s once .next-vercel holds Turbopack's cache).
 *
 * Next.js builds into .next-vercel (NEXT_DIST_DIR, and the local project's output directory), never .next,
 * so the end-to-end build is left alone; the check fails if .next/BUILD_ID changes anyway.
 * .vercel/ (the local link and the output) is git-, Prettier- and ESLint-ignored; .next-vercel is ignored as .next-*.
 */

/** The routes through which the Workflow SDK's queue delivers workflow and step invocations. */
const workflowRoutes = [".well-known/workflow/v1/flow", ".well-known/workflow/v1/step"];

/** Routes that need longer than Vercel's default: app/<route>/route.ts exports maxDuration and the function must carry it. */
const longRoutes: Record<string, string> = {
  "api/w/[slug]/batches/[batchId]/export": "streams a whole batch as CSV",
};

const root = fileURLToPath(new URL("..", import.meta.url));
const distDir = ".next-vercel";
const vercelDir = join(root, ".vercel");
const outputDir = join(vercelDir, "output");
const functionsDir = join(outputDir, "functions");
const buildTimeoutMs = 15 * 60_000;

// A local link only: `vercel build` reads settings from here instead of asking Vercel's API.
// An empty install command keeps it from running `npm install`; the output directory matches NEXT_DIST_DIR.
const localProjectId = "prj_local";
const projectJson = {
  projectId: localProjectId,
  orgId: "team_local",
  settings: {
    framework: "nextjs",
    installCommand: "",
    buildCommand: null,
    outputDirectory: distDir,
    rootDirectory: null,
  },
};

// Valid for lib/config's schema (as dev/stack-config.ts appEnvironment is), and obviously not secrets;
// the .invalid hosts can never resolve.
const placeholderEnv: Record<string, string> = {
  TRILLET_API_BASE_URL: "https://trillet.invalid",
  TRILLET_API_KEY: "placeholder-trillet-key-not-a-secret",
  WORKSPACES: JSON.stringify([
    { slug: "example", id: "ws_example", name: "Example", members: { domains: ["example.com"] } },
  ]),
  AUTH_SECRET: "placeholder-session-secret-not-a-secret",
  AUTH_TRUST_HOST: "true",
  AUTH_OIDC_ISSUER: "https://idp.invalid",
  AUTH_OIDC_ID: "placeholder-client-id",
  AUTH_OIDC_SECRET: "placeholder-client-secret",
  AUTH_OIDC_NAME: "SSO",
};

const offlineEnv: Record<string, string> = {
  VERCEL_TELEMETRY_DISABLED: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  NO_UPDATE_NOTIFIER: "1",
  npm_config_update_notifier: "false",
  NEXT_DIST_DIR: distDir,
};

const failures: string[] = [];
const fail = (message: string) => failures.push(message);

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

// 1. The local project link.
function ensureProjectJson(): void {
  const path = join(vercelDir, "project.json");
  const existing = readJson<{ projectId?: string; settings?: Record<string, unknown> }>(path);
  if (existing && existing.projectId !== localProjectId) {
    const { installCommand, outputDirectory } = existing.settings ?? {};
    if (installCommand === "" && outputDirectory === distDir) return;
    console.error(
      `vercel-check: .vercel/project.json links a real project (${existing.projectId}); with its settings \`vercel build\` ` +
        `would run an install and read .next. Move .vercel/ aside (or run in a clean checkout) and retry.`,
    );
    process.exit(1);
  }
  const wanted = `${JSON.stringify(projectJson, null, 2)}\n`;
  if (readText(path) !== wanted) {
    mkdirSync(vercelDir, { recursive: true });
    writeFileSync(path, wanted);
  }
  const ignored = spawnSync("git", ["check-ignore", "-q", ".vercel/project.json"], { cwd: root }).status === 0;
  if (!ignored)
    console.warn("vercel-check: warning: .vercel/ is not git-ignored; add the line `.vercel/` to .gitignore.");
}

// `next build` rewrites tsconfig.json (adding .next-vercel/types to "include") and next-env.d.ts for its distDir.
function snapshotNextRewrites(): () => void {
  const tsconfigPath = join(root, "tsconfig.json");
  const nextEnvPath = join(root, "next-env.d.ts");
  const tsconfigBefore = readText(tsconfigPath);
  const nextEnvBefore = readText(nextEnvPath);
  return () => {
    const tsconfigAfter = readText(tsconfigPath);
    if (tsconfigBefore !== undefined && tsconfigAfter !== tsconfigBefore) {
      // Restored only if Next's additions for our distDir are the whole difference, so nobody's edit is lost.
      const after = readJson<{ include?: unknown[] }>(tsconfigPath);
      if (after && Array.isArray(after.include)) {
        after.include = after.include.filter(
          (entry) => !(typeof entry === "string" && entry.startsWith(`${distDir}/`)),
        );
      }
      if (after && JSON.stringify(after) === JSON.stringify(JSON.parse(tsconfigBefore))) {
        writeFileSync(tsconfigPath, tsconfigBefore);
      } else {
        console.warn(
          "vercel-check: warning: tsconfig.json changed during the build beyond Next.js's distDir entries; left as is.",
        );
      }
    }
    const nextEnvAfter = readText(nextEnvPath);
    if (nextEnvAfter !== nextEnvBefore && nextEnvAfter?.includes(`./${distDir}/`)) {
      if (nextEnvBefore === undefined) rmSync(nextEnvPath, { force: true });
      else writeFileSync(nextEnvPath, nextEnvBefore);
    }
  };
}

function nextBuildStamp(): string | undefined {
  const path = join(root, ".next", "BUILD_ID");
  return existsSync(path) ? `${readFileSync(path, "utf8")}@${statSync(path).mtimeMs}` : undefined;
}

// 2. `vercel build`, with no account, no network and no prompt.
function buildEnv(): NodeJS.ProcessEnv {
  // Only what a shell needs: no token, project link, npm credential or real app setting of the caller gets in.
  const passed =
    /^(PATH|HOME|USER|LOGNAME|SHELL|TMPDIR|TMP|TEMP|LANG|LANGUAGE|LC_\w+|TZ|TERM|COLORTERM|NO_COLOR|FORCE_COLOR|CI)$/;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => passed.test(key)));
  return { ...env, ...placeholderEnv, NODE_ENV: "production", ...offlineEnv };
}

function runVercelBuild(globalConfigDir: string): Promise<number> {
  const args = [
    "build",
    "--yes",
    // Its own config dir: no credentials of the caller are read and nothing is written to their home.
    "--global-config",
    globalConfigDir,
    // Any API call the CLI still makes (it looks up the user in the background) is refused at once, never hangs.
    "--api",
    "http://127.0.0.1:1",
  ];
  console.log(`▶ vercel ${args.join(" ")}  (NEXT_DIST_DIR=${distDir})`);
  const child = spawn(join(root, "node_modules", ".bin", "vercel"), args, {
    cwd: root,
    env: buildEnv(),
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // Ctrl-C stops the build (in its own process group) and still restores tsconfig.json below.
  const onInterrupt = () => {
    fail("interrupted");
    killGroup("SIGTERM");
  };
  process.once("SIGINT", onInterrupt);
  const timer = setTimeout(() => {
    fail(`vercel build did not finish within ${buildTimeoutMs / 60_000} min and was stopped`);
    killGroup("SIGTERM");
    setTimeout(() => killGroup("SIGKILL"), 10_000).unref();
  }, buildTimeoutMs);
  return new Promise((resolve) => {
    child.on("error", (error) => {
      fail(`could not start vercel: ${error.message} (is the vercel devDependency installed?)`);
      resolve(1);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      process.off("SIGINT", onInterrupt);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

// 3. What the artefact holds.
type VcConfig = { runtime?: string; maxDuration?: number | null };
type Fn = { path: string; route: string; target: string; config: VcConfig | undefined };

function findFunctions(dir: string): Fn[] {
  const found: Fn[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.name.endsWith(".func")) {
      const path = relative(functionsDir, full).slice(0, -".func".length);
      const route = `/${path.replace(/\.segments\/.*$/, "").replace(/\.rsc$/, "")}`.replace(/^\/index$/, "/");
      const target = relative(functionsDir, realpathSync(full)).slice(0, -".func".length);
      found.push({ path, route, target, config: readJson<VcConfig>(join(full, ".vc-config.json")) });
    } else if (entry.isDirectory()) {
      found.push(...findFunctions(full));
    }
  }
  return found;
}

function declaredMaxDuration(route: string): { file: string; seconds?: number } | undefined {
  for (const extension of ["ts", "js"]) {
    const file = `app/${route}/route.${extension}`;
    const source = readText(join(root, file));
    if (source === undefined) continue;
    // A number literal, as Next.js requires for segment config.
    const match = /^export\s+const\s+maxDuration\s*(?::\s*number\s*)?=\s*([\d_]+)\s*(?:;|$)/m.exec(source);
    return { file, seconds: match ? Number(match[1]!.replaceAll("_", "")) : undefined };
  }
  return undefined;
}

function checkOutput(): void {
  const config = readJson<{ version?: number; crons?: { path: string; schedule: string }[] }>(
    join(outputDir, "config.json"),
  );
  if (config?.version !== 3) fail(`.vercel/output/config.json: version is ${config?.version ?? "missing"}, expected 3`);

  const functions = existsSync(functionsDir) ? findFunctions(functionsDir) : [];
  if (functions.length === 0) fail(".vercel/output/functions holds no function");
  for (const fn of functions) {
    if (!fn.config) fail(`${fn.path}.func has no readable .vc-config.json`);
    else if (!fn.config.runtime?.startsWith("nodejs"))
      fail(`${fn.path}.func runs on "${fn.config.runtime ?? "no runtime"}", not Node.js`);
  }

  // One row per route; its .rsc and segment variants are checked above and counted here. The shortest path (the base) wins.
  const byLength = [...functions].sort((a, b) => b.path.length - a.path.length);
  const rows = [...new Map(byLength.map((fn) => [fn.route, fn])).values()].sort((a, b) =>
    a.route.localeCompare(b.route),
  );
  const variants = (route: string) => functions.filter((fn) => fn.route === route).length - 1;
  const table = rows.map((fn) => [
    fn.route === "/_middleware" ? "/_middleware (proxy.ts)" : fn.route,
    fn.config?.runtime ?? "?",
    String(fn.config?.maxDuration ?? "default"),
    `${fn.target}.func${variants(fn.route) > 0 ? ` (+${variants(fn.route)} rsc/segment)` : ""}`,
  ]);
  printTable(["route", "runtime", "maxDuration", "function"], table);

  console.log("\nLong routes (export const maxDuration in the route file = maxDuration of its function):");
  for (const [route, why] of Object.entries(longRoutes)) {
    const declared = declaredMaxDuration(route);
    const outputs = functions.filter((fn) => fn.path === route || fn.path === `${route}.rsc`);
    const inOutput = outputs.map((fn) => fn.config?.maxDuration ?? null);
    const shown = inOutput.map((seconds) => seconds ?? "default").join("/") || "no function";
    console.log(`  ${route} (${why}): source ${declared?.seconds ?? "none"}, output ${shown}`);
    if (!declared) fail(`long route ${route}: no app/${route}/route.ts`);
    else if (declared.seconds === undefined)
      fail(`long route ${route}: ${declared.file} lacks \`export const maxDuration = <seconds>\` (a number literal)`);
    else if (outputs.length === 0) fail(`long route ${route}: no ${route}.func in .vercel/output/functions`);
    else if (inOutput.some((seconds) => seconds !== declared.seconds)) {
      fail(`long route ${route}: the function's maxDuration is ${shown}, the route exports ${declared.seconds}`);
    }
  }

  // Background exports need the Workflow SDK's own routes (generated by withWorkflow during the build).
  console.log("\nWorkflow SDK routes:");
  for (const route of workflowRoutes) {
    const present = functions.some((fn) => fn.path === route);
    console.log(`  ${route}  ${present ? "✓" : "missing"}`);
    if (!present) fail(`${route}.func is not in the output: background exports could not run on Vercel`);
  }

  const vercelJson = readJson<{ crons?: { path: string; schedule: string }[] }>(join(root, "vercel.json"));
  const wanted = vercelJson?.crons ?? [];
  const built = config?.crons ?? [];
  console.log(`\nCrons: ${wanted.length} in vercel.json, ${built.length} in the output config`);
  for (const cron of wanted) {
    const present = built.some((out) => out.path === cron.path && out.schedule === cron.schedule);
    console.log(`  ${cron.schedule}  ${cron.path}  ${present ? "✓" : "missing"}`);
    if (!present) fail(`cron ${cron.path} (${cron.schedule}) from vercel.json is not in .vercel/output/config.json`);
  }
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  console.log(`\n${line(header)}\n${line(widths.map((width) => "-".repeat(width)))}`);
  for (const row of rows) console.log(line(row));
}

ensureProjectJson();
const restoreNextRewrites = snapshotNextRewrites();
const stampBefore = nextBuildStamp();
const globalConfigDir = mkdtempSync(join(tmpdir(), "vercel-check-"));
const started = performance.now();
let exitCode: number;
try {
  exitCode = await runVercelBuild(globalConfigDir);
} finally {
  restoreNextRewrites();
  rmSync(globalConfigDir, { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);

if (exitCode !== 0) fail(`vercel build exited with ${exitCode} (see its output above)`);
else checkOutput();
const nextUnchanged = nextBuildStamp() === stampBefore;
if (!nextUnchanged) fail(".next/BUILD_ID changed: the Vercel build touched the regular .next build");

const nextState = !nextUnchanged ? "CHANGED" : stampBefore ? "untouched" : "absent before and after";
console.log(`\nvercel build: ${seconds} s on ${cpus().length} CPUs; .next ${nextState}`);
if (failures.length > 0) {
  console.error(`\n✗ Vercel check failed:\n${failures.map((failure) => `  - ${failure}`).join("\n")}`);
  process.exit(1);
}
console.log("\n✓ Vercel check passed (the artefact is in .vercel/output).");
