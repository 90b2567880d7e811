import { request, type APIRequestContext } from "@playwright/test";
import { calls, globexBatch, globexPath } from "./support/e2e";
import {
  expect,
  instanceCount,
  keyLabel,
  maxInWindow,
  sleep,
  test,
  upstreamBurst,
  upstreamLimitPerMinute,
  upstreamLog,
  upstreamWindowMs,
  type MultiStack,
} from "./support/multi-instance";
import { signInThroughIdp } from "./support/sign-in";

// Three `next start` instances behind no load balancer, sharing one Redis, one simulator that enforces Trillet's
// 60 requests a minute, and one IdP (tests/e2e/support/multi-instance.ts starts them). What must hold with
// REDIS_URL set: one upstream budget per key across all instances, one response cache, and Redis going away
// degrades the app without taking it down.

// In order, in one worker: the stack is per worker, and the tests read its simulator's log.
test.describe.configure({ mode: "default" });

const bigBatch = "batch_big_100k";
const upstreamCallsPath = (batchId: string) => `/v1/api/batch-calls/${batchId}/calls`;

/** One API client per instance, all with carol's session cookie (signed in on the first instance). */
async function clientsFor(multi: MultiStack): Promise<APIRequestContext[]> {
  return Promise.all(multi.appUrls.map((baseURL) => request.newContext({ baseURL, storageState: multi.carol })));
}

const disposeAll = (clients: APIRequestContext[]) => Promise.all(clients.map((client) => client.dispose()));

type Answer = { instance: number; url: string; status: number; retryAfter: string | undefined; ms: number };

async function get(client: APIRequestContext, instance: number, url: string): Promise<Answer> {
  const started = Date.now();
  // Generous: with Redis down each instance has a quarter of the budget, and a failure walk waits for it (~16 s seen).
  const response = await client.get(url, { timeout: 45_000, maxRedirects: 0 });
  const ms = Date.now() - started;
  return { instance, url, status: response.status(), retryAfter: response.headers()["retry-after"], ms };
}

