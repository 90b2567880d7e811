import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectAxeClean } from "./support/axe";
import { callIdOf, hasNoRecord } from "../../dev/simulator/records/store";
import { exampleCalls } from "../../dev/simulator/seeds/example";
import { storageStatePath } from "./support/accounts";
import {
  appOrigin,
  batchPageReady,
  callRows,
  exampleBatch,
  examplePath,
  globexBatch,
  upstreamRequestsSince,
  type ApiErrorBody,
  type UpstreamRequest,
} from "./support/e2e";

// Issue 13: what happened on a call (transcript, recording, outcome) and finding a call, as alice (acme).

test.use({ storageState: storageStatePath("alice") });
test.describe.configure({ timeout: 90_000 });

const dialogOf = (page: Page) => page.getByRole("dialog", { name: "Call details" });
const audioOf = (page: Page) => dialogOf(page).getByTestId("call-audio");
const mediaState = (page: Page) =>
  audioOf(page).evaluate((element: HTMLAudioElement) => ({
    currentTime: element.currentTime,
    duration: element.duration,
    paused: element.paused,
    readyState: element.readyState,
  }));

/** Upstream requests a test caused: those naming its job, its call id, or its recording. */
function requestsFor(all: UpstreamRequest[], jobId: string): UpstreamRequest[] {
  const callId = callIdOf(exampleBatch, jobId);
  return all.filter(
    (entry) =>
      entry.path.endsWith(`/calls/${jobId}`) ||
      String(entry.query.callIds ?? "").includes(callId) ||
      entry.path.startsWith("/v2/api/recordings/"),
  );
}

async function openCall(page: Page, jobId: string): Promise<void> {
  await page.goto(`${examplePath}?call=${jobId}`);
  await batchPageReady(page);
  await expect(dialogOf(page)).toBeVisible();
  await expect(dialogOf(page).getByTestId("call-record")).toBeVisible();
}

test("a completed call shows its transcript and summary; the recording plays, and a turn seeks it", async ({
  page,
  request,
}, testInfo) => {
  const since = Date.now();
  await openCall(page, "call_125");
  const dialog = dialogOf(page);
  await expect(dialog).toContainText("Liam has moved to another practice");
  await expect(dialog.getByText("Outcome", { exact: true })).toBeVisible();
  await expect(dialog).toContainText("not interested");
  const turns = dialog.getByRole("list", { name: "Transcript" }).getByRole("listitem");
  await expect(turns).toHaveCount(5);
  await expect(turns.first()).toContainText("Agent");
  await expect(turns.nth(1)).toContainText("Customer");

  const opened = requestsFor(await upstreamRequestsSince(request, since), "call_125");
  const openCost = opened.filter((entry) => !entry.path.startsWith("/v2/api/recordings/")).length;
  expect(openCost, "opening a call costs at most 2 upstream requests").toBeLessThanOrEqual(2);

  // The audio comes from our route, never from the vendor's URL.
  const src = await audioOf(page).getAttribute("src");
  expect(src).toBe(`/api/w/acme/batches/${exampleBatch}/calls/call_125/recording`);
  await expect.poll(async () => (await mediaState(page)).duration, { message: "duration known" }).toBeCloseTo(39, 0);

  // Clicking a turn seeks there and plays (a click is the user gesture autoplay needs).
  const third = turns.nth(2).getByRole("button");
  await third.click();
  await expect.poll(async () => (await mediaState(page)).currentTime).toBeGreaterThanOrEqual(18.9);
  const afterSeek = (await mediaState(page)).currentTime;
  await expect
    .poll(async () => (await mediaState(page)).currentTime, { message: "currentTime advances while playing" })
    .toBeGreaterThan(afterSeek + 0.2);
  await turns.nth(0).getByRole("button").click();
  await expect.poll(async () => (await mediaState(page)).currentTime).toBeLessThan(5);

  const all = requestsFor(await upstreamRequestsSince(request, since), "call_125");
  const playCost = all.filter((entry) => entry.path.startsWith("/v2/api/recordings/")).length;
  await testInfo.attach("upstream-cost", {
    body: JSON.stringify({ open: openCost, play: playCost, requests: all.map((entry) => entry.rawUrl) }, null, 1),
    contentType: "application/json",
  });
  expect(playCost, "playing and seeking fetch the recording once").toBe(1);
});

test("the transcript's find box highlights matches and counts them", async ({ page }) => {
  await openCall(page, "call_125");
  const dialog = dialogOf(page);
  await dialog.getByLabel("Find in transcript").fill("practice");
  await expect(dialog.getByTestId("transcript-matches")).toHaveText("1 match");
  await expect(dialog.locator("mark")).toHaveText(["practice"]);
  await dialog.getByLabel("Find in transcript").fill("zzzz");
  await expect(dialog.getByTestId("transcript-matches")).toHaveText("0 matches");
  await expect(dialog.locator("mark")).toHaveCount(0);
});

