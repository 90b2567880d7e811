import { mkdirSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { storageStatePath } from "./support/accounts";
import {
  appOrigin,
  batchPageReady,
  callRows,
  callsTable,
  examplePath,
  exampleBatch,
  firstJobId,
  hydrated,
  setLiveElapsed,
  showFailureReasons,
  statusTab,
} from "./support/e2e";

// Issue 4: the batch page, as alice (acme).

test.use({ storageState: storageStatePath("alice") });
// Many steps per test, on a 2-core machine shared with other work; no step asserts a duration.
test.describe.configure({ timeout: 90_000 });

const summary = (page: Page, key: "total" | "waiting" | "active" | "completed" | "failed") =>
  page.getByTestId(`summary-${key}`);
const statusCells = (page: Page) => callRows(page).locator("td:nth-child(3)"); // after the selection checkbox and the job id

test("the docs' example batch shows the documented counts", async ({ page }) => {
  await page.goto(examplePath);
  await expect(page.getByRole("heading", { level: 1, name: exampleBatch })).toBeVisible();
  await expect(summary(page, "total")).toHaveText("150");
  await expect(summary(page, "waiting")).toHaveText("45");
  await expect(summary(page, "active")).toHaveText("5");
  await expect(summary(page, "completed")).toHaveText("95");
  await expect(summary(page, "failed")).toHaveText("5");
  await expect(page.getByRole("progressbar", { name: "Calls finished" })).toHaveAttribute(
    "aria-valuetext",
    /100 of 150 calls finished/,
  );
  await expect(page.getByTestId("range")).toHaveText("1–20 of 150 calls");
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 8");
  await expect(callRows(page)).toHaveCount(20);
  await expect(statusTab(page, "All")).toHaveAttribute("aria-current", "page");
});

// A text mismatch at hydration (e.g. "updated Ns ago" computed from the clock) makes React
// re-render the whole page in the browser (error #418) and drop clicks made meanwhile.
test("the batch page hydrates without a React error", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(examplePath);
  await batchPageReady(page);
  expect(errors).toEqual([]);
});

const tabs = [
  { label: "Waiting", status: "waiting", count: 45, rows: 20 },
  { label: "Active", status: "active", count: 5, rows: 5 },
  { label: "Completed", status: "completed", count: 95, rows: 20 },
  { label: "Failed", status: "failed", count: 5, rows: 5 },
] as const;

test("each status tab filters the calls and puts the status in the URL", async ({ page }) => {
  await page.goto(examplePath);
  await batchPageReady(page);
  await expect(summary(page, "total")).toHaveText("150");
  for (const tab of tabs) {
    await expect(statusTab(page, tab.label)).toContainText(String(tab.count));
    await statusTab(page, tab.label).click();
    await expect(page).toHaveURL(`${appOrigin}${examplePath}?status=${tab.status}`);
    await expect(statusTab(page, tab.label)).toHaveAttribute("aria-current", "page");
    await expect(statusTab(page, "All")).not.toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("range")).toHaveText(`1–${tab.rows} of ${tab.count} calls`);
    await expect(statusCells(page)).toHaveText(Array<string>(tab.rows).fill(tab.label));
  }
  await statusTab(page, "All").click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}`);
  await expect(page.getByTestId("range")).toHaveText("1–20 of 150 calls");
});

test("switching tab goes back to page 1", async ({ page }) => {
  await page.goto(`${examplePath}?page=3`);
  await batchPageReady(page);
  await expect(page.getByTestId("page-of")).toHaveText("Page 3 of 8");
  await statusTab(page, "Completed").click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?status=completed`);
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 5");
  await expect(page.getByTestId("range")).toHaveText("1–20 of 95 calls");
});

