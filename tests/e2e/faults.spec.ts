import { expect, test } from "./support/faults-stack";
import { addFault, clearFaults, type SimFault } from "./support/simulator";
import { chunkStepRetries, retryPauseSeconds } from "../../lib/export/jobs/retry-schedule";

// On a stack of its own (support/faults-stack.ts), signed in as carol. Faults are scoped to this batch so the other
// batches the tests read meanwhile stay healthy.
const batchId = "batch_fault_lab";
const withinBudgetMs = 15_000;

test.describe.configure({ mode: "serial" });

test.afterEach(async ({ request, faultsStack }) => clearFaults(request, faultsStack.simUrl));

type FaultCase = {
  name: string;
  faults: SimFault[];
  status: number;
  code?: string;
  message?: RegExp;
  pausesKey?: true;
};

const cases: FaultCase[] = [
  {
    name: "upstream hangs",
    faults: [{ mode: "hang" }],
    status: 504,
    code: "upstream_timeout",
    message: /did not answer in time/,
  },
  { name: "upstream is slow but answers", faults: [{ mode: "slow", delayMs: 2_000 }], status: 200 },
  { name: "a burst of two 500s", faults: [{ mode: "status", status: 500, count: 2 }], status: 200 },
  {
    name: "500 on every attempt",
    faults: [{ mode: "status", status: 500 }],
    status: 502,
    code: "upstream_error",
    message: /trouble answering/,
  },
  { name: "one 429 with Retry-After: 1", faults: [{ mode: "rate-limit", retryAfter: 1, count: 1 }], status: 200 },
  {
    name: "malformed JSON",
    faults: [{ mode: "malformed" }],
    status: 502,
    code: "upstream_bad_response",
    message: /cannot read/,
  },
  {
    name: "JSON of the wrong shape",
    faults: [{ mode: "wrong-shape" }],
    status: 502,
    code: "upstream_bad_response",
    message: /cannot read/,
  },
  {
    name: "connection reset",
    faults: [{ mode: "reset" }],
    status: 502,
    code: "upstream_error",
    message: /trouble answering/,
  },
  {
    name: "401: the server's key is refused",
    faults: [{ mode: "status", status: 401 }],
    status: 502,
    code: "upstream_unauthorized",
    message: /administrator/,
  },
  // Last: an upstream 429 pauses every request on this key for its Retry-After, by design, so the read that shows
  // the server still serves others meanwhile goes to globex, on a key of its own.
  {
    name: "429 with a Retry-After past the deadline",
    faults: [{ mode: "rate-limit", retryAfter: 5 }],
    status: 429,
    code: "rate_limited",
    message: /rate limit/,
    pausesKey: true,
  },
];

cases
  .filter((c) => [504, 502].includes(c.status))
  .slice(0, 3)
  .forEach((fault, index) => {
    test(`page: ${fault.name} shows the reason and a working Retry`, async ({ page, request, faultsStack }) => {
      for (const spec of fault.faults) await addFault(request, { ...spec, batchId }, faultsStack.simUrl);
      await page.goto(`/w/acme/batches/${batchId}?limit=${60 + index}`, { timeout: withinBudgetMs + 5_000 });
      const alert = page.getByRole("alert").filter({ hasText: "The calls could not be loaded" });
      await expect(alert).toBeVisible();
      await expect(alert).toContainText(fault.message!);

      await clearFaults(request, faultsStack.simUrl);
      await alert.getByRole("button", { name: "Retry" }).click();
      await expect(page.getByTestId("summary-total")).toHaveText("80");
    });
  });

// When a job whose upstream keeps failing must have ended, from the product's own schedule: the chunk step's pause
// before each retry, plus an allowance for each attempt itself (one upstream read with its two retries, then the
// Workflow SDK's queue delivering the next attempt; under a 2-core host's full load each took under a second).
const attemptAllowanceMs = 10_000;
const exportFailsWithinMs = chunkStepRetries * retryPauseSeconds * 1_000 + (chunkStepRetries + 1) * attemptAllowanceMs;

