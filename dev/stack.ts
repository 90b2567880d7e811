import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { demoAccounts } from "./idp/accounts.js";
import { startIdp, type RunningIdp } from "./idp/server.js";
import { startSimulator, type RunningSimulator } from "./simulator/server.js";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { appEnvironment, demoPorts, demoTrilletKey, e2ePorts, e2eTrilletKey, type StackPorts } from "./stack-config.js";

export type RunningStack = { appUrl: string; simUrl: string; idpUrl: string; stop(): Promise<void> };

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

/** Simulator and identity provider in this process, the production Next.js server as a child. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  if (!existsSync(`${process.env.NEXT_DIST_DIR || ".next"}/BUILD_ID`))
    throw new Error("No production build: run `npm run build` first.");
  const { ports } = options;
  let sim: RunningSimulator | undefined;
  let idp: RunningIdp | undefined;
  let app: ChildProcess | undefined;
  const stop = async () => {
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app!.once("exit", resolve));
      app.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (app.exitCode === null) app.kill("SIGKILL");
    }
    await Promise.allSettled([sim?.close(), idp?.close()]);
  };
  try {
    const trilletKey = options.trilletKey ?? demoTrilletKey;
    sim = await startSimulator({
      port: ports.sim,
      liveDurationMs: options.liveDurationMs,
      latencyMs: options.simLatencyMs,
      accounts: [{ apiKey: trilletKey, workspaces: ["ws_acme", "ws_globex"] }],
    });
    idp = await startIdp({
      port: ports.idp,
      redirectUris: [`http://localhost:${ports.app}/api/auth/callback/oidc`],
      postLogoutRedirectUris: [`http://localhost:${ports.app}/`],
    });
    app = spawn(
      process.execPath,
      ["node_modules/next/dist/bin/next", "start", "-p", String(ports.app), "-H", "localhost"],
      {
        env: { ...process.env, ...appEnvironment(ports, { TRILLET_API_KEY: trilletKey, ...options.appEnv }) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
    app.stdout?.on("data", (chunk: Buffer) => {
      log?.write(chunk);
      if (!options.quiet) process.stdout.write(chunk);
    });
    app.stderr?.on("data", (chunk: Buffer) => {
      log?.write(chunk);
      process.stderr.write(chunk);
    });
    const appUrl = `http://localhost:${ports.app}`;
    await waitForHealth(`${appUrl}/api/health`, app);
    return { appUrl, simUrl: sim.url, idpUrl: idp.issuer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function printWelcome(stack: RunningStack): void {
  const width = Math.max(...demoAccounts.map((account) => account.email.length));
  console.log(`
Batch Console is running: ${stack.appUrl}
  Trillet simulator:  ${stack.simUrl}
  Identity provider:  ${stack.idpUrl}

Sign in with "Demo SSO" as one of these accounts (email / password: access):
${demoAccounts.map((account) => `  ${account.email.padEnd(width)}  ${account.password.padEnd(width)}  ${account.access}`).join("\n")}

Then open a batch, for example:
  ${stack.appUrl}/w/acme/batches/batch_7891011121314   the docs' example (150 calls)
  ${stack.appUrl}/w/acme/batches/batch_live_acme        a live batch, calls progress over 3 minutes
  ${stack.appUrl}/w/acme/batches/batch_big_100k         100,000 finished calls
  ${stack.appUrl}/w/acme/batches/batch_hostile          hostile CSV values, shown as text
  ${stack.appUrl}/w/globex/batches/batch_globex_q3      Globex's batch (bob, carol)

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
    appEnv: values.e2e ? { TRILLET_RATE_LIMIT_PER_MINUTE: "100000", API_RATE_LIMIT_PER_MINUTE: "100000" } : {},
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
