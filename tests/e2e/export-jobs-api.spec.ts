import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./support/test";
import { parse } from "csv-parse/sync";
import { storageStatePath } from "./support/accounts";
import { appOrigin, exampleBatch, globexBatch, type ApiErrorBody } from "./support/e2e";
import { addFault, removeFault } from "./support/simulator";

// Issue 12: export jobs through the real Workflow SDK engine (the Local World in this stack) and the
// production build: lifecycle, joining, cancel, bad input, and another workspace's 404s.

test.use({ storageState: storageStatePath("alice") });

const jobsUrl = (batchId: string, slug = "acme") => `/api/w/${slug}/batches/${batchId}/exports`;
const bigBatch = "batch_big_100k";

type JobView = {
  id: string;
  state: string;
  rows: { done: number; total?: number };
  pages: { done: number; total?: number };
  createdBy: string;
  downloadable: boolean;
  estimateSeconds?: number;
  error?: string;
  callRecords?: { read: number; linked: number; pages: { done: number; total?: number }; done: boolean };
};

async function startJob(request: APIRequestContext, batchId: string, body: unknown) {
  return request.post(jobsUrl(batchId), { data: body, headers: { origin: appOrigin } });
}

async function waitForState(request: APIRequestContext, batchId: string, jobId: string, states: string[]) {
  let job: JobView | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(`${jobsUrl(batchId)}/${jobId}`);
        expect(response.status()).toBe(200);
        job = ((await response.json()) as { job: JobView }).job;
        return job.state;
      },
      { timeout: 40_000, intervals: [250, 500, 1_000] },
    )
    .toMatch(new RegExp(`^(${states.join("|")})$`));
  return job!;
}

test("a small export runs as a job to the end and downloads the same rows as the direct export", async ({
  request,
}) => {
  const started = await startJob(request, exampleBatch, { format: "csv", status: "all", bom: false });
  expect(started.status()).toBe(202);
  const { job, joined } = (await started.json()) as { job: JobView; joined: boolean };
  expect(joined).toBe(false);
  expect(job.id).toMatch(/^exp_/);
  expect(["queued", "running"]).toContain(job.state);
  expect(job.createdBy).toBe("Alice Anders");

  const done = await waitForState(request, exampleBatch, job.id, ["done"]);
  expect(done.rows).toEqual({ done: 150, total: 150 });
  expect(done.pages).toEqual({ done: 2, total: 2 });
  expect(done.downloadable).toBe(true);

  const file = await request.get(`${jobsUrl(exampleBatch)}/${job.id}/file`);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-disposition"]).toMatch(
    /attachment; filename="batch_7891011121314-all-\d{4}-\d\d-\d\d\.csv"/,
  );
  expect(file.headers()["x-export-partial"]).toBe("false");
  const rows = parse(await file.text(), { columns: true }) as Record<string, string>[];
  const direct = parse(await (await request.get(`/api/w/acme/batches/${exampleBatch}/export?status=all`)).text(), {
    columns: true,
  }) as Record<string, string>[];
  expect(rows.map((row) => row.jobId)).toEqual(direct.map((row) => row.jobId));
  expect(new Set(rows.map((row) => row.jobId)).size).toBe(150);

  const list = await request.get(jobsUrl(exampleBatch));
  expect(list.status()).toBe(200);
  const { jobs } = (await list.json()) as { jobs: JobView[] };
  expect(jobs.map((listed) => listed.id)).toContain(job.id);
});

test("a job with record columns reads the call records after the rows: the same file as the direct export", async ({
  request,
}) => {
  const started = await startJob(request, exampleBatch, { format: "csv", status: "all", bom: false, records: true });
  expect(started.status()).toBe(202);
  const { job } = (await started.json()) as { job: JobView };
  const done = await waitForState(request, exampleBatch, job.id, ["done"]);
  expect(done.rows).toEqual({ done: 150, total: 150 });
  expect(done.callRecords).toMatchObject({ pages: { done: 1, total: 1 }, done: true });
  expect(done.callRecords!.read).toBeGreaterThan(0);

  const fromJob = parse(await (await request.get(`${jobsUrl(exampleBatch)}/${job.id}/file`)).text(), {
    columns: true,
  }) as Record<string, string>[];
  const direct = parse(
    await (await request.get(`/api/w/acme/batches/${exampleBatch}/export?status=all&records=1`)).text(),
    { columns: true },
  ) as Record<string, string>[];
  expect(Object.keys(fromJob[0]!)).toEqual(Object.keys(direct[0]!));
  expect(Object.keys(fromJob[0]!).slice(-4)).toEqual(["outcome", "summary", "recording", "extra_metadata"]);
  expect(fromJob).toEqual(direct);
  const liam = fromJob.find((row) => row.jobId === "call_125")!;
  expect(liam.outcome).toBe("not_interested");
  expect(liam.recording).toBe(`${appOrigin}/api/w/acme/batches/${exampleBatch}/calls/call_125/recording`);
});