test("pagination: next, last, previous, first, page size; back and forward restore the view", async ({ page }) => {
  await page.goto(examplePath);
  await batchPageReady(page);
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 8");
  const nav = page.getByRole("navigation", { name: "Pagination" });
  // On page 1 "First" and "Previous" are not links.
  await expect(nav.getByRole("link", { name: "First page" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Previous page" })).toHaveCount(0);
  const page1 = await firstJobId(page);

  await nav.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?page=2`);
  await expect(page.getByTestId("page-of")).toHaveText("Page 2 of 8");
  await expect(page.getByTestId("range")).toHaveText("21–40 of 150 calls");
  await expect(callRows(page).first()).not.toHaveAttribute("data-job-id", page1);
  const page2 = await firstJobId(page);

  await nav.getByRole("link", { name: "Last page" }).click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?page=8`);
  await expect(page.getByTestId("page-of")).toHaveText("Page 8 of 8");
  await expect(page.getByTestId("range")).toHaveText("141–150 of 150 calls");
  await expect(callRows(page)).toHaveCount(10);
  await expect(nav.getByRole("link", { name: "Next page" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Last page" })).toHaveCount(0);
  const page8 = await firstJobId(page);
  expect(new Set([page1, page2, page8]).size).toBe(3);

  await nav.getByRole("link", { name: "Previous page" }).click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?page=7`);
  await expect(page.getByTestId("page-of")).toHaveText("Page 7 of 8");
  await expect(callRows(page).first()).not.toHaveAttribute("data-job-id", page8);
  const page7 = await firstJobId(page);

  await nav.getByRole("link", { name: "First page" }).click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}`);
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 8");
  await expect(callRows(page).first()).toHaveAttribute("data-job-id", page1);

  await page.getByLabel("Rows per page").selectOption("50");
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?limit=50`);
  await expect(callRows(page)).toHaveCount(50);
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 3");
  await expect(page.getByTestId("range")).toHaveText("1–50 of 150 calls");

  await page.goBack();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}`);
  await expect(callRows(page)).toHaveCount(20);
  await expect(page.getByLabel("Rows per page")).toHaveValue("20");
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 8");

  await page.goBack();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?page=7`);
  await expect(page.getByTestId("page-of")).toHaveText("Page 7 of 8");
  await expect(callRows(page).first()).toHaveAttribute("data-job-id", page7);

  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?limit=50`);
  await expect(callRows(page)).toHaveCount(50);
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 3");
});

test("a reload and a pasted URL reproduce the view", async ({ page, context }) => {
  await page.goto(examplePath);
  await batchPageReady(page);
  await statusTab(page, "Completed").click();
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 5");
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?status=completed&page=2`);
  await expect(page.getByTestId("range")).toHaveText("21–40 of 95 calls");
  const url = page.url();
  const first = await firstJobId(page);

  const expectSameView = async (target: Page) => {
    await expect(target).toHaveURL(url);
    await expect(statusTab(target, "Completed")).toHaveAttribute("aria-current", "page");
    await expect(target.getByTestId("page-of")).toHaveText("Page 2 of 5");
    await expect(target.getByTestId("range")).toHaveText("21–40 of 95 calls");
    await expect(callRows(target).first()).toHaveAttribute("data-job-id", first);
    await expect(statusCells(target)).toHaveText(Array<string>(20).fill("Completed"));
  };

  await page.reload();
  await expectSameView(page);

  const pasted = await context.newPage();
  await pasted.goto(url);
  await expectSameView(pasted);
  await pasted.close();
});

const livePath = "/w/acme/batches/batch_live_acme";
type Marked = { __sameDocument?: boolean };

/** Jumps the live clock and checks the counts move with no reload, then finish and polling stops. */
async function expectLiveUpdatesThenFinish(page: Page, request: APIRequestContext): Promise<void> {
  const before = (await summary(page, "completed").textContent()) ?? "";
  const waitingBefore = (await summary(page, "waiting").textContent()) ?? "";
  await page.evaluate(() => ((window as Marked).__sameDocument = true));
  // The live dot pulses once when the data changes, then idles: an endless animation repaints every frame.
  const dot = page.getByTestId("freshness").locator("[aria-hidden=true]");
  expect(await dot.evaluate((element) => getComputedStyle(element).animationIterationCount)).toBe("1");
  await dot.evaluate((element) => ((element as Element & Marked).__sameDocument = true));

  await setLiveElapsed(request, 12_000);
  await expect(summary(page, "completed")).not.toHaveText(before, { timeout: 15_000 });
  await expect(summary(page, "waiting")).not.toHaveText(waitingBefore);
  expect(await page.evaluate(() => (window as Marked).__sameDocument)).toBe(true);
  // A new dot, so a new pulse.
  expect(await dot.evaluate((element) => (element as Element & Marked).__sameDocument)).toBeUndefined();

  await setLiveElapsed(request, 25_000);
  await expect(page.getByTestId("freshness")).toContainText("Finished", { timeout: 15_000 });
  await expect(summary(page, "waiting")).toHaveText("0");
  await expect(summary(page, "active")).toHaveText("0");
  const completed = Number(await summary(page, "completed").textContent());
  const failed = Number(await summary(page, "failed").textContent());
  expect(completed + failed).toBe(60);
  expect(await page.evaluate(() => (window as Marked).__sameDocument)).toBe(true);

  const polls: string[] = [];
  page.on("request", (req) => {
    if (req.url().includes("/api/w/acme/batches/batch_live_acme/calls")) polls.push(req.url());
  });
  // Absence over a window longer than two poll intervals (3 s each): there is no event to wait for.
  await page.waitForTimeout(7_000);
  expect(polls).toEqual([]);
}

/**
 * Sets the live clock back to a moment the batch is still running. The server may still answer from
 * its few seconds of cache with the batch the previous test finished, so this waits until it answers
 * live: the page then opens live.
 */
async function setLiveClockBack(request: APIRequestContext, elapsedMs: number, paused = false): Promise<void> {
  await setLiveElapsed(request, elapsedMs, paused);
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api${livePath}/calls?status=all&page=1&limit=20`);
        const { summary: counts } = (await response.json()) as { summary: { waiting: number; active: number } };
        return counts.waiting + counts.active;
      },
      { timeout: 10_000 },
    )
    .toBeGreaterThan(0);
}