function statusTally(answers: Answer[]): string {
  const counts = new Map<number, number>();
  for (const answer of answers) counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count} × ${status}`)
    .join(", ");
}

const describeAnswers = (answers: Answer[]) =>
  answers.map((answer) => `instance ${answer.instance}: ${answer.status} in ${answer.ms} ms ${answer.url}`).join("\n");

test("sign-in works through the IdP on each instance, and one session opens the batch on all three", async ({
  browser,
  multi,
}) => {
  test.setTimeout(120_000);
  expect(multi.appUrls).toHaveLength(instanceCount);
  for (const origin of multi.appUrls) {
    // A fresh browser each time: the whole OIDC round trip (redirect, IdP login, callback) against this instance.
    const context = await browser.newContext({ baseURL: origin });
    try {
      const page = await context.newPage();
      await page.goto(globexPath);
      await expect(page).toHaveURL(/\/signin/);
      await signInThroughIdp(page, "carol");
      // The callback came back to this instance (its own AUTH_URL), and on to the page asked for.
      expect(page.url(), "the sign-in returns to the instance it started on").toBe(`${origin}${globexPath}`);
      await expect(page.getByRole("heading", { level: 1, name: globexBatch })).toBeVisible();
      await expect(page.getByTestId("summary-total")).toHaveText("80");
      // Cookies are per host, not per port: the same session cookie goes to the other instances (same AUTH_SECRET).
      for (const other of multi.appUrls.filter((url) => url !== origin)) {
        const response = await page.goto(`${other}${globexPath}`);
        expect(response?.status(), `${other} with the session from ${origin}`).toBe(200);
        expect(page.url(), `${other} accepts the session from ${origin}`).toBe(`${other}${globexPath}`);
        await expect(page.getByTestId("summary-total")).toHaveText("80");
      }
    } finally {
      await context.close();
    }
  }
});

test("one list of the team's batches: opened on one instance, labelled on another, seen on the third", async ({
  multi,
}) => {
  const clients = await clientsFor(multi);
  const label = `Q3 globex ${Date.now().toString(36)}`;
  try {
    expect((await get(clients[0]!, 0, globexPath)).status).toBe(200);
    // The open is written after the page answers: the list on another instance shows it soon after.
    await expect
      .poll(async () => {
        const response = await clients[1]!.get(`/api/w/globex/batches?q=${globexBatch}`);
        return ((await response.json()) as { batches: { batchId: string }[] }).batches.map((batch) => batch.batchId);
      })
      .toEqual([globexBatch]);
    const labelled = await clients[1]!.patch(`/api/w/globex/batches/${globexBatch}`, {
      data: { label },
      headers: { origin: multi.appUrls[1]! },
    });
    expect(labelled.status()).toBe(200);
    const third = await clients[2]!.get(`/api/w/globex/batches?q=${encodeURIComponent(label)}`);
    const rows = ((await third.json()) as { batches: { batchId: string; label: string }[] }).batches;
    expect(rows.map((row) => [row.batchId, row.label])).toEqual([[globexBatch, label]]);
  } finally {
    await disposeAll(clients);
  }
});

test("one upstream budget: three instances together never send more than 60 requests a minute", async ({ multi }) => {
  test.setTimeout(120_000);
  const clients = await clientsFor(multi);
  const perClient = 40;
  let answers: Answer[];
  try {
    // 120 distinct pages of the 100k batch, so no answer can come from a cache: each is one upstream request or
    // a 429 from the app. Each client sends its 40 over about 2 s, all three at once.
    answers = await Promise.all(
      clients.flatMap((client, instance) =>
        Array.from({ length: perClient }, async (_, index) => {
          await sleep(index * 50);
          const page = 1_000 + instance * perClient + index;
          return get(client, instance, calls("acme", bigBatch, `?page=${page}&limit=20`));
        }),
      ),
    );
  } finally {
    await disposeAll(clients);
  }

  const upstream = (await upstreamLog(multi.simUrl)).filter((entry) => entry.keyLabel === keyLabel.acme);
  const served = answers.filter((answer) => answer.status === 200);
  const limited = answers.filter((answer) => answer.status === 429);
  const tally = statusTally(answers);
  const window = maxInWindow(
    upstream.map((entry) => entry.at),
    upstreamWindowMs,
  );
  const upstream429 = upstream.filter((entry) => entry.status === 429);
  console.log(
    `[multi-instance budget] app answers ${tally}; upstream requests ${upstream.length}, ` +
      `most in 60 s ${window.count}, upstream 429s ${upstream429.length}`,
  );

  expect(
    answers.filter((answer) => answer.status >= 500),
    "the app answered 5xx",
  ).toEqual([]);
  expect(
    answers.filter((answer) => answer.status !== 200 && answer.status !== 429),
    "every answer is 200 or 429",
  ).toEqual([]);
  for (const answer of limited) {
    expect(answer.retryAfter, `429 without a usable Retry-After: ${answer.url}`).toMatch(/^[1-9]\d*$/);
  }
  expect(
    upstream429.length,
    `the simulator answered 429 ${upstream429.length} time(s): the instances together went past the key's ` +
      `${upstreamLimitPerMinute} a minute (each keeps its own budget?)`,
  ).toBe(0);
  expect(
    window.count,
    `${window.count} upstream requests arrived within 60 s (ending ${window.endingAt}); the key allows ` +
      `${upstreamLimitPerMinute}. App answers: ${tally}`,
  ).toBeLessThanOrEqual(upstreamLimitPerMinute);
  // Not trivially safe by refusing everything: at least the burst goes through at once.
  expect(served.length, `only ${served.length} of ${answers.length} answered 200 (${tally})`).toBeGreaterThanOrEqual(
    upstreamBurst,
  );
  // Every 200 was a real upstream answer (distinct pages: nothing to share).
  expect(upstream.filter((entry) => entry.status === 200).length).toBeGreaterThanOrEqual(served.length);
});

test("one response cache: the same view polled on three instances reaches Trillet at most twice in 2 s", async ({
  multi,
}) => {
  const clients = await clientsFor(multi);
  // limit=50: no page render asks for this view, so only these polls can have put it in the cache.
  const view = calls("globex", globexBatch, "?page=1&limit=50");
  const polls = 10;
  let since = Date.now();
  let answers: Answer[] = [];
  try {
    // Another view first on each instance, so a cold route (a fresh stack after a failed test) does not stretch
    // the polls past the cache's 2 s.
    await Promise.all(
      clients.map((client, instance) => get(client, instance, calls("globex", globexBatch, "?limit=49"))),
    );
    since = Date.now();
    // The first instance's first poll comes alone (pollers are not synchronised in life), then all three poll
    // together every 50 ms: well inside the 2 s a shared answer is reused.
    answers.push(await get(clients[0]!, 0, view));
    const together = await Promise.all(
      clients.map(async (client, instance) => {
        const mine: Answer[] = [];
        for (let poll = instance === 0 ? 1 : 0; poll < polls; poll += 1) {
          mine.push(await get(client, instance, view));
          await sleep(50);
        }
        return mine;
      }),
    );
    answers = answers.concat(together.flat());
  } finally {
    await disposeAll(clients);
  }
  const elapsedMs = Date.now() - since;
  const upstream = (await upstreamLog(multi.simUrl)).filter(
    (entry) =>
      entry.at >= since &&
      entry.path === upstreamCallsPath(globexBatch) &&
      entry.query.page === "1" &&
      entry.query.limit === "50",
  );
  console.log(
    `[multi-instance cache] ${answers.length} polls in ${elapsedMs} ms on ${instanceCount} instances, ` +
      `${upstream.length} upstream request(s)`,
  );

  expect(
    answers.filter((answer) => answer.status !== 200),
    "every poll answered 200",
  ).toEqual([]);
  expect(upstream.length, "the polls reached Trillet at least once").toBeGreaterThanOrEqual(1);
  expect(
    upstream.length,
    `${answers.length} polls of one view over ${elapsedMs} ms reached Trillet ${upstream.length} times; a cache ` +
      `shared by the ${instanceCount} instances (2 s TTL) allows at most 2 (one per instance would be ${instanceCount})`,
  ).toBeLessThanOrEqual(2);
});

