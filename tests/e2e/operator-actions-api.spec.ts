import { randomUUID } from "node:crypto";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { startStack, type RunningStack } from "../../dev/stack";
import { e2eTrilletKey } from "../../dev/stack-config";
import { signedInState, upstreamLog, waitForFreePorts, type StorageState } from "./support/multi-instance";
import { expect, test as base } from "./support/test";
import { daytimePrefix } from "../shared/daytime-prefix";

// Issue 25, item 3, over HTTP against production servers: two instances sharing one PostgreSQL, the simulator's
// request log as the witness of what reached "Trillet". The heart of it: a server killed after its POST left and
// before it recorded the answer leaves a record that says "outcome unknown", and nothing is ever sent twice.

const portOf = (name: string, fallback: number) => Number(process.env[name]) || fallback;
const ports = {
  app: portOf("E2E_OPERATOR_APP_PORT", 3350),
  sim: portOf("E2E_OPERATOR_SIM_PORT", 4350),
  idp: portOf("E2E_OPERATOR_IDP_PORT", 4351),
};
/** A start waits 4 × this for Trillet's answer; a record still `sending` 5 s after that is `unknown`. */
const trilletTimeoutMs = 2_000;

type Operator = { stack: RunningStack; alice: StorageState; carol: StorageState };