// The live batch is used by this file only, so moving its clock does not disturb parallel tests.
test.describe("live batch", () => {
  test.describe.configure({ mode: "serial" });

  test("the failure panel that appears once calls fail still counts when it comes near the screen", async ({
    page,
    request,
  }) => {
    // Held before any call has ended: no failures, so no panel yet.
    await setLiveClockBack(request, 0, true);
    await page.goto(livePath);
    await batchPageReady(page);
    const heading = page.getByRole("heading", { name: "Why calls failed" });
    await expect(heading).toHaveCount(0);
    await setLiveElapsed(request, 25_000);
    await expect(page.getByTestId("freshness")).toContainText("Finished", { timeout: 15_000 });
    expect(Number(await summary(page, "failed").textContent())).toBeGreaterThan(0);
    await showFailureReasons(page);
  });

  // Opened directly, polling must start from the server's render alone (no view change, no focus event).
  test("opened directly, a live batch updates without a reload and stops polling when finished", async ({
    page,
    request,
  }) => {
    await setLiveClockBack(request, 2_000);
    await page.goto(livePath);
    await batchPageReady(page);
    await expect(summary(page, "total")).toHaveText("60");
    await expect(page.getByTestId("freshness")).toContainText("Live");
    await expectLiveUpdatesThenFinish(page, request);
  });

  test("after a view change, a live batch updates without a reload and stops polling when finished", async ({
    page,
    request,
  }) => {
    await setLiveClockBack(request, 2_000);
    await page.goto(`${livePath}?status=waiting`);
    await batchPageReady(page);
    await expect(page.getByTestId("freshness")).toContainText("Live");
    await statusTab(page, "All").click();
    await expect(page).toHaveURL(`${appOrigin}${livePath}`);
    await expect(summary(page, "total")).toHaveText("60");
    await expectLiveUpdatesThenFinish(page, request);
  });
});

test("a poll that changes nothing still moves 'updated … ago' back to now", async ({ page }) => {
  // The docs' example batch has waiting calls, so it polls every 3 s, and its data never changes.
  await page.goto(examplePath);
  await batchPageReady(page);
  const freshness = page.getByTestId("freshness");
  await expect(freshness).toContainText(/updated [2-9]s ago/, { timeout: 15_000 });
  await expect(freshness).toContainText(/updated [01]s ago/, { timeout: 15_000 });
});