test("the same export asked for twice while it runs is one job; cancel stops it at once", async ({ request }) => {
  const body = { format: "csv", status: "completed", bom: true };
  const first = (await (await startJob(request, bigBatch, body)).json()) as { job: JobView; joined: boolean };
  const second = await startJob(request, bigBatch, body);
  expect(second.status()).toBe(200);
  const joined = (await second.json()) as { job: JobView; joined: boolean };
  expect(joined.joined).toBe(true);
  expect(joined.job.id).toBe(first.job.id);

  const running = await waitForState(request, bigBatch, first.job.id, ["running"]);
  expect(running.state).toBe("running");
  const cancelled = await request.delete(`${jobsUrl(bigBatch)}/${first.job.id}`, { headers: { origin: appOrigin } });
  expect(cancelled.status()).toBe(200);
  expect(((await cancelled.json()) as { job: JobView }).job.state).toBe("cancelled");
  const after = await request.get(`${jobsUrl(bigBatch)}/${first.job.id}`);
  expect(((await after.json()) as { job: JobView }).job.state).toBe("cancelled");
  const again = await request.delete(`${jobsUrl(bigBatch)}/${first.job.id}`, { headers: { origin: appOrigin } });
  expect(again.status()).toBe(200);

  // A new request after the cancel starts a new job rather than joining the cancelled one.
  const fresh = (await (await startJob(request, bigBatch, body)).json()) as { job: JobView; joined: boolean };
  expect(fresh.joined).toBe(false);
  expect(fresh.job.id).not.toBe(first.job.id);
  await request.delete(`${jobsUrl(bigBatch)}/${fresh.job.id}`, { headers: { origin: appOrigin } });
});

test("bad export requests are refused with the API's error shape and start nothing", async ({ request }) => {
  // A batch no other test exports: its job list can only change through this test.
  const quietBatch = "batch_empty";
  const before = ((await (await request.get(jobsUrl(quietBatch))).json()) as { jobs: JobView[] }).jobs.length;
  const cases: [unknown, RegExp][] = [
    [{ format: "xlsx" }, /format must be csv or rerun/],
    [{ status: "done" }, /status must be one of/],
    [{ bom: "yes" }, /bom must be true or false/],
    [{ format: "csv", extra: 1 }, /unknown field: extra/],
    [{ format: "csv", records: "yes" }, /records must be true or false/],
    [{ format: "rerun", records: true }, /records is for format csv only/],
  ];
  for (const [body, message] of cases) {
    const response = await startJob(request, quietBatch, body);
    expect(response.status(), JSON.stringify(body)).toBe(400);
    const error = (await response.json()) as ApiErrorBody;
    expect(error.error.code).toBe("bad_request");
    expect(error.error.message).toMatch(message);
  }
  const notJson = await request.post(jobsUrl(quietBatch), {
    data: "format=csv",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: appOrigin },
  });
  expect(notJson.status()).toBe(400);
  const crossSite = await request.post(jobsUrl(quietBatch), {
    data: { format: "csv" },
    headers: { origin: "https://evil.test" },
  });
  expect(crossSite.status()).toBe(403);
  expect((await request.get(`${jobsUrl(quietBatch)}/not-a-job`)).status()).toBe(400);
  expect((await request.get(`${jobsUrl(quietBatch)}/exp_AAAAAAAAAAAAAAAA`)).status()).toBe(404);
  const after = ((await (await request.get(jobsUrl(quietBatch))).json()) as { jobs: JobView[] }).jobs.length;
  expect(after).toBe(before);
});