const test = base.extend<object, { operator: Operator }>({
  operator: [
    async ({ browser }, provide) => {
      await waitForFreePorts([ports.app, ports.app + 1, ports.sim, ports.idp], 30_000);
      const stack = await startStack({
        ports,
        instances: 2,
        database: "postgres",
        quiet: true,
        logFile: "test-logs/operator-actions-server.log",
        trilletKey: e2eTrilletKey,
        appEnv: {
          TRILLET_TIMEOUT_MS: String(trilletTimeoutMs),
          TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
          API_RATE_LIMIT_PER_MINUTE: "100000",
        },
      });
      try {
        const alice = await signedInState(browser, stack.appUrls[0]!, "alice");
        const carol = await signedInState(browser, stack.appUrls[0]!, "carol");
        await provide({ stack, alice, carol });
      } finally {
        await stack.stop();
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

// Started now, so in a zone where it is daytime now: every start checks calling hours.
const { prefix } = daytimePrefix();
const contacts = (count: number, offset = 0) =>
  "phone_number,first_name\r\n" +
  Array.from({ length: count }, (_, index) => `${prefix}${String(3000 + offset + index)},Person ${index}\r\n`).join("");

async function fault(simUrl: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${simUrl}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
}

async function postsSince(simUrl: string, since: number): Promise<number> {
  return (await upstreamLog(simUrl)).filter(
    (entry) => entry.method === "POST" && entry.path === "/v1/api/batch-calls" && entry.at >= since,
  ).length;
}

function start(
  api: APIRequestContext,
  appUrl: string,
  key: string,
  file: string,
  options: { fileName?: string; origin?: string; timeout?: number } = {},
): Promise<APIResponse> {
  return api.post(`${appUrl}/api/w/acme/batches`, {
    headers: { "idempotency-key": key, origin: options.origin ?? appUrl },
    multipart: {
      file: { name: options.fileName ?? "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(file) },
      agentId: "agent_renewals_v3",
    },
    timeout: options.timeout ?? 30_000,
  });
}

test("a server killed between sending and recording: 'outcome unknown' with time and file, and never a second batch", async ({
  operator,
  playwright,
}) => {
  test.setTimeout(120_000);
  const { stack } = operator;
  const [first, second] = stack.appUrls as [string, string];
  const api = await playwright.request.newContext({ storageState: operator.alice });
  const since = Date.now();
  const key = `e2e-${randomUUID()}`;
  const file = contacts(4);
  // Trillet creates the batch and its answer never comes back: the server is killed while it waits.
  await fault(stack.simUrl, { mode: "hang-after-create", endpoint: "create", count: 1 });
  const lost = start(api, first, key, file, { fileName: "renewals-december.csv" }).catch((error: unknown) => error);
  await expect.poll(() => postsSince(stack.simUrl, since), { timeout: 15_000 }).toBe(1);
  await stack.killApp(0);
  expect(await lost).toBeInstanceOf(Error);

  // The retry lands on the other instance: it finds the record and sends nothing.
  const retry = await start(api, second, key, file, { fileName: "renewals-december.csv" });
  expect(retry.status()).toBe(409);
  const retried = (await retry.json()) as { error: { code: string }; start: { state: string; fileName: string } };
  expect(["in_progress", "outcome_unknown"]).toContain(retried.error.code);
  expect(retried.start.fileName).toBe("renewals-december.csv");

  // Once the dead request's deadline has passed, the record says exactly what is known.
  await stack.startApp(0);
  await expect
    .poll(
      async () =>
        (
          (await (await start(api, first, key, file, { fileName: "renewals-december.csv" })).json()) as {
            error: { code: string };
          }
        ).error.code,
      { timeout: 40_000, intervals: [2_000] },
    )
    .toBe("outcome_unknown");
  const unknown = await start(api, second, key, file, { fileName: "renewals-december.csv" });
  expect(unknown.status()).toBe(409);
  const said = (await unknown.json()) as {
    error: { code: string; message: string };
    start: { state: string; createdAt: string; fileName: string; batchId: string | null };
  };
  expect(said.start).toMatchObject({ state: "unknown", fileName: "renewals-december.csv", batchId: null });
  expect(said.error.message).toContain("renewals-december.csv");
  expect(said.error.message).toContain(said.start.createdAt.slice(11, 19));
  expect(await postsSince(stack.simUrl, since)).toBe(1);
  test.info().annotations.push({
    type: "killed",
    description: `one POST in the simulator's log; the retries answered ${retry.status()} then 409 outcome_unknown`,
  });
  await api.dispose();
});

test("a double click and a second tab on two instances start one batch, and the repeat gets the first result", async ({
  operator,
  playwright,
}) => {
  const { stack } = operator;
  const [first, second] = stack.appUrls as [string, string];
  const api = await playwright.request.newContext({ storageState: operator.alice });
  const since = Date.now();
  const key = `e2e-${randomUUID()}`;
  const file = contacts(5, 100);
  await fault(stack.simUrl, { mode: "slow", delayMs: 1_500, endpoint: "create", count: 1 });
  const answers = await Promise.all([
    start(api, first, key, file),
    start(api, first, key, file),
    start(api, second, key, file),
  ]);
  const statuses = answers.map((answer) => answer.status());
  expect(statuses.filter((status) => status === 201)).toHaveLength(1);
  expect(statuses.every((status) => status === 201 || status === 409 || status === 200)).toBe(true);
  const winner = (await answers.find((answer) => answer.status() === 201)!.json()) as { start: { batchId: string } };
  const again = await start(api, second, key, file);
  expect(again.status()).toBe(200);
  expect(again.headers()["idempotent-replayed"]).toBe("true");
  expect(((await again.json()) as { start: { batchId: string } }).start.batchId).toBe(winner.start.batchId);
  // Another file under the same key: refused.
  expect((await start(api, first, key, contacts(5, 200))).status()).toBe(422);
  expect(await postsSince(stack.simUrl, since)).toBe(1);
  await api.dispose();
});

test("refused before anything reaches Trillet: a member (403), a cross-site POST (403), a file over 20 MB (413)", async ({
  operator,
  playwright,
}) => {
  const { stack } = operator;
  const appUrl = stack.appUrls[0]!;
  const since = Date.now();
  const carol = await playwright.request.newContext({ storageState: operator.carol });
  expect((await start(carol, appUrl, `e2e-${randomUUID()}`, contacts(2))).status()).toBe(403);
  const alice = await playwright.request.newContext({ storageState: operator.alice });
  const crossSite = await start(alice, appUrl, `e2e-${randomUUID()}`, contacts(2), { origin: "https://evil.example" });
  expect(crossSite.status()).toBe(403);
  const big = await start(alice, appUrl, `e2e-${randomUUID()}`, "x".repeat(20 * 1024 * 1024 + 1));
  expect(big.status()).toBe(413);
  expect(((await big.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  expect((await upstreamLog(stack.simUrl)).filter((entry) => entry.at >= since)).toHaveLength(0);
  await carol.dispose();
  await alice.dispose();
});