test("the call dialog: opens by click and by Enter, shows the call, Esc closes it and drops ?call=", async ({
  page,
}) => {
  await page.goto(examplePath);
  await batchPageReady(page);
  const dialog = page.getByRole("dialog", { name: "Call details" });
  await callRows(page).and(page.locator('[data-job-id="call_123"]')).click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?call=call_123`);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading", { name: "Call details" })).toBeVisible();
  await expect(dialog).toContainText("call_123");
  await expect(dialog).toContainText("+1234567890");
  for (const key of ["first_name", "last_name", "email"])
    await expect(dialog.getByText(key, { exact: true })).toBeVisible();
  await expect(dialog.getByText("john.doe@example.com")).toBeVisible();

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}`);

  // Each call's job id is a real link: the row's Tab stop.
  await callRows(page).and(page.locator('[data-job-id="call_124"]')).getByRole("link", { name: "call_124" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?call=call_124`);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("call_124");
  await expect(dialog).toContainText("Number busy");
  await expect(dialog.getByText("jane.smith@example.com")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}`);

  // Back re-opens it (the open call is part of the URL).
  await page.goBack();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?call=call_124`);
  await expect(dialog).toBeVisible();
});

// The dialog has no Radix trigger: closing it must still return focus to the row that opened it.
test("closing the call dialog with Esc returns focus to the row that opened it", async ({ page }) => {
  await page.goto(examplePath);
  await batchPageReady(page);
  const dialog = page.getByRole("dialog", { name: "Call details" });
  const row123 = callRows(page).and(page.locator('[data-job-id="call_123"]'));
  await row123.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // Focus goes to the row's link (its Tab stop).
  await expect(row123.getByRole("link", { name: "call_123" })).toBeFocused();

  const link124 = callRows(page).and(page.locator('[data-job-id="call_124"]')).getByRole("link", { name: "call_124" });
  await link124.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(link124).toBeFocused();
});

test("a ?call= link opens the dialog directly", async ({ page }) => {
  const dialog = page.getByRole("dialog", { name: "Call details" });
  await page.goto(`${examplePath}?status=failed&call=call_124`);
  // The dialog is rendered in a portal, so only once the page has hydrated.
  await batchPageReady(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("call_124");
  await expect(dialog).toContainText("Number busy");
  await expect(dialog.getByText("Jane", { exact: true })).toBeVisible();
  await dialog.getByRole("button", { name: "Close call details" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?status=failed`);

  await page.goto(`${examplePath}?call=call_124`);
  await batchPageReady(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("+1987654321");
});

