import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { testIdentity } from "./support/identity";
import { recentRequests } from "./support/sim-admin";
import { windowOn } from "@/lib/guardrails/window";
import { daytimePrefix } from "../shared/daytime-prefix";

// The guardrails on the real start route, Trillet client and simulator, records in the run's database: a listed
// number never reaches "Trillet", and the review's check answers what the start will remove and when it may call.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

const alice = testIdentity({ id: "http://127.0.0.1:1#guard-alice", email: "alice@acme.test", name: "Alice" });
const slug = `guard-${process.pid}`;
const AGENT = "agent_renewals_v3";
const KEY = "demo-trillet-key";

let sim: RunningSimulator;
let batchesRoute: typeof import("@/app/api/w/[slug]/batches/route");
let checkRoute: typeof import("@/app/api/w/[slug]/guardrails/check/route");
let list: typeof import("@/lib/guardrails/do-not-call");
let config: typeof import("@/lib/config");

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, {
      TRILLET_API_KEY: KEY,
      WORKSPACES: JSON.stringify([
        {
          slug,
          id: "ws_acme",
          name: "Acme",
          members: { domains: ["acme.test"] },
          operators: { emails: ["alice@acme.test"] },
        },
      ]),
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      API_RATE_LIMIT_PER_MINUTE: "100000",
    }),
  );
  batchesRoute = await import("@/app/api/w/[slug]/batches/route");
  checkRoute = await import("@/app/api/w/[slug]/guardrails/check/route");
  list = await import("@/lib/guardrails/do-not-call");
  config = await import("@/lib/config");
}, 120_000);

afterAll(async () => {
  await sim?.close();
  await (await import("@/lib/db/client")).closeDatabase();
});

beforeEach(() => {
  session.identity = alice;
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});

const workspace = () => config.getConfig().workspaces[0]!;
const file = (numbers: string[]) =>
  new Blob([`phone_number,first_name\r\n${numbers.map((number, index) => `${number},P${index}\r\n`).join("")}`], {
    type: "text/csv",
  });

