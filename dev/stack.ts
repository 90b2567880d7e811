import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { demoAccounts } from "./idp/accounts.js";
import { startIdp, type RunningIdp } from "./idp/server.js";
import type { SimAccount } from "./simulator/accounts.js";
import { startPostgres, type RunningPostgres } from "./services/postgres.js";
import { startSimulator, type RunningSimulator } from "./simulator/server.js";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  appEnvironment,
  demoPorts,
  demoTrilletKey,
  e2eAppLimits,
  e2ePorts,
  e2eTrilletKey,
  type StackPorts,
} from "./stack-config.js";

export type RunningStack = {
  /** The first instance (ports.app). */
  appUrl: string;
  /** Every instance, on ports.app, ports.app + 1, … */
  appUrls: string[];
  simUrl: string;
  idpUrl: string;
  stop(): Promise<void>;
  /** SIGKILL one instance (no shutdown: what a crashed or recycled server looks like); resolves once it is gone. */
  killApp(index: number): Promise<void>;
  /** Starts a killed instance again with the same environment; resolves once it is healthy. */
  startApp(index: number): Promise<void>;
  /** The stack's own PostgreSQL, when it started one (`database: "postgres"`). */
  postgres?: RunningPostgres;
};

export type StackOptions = {
  ports: StackPorts;
  appEnv?: Record<string, string>;
  liveDurationMs?: number;
  simLatencyMs?: number;
  /** The key the simulator accepts and the app sends. */
  trilletKey?: string;
  quiet?: boolean;
  /** Also write the app server's output here (the leak scan reads it). */
  logFile?: string;
  /** `next start` processes on ports.app, ports.app + 1, …, all against this simulator and IdP. Default 1. */
  instances?: number;
  /** REDIS_URL for every instance: they then share budget, cache and rate limits through it. */
  redisUrl?: string;
  /** The simulator's own limit per API key (sliding 60 s window, 429 past it); default 0, off. */
  simRateLimitPerMinute?: number;
  /** Share of the simulator's call-history list requests answered 500; default 0 (the demo turns it on). */
  simCallHistoryErrorRate?: number;
  /** The keys the simulator accepts; default one account, `trilletKey`, owning ws_acme and ws_globex. */
  simAccounts?: SimAccount[];
  /**
   * The team's records: `postgres` starts a throwaway PostgreSQL for the stack (every instance shares it; the
   * default for several instances, which PGlite cannot serve), `{dataDir}` keeps them in PGlite there (the demo's
   * `.data`). One instance defaults to PGlite in a throwaway folder: stacks running side by side never share one.
   */
  database?: "postgres" | { dataDir: string };
};

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The app did not become healthy at ${url} within ${timeoutMs / 1000} s`);
}

/** Simulator and identity provider in this process, the production Next.js server(s) as children. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  if (!existsSync(`${process.env.NEXT_DIST_DIR || ".next"}/BUILD_ID`))
    throw new Error("No production build: run `npm run build` first.");
  const { ports } = options;
  const instances = options.instances ?? 1;
  if (!Number.isInteger(instances) || instances < 1) throw new Error(`instances must be a positive integer`);
  const appPorts = Array.from({ length: instances }, (_, index) => ports.app + index);
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  let sim: RunningSimulator | undefined;
  let idp: RunningIdp | undefined;
  let postgres: RunningPostgres | undefined;
  const throwawayDataDir = options.database || instances > 1 ? undefined : mkdtempSync(join(tmpdir(), "stack-data-"));
  const apps: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(apps.map(stopApp));
    await Promise.allSettled([sim?.close(), idp?.close()]);
    await postgres?.stop();
    if (throwawayDataDir) rmSync(throwawayDataDir, { recursive: true, force: true });
  };
  try {
    const database = options.database ?? (throwawayDataDir ? { dataDir: throwawayDataDir } : "postgres");
    if (database === "postgres") postgres = await startPostgres();
    const databaseEnv: Record<string, string> =
      database === "postgres" ? { DATABASE_URL: postgres!.url } : { DATA_DIR: database.dataDir };
    const trilletKey = options.trilletKey ?? demoTrilletKey;
    sim = await startSimulator({
      port: ports.sim,
      liveDurationMs: options.liveDurationMs,
      latencyMs: options.simLatencyMs,
      rateLimitPerMinute: options.simRateLimitPerMinute,
      callHistoryErrorRate: options.simCallHistoryErrorRate,
      accounts: options.simAccounts ?? [{ apiKey: trilletKey, workspaces: ["ws_acme", "ws_globex"] }],
    });
    idp = await startIdp({
      port: ports.idp,
      redirectUris: appPorts.map((port) => `http://localhost:${port}/api/auth/callback/oidc`),
      postLogoutRedirectUris: appPorts.map((port) => `http://localhost:${port}/`),
    });
    if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
    const launch = (index: number) => {
      const port = appPorts[index]!;
      // AUTH_URL and PORT are the instance's own; everything else (AUTH_SECRET included) is the same for all.
      const env = appEnvironment(
        { ...ports, app: port },
        {
          TRILLET_API_KEY: trilletKey,
          ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
          ...databaseEnv,
          // The Local World keeps runs in files it treats as its own and resumes the unfinished ones it finds there:
          // each server gets a folder of its own. The world is named too: withWorkflow (next.config.mjs) puts every
          // server whose world is unset in one shared .next/workflow-data, where another stack's server (a lane, a
          // bench) took over this one's runs and failed them.
          WORKFLOW_TARGET_WORLD: "local",
          WORKFLOW_LOCAL_DATA_DIR: `${distDir}/workflow-data-${port}`,
          ...options.appEnv,
        },
      );
      const app = spawn(
        process.execPath,
        ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "localhost"],
        { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
      );
      apps[index] = app;
      // One instance: its output as it comes, as before. Several: whole lines, each marked with its port.
      const prefix = instances > 1 ? `[app :${port}] ` : undefined;
      forward(app.stdout, prefix, log, options.quiet ? undefined : process.stdout);
      forward(app.stderr, prefix, log, process.stderr);
      return app;
    };
    appPorts.forEach((_, index) => launch(index));
    const appUrls = appPorts.map((port) => `http://localhost:${port}`);
    await Promise.all(appUrls.map((url, index) => waitForHealth(`${url}/api/health`, apps[index]!)));
    const killApp = async (index: number) => {
      const app = apps[index]!;
      if (app.exitCode !== null || app.signalCode !== null) return;
      const exited = new Promise((resolve) => app.once("exit", resolve));
      app.kill("SIGKILL");
      await exited;
    };
    const startApp = async (index: number) => {
      await waitForHealth(`${appUrls[index]}/api/health`, launch(index));
    };
    return {
      appUrl: appUrls[0]!,
      appUrls,
      simUrl: sim.url,
      idpUrl: idp.issuer,
      stop,
      killApp,
      startApp,
      ...(postgres ? { postgres } : {}),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopApp(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null || app.signalCode !== null) return;
  const exited = new Promise((resolve) => app.once("exit", resolve));
  app.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  if (app.exitCode === null && app.signalCode === null) app.kill("SIGKILL");
}