test("recordings stay out of Redis: a call's audio played and sought on three instances is fetched once per instance", async ({
  multi,
}) => {
  const clients = await clientsFor(multi);
  const callUrl = (jobId: string) => `/api/w/globex/batches/${globexBatch}/calls/${jobId}`;
  try {
    // A completed call with a recording (nearly every one in the simulator has one; the first usually does).
    const listed = (await (
      await clients[0]!.get(calls("globex", globexBatch, "?status=completed&limit=10"))
    ).json()) as {
      calls: { jobId: string }[];
    };
    let jobId: string | undefined;
    for (const call of listed.calls) {
      const detail = (await (await clients[0]!.get(callUrl(call.jobId))).json()) as { recording?: boolean };
      if (detail.recording) {
        jobId = call.jobId;
        break;
      }
    }
    expect(jobId, "a completed call of the globex batch has a recording").toBeDefined();

    const since = Date.now();
    const bodies: Buffer[] = [];
    for (const [instance, client] of clients.entries()) {
      const whole = await client.get(`${callUrl(jobId!)}/recording`);
      expect(whole.status(), `instance ${instance}: the whole file`).toBe(200);
      bodies.push(await whole.body());
      const seek = await client.get(`${callUrl(jobId!)}/recording`, { headers: { range: "bytes=100-199" } });
      expect(seek.status(), `instance ${instance}: a seek`).toBe(206);
      expect(Buffer.compare(await seek.body(), bodies[0]!.subarray(100, 200))).toBe(0);
    }
    for (const body of bodies) expect(Buffer.compare(body, bodies[0]!)).toBe(0);
    const fetched = (await upstreamLog(multi.simUrl)).filter(
      (entry) => entry.at >= since && entry.path.startsWith("/v2/api/recordings/"),
    );
    expect(
      fetched.length,
      `${instanceCount} instances played and sought one recording; each fetches it once, its seeks cost nothing`,
    ).toBe(instanceCount);
  } finally {
    await disposeAll(clients);
  }
});

test("an export job started on one instance is seen, followed and downloaded on the others", async ({ multi }) => {
  const clients = await clientsFor(multi);
  const jobsUrl = `/api/w/globex/batches/${globexBatch}/exports`;
  try {
    const started = await clients[0]!.post(jobsUrl, {
      data: { format: "csv", status: "all" },
      headers: { origin: multi.appUrls[0]! },
    });
    expect(started.status()).toBe(202);
    const { job } = (await started.json()) as { job: { id: string } };
    type View = { id: string; state: string; rows: { done: number; total?: number } };
    // The job's record is in Redis: the second instance lists it and follows it to the end.
    const listed = (await (await clients[1]!.get(jobsUrl)).json()) as { jobs: View[] };
    expect(listed.jobs.map((listedJob) => listedJob.id)).toContain(job.id);
    const state = async () => ((await (await clients[1]!.get(`${jobsUrl}/${job.id}`)).json()) as { job: View }).job;
    await expect.poll(async () => (await state()).state, { timeout: 60_000 }).toBe("done");
    const done = await state();
    // The third instance streams the file from the chunks the first one wrote.
    const file = await clients[2]!.get(`${jobsUrl}/${job.id}/file`);
    expect(file.status()).toBe(200);
    const lines = (await file.text()).split("\r\n").filter((line) => line.length > 0);
    expect(lines.length - 1).toBe(done.rows.done);
    expect(done.rows.done).toBe(done.rows.total);
  } finally {
    await disposeAll(clients);
  }
});