/** The numbers of a batch as the simulator holds them: what "Trillet" was sent. */
async function numbersSent(batchId: string): Promise<string[]> {
  const response = await fetch(`${sim.url}/v1/api/batch-calls/${batchId}/calls?limit=100`, {
    headers: { "x-api-key": KEY, "x-workspace-id": "ws_acme" },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { calls: { phone_number: string }[] };
  return body.calls.map((call) => call.phone_number).sort();
}

/** 08:00 in New York a few days ahead: 07:00 in Chicago and 05:00 in Los Angeles, whatever the season. */
function newYorkMorning(): { at: number; text: string } {
  const day = new Date(Date.now() + 3 * 86_400_000);
  const at = windowOn(
    "America/New_York",
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() },
    { start: "08:00", end: "21:00" },
  ).start;
  return { at, text: new Date(at).toISOString().replace(".000Z", "Z") };
}

describe("guardrails before a call is placed", () => {
  it("a number on the do-not-call list never reaches Trillet: the start sends the rest and counts it", async () => {
    // Where it is daytime now: the start also checks calling hours.
    const { prefix } = daytimePrefix();
    await list.addDoNotCall(workspace(), { id: alice.id, name: "Alice" }, [
      { number: `${prefix}0142`, reason: "asked" },
    ]);
    const form = new FormData();
    form.set("file", file([`${prefix}0141`, `${prefix}0142`, `${prefix}0143`]), "contacts.csv");
    form.set("agentId", AGENT);
    const before = (await recentRequests(sim, 5_000)).length;
    const response = await batchesRoute.POST(
      new NextRequest(`http://localhost/api/w/${slug}/batches`, {
        method: "POST",
        body: form,
        headers: { "idempotency-key": `key-${randomUUID()}` },
      }),
      { params: Promise.resolve({ slug }) },
    );
    expect(response.status).toBe(201);
    const started = (await response.json()) as { start: { batchId: string }; counts: { doNotCall: number } };
    expect(started.counts.doNotCall).toBe(1);
    const posts = (await recentRequests(sim, 5_000)).slice(before).filter((entry) => entry.method === "POST");
    expect(posts).toHaveLength(1);
    expect(await numbersSent(started.start.batchId)).toEqual([`${prefix}0141`, `${prefix}0143`]);
  });

  it("the review's check lists the numbers removed, who is outside their window, the earliest start and the split", async () => {
    // Its own listed number: the start test above lists one in whichever zone is in daytime when it runs.
    await list.addDoNotCall(workspace(), { id: alice.id, name: "Alice" }, [
      { number: "+12125550142", reason: "asked" },
    ]);
    const form = new FormData();
    form.set("file", file(["+12125550141", "+12125550142", "+13125550143", "+13105550144", "+15555550145"]));
    const { at: start, text } = newYorkMorning();
    const startIso = new Date(start).toISOString();
    form.set("scheduledAt", text);
    form.set("averageCallSeconds", "60");
    form.set("smartCallbackConfig", JSON.stringify({ enabled: true, maxAttempts: 2, gaps: [{ days: 0, hours: 14 }] }));
    const response = await checkRoute.POST(
      new NextRequest(`http://localhost/api/w/${slug}/guardrails/check`, { method: "POST", body: form }),
      { params: Promise.resolve({ slug }) },
    );
    expect(response.status).toBe(200);
    const check = (await response.json()) as {
      rows: number;
      valid: number;
      doNotCall: { removed: number; numbers: string[] };
      hours: {
        outside: number;
        noZone: { number: string; reason: string }[];
        earliestStart: string;
        groups: { count: number; scheduledAt: string }[];
        callbacks: { retry: number; outside: number }[];
      };
    };
    expect(check.rows).toBe(5);
    expect(check.doNotCall).toEqual({ removed: 1, numbers: ["+12125550142"] });
    // +1 555 is no area code: the intake already leaves it out as invalid, so no zone is ever guessed for it.
    expect(check.valid).toBe(4);
    expect(check.hours.noZone).toEqual([]);
    expect(check.hours.outside).toBe(2);
    expect(check.hours.groups.map((group) => group.count)).toEqual([1, 1, 1]);
    expect(check.hours.groups[0]!.scheduledAt).toBe(startIso);
    expect(check.hours.groups.map((group) => Date.parse(group.scheduledAt) - start)).toEqual([
      0, 3_600_000, 10_800_000,
    ]);
    // A retry 14 hours later: 22:00 in New York and 21:00 in Chicago (past the window); 19:00 in Los Angeles.
    expect(check.hours.callbacks).toEqual([{ retry: 1, afterHours: 14, outside: 2 }]);
    expect(check.hours.earliestStart).toBe(new Date(start + 10_800_000).toISOString());
  });
});

describe("calling hours on the start itself", () => {
  const newYork = "+12125550161";
  const chicago = "+13125550162";
  const losAngeles = "+13105550163";

  function startForm(numbers: string[], fields: Record<string, string>): FormData {
    const form = new FormData();
    form.set("file", file(numbers), "three-zones.csv");
    form.set("agentId", AGENT);
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    return form;
  }

  const post = (form: FormData, key = `key-${randomUUID()}`) =>
    batchesRoute.POST(
      new NextRequest(`http://localhost/api/w/${slug}/batches`, {
        method: "POST",
        body: form,
        headers: { "idempotency-key": key },
      }),
      { params: Promise.resolve({ slug }) },
    );

  const upstreamPosts = async (since: number) =>
    (await recentRequests(sim, 5_000)).slice(since).filter((entry) => entry.method === "POST");

  it("a start that would call anyone outside their window is refused, nothing sent; a typed reason lets it start, audited", async () => {
    const { text } = newYorkMorning();
    const before = (await recentRequests(sim, 5_000)).length;
    const refused = await post(startForm([newYork, chicago, losAngeles], { scheduledAt: text }));
    expect(refused.status).toBe(422);
    const error = ((await refused.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("outside_calling_hours");
    expect(error.message).toContain("2 recipients would be called outside 08:00–21:00");
    expect(await upstreamPosts(before)).toHaveLength(0);

    const write = vi.mocked(process.stdout.write);
    write.mockClear();
    const reason = "They asked to be called before work, in writing";
    const started = await post(
      startForm([newYork, chicago, losAngeles], { scheduledAt: text, outsideHoursReason: reason }),
    );
    expect(started.status).toBe(201);
    expect(await upstreamPosts(before)).toHaveLength(1);
    const audit = write.mock.calls.map((args) => String(args[0])).find((line) => line.includes('"batch.start"'));
    expect(JSON.parse(audit!)).toMatchObject({ outcome: "started", outsideHoursReason: reason, hoursOutside: 2 });
  });

  it("a split run: each part sends only its zone's numbers at its own start inside its window, listed together", async () => {
    const { at, text } = newYorkMorning();
    const check = await checkRoute.POST(
      new NextRequest(`http://localhost/api/w/${slug}/guardrails/check`, {
        method: "POST",
        body: startForm([newYork, chicago, losAngeles], { scheduledAt: text }),
      }),
      { params: Promise.resolve({ slug }) },
    );
    const groups = ((await check.json()) as { hours: { groups: { label: string; scheduledAt: string }[] } }).hours
      .groups;
    expect(groups).toHaveLength(3);
    const runId = randomUUID();
    const part = (number: number, label = groups[number - 1]!.label) =>
      startForm([newYork, chicago, losAngeles], {
        scheduledAt: text,
        runId,
        part: String(number),
        parts: "3",
        partLabel: label,
      });

    const before = (await recentRequests(sim, 5_000)).length;
    const changed = await post(part(2, "UTC+01:00"));
    expect(changed.status).toBe(409);
    expect(((await changed.json()) as { error: { code: string } }).error.code).toBe("split_changed");
    expect(await upstreamPosts(before)).toHaveLength(0);

    const keys = [1, 2, 3].map(() => `key-${randomUUID()}`);
    const started: { batchId: string; scheduledAt: string }[] = [];
    for (const number of [1, 2, 3]) {
      const response = await post(part(number), keys[number - 1]);
      expect(response.status).toBe(201);
      started.push(((await response.json()) as { start: { batchId: string; scheduledAt: string } }).start);
    }
    // New York at 08:00, Chicago an hour later, Los Angeles three hours later: each at 08:00 local.
    expect(started.map((each) => Date.parse(each.scheduledAt) - at)).toEqual([0, 3_600_000, 10_800_000]);
    expect(await numbersSent(started[0]!.batchId)).toEqual([newYork]);
    expect(await numbersSent(started[1]!.batchId)).toEqual([chicago]);
    expect(await numbersSent(started[2]!.batchId)).toEqual([losAngeles]);

    // A repeat of a part answers its first result: never a second batch.
    const repeat = await post(part(2), keys[1]);
    expect(repeat.status).toBe(200);
    expect(await upstreamPosts(before)).toHaveLength(3);

    const { listBatches } = await import("@/lib/db/batches");
    const run = await listBatches(workspace(), { run: runId, page: 1, limit: 20 });
    expect(run.batches.map((batch) => [batch.batchId, batch.run?.part, batch.run?.of])).toEqual(
      started.map((each, index) => [each.batchId, index + 1, 3]),
    );
  });
});