test("hostile CSV values are shown as text, never run", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await page.goto("/w/acme/batches/batch_hostile?limit=50");
  await batchPageReady(page);
  await expect(summary(page, "total")).toHaveText("40");
  await expect(callRows(page)).toHaveCount(40);
  const table = callsTable(page);
  await expect(table.getByText("<img src=x onerror=alert(1)>", { exact: true })).toBeVisible();
  await expect(table.getByText("<script>alert(1)</script>", { exact: true })).toBeVisible();
  await expect(table.getByText('=HYPERLINK("http://evil.test","click")', { exact: true })).toBeVisible();
  await expect(table.getByText(/^=HYPERLINK\(/).first()).toBeVisible();

  // Open the row with the markup in its name: the dialog shows it as text too.
  await callRows(page).filter({ hasText: "<img src=x onerror=alert(1)>" }).click();
  const dialog = page.getByRole("dialog", { name: "Call details" });
  await expect(dialog.getByText("<img src=x onerror=alert(1)>", { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await callRows(page).filter({ hasText: '=HYPERLINK("http://evil.test","click")' }).click();
  await expect(dialog.getByText('=HYPERLINK("http://evil.test","Call back")')).toBeVisible();
  await page.keyboard.press("Escape");

  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.locator("script:not([src])", { hasText: "alert(" })).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test("home: open a batch by id and by pasted link; 'Opened by me' keeps them on the server, for any browser", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  const input = page.getByLabel("Batch id or link");
  const openButton = page.getByRole("button", { name: "Open batch" });
  await hydrated(openButton);

  await input.fill(exampleBatch);
  await openButton.click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}`);
  await expect(summary(page, "total")).toHaveText("150");

  await page.goto("/");
  await hydrated(openButton);
  await input.fill("https://batch-console.example.com/w/acme/batches/batch_hostile?status=failed");
  await openButton.click();
  await expect(page).toHaveURL(`${appOrigin}/w/acme/batches/batch_hostile?status=failed`);
  await expect(statusTab(page, "Failed")).toHaveAttribute("aria-current", "page");
  await expect(summary(page, "total")).toHaveText("40");

  // Another browser of alice's (nothing in its storage) lists both: the list lives on the server. Other tests open
  // batches as alice at the same time, so the check is that both are there, not their order.
  const laptop = await browser.newContext({ storageState: storageStatePath("alice"), baseURL: appOrigin });
  try {
    const other = await laptop.newPage();
    await other.goto("/");
    const mine = other.getByRole("region", { name: "Opened by me" });
    await expect(mine.getByRole("link", { name: /batch_hostile/ })).toBeVisible();
    await mine.getByRole("link", { name: new RegExp(exampleBatch) }).click();
    await expect(other).toHaveURL(`${appOrigin}${examplePath}`);
    await expect(summary(other, "total")).toHaveText("150");
  } finally {
    await laptop.close();
  }

  await page.goto("/");
  await hydrated(openButton);
  // A link into a workspace alice cannot open is refused on the spot.
  await input.fill(`${appOrigin}/w/globex/batches/batch_globex_q3`);
  await openButton.click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "That link belongs to a workspace you cannot open.",
  );
  await expect(page).toHaveURL(`${appOrigin}/`);
});

test("the columns menu hides a CSV column, and the choice survives a reload", async ({ page }) => {
  await page.goto(examplePath);
  await batchPageReady(page);
  const table = callsTable(page);
  await expect(table.getByRole("columnheader", { name: "email" })).toBeVisible();
  await page.getByRole("button", { name: "Columns" }).click();
  const email = page.getByRole("menuitemcheckbox", { name: "email" });
  await expect(email).toHaveAttribute("aria-checked", "true");
  await email.click();
  await expect(email).toHaveAttribute("aria-checked", "false");
  await page.keyboard.press("Escape");
  await expect(table.getByRole("columnheader", { name: "email" })).toHaveCount(0);
  await expect(table.getByRole("columnheader", { name: "first_name" })).toBeVisible();

  await page.reload();
  await batchPageReady(page);
  await expect(table.getByRole("columnheader", { name: "first_name" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "email" })).toHaveCount(0);
  await page.getByRole("button", { name: "Columns" }).click();
  await expect(page.getByRole("menuitemcheckbox", { name: "email" })).toHaveAttribute("aria-checked", "false");
});

test("Copy link puts the view's URL on the clipboard and says so", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: appOrigin });
  await page.goto(`${examplePath}?status=failed`);
  await batchPageReady(page);
  await expect(page.getByTestId("range")).toHaveText("1–5 of 5 calls");
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Link copied. Anyone in this workspace can open it.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${appOrigin}${examplePath}?status=failed`);
});

test("failure reasons are counted only once the panel is near the screen, then list each reason's calls", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const failureReads: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.endsWith("/failures")) failureReads.push(request.url());
  });
  await page.goto(examplePath);
  await batchPageReady(page);
  // The panel is below the table: nothing spends Trillet budget on it until someone scrolls there.
  await page.waitForLoadState("networkidle");
  expect(failureReads).toEqual([]);
  await expect(page.getByTestId("failures-scope")).toHaveCount(0);

  await showFailureReasons(page);
  await expect(page.getByTestId("failures-scope")).toHaveText("All 5 failed calls, by reason.");
  expect(failureReads).toHaveLength(1);

  const reasons = page.getByRole("table", { name: /^Failure reasons/ });
  const firstReason = reasons.getByRole("row").nth(1);
  const reasonButton = firstReason.getByRole("button");
  const reason = (await reasonButton.textContent())!;
  const count = Number(await firstReason.getByRole("cell").first().textContent());
  await reasonButton.click();
  await expect(reasonButton).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("list", { name: `Calls that failed with ${reason}` }).getByRole("listitem")).toHaveCount(
    count,
  );
  await reasonButton.click();
  await expect(page.getByRole("list", { name: `Calls that failed with ${reason}` })).toHaveCount(0);
});

test("screenshots: 1280 px light, 375 px phone, dark", async ({ page }, testInfo) => {
  mkdirSync("test-results/screenshots", { recursive: true });
  const shoot = async (name: string) => {
    await batchPageReady(page);
    await expect(summary(page, "total")).toHaveText("150");
    await showFailureReasons(page);
    const path = `test-results/screenshots/batch-${name}.png`;
    const body = await page.screenshot({ path, fullPage: true, animations: "disabled" });
    await testInfo.attach(`batch-${name}`, { body, contentType: "image/png" });
  };

  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(examplePath);
  await shoot("light");
  const lightBackground = await page.locator("body").evaluate((body) => getComputedStyle(body).backgroundColor);

  // Layout is CSS only, so resizing and switching the scheme in place render what a fresh load would.
  await page.setViewportSize({ width: 375, height: 812 });
  await shoot("phone");
  // The page itself never scrolls sideways on a phone (the table scrolls inside its own box).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveJSProperty("className", "system");
  await expect(page.locator("body")).not.toHaveCSS("background-color", lightBackground);
  await shoot("dark");
});