test("Redis down is not an outage: every instance keeps answering, health says degraded, then recovers", async ({
  multi,
}) => {
  test.setTimeout(120_000);
  const clients = await clientsFor(multi);
  let limit = 0;
  // Each round: a fresh view (a new `limit`, so it goes upstream), the failure reasons and the batch page, per instance.
  const round = async (label: string) => {
    const answers = (
      await Promise.all(
        clients.map((client, instance) => {
          limit += 1;
          return Promise.all([
            get(client, instance, calls("globex", globexBatch, `?page=1&limit=${limit}`)),
            get(client, instance, `/api/w/globex/batches/${globexBatch}/failures`),
            get(client, instance, globexPath),
          ]);
        }),
      )
    ).flat();
    expect(
      answers.filter((answer) => answer.status !== 200 && answer.status !== 429),
      `${label}: every answer is 200 or 429, never 5xx:\n${describeAnswers(answers)}`,
    ).toEqual([]);
  };
  const health = (client: APIRequestContext) => async () => {
    const response = await client.get("/api/health", { timeout: 10_000 });
    // Degraded is still HTTP 200: a load balancer must not take every instance out because Redis is away.
    const body = (await response.json()) as { status?: string };
    return `${response.status()} ${body.status}`;
  };
  let redisDown = false;
  try {
    await round("with Redis");
    for (const client of clients) await expect.poll(health(client), { message: "health with Redis up" }).toBe("200 ok");

    multi.redis.kill();
    redisDown = true;
    await round("just after Redis was killed");
    for (const [instance, client] of clients.entries()) {
      await expect
        .poll(health(client), { message: `instance ${instance} health with Redis down`, timeout: 10_000 })
        .toBe("200 degraded");
    }
    await round("with Redis down");

    await multi.redis.restart();
    redisDown = false;
    for (const [instance, client] of clients.entries()) {
      await expect
        .poll(health(client), { message: `instance ${instance} health after Redis restarted`, timeout: 15_000 })
        .toBe("200 ok");
    }
    await round("after Redis came back");
  } finally {
    if (redisDown) await multi.redis.restart().catch(() => undefined);
    await disposeAll(clients);
  }
});

// Distinct, uncached views of the globex batch: every one is an upstream read or a refusal by the budget.
const statuses = ["all", "waiting", "active", "completed", "failed"] as const;
function* distinctViews(): Generator<string> {
  for (let page = 1; ; page += 1)
    for (const status of statuses)
      for (let limit = 1; limit <= 100; limit += 1)
        yield calls("globex", globexBatch, `?status=${status}&page=${page}&limit=${limit}`);
}

/** What the budget tests below must see: only 200 or 429 with Retry-After, and the refusal path exercised. */
function expectOnlyServedOrRefused(answers: Answer[], label: string): void {
  const tally = statusTally(answers);
  console.log(`[multi-instance ${label}] app answers ${tally}`);
  expect(
    answers.filter((answer) => answer.status !== 200 && answer.status !== 429),
    `${label}: every answer is 200 or 429 (${tally})`,
  ).toEqual([]);
  const refused = answers.filter((answer) => answer.status === 429);
  expect(refused.length, `${label}: nothing was refused, so the refusal path was not tried (${tally})`).toBeGreaterThan(
    0,
  );
  for (const answer of refused) {
    expect(answer.retryAfter, `429 without a usable Retry-After: ${answer.url}`).toMatch(/^[1-9]\d*$/);
  }
}

// The budget lives on globalThis and is created by whichever bundle reads first. When that is a page render, the
// refusals it throws come from the page bundle's copy of the error class, which the API routes' copy once failed to
// recognise: every refusal after a page view answered 500.
test("one person reading fast across two instances after a page view: only 200 or 429 with Retry-After", async ({
  multi,
}) => {
  test.setTimeout(120_000);
  const clients = (await clientsFor(multi)).slice(0, 2);
  const views = distinctViews();
  const answers: Answer[] = [];
  try {
    for (const [instance, client] of clients.entries()) {
      const page = await get(client, instance, globexPath);
      expect(page.status, `the batch page on instance ${instance}`).toBe(200);
    }
    // Four readers per instance, each one request after another, for 20 s: faster than the fair share allows.
    const until = Date.now() + 20_000;
    await Promise.all(
      clients.flatMap((client, instance) =>
        Array.from({ length: 4 }, async () => {
          while (Date.now() < until) answers.push(await get(client, instance, views.next().value!));
        }),
      ),
    );
  } finally {
    await disposeAll(clients);
  }
  expectOnlyServedOrRefused(answers, "fast reader on two instances");
});

test("one instance, a page view then 90 distinct reads at once: only 200 or 429 with Retry-After", async ({
  multi,
}) => {
  test.setTimeout(120_000);
  const [client] = await clientsFor(multi);
  const views = distinctViews();
  let answers: Answer[];
  try {
    expect((await get(client!, 0, globexPath)).status).toBe(200);
    answers = await Promise.all(Array.from({ length: 90 }, () => get(client!, 0, views.next().value!)));
  } finally {
    await client!.dispose();
  }
  expectOnlyServedOrRefused(answers, "burst on one instance");
});
