import { startStack, type RunningStack } from "../../dev/stack.js";
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

  /** The most recent upstream requests, oldest first. */
  async recent(limit: number): Promise<{ rawUrl: string; path: string }[]> {
    const response = await fetch(`${this.url}/__sim/requests?limit=${limit}`);
    return ((await response.json()) as { requests: { rawUrl: string; path: string }[] }).requests;
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

/** Simulator + IdP + `next start` on the bench ports with `appEnv`, and alice signed in. */
export async function startBenchStack(appEnv: Record<string, string>, simLatencyMs: number): Promise<BenchStack> {
  const stack = await startStack({ ports: benchPorts, appEnv, simLatencyMs, quiet: true });
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
