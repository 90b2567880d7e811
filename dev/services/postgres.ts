import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDebianTool } from "./debian-package.js";

/**
 * Debian's PostgreSQL, for the Workflow SDK's Postgres World in tests: a throwaway cluster in a
 * temporary directory on a loopback port of its own (never the system one on 5432), no fsync.
 */
function findBinDir(): string {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return join(root, versions[0] ?? "15", "bin");
}

export const postgresBinDir = findBinDir();

/** Installs Debian's postgresql when missing and running as root; says what to install otherwise. */
export function ensurePostgres(): boolean {
  return ensureDebianTool({
    path: join(findBinDir(), "initdb"),
    debianPackage: "postgresql",
    pathVariable: "POSTGRES_BIN_DIR",
    neededBy: "The export-job durability tests",
  });
}

export type RunningPostgres = {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Shuts the server down (fast) and keeps its data, so a test can see the app without its database. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port, with the same data. */
  resume(): Promise<void>;
};

const user = "world";
const START_TIMEOUT_MS = 20_000;

// PostgreSQL refuses to run as root: as root (CI), the cluster belongs to Debian's `postgres` user.
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  const uid = id("-u");
  const gid = id("-g");
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error("Running as root needs Debian's postgres user");
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const ready = (port: number) =>
  spawnSync(join(postgresBinDir, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-U", user], {
    stdio: "ignore",
  }).status === 0;

export async function startPostgres(): Promise<RunningPostgres> {
  if (!existsSync(join(postgresBinDir, "initdb"))) {
    throw new Error(`PostgreSQL not found in ${postgresBinDir}: apt-get install postgresql (or set POSTGRES_BIN_DIR).`);
  }
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), "postgres-test-"));
  if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!);
  const data = join(dir, "data");
  const init = spawnSync(
    join(postgresBinDir, "initdb"),
    ["-D", data, "-U", user, "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
    { ...owner, encoding: "utf8" },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(init.stderr || init.stdout).slice(-2000)}`);
  }
  const port = await freePort();
  const logFile = join(dir, "postgres.log");
  closeSync(openSync(logFile, "w"));
  if (owner.uid !== undefined) chownSync(logFile, owner.uid, owner.gid!);
  const args = ["-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", dir];
  args.push(
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
    "-c",
    "max_connections=200",
  );
  let child: ChildProcess;
  let exited: Promise<void>;
  const launch = () => {
    const log = openSync(logFile, "a");
    child = spawn(join(postgresBinDir, "postgres"), args, { ...owner, stdio: ["ignore", log, log] });
    closeSync(log);
    child.unref();
    exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  };
  const halt = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.ref();
      // SIGINT: PostgreSQL's fast shutdown.
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const stop = async () => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", () => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  const waitReady = async () => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!ready(port)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const output = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "";
        await stop();
        throw new Error(`PostgreSQL on port ${port} did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const resume = async () => {
    if (child.exitCode === null && child.signalCode === null) return;
    launch();
    await waitReady();
  };
  launch();
  await waitReady();
  return { url: `postgres://${user}@127.0.0.1:${port}/postgres`, port, stop, halt, resume };
}

/** Creates the Postgres World's tables (its own `bootstrap` command, as its docs say to run after deploy). */
export function bootstrapWorkflowSchema(url: string): void {
  const result = spawnSync(process.execPath, ["node_modules/@workflow/world-postgres/bin/setup.js"], {
    env: { ...process.env, WORKFLOW_POSTGRES_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error(`Postgres World bootstrap failed:\n${(result.stderr || result.stdout).slice(-2000)}`);
}
