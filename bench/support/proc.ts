import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { cpus } from "node:os";

/** Linux /proc helpers: find the app server's process tree and sample its resident memory. */

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // "pid (comm) state ppid ..." — comm may contain spaces and parentheses, so split after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

function allPids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

export function commandLine(pid: number): string {
  return (readText(`/proc/${pid}/cmdline`) ?? "").split("\0").join(" ").trim();
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** The process holding a listening TCP socket on `port` (IPv4 or IPv6), if this user can see it. */
export function listenerPid(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of (readText(table) ?? "").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is "IP:PORT", st 0A is LISTEN, inode is field 9.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A" && fields[9]) inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of allPids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/**
 * The root of the app server's process tree: the `next start` child this process spawned for `port`
 * (startStack runs `node node_modules/next/dist/bin/next start -p PORT`), else whoever listens on the port.
 */
export function appServerRoot(port: number): number | undefined {
  for (const pid of allPids()) {
    if (parentOf(pid) !== process.pid) continue;
    const cmd = commandLine(pid);
    if (cmd.includes("next/dist/bin/next") && cmd.includes(" start") && cmd.includes(`-p ${port}`)) return pid;
  }
  return listenerPid(port);
}

const ticksPerSecond = 100; // USER_HZ: 100 on Linux everywhere this runs

/** User + system CPU time of one process in ms (10 ms resolution), 0 when it is gone. */
export function cpuMs(pid: number): number {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ": state(0) ppid(1) ... utime(11) stime(12).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** CPU time of the whole tree, in ms. */
export function treeCpuMs(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + cpuMs(pid), 0);
}

/** Resident set size in bytes (VmRSS) of one process, 0 when it is gone. */
export function rssBytes(pid: number): number {
  const status = readText(`/proc/${pid}/status`);
  const kb = status ? /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] : undefined;
  return kb ? Number(kb) * 1024 : 0;
}

/** Summed VmRSS of `root`'s whole tree (next may run its server in a worker process). */
export function treeRssBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + rssBytes(pid), 0);
}

export type RssSample = { at: number; bytes: number };

/** Samples the tree's RSS every `intervalMs` until stopped; the tree is re-read each time (workers come and go). */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly root: number,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  private sample(): void {
    this.samples.push({ at: Date.now(), bytes: treeRssBytes(this.root) });
  }

  stop(): { first: number; peak: number; last: number; count: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    const bytes = this.samples.map((sample) => sample.bytes);
    return { first: bytes[0] ?? 0, peak: Math.max(...bytes), last: bytes.at(-1) ?? 0, count: bytes.length };
  }
}

function cpuTotals(): { busy: number; total: number } {
  const line = (readText("/proc/stat") ?? "").split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/**
 * How much of the machine other people's work took while `run` ran: all CPU time the kernel counted
 * as busy minus what this process and everything below it used, as a share of every CPU for that time.
 * Our side is sampled every 250 ms per process (own user + system time, last value seen), because
 * Chromium's helpers outlive their parent and are reaped by init, so their time never reaches ours.
 */
export async function othersShare<T>(run: () => Promise<T>): Promise<{ value: T; others: number }> {
  const seen = new Map<number, { first: number; last: number }>();
  const sample = (initial: boolean) => {
    for (const pid of processTree(process.pid)) {
      const used = cpuMs(pid);
      const entry = seen.get(pid);
      if (entry) entry.last = Math.max(entry.last, used);
      else seen.set(pid, { first: initial ? used : 0, last: used });
    }
  };
  const machineBefore = cpuTotals();
  sample(true);
  const timer = setInterval(() => sample(false), 250);
  const started = Date.now();
  try {
    const value = await run();
    sample(false);
    const elapsedMs = Date.now() - started;
    const machineBusyMs = ((cpuTotals().busy - machineBefore.busy) * 1000) / ticksPerSecond;
    const oursMs = [...seen.values()].reduce((sum, { first, last }) => sum + (last - first), 0);
    const capacityMs = elapsedMs * cpus().length;
    return { value, others: capacityMs > 0 ? Math.max(0, (machineBusyMs - oursMs) / capacityMs) : 0 };
  } finally {
    clearInterval(timer);
  }
}

/** Share of all CPUs busy (0..1) over `ms`, whoever is using them. */
export async function machineBusy(ms = 2_000): Promise<number> {
  const before = cpuTotals();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTotals();
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}
