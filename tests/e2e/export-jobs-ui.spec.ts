import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { parse } from "csv-parse/sync";
import { storageStatePath } from "./support/accounts";
import { appOrigin, batchPageReady, examplePath } from "./support/e2e";
import { addFault, removeFault } from "./support/simulator";

// Issue 12: background exports from the batch page, in Chromium against the production build.

test.use({ storageState: storageStatePath("alice") });
test.describe.configure({ timeout: 120_000 });

const bigPath = "/w/acme/batches/batch_big_100k";
const exportsPanel = (page: Page) => page.getByRole("region", { name: "Exports of this batch" });
const jobItem = (page: Page, jobId: string) => exportsPanel(page).locator(`li[data-export-job="${jobId}"]`);
// The tests of this file run in parallel on one batch, and the page announces every job of the batch: an
// announcement is checked to contain this test's sentence, not to be only that.

/** Clicks a menu item that starts a job and returns the job's id, as the server answered the page's POST. */
async function startFromMenu(page: Page, item: Locator): Promise<string> {
  const posted = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname.endsWith("/exports"),
  );
  await item.click();
  const response = await posted;
  expect(response.status()).toBe(202);
  return ((await response.json()) as { job: { id: string } }).job.id;
}

async function openExportMenu(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^Export/ }).click();
  await expect(page.getByRole("menu")).toBeVisible();
}

test("a big export runs in the background: progress, still there after a reload, cancel", async ({
  page,
  browser,
  request,
}) => {
  // Slow pages keep the job running until the test cancels it, however fast the machine: a finished job has no Cancel.
  const slowPages = await addFault(request, {
    mode: "slow",
    delayMs: 1_500,
    batchId: "batch_big_100k",
    endpoint: "calls",
    callStatus: "completed",
  });
  try {
    await cancelABigExport(page, browser);
  } finally {
    await removeFault(request, slowPages);
  }
});

async function cancelABigExport(page: Page, browser: Browser): Promise<void> {
  await page.goto(`${bigPath}?status=completed`);
  await batchPageReady(page);
  await openExportMenu(page);
  const item = page.getByRole("menuitem", { name: /Export 93,091 completed calls \(CSV\)/ });
  await expect(item).toContainText("In the background · 931 Trillet requests");
  const jobId = await startFromMenu(page, item);
  const job = jobItem(page, jobId);
  await expect(job).toBeVisible();
  await expect(job).toContainText("Started by Alice Anders");
  const progress = job.getByRole("progressbar", { name: "Completed calls (CSV): rows written" });
  await expect(progress).toHaveAttribute("aria-valuetext", /^[\d,]+ of 93,091 rows$/, { timeout: 30_000 });
  await expect(job).toContainText(/left/);
  const written = async () => Number((await progress.getAttribute("aria-valuenow")) ?? 0);
  await expect.poll(written, { timeout: 30_000 }).toBeGreaterThan(0);

  // Closing the page does not stop the job, and a colleague opening the batch sees the same progress.
  await page.reload();
  await batchPageReady(page);
  await expect(jobItem(page, jobId).getByRole("progressbar")).toBeVisible();
  const colleague = await browser.newContext({ baseURL: appOrigin, storageState: storageStatePath("carol") });
  const carolPage = await colleague.newPage();
  await carolPage.goto(`${bigPath}?status=completed`);
  await expect(jobItem(carolPage, jobId).getByRole("progressbar")).toBeVisible();
  await expect(jobItem(carolPage, jobId)).toContainText("Started by Alice Anders");
  await colleague.close();

  mkdirSync("test-results/screenshots", { recursive: true });
  await exportsPanel(page).screenshot({ path: "test-results/screenshots/export-job-running.png" });
  const before = await written();
  await expect.poll(written, { timeout: 30_000 }).toBeGreaterThan(before);
  await jobItem(page, jobId).getByRole("button", { name: "Cancel" }).click();
  await expect(jobItem(page, jobId)).toContainText("Cancelled.");
  await expect(page.getByTestId("export-announcement")).toContainText("Export cancelled: Completed calls (CSV).");
  // What was written before the cancel stays downloadable, named as partial.
  const downloading = page.waitForEvent("download");
  await jobItem(page, jobId)
    .getByRole("link", { name: /Download the partial file/ })
    .click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^batch_big_100k-completed-\d{4}-\d\d-\d\d-partial\.csv$/);
  const rows = parse(await readFile((await download.path())!, "utf8"), { columns: true }) as Record<string, string>[];
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((row) => row.status === "completed")).toBe(true);
}

test("a finished background export is announced and downloads every row once", async ({ page }) => {
  await page.goto(`${bigPath}?status=failed`);
  await batchPageReady(page);
  await openExportMenu(page);
  const job = jobItem(
    page,
    await startFromMenu(page, page.getByRole("menuitem", { name: /Re-run CSV of 6,909 failed calls/ })),
  );
  await expect(page.getByTestId("export-announcement")).toContainText(
    "Export ready: Re-run file of failed calls, 6,909 rows. Download it from the exports list.",
    { timeout: 90_000 },
  );
  await expect(job).toContainText("6,909 rows");

  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).include('[aria-labelledby="exports-heading"]').analyze();
    expect(
      results.violations.map((violation) => violation.id),
      colorScheme,
    ).toEqual([]);
  }
  mkdirSync("test-results/screenshots", { recursive: true });
  await exportsPanel(page).screenshot({ path: "test-results/screenshots/export-job-done-dark.png" });

  const downloading = page.waitForEvent("download");
  await job.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^batch_big_100k-failed-rerun-\d{4}-\d\d-\d\d\.csv$/);
  const [header, ...rows] = parse(await readFile((await download.path())!, "utf8")) as string[][];
  expect(header![0]).toBe("phone_number");
  expect(rows).toHaveLength(6_909);
  expect(new Set(rows.map((row) => row[header!.indexOf("account_id")])).size).toBe(6_909);
});

test("a small export still downloads at once, with no job", async ({ page }) => {
  await page.goto(examplePath);
  await batchPageReady(page);
  await openExportMenu(page);
  const item = page.getByRole("menuitem", { name: /^Export 150 calls \(CSV\)/ });
  await expect(item).not.toContainText("In the background");
  const downloading = page.waitForEvent("download");
  await item.click();
  const download = await downloading;
  // Straight from the streamed export route, not a job's file.
  expect(new URL(download.url()).pathname).toBe("/api/w/acme/batches/batch_7891011121314/export");
  expect(download.suggestedFilename()).toMatch(/^batch_7891011121314-all-\d{4}-\d\d-\d\d\.csv$/);
});

test("past 1,000 rows the outcome columns run in the background too, and the menu counts the call-record requests", async ({
  page,
}) => {
  await page.goto(`${bigPath}?status=completed`);
  await batchPageReady(page);
  await openExportMenu(page);
  const item = page.getByRole("menuitem", { name: /With outcome, summary and recording link \(CSV\)/ });
  // 931 pages of completed calls, then 1,000 call-history pages for the batch's 100,000 finished calls.
  await expect(item).toContainText("In the background · 1,931 Trillet requests");
  const jobId = await startFromMenu(page, item);
  const job = jobItem(page, jobId);
  await expect(job).toContainText("Completed calls with outcomes (CSV)");
  await job.getByRole("button", { name: "Cancel" }).click();
  await expect(job).toContainText("Cancelled.");
});
