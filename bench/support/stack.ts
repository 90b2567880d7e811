import type { RecordedRequest } from "../../dev/simulator/request-log.js";
import { startStack, type RunningStack, type StackOptions } from "../../dev/stack.js";
import type { StackPorts } from "../../dev/stack-config.js";
import { appServerRoot } from "./proc.js";
import { signIn, type Session } from "./session.js";

/** Not the demo's (3000/4010/4011) nor the end-to-end tests' (3100/4110/4111). */
export const benchPorts: StackPorts = {
  app: Number(process.env.BENCH_APP_PORT) || 3200,
  sim: Number(process.env.BENCH_SIM_PORT) || 4210,
  idp: Number(process.env.BENCH_IDP_PORT) || 4211,
};

/** The config schema's ceiling for both rate limits (lib/config/schema.ts): as good as "off" here. */
export const unlimited = "100000";

export const demoBatch = "batch_7891011121314";
export const bigBatch = "batch_big_100k";
export const demoBatchPage = `/w/acme/batches/${demoBatch}`;
/** What the batch page's browser code polls for the default view (lib/query.ts callsApiPath). */
export const demoCallsPoll = `/api/w/acme/batches/${demoBatch}/calls?status=all&page=1&limit=20`;

export type BenchStack = {
  stack: RunningStack;
  session: Session;
  /** Root of the `next start` process tree, for RSS sampling. */
  serverPid: number;
  sim: Simulator;
};

export class Simulator {
  constructor(readonly url: string) {}

  async requests(): Promise<number> {
    const response = await fetch(`${this.url}/__sim/stats`);
    return ((await response.json()) as { requests: number }).requests;
  }

  /** The most recent upstream requests (the simulator keeps the last 5,000), oldest first. */
  async recent(limit: number): Promise<RecordedRequest[]> {
    const response = await fetch(`${this.url}/__sim/requests?limit=${limit}`);
    if (!response.ok) throw new Error(`simulator request log answered ${response.status}`);
    return ((await response.json()) as { requests: RecordedRequest[] }).requests;
  }

  async configure(config: { latencyMs?: number; rateLimitPerMinute?: number }): Promise<void> {
    const response = await fetch(`${this.url}/__sim/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(config),
    });
    if (!response.ok) throw new Error(`simulator config answered ${response.status}`);
  }
}

/** Alice's session cookies as a browser context takes them (`context.addCookies`), for the bench app's host. */
export function sessionCookies(bench: BenchStack) {
  const { hostname } = new URL(bench.stack.appUrl);
  return bench.session.cookies.map(({ name, value }) => ({
    name,
    value,
    domain: hostname,
    path: "/",
    httpOnly: true,
    sameSite: "Lax" as const,
  }));
}

/** Several instances (on the bench app port and the next ones), the Redis they share, the simulator's own limit. */
export type StackShape = Pick<StackOptions, "instances" | "redisUrl" | "simRateLimitPerMinute" | "database">;

/** Simulator + IdP + `next start` on the bench ports with `appEnv`, and alice signed in (on the first instance). */
export async function startBenchStack(
  appEnv: Record<string, string>,
  simLatencyMs: number,
  shape: StackShape = {},
): Promise<BenchStack> {
  const stack = await startStack({ ports: benchPorts, appEnv, simLatencyMs, quiet: true, ...shape });
  try {
    const serverPid = appServerRoot(benchPorts.app);
    if (!serverPid) throw new Error(`no process found for the app server on port ${benchPorts.app}`);
    const session = await signIn({ appUrl: stack.appUrl, verifyPath: demoCallsPoll });
    return { stack, session, serverPid, sim: new Simulator(stack.simUrl) };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