function forward(
  source: Readable | null,
  prefix: string | undefined,
  log: Writable | undefined,
  terminal: Writable | undefined,
): void {
  if (!source) return;
  if (prefix === undefined) {
    source.on("data", (chunk: Buffer) => {
      log?.write(chunk);
      terminal?.write(chunk);
    });
    return;
  }
  createInterface({ input: source, crlfDelay: Infinity }).on("line", (line) => {
    const text = `${prefix}${line}\n`;
    log?.write(text);
    terminal?.write(text);
  });
}

export type WelcomeNotes = {
  /** The Redis the instances share, when they do. */
  redisUrl?: string;
  /** The upstream budget per API key, said beside the Redis line. */
  rateLimitPerMinute?: string;
};

export function printWelcome(stack: RunningStack, notes: WelcomeNotes = {}): void {
  const width = Math.max(...demoAccounts.map((account) => account.login.length));
  const running =
    stack.appUrls.length > 1
      ? `Batch Console is running as ${stack.appUrls.length} instances:\n${stack.appUrls.map((url, index) => `  ${`instance ${index + 1}:`.padEnd(20)}${url}`).join("\n")}`
      : `Batch Console is running: ${stack.appUrl}`;
  const shared = notes.redisUrl
    ? `\n  Redis:              ${notes.redisUrl}\n\n` +
      `${stack.appUrls.length > 1 ? "The instances share" : "The app keeps"} one upstream budget per API key` +
      `${notes.rateLimitPerMinute ? ` (${notes.rateLimitPerMinute} requests a minute)` : ""}, one response cache and the\n` +
      `per-user rate limit in Redis. Sign in on one and the same session works on the other${stack.appUrls.length > 2 ? "s" : ""}.`
    : "";
  console.log(`
${running}
  Trillet simulator:  ${stack.simUrl}
  Identity provider:  ${stack.idpUrl}${shared}

Sign in with "Demo SSO" as one of these accounts (email or username / password: access):
${demoAccounts.map((account) => `  ${account.login.padEnd(width)}  ${account.password.padEnd(width)}  ${account.access}`).join("\n")}

Then open a batch, for example:
  ${stack.appUrl}/w/acme/batches/batch_7891011121314   the docs' example (150 calls)
  ${stack.appUrl}/w/acme/batches/batch_live_acme        a live batch, calls progress over 3 minutes
  ${stack.appUrl}/w/acme/batches/batch_big_100k         100,000 finished calls
  ${stack.appUrl}/w/acme/batches/batch_hostile          hostile CSV values, shown as text
  ${stack.appUrl}/w/globex/batches/batch_globex_q3      Globex's batch (bob, carol)
${stack.appUrls.length > 1 ? `(any of them on ${stack.appUrls.slice(1).join(" or ")} too)\n` : ""}
Press Ctrl+C to stop.`);
}

export function stopOnSignals(stack: RunningStack): void {
  const stop = () => {
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

// `tsx dev/stack.ts --e2e`: the stack on the end-to-end ports, as Playwright's web server.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { e2e: { type: "boolean", default: false }, log: { type: "string" } } });
  const ports = values.e2e ? e2ePorts : demoPorts;
  startStack({
    ports,
    logFile: values.log,
    trilletKey: values.e2e ? e2eTrilletKey : undefined,
    liveDurationMs: values.e2e ? 20_000 : undefined,
    appEnv: values.e2e ? e2eAppLimits : {},
    // The end-to-end suite runs on PostgreSQL, as a deployment does; the demo keeps PGlite in .data/.
    database: values.e2e ? "postgres" : undefined,
  }).then(
    (stack) => {
      console.log(`Stack ready: ${stack.appUrl}`);
      stopOnSignals(stack);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