test("an export job whose upstream keeps failing ends failed, in plain words, with its rows so far as a partial file", async ({
  request,
  faultsStack,
}, testInfo) => {
  const firstChunkWithinMs = 60_000;
  test.setTimeout(firstChunkWithinMs + exportFailsWithinMs + 30_000);
  const bigBatch = "batch_big_100k";
  const jobsUrl = `/api/w/acme/batches/${bigBatch}/exports`;
  const started = await request.post(jobsUrl, {
    data: { format: "csv", status: "completed" },
    headers: { origin: faultsStack.appUrl },
  });
  expect(started.status()).toBe(202);
  const { job } = (await started.json()) as { job: { id: string } };
  type View = { state: string; error?: string; rows: { done: number }; downloadable: boolean };
  const view = async () => ((await (await request.get(`${jobsUrl}/${job.id}`)).json()) as { job: View }).job;

  // A chunk is written, then Trillet answers 500 to everything on this batch, for good.
  await expect
    .poll(async () => (await view()).rows.done, { timeout: firstChunkWithinMs })
    .toBeGreaterThanOrEqual(1_000);
  await addFault(request, { mode: "status", status: 500, batchId: bigBatch }, faultsStack.simUrl);
  const faultAddedAt = Date.now();
  // The steps retry for about a minute (a passing outage is ridden out), then give up.
  await expect
    .poll(async () => (await view()).state, { timeout: exportFailsWithinMs, intervals: [2_000] })
    .toBe("failed");
  // For whoever reads a slow run's report: how long the schedule took here.
  testInfo.annotations.push({
    type: "export failed after",
    description: `${Math.round((Date.now() - faultAddedAt) / 1_000)} s (pauses alone: ${chunkStepRetries * retryPauseSeconds} s)`,
  });
  const failed = await view();
  expect(failed.error).toBe("Trillet is having trouble answering right now. Try again.");
  expect(failed.downloadable).toBe(true);

  const file = await request.get(`${jobsUrl}/${job.id}/file`);
  expect(file.status()).toBe(200);
  expect(file.headers()["x-export-partial"]).toBe("true");
  expect(file.headers()["content-disposition"]).toMatch(/-partial\.csv"$/);
  const lines = (await file.text()).split("\r\n").filter((line) => line.length > 0);
  expect(lines.length - 1).toBe(failed.rows.done);
});

// Last in the file: the final case's upstream 429 pauses every request on this key for its Retry-After, by design.
cases.forEach((fault, index) => {
  test(`API: ${fault.name} → ${fault.status}`, async ({ page, request, faultsStack }, testInfo) => {
    for (const spec of fault.faults) await addFault(request, { ...spec, batchId }, faultsStack.simUrl);
    // A page size of its own per case: a success cached by the previous case must not hide this fault.
    const url = `/api/w/acme/batches/${batchId}/calls?limit=${30 + index}`;
    const started = Date.now();
    const [faulty, healthy] = await Promise.all([
      page.request.get(url, { timeout: withinBudgetMs }),
      // The server keeps serving other requests meanwhile.
      page.request.get(
        fault.pausesKey
          ? "/api/w/globex/batches/batch_globex_q3/calls?limit=7"
          : "/api/w/acme/batches/batch_7891011121314/calls?limit=7",
      ),
    ]);
    const elapsed = Date.now() - started;
    await testInfo.attach("fault-result", {
      body: JSON.stringify({
        fault: fault.name,
        status: faulty.status(),
        elapsedMs: elapsed,
        body: await faulty.text(),
      }),
      contentType: "application/json",
    });

    expect(healthy.status()).toBe(200);
    expect(faulty.status()).toBe(fault.status);
    const body = (await faulty.json()) as { error?: { code: string; message: string }; calls?: unknown[] };
    if (fault.status === 200) {
      expect(body.calls).toHaveLength(30 + index);
      return;
    }
    expect(body.error?.code).toBe(fault.code);
    expect(body.error?.message).toMatch(fault.message!);
    expect(faulty.headers()["cache-control"]).toContain("no-store");
    if (fault.status === 429) expect(Number(faulty.headers()["retry-after"])).toBeGreaterThan(0);
  });
});
