import { spawn } from "node:child_process";

/**
 * Runs the pinned autocannon CLI in its own process, so the load generator never shares an event
 * loop with the simulator (which runs inside the benchmark process).
 */
export type CannonOptions = {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
};

export type CannonResult = {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  requestsPerSecond: number;
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
};

type CannonJson = {
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
  latency: { p50: number; p90: number; p99: number; mean: number };
  requests: { average: number; total: number };
};

export function runAutocannon(options: CannonOptions): Promise<CannonResult> {
  const args = [
    "node_modules/autocannon/autocannon.js",
    "--json",
    "--connections",
    String(options.connections),
    "--duration",
    String(options.durationSeconds),
    "--timeout",
    "20",
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("--headers", `${name}: ${value}`);
  args.push(options.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const guard = setTimeout(() => child.kill("SIGKILL"), (options.durationSeconds + 60) * 1000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(guard);
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.slice(-500)}`));
      try {
        const json = JSON.parse(out) as CannonJson;
        resolve({
          p50: json.latency.p50,
          p90: json.latency.p90,
          p99: json.latency.p99,
          mean: json.latency.mean,
          requestsPerSecond: json.requests.average,
          total: json.requests.total,
          errors: json.errors,
          timeouts: json.timeouts,
          non2xx: json.non2xx,
          statusCodes: Object.fromEntries(
            Object.entries(json.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
          ),
        });
      } catch (error) {
        reject(new Error(`autocannon printed no JSON: ${error instanceof Error ? error.message : error}`));
      }
    });
  });
}
