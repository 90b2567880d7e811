import type { Browser, BrowserContext } from "@playwright/test";
import { connect } from "node:net";
import { startRedis, type RunningRedis } from "../../../dev/services/redis";
import type { RecordedRequest } from "../../../dev/simulator/request-log";
import { startStack, type RunningStack } from "../../../dev/stack";
import { demoWorkspaces, e2eMultiKeys, e2eMultiPorts } from "../../../dev/stack-config";
import type { DemoUser } from "./accounts";
import { signInThroughIdp } from "./sign-in";
import { test as base } from "./test";

/**
 * The multi-instance stack: its own redis-server (so a test may kill it), its own simulator that enforces Trillet's
 * 60 requests a minute per key, and three `next start` processes sharing both. Nothing here touches the main e2e
 * stack that playwright.config.ts starts.
 */
export const instanceCount = 3;
/** The simulator's limit and the app's TRILLET_RATE_LIMIT_PER_MINUTE: the app must never make the simulator say 429. */
export const upstreamLimitPerMinute = 60;
export const upstreamWindowMs = 60_000;
/** TRILLET_BURST's default, ceil(limit / 6): what the shared budget may spend at once. */
export const upstreamBurst = Math.ceil(upstreamLimitPerMinute / 6);

// One key per workspace, so each test spends its own budget: the budget test drains acme's for a minute,
// and globex's (page renders, coalescing, Redis down) stays untouched by it.
const { acme: acmeKey, globex: globexKey } = e2eMultiKeys;
/** How the simulator's request log labels each key (its index in `accounts`). */
export const keyLabel = { acme: "account-0", globex: "account-1" } as const;

export type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

export type MultiStack = {
  appUrls: string[];
  simUrl: string;
  redis: RunningRedis;
  /** carol (acme by domain, globex by group), signed in once through the IdP on the first instance. */
  carol: StorageState;
};

const ports = e2eMultiPorts;
const allPorts = [...Array.from({ length: instanceCount }, (_, index) => ports.app + index), ports.sim, ports.idp];

/** The whole stack per worker; a worker that restarts after a failed test starts a fresh one. */
export const test = base.extend<object, { multi: MultiStack }>({
  multi: [
    async ({ browser }, provide) => {
      // After a failed test Playwright stops the old worker without waiting, so its stack may still hold the ports.
      await waitForFreePorts(allPorts, 30_000);
      const redis = await startRedis({ port: 0, quiet: true });
      let stack: RunningStack | undefined;
      try {
        stack = await startStack({
          ports,
          instances: instanceCount,
          redisUrl: redis.url,
          quiet: true,
          logFile: "test-logs/multi-instance-server.log",
          trilletKey: acmeKey,
          simAccounts: [
            { apiKey: acmeKey, workspaces: ["ws_acme"] },
            { apiKey: globexKey, workspaces: ["ws_globex"] },
          ],
          simRateLimitPerMinute: upstreamLimitPerMinute,
          liveDurationMs: 20_000,
          appEnv: {
            TRILLET_RATE_LIMIT_PER_MINUTE: String(upstreamLimitPerMinute),
            API_RATE_LIMIT_PER_MINUTE: "100000",
            WORKSPACES: JSON.stringify(
              demoWorkspaces.map((workspace) =>
                workspace.slug === "globex" ? { ...workspace, apiKeyEnv: "TRILLET_API_KEY_GLOBEX" } : workspace,
              ),
            ),
            TRILLET_API_KEY_GLOBEX: globexKey,
          },
        });
        const carol = await signedInState(browser, stack.appUrl, "carol");
        await provide({ appUrls: stack.appUrls, simUrl: stack.simUrl, redis, carol });
      } finally {
        await stack?.stop();
        await redis.stop();
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

export { expect } from "./test";

export async function signedInState(browser: Browser, appUrl: string, user: DemoUser): Promise<StorageState> {
  const context = await browser.newContext({ baseURL: appUrl });
  try {
    const page = await context.newPage();
    await page.goto("/signin");
    await signInThroughIdp(page, user);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/** Every request the simulator received (it keeps the last 5,000), oldest first. */
export async function upstreamLog(simUrl: string): Promise<RecordedRequest[]> {
  const response = await fetch(`${simUrl}/__sim/requests?limit=5000`);
  if (!response.ok) throw new Error(`simulator request log answered ${response.status}`);
  return ((await response.json()) as { requests: RecordedRequest[] }).requests;
}

/** The most arrivals in any window of `windowMs` (t - windowMs, t], the window the simulator's limiter uses. */
export function maxInWindow(times: number[], windowMs: number): { count: number; endingAt: number | undefined } {
  const sorted = [...times].sort((a, b) => a - b);
  let best = { count: 0, endingAt: undefined as number | undefined };
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[start]! <= sorted[end]! - windowMs) start += 1;
    if (end - start + 1 > best.count) best = { count: end - start + 1, endingAt: sorted[end] };
  }
  return best;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitForFreePorts(ports: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy: number[] = [];
    for (const port of ports) if (await listening(port)) busy.push(port);
    if (busy.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Port(s) ${busy.join(", ")} still in use after ${timeoutMs / 1000} s: another multi-instance stack running? ` +
          "Set E2E_MULTI_APP_PORT (three ports from it), E2E_MULTI_SIM_PORT and E2E_MULTI_IDP_PORT to move this one.",
      );
    }
    await sleep(250);
  }
}

/** Something accepts connections on the port, on 127.0.0.1 or ::1 (`next start -H localhost` may take either). */
async function listening(port: number): Promise<boolean> {
  const accepts = (host: string) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      const done = (result: boolean) => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.once("connect", () => done(true));
      socket.once("error", () => done(false));
    });
  return (await accepts("127.0.0.1")) || (await accepts("::1"));
}