for (const query of ["(415) 555-0134", "415-555-0134", "+14155550134"]) {
  test(`searching ${query} finds the call, with the search in the URL`, async ({ page }) => {
    await page.goto(examplePath);
    await batchPageReady(page);
    const search = page.getByRole("search", { name: "Find a call" });
    await search.getByRole("searchbox").fill(query);
    await search.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(`${appOrigin}${examplePath}?${new URLSearchParams({ q: query })}`);
    await expect(page.getByTestId("search-status")).toHaveText(
      /^1 call matches .* \(as a phone number\)\. Searched all 150 calls\./,
    );
    await expect(callRows(page)).toHaveCount(1);
    await expect(callRows(page).first()).toHaveAttribute("data-job-id", "call_125");
    // The shared link shows the same search.
    await page.reload();
    await batchPageReady(page);
    await expect(callRows(page)).toHaveCount(1);
    await page.getByRole("button", { name: "Clear search" }).click();
    await expect(page).toHaveURL(`${appOrigin}${examplePath}`);
    await expect(callRows(page)).toHaveCount(20);
  });
}

test("a forged recording or detail request for another workspace's job answers the same 404 as an unknown batch", async ({
  page,
}) => {
  const unknown = await page.request.get(`/api/w/acme/batches/batch_nope/calls/call_1/recording`);
  expect(unknown.status()).toBe(404);
  const unknownBody = (await unknown.json()) as ApiErrorBody;
  for (const path of [
    `/api/w/acme/batches/${globexBatch}/calls/call_gx_0001/recording`,
    `/api/w/globex/batches/${globexBatch}/calls/call_gx_0001/recording`,
    `/api/w/acme/batches/${globexBatch}/calls/call_gx_0001`,
    `/api/w/globex/batches/${globexBatch}/calls/call_gx_0001`,
  ]) {
    const response = await page.request.get(path, { headers: { "x-workspace-id": "ws_globex", range: "bytes=0-" } });
    expect(response.status(), path).toBe(404);
    expect(await response.json(), path).toEqual(unknownBody);
  }
});

test("the recording route serves byte ranges and answers 416 to a bad one", async ({ page }) => {
  const path = `/api/w/acme/batches/${exampleBatch}/calls/call_125/recording`;
  const part = await page.request.get(path, { headers: { range: "bytes=0-43" } });
  expect(part.status()).toBe(206);
  expect(part.headers()["content-range"]).toMatch(/^bytes 0-43\/\d+$/);
  expect(part.headers()["cache-control"]).toBe("no-store");
  expect((await part.body()).subarray(0, 4).toString("ascii")).toBe("RIFF");
  const bad = await page.request.get(path, { headers: { range: "bytes=99999999-" } });
  expect(bad.status()).toBe(416);
});

test("the call dialog is axe-clean in light and dark, and screenshots on desktop and at 375 px", async ({
  page,
}, testInfo) => {
  // axe's colour-contrast pass is CPU-bound: slow on a busy 2-core machine.
  test.setTimeout(240_000);
  mkdirSync("test-results/screenshots", { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openCall(page, "call_125");
  await expect.poll(async () => (await mediaState(page)).readyState).toBeGreaterThan(0);
  await dialogOf(page).getByLabel("Find in transcript").fill("practice");
  await expectAxeClean(page, "call dialog");
  // The dialog scrolls on its own: show the recording and the transcript with its highlighted match.
  await dialogOf(page)
    .getByRole("heading", { name: "Recording" })
    .evaluate((heading) => heading.scrollIntoView({ block: "start" }));
  const shoot = async (name: string) => {
    const path = `test-results/screenshots/call-dialog-${name}.png`;
    const body = await page.screenshot({ path, animations: "disabled" });
    await testInfo.attach(`call-dialog-${name}`, { body, contentType: "image/png" });
  };
  await page.emulateMedia({ colorScheme: "light" });
  await shoot("desktop-light");
  await page.emulateMedia({ colorScheme: "dark" });
  await shoot("desktop-dark");
  await page.setViewportSize({ width: 375, height: 812 });
  await page.emulateMedia({ colorScheme: "light" });
  await shoot("phone-light");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});

test("a completed call without a record says so instead of guessing", async ({ page }) => {
  const gap = exampleCalls().find((call) => call.status === "completed" && hasNoRecord(call.jobId))!.jobId;
  await openCall(page, gap);
  await expect(dialogOf(page).getByTestId("no-record")).toHaveText("No recording or transcript found for this call.");
  await expect(audioOf(page)).toHaveCount(0);
});

test("the Outcomes panel counts each outcome once near the screen, and lists its calls", async ({ page }) => {
  await page.goto(examplePath);
  await batchPageReady(page);
  await page.getByRole("heading", { name: "Outcomes" }).scrollIntoViewIfNeeded();
  await expect(page.getByTestId("outcomes-scope")).toContainText("call records Trillet holds for this batch");
  const table = page.getByRole("table", { name: /^Call outcomes/ });
  const first = table.getByRole("row").nth(1);
  const button = first.getByRole("button");
  const label = (await button.textContent())!;
  await button.click();
  const list = page.getByRole("list", { name: `Calls with outcome ${label}` });
  await expect(list.getByRole("listitem").first()).toBeVisible();
  await list.getByRole("link").first().click();
  await expect(dialogOf(page)).toBeVisible();
  await expect(page).toHaveURL(/[?&]call=/);
});