test("another workspace's member gets the same 404 as an unknown batch on every exports route", async ({
  request,
  playwright,
}) => {
  const started = (await (await startJob(request, exampleBatch, { format: "rerun" })).json()) as { job: JobView };
  const bob = await playwright.request.newContext({ baseURL: appOrigin, storageState: storageStatePath("bob") });
  const base = `${jobsUrl(exampleBatch)}/${started.job.id}`;
  const responses = [
    await bob.get(jobsUrl(exampleBatch)),
    await bob.post(jobsUrl(exampleBatch), { data: { format: "csv" }, headers: { origin: appOrigin } }),
    await bob.get(base),
    await bob.get(`${base}/file`),
    await bob.delete(base, { headers: { origin: appOrigin } }),
    // The job id under bob's own workspace and batch: not found there either.
    await bob.get(`${jobsUrl(globexBatch, "globex")}/${started.job.id}`),
    await bob.delete(`${jobsUrl(globexBatch, "globex")}/${started.job.id}`, { headers: { origin: appOrigin } }),
  ];
  for (const response of responses) {
    expect(response.status(), response.url()).toBe(404);
    expect(((await response.json()) as ApiErrorBody).error.message).toBe(
      "No batch with this id in a workspace you can open.",
    );
  }
  await bob.dispose();
  // Alice's job is untouched by bob's attempts.
  const job = await waitForState(request, exampleBatch, started.job.id, ["done"]);
  expect(job.rows.done).toBe(5);
});

test.describe("caps on background exports", () => {
  // carol starts no other export in this stack, and the globex batch's waiting and active calls are read by no
  // other test: her jobs are the only ones her cap counts, and slowing those reads touches nobody else.
  test.use({ storageState: storageStatePath("carol") });

  test("a person's 4th export running or waiting at once is refused with 429, naming the 3; the same export joins", async ({
    request,
  }) => {
    const url = jobsUrl(globexBatch, "globex");
    const post = (body: unknown) => request.post(url, { data: body, headers: { origin: appOrigin } });
    // Slow pages keep the jobs running until the test cancels them, however fast the machine.
    const slow = await Promise.all(
      ["waiting", "active"].map((callStatus) =>
        addFault(request, { mode: "slow", delayMs: 5_000, batchId: globexBatch, endpoint: "calls", callStatus }),
      ),
    );
    const started: string[] = [];
    try {
      const specs = [
        { format: "csv", status: "waiting", bom: false },
        { format: "csv", status: "waiting", bom: true },
        { format: "csv", status: "active", bom: false },
      ];
      for (const spec of specs) {
        const response = await post(spec);
        expect(response.status(), JSON.stringify(spec)).toBe(202);
        started.push(((await response.json()) as { job: JobView }).job.id);
      }

      const fourth = { format: "csv", status: "active", bom: true };
      const refused = await post(fourth);
      expect(refused.status()).toBe(429);
      expect(refused.headers()["retry-after"]).toBe("60");
      const { error } = (await refused.json()) as ApiErrorBody;
      expect(error.code).toBe("rate_limited");
      expect(error.message).toMatch(/^You already have 3 exports running or waiting: /);
      for (const label of ["Waiting calls (CSV)", "Waiting calls (CSV for Excel)", "Active calls (CSV)"]) {
        expect(error.message).toContain(`${label} of ${globexBatch} (`);
      }
      expect(error.message).toMatch(/Start another when one has finished, or cancel one\.$/);

      // Asking again for an export that runs is not a new one: it joins, at the cap too.
      const joined = await post(specs[0]);
      expect(joined.status()).toBe(200);
      expect((await joined.json()) as { job: JobView; joined: boolean }).toMatchObject({
        joined: true,
        job: { id: started[0] },
      });

      // One cancelled frees a place.
      const cancelled = await request.delete(`${url}/${started[0]}`, { headers: { origin: appOrigin } });
      expect(cancelled.status()).toBe(200);
      const admitted = await post(fourth);
      expect(admitted.status()).toBe(202);
      started.push(((await admitted.json()) as { job: JobView }).job.id);
    } finally {
      for (const id of started) await request.delete(`${url}/${id}`, { headers: { origin: appOrigin } });
      for (const id of slow) await removeFault(request, id);
    }
  });
});

test.describe("the batch checked before a job is written", () => {
  // Not carol: her cap may be full from the test above, running beside this one, and a full cap answers first.
  test.use({ storageState: storageStatePath("bob") });

  test("an export of a batch that does not exist is the usual 404, and lists no job", async ({ request }) => {
    const url = jobsUrl("batch_nobody_has", "globex");
    const response = await request.post(url, { data: { format: "csv" }, headers: { origin: appOrigin } });
    expect(response.status()).toBe(404);
    expect(((await response.json()) as ApiErrorBody).error.message).toBe(
      "No batch with this id in a workspace you can open.",
    );
    const list = (await (await request.get(url)).json()) as { jobs: JobView[] };
    expect(list.jobs).toEqual([]);
  });
});
