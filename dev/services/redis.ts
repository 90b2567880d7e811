import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDebianTool } from "./debian-package.js";

/** Debian's redis-server, which the tests start on a loopback port of their own (never the system one on 6379). */
export const redisServerPath = process.env.REDIS_SERVER_PATH || "/usr/bin/redis-server";

/** Installs Debian's redis-server when missing and running as root; says what to install otherwise. */
export function ensureRedisServer(): boolean {
  // The package's service script may also start a system Redis on 6379; nothing here uses it.
  return ensureDebianTool({
    path: redisServerPath,
    debianPackage: "redis-server",
    pathVariable: "REDIS_SERVER_PATH",
    neededBy: "The tests",
  });
}

export type RunningRedis = {
  url: string;
  port: number;
  /** Changes on restart(). */
  readonly pid: number;
  stop(): Promise<void>;
  /** SIGKILL, for fault tests: no shutdown, clients see the connection drop. */
  kill(): void;
  /** stop() then start again on the same port, with an empty data set. */
  restart(): Promise<void>;
};

type Instance = { child: ChildProcess; dir: string; exited: Promise<void> };

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

// Servers a caller forgot to stop must not outlive this process.
const live = new Set<Instance>();
process.on("exit", () => {
  for (const instance of live) {
    instance.child.kill("SIGKILL");
    rmSync(instance.dir, { recursive: true, force: true });
  }
});

export async function startRedis(options: { port?: number; quiet?: boolean } = {}): Promise<RunningRedis> {
  const quiet = options.quiet ?? false;
  const port = options.port || (await freeLoopbackPort());
  let current = await launch(port, quiet);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return current.child.pid!;
    },
    stop: () => shutdown(current),
    kill() {
      current.child.kill("SIGKILL");
    },
    async restart() {
      await shutdown(current);
      current = await launch(port, quiet);
    },
  };
}

async function launch(port: number, quiet: boolean): Promise<Instance> {
  if (!existsSync(redisServerPath)) {
    throw new Error(
      `redis-server not found at ${redisServerPath}: apt-get install redis-server (or set REDIS_SERVER_PATH).`,
    );
  }
  // Another server already on the port would answer our PING in place of this one.
  await assertPortFree(port);
  const dir = mkdtempSync(join(tmpdir(), "redis-test-"));
  const logFile = join(dir, "redis.log");
  // A file rather than a pipe: a parent blocked in spawnSync (dev/test-all.ts) would never drain a pipe, and Redis stalls on a full one.
  const log = quiet ? openSync(logFile, "w") : undefined;
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  args.push("--daemonize", "no", "--protected-mode", "yes", "--dir", dir);
  const child = spawn(redisServerPath, args, { stdio: log === undefined ? "inherit" : ["ignore", log, log] });
  if (log !== undefined) closeSync(log);
  child.unref();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const instance: Instance = { child, dir, exited };
  live.add(instance);

  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await ping(port))) {
    const gone =
      spawnError ?? (hasExited(child) ? new Error(`exited with ${child.exitCode ?? child.signalCode}`) : undefined);
    if (gone || Date.now() > deadline) {
      const output = quiet && existsSync(logFile) ? `\n${readFileSync(logFile, "utf8").slice(-2000)}` : "";
      await shutdown(instance);
      throw new Error(`redis-server on port ${port} did not start: ${gone?.message ?? "no PONG within 10 s"}${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return instance;
}

async function shutdown(instance: Instance): Promise<void> {
  const { child } = instance;
  if (!hasExited(child) && child.pid !== undefined) {
    // Unref'd at launch so a forgotten server never holds the process open; a pending stop() must, though.
    child.ref();
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS)));
    if (await Promise.race([instance.exited.then(() => false), timedOut])) child.kill("SIGKILL");
    clearTimeout(timer);
    await instance.exited;
  }
  rmSync(instance.dir, { recursive: true, force: true });
  live.delete(instance);
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** One PING over a raw socket; false on refusal, timeout or any reply but +PONG (e.g. -LOADING). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
    socket.on("error", () => done(false));
    socket.on("close", () => done(false));
  });
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

const freeLoopbackPort = () => listenOnce(0);

async function assertPortFree(port: number): Promise<void> {
  try {
    await listenOnce(port);
  } catch (error) {
    throw new Error(`Cannot start redis-server on 127.0.0.1:${port}: ${(error as Error).message}`);
  }
}
