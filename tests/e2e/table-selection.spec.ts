import { mkdirSync, readFileSync } from "node:fs";
import type { Locator, Page, Route } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectAxeClean } from "./support/axe";
import { storageStatePath } from "./support/accounts";
import { appOrigin, batchPageReady, callRows, callsTable, examplePath, hydrated, statusTab } from "./support/e2e";

// Issue 28: the calls table on TanStack Table with row selection (desktop and phone "Select" mode),
// export of the selected calls. Issue 30 (items 6 and 8): each call a link, focus kept on a control,
// a page number field, dates on times past the batch's first day.

test.use({ storageState: storageStatePath("alice") });
test.describe.configure({ timeout: 120_000 });

const shots = process.env.E2E_SHOTS_DIR || "test-results/screenshots";
const status = (page: Page) => page.getByTestId("selection-status");
const rowBox = (page: Page, jobId: string) =>
  callRows(page)
    .and(page.locator(`[data-job-id="${jobId}"]`))
    .getByRole("checkbox", { name: `Select call ${jobId}` });
const pageBox = (page: Page) => callsTable(page).getByRole("checkbox", { name: "Select all calls on this page" });
const callsPoll = "**/api/w/acme/batches/batch_7891011121314/calls?**";

type Calls = {
  calls: { jobId: string; status: string }[];
  pagination: { total: number };
  summary: Record<string, number>;
};

/** Answers the page's next polls with Trillet's answer changed by `change` (a live refresh that brings news). */
async function changePolls(page: Page, change: (body: Calls) => void) {
  await page.route(callsPoll, async (route: Route) => {
    const response = await route.fetch();
    const body = (await response.json()) as Calls;
    change(body);
    await route.fulfill({ response, json: body });
  });
}

test("desktop: rows and the page are selected by checkbox; the count is announced; a live refresh keeps it, a filter change clears it", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(examplePath);
  await batchPageReady(page);
  await expect(status(page)).toHaveAttribute("aria-live", "polite");
  await expect(status(page)).toHaveText("");

  await rowBox(page, "call_123").check();
  await rowBox(page, "call_125").check();
  await expect(status(page)).toHaveText("2 calls selected");
  const bar = page.getByRole("region", { name: "Selected calls" });
  await expect(bar).toBeVisible();
  await expect(callRows(page).and(page.locator('[data-job-id="call_123"]'))).toHaveAttribute("data-selected", "true");
  // Some, not all: the page's checkbox is mixed.
  await expect.poll(() => pageBox(page).evaluate((box) => (box as HTMLInputElement).indeterminate)).toBe(true);

  // A live refresh that changes the data: the selection stays, by job id.
  await changePolls(page, (body) => {
    body.summary.failed = (body.summary.failed ?? 0) + 1;
    body.summary.completed = (body.summary.completed ?? 1) - 1;
  });
  await expect(page.getByTestId("summary-failed")).toHaveText("6", { timeout: 30_000 });
  await expect(rowBox(page, "call_123")).toBeChecked();
  await expect(rowBox(page, "call_125")).toBeChecked();
  await expect(status(page)).toHaveText("2 calls selected");
  await page.unroute(callsPoll);

  // The whole page, then another page: the selection is kept and says how much is elsewhere.
  await pageBox(page).check();
  const onPage = await callRows(page).count();
  await expect(status(page)).toHaveText(`${onPage} calls selected`);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/selection-1280-light.png` });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${shots}/selection-1280-dark.png` });
  await page.emulateMedia({ colorScheme: "light" });
  await expectAxeClean(page, "1280 px with a selection");

  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next page" }).click();
  await expect(page.getByTestId("page-of")).toHaveText(/^Page 2 of/);
  await expect(status(page)).toHaveText(`${onPage} calls selected (${onPage} on other pages)`);
  await expect(pageBox(page)).not.toBeChecked();

  // Another status tab is another list: nothing selected there, nor back on the first.
  await statusTab(page, "Completed").click();
  await expect(page).toHaveURL(/status=completed/);
  await expect(status(page)).toHaveText("");
  await expect(bar).toBeHidden();
  await expect(callsTable(page).getByRole("checkbox", { checked: true })).toHaveCount(0);
  await statusTab(page, "All").click();
  await expect(status(page)).toHaveText("");
});

test("Export the selected calls downloads a CSV of exactly those calls", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(examplePath);
  await batchPageReady(page);
  for (const id of ["call_124", "call_123", "call_126"]) await rowBox(page, id).check();
  const exportLink = page
    .getByRole("region", { name: "Selected calls" })
    .getByRole("link", { name: "Export the selected calls (CSV)" });
  const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
  const text = readFileSync((await download.path())!, "utf8");
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^jobId,/);
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["call_123", "call_124", "call_126"]);

  // The server checks the list itself: a bad id or too many are refused with the error shape.
  const bad = await page.request.get(`/api/w/acme/batches/batch_7891011121314/export?ids=call_1,../x`);
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  const many = Array.from({ length: 201 }, (_, index) => `call_${index}`).join(",");
  expect((await page.request.get(`/api/w/acme/batches/batch_7891011121314/export?ids=${many}`)).status()).toBe(400);
});

test("375 px: Select mode gives the cards the same selection", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(examplePath);
  const cards = page.getByRole("list", { name: /^Calls of batch/ });
  await expect(cards).toBeVisible();
  await batchPageReady(page);
  // The cards are still the server's: "Select" works there and brings them to life in Select mode.
  const select = page.getByRole("button", { name: "Select", exact: true });
  await select.click();
  await expect(page.getByRole("button", { name: "Done selecting" })).toHaveAttribute("aria-pressed", "true");
  // In Select mode a tap selects instead of opening the call.
  await cards.getByRole("checkbox", { name: "Select call call_123" }).click();
  await cards.locator('[data-select-job-id="call_124"]').click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}`);
  await expect(status(page)).toHaveText("2 calls selected");
  const bar = page.getByRole("region", { name: "Selected calls" });
  await expect(bar.getByRole("link", { name: "Export the selected calls (CSV)" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/selection-375-light.png` });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${shots}/selection-375-dark.png` });
  await page.emulateMedia({ colorScheme: "light" });
  await expectAxeClean(page, "375 px in Select mode");

  // Done: the cards are links again; the selection stays until cleared.
  await page.getByRole("button", { name: "Done selecting" }).click();
  await expect(cards.locator('a[data-job-id="call_125"]')).toBeVisible();
  await expect(status(page)).toHaveText("2 calls selected");
  await bar.getByRole("button", { name: "Clear selection" }).click();
  await expect(status(page)).toHaveText("");
});

test("the rows load as the server's HTML, not hydrated; a selection renders the view the screen shows, the other comes to life when the width changes", async ({
  page,
}) => {
  const isHydrated = (locator: Locator) =>
    locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps")));
  const cardsList = (options: { includeHidden?: boolean } = {}) =>
    page.getByRole("list", { name: /^Calls of batch/, ...options });
  const hiddenTable = () => page.getByRole("table", { name: /^Calls of batch/, includeHidden: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(examplePath);
  await batchPageReady(page);
  // Neither view is hydrated: the table is the server's HTML, and so are the cards CSS hides.
  expect(await isHydrated(callsTable(page))).toBe(false);
  expect(await isHydrated(cardsList({ includeHidden: true }))).toBe(false);
  // A checkbox of the server's table selects, keeps focus, and brings the table to life (the cards stay as they were).
  await rowBox(page, "call_123").check();
  await expect(status(page)).toHaveText("1 call selected");
  await hydrated(callsTable(page));
  await expect(rowBox(page, "call_123")).toBeChecked();
  await expect(rowBox(page, "call_123")).toBeFocused();
  await expect(callRows(page).and(page.locator('[data-job-id="call_123"]'))).toHaveAttribute("data-selected", "true");
  expect(await isHydrated(cardsList({ includeHidden: true }))).toBe(false);

  // Narrower: the cards come to life, with the same selection.
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(cardsList()).toBeVisible();
  await hydrated(cardsList());
  await page.getByRole("button", { name: "Select", exact: true }).click();
  await expect(cardsList().getByRole("checkbox", { name: "Select call call_123" })).toBeChecked();
  await expect(status(page)).toHaveText("1 call selected");

  // A phone from the start: neither view hydrated; "Select" brings the cards to life, a wider window the table.
  await page.goto(examplePath);
  await batchPageReady(page);
  expect(await isHydrated(cardsList())).toBe(false);
  expect(await isHydrated(hiddenTable())).toBe(false);
  await page.getByRole("button", { name: "Select", exact: true }).click();
  await hydrated(cardsList());
  await expect(page.getByRole("button", { name: "Done selecting" })).toBeFocused();
  expect(await isHydrated(hiddenTable())).toBe(false);
  await page.setViewportSize({ width: 1280, height: 900 });
  await hydrated(callsTable(page));
  await rowBox(page, "call_124").check();
  await expect(status(page)).toHaveText("1 call selected");
});

test("a batch opened from the home page (a client-side navigation: no server HTML to keep) shows its rows, which work", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  const input = page.getByLabel("Batch id or link");
  await hydrated(input);
  await input.fill("batch_7891011121314");
  await page.getByRole("button", { name: "Open batch" }).click();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}`);
  await batchPageReady(page);
  await expect(callRows(page)).toHaveCount(20);
  await rowBox(page, "call_125").check();
  await expect(status(page)).toHaveText("1 call selected");
  await callRows(page).getByRole("link", { name: "call_124" }).click();
  await expect(page.getByRole("dialog", { name: "Call details" })).toContainText("Number busy");
});

test.describe("in another time zone", () => {
  test.use({ timezoneId: "Asia/Kolkata" });

  test("the server's rows show the viewer's time once the page is idle, still not hydrated", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(examplePath);
    await batchPageReady(page);
    const started = callRows(page).first().locator("time").first();
    await expect(started).toHaveAttribute("title", /UTC\+05:30$/);
    const iso = (await started.getAttribute("datetime"))!;
    const local = new Date(Date.parse(iso) + 330 * 60_000).toISOString().slice(11, 19);
    await expect(started).toHaveText(new RegExp(`${local}$`));
    expect(
      await callsTable(page).evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps"))),
    ).toBe(false);
  });
});

test("keyboard: each call is one link, not a focusable row; Next and Last keep focus on a control; a page number field jumps", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(examplePath);
  await batchPageReady(page);
  await expect(callsTable(page).locator("tr[tabindex]")).toHaveCount(0);
  const link = callRows(page).first().getByRole("link");
  await expect(link).toHaveAttribute("href", /\?call=call_/);

  const pager = page.getByRole("navigation", { name: "Pagination" });
  const field = pager.getByLabel("Go to page");
  await field.fill("7");
  await field.press("Enter");
  await expect(page.getByTestId("page-of")).toHaveText("Page 7 of 8");
  await expect(page).toHaveURL(/page=7/);

  await pager.getByRole("link", { name: "Next page" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("page-of")).toHaveText("Page 8 of 8");
  await expect(field).toBeFocused();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);

  await field.fill("1");
  await field.press("Enter");
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 8");
  await pager.getByRole("link", { name: "Last page" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("page-of")).toHaveText("Page 8 of 8");
  await expect(field).toBeFocused();

  await field.fill("nine");
  await field.press("Enter");
  await expect(pager.getByRole("alert")).toHaveText("Enter a page number from 1 to 8.");
  await expect(page.getByTestId("page-of")).toHaveText("Page 8 of 8");
});

test("keyboard: when the focused call leaves a live tab, focus goes to the call now in its place", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${examplePath}?status=failed`);
  await batchPageReady(page);
  const links = callRows(page).getByRole("link");
  await expect(links).toHaveCount(5);
  const leaving = (await links.nth(1).textContent())!;
  const next = (await links.nth(2).textContent())!;
  await links.nth(1).focus();
  await changePolls(page, (body) => {
    body.calls = body.calls.filter((call) => call.jobId !== leaving);
    body.pagination.total -= 1;
  });
  await expect(links).toHaveCount(4, { timeout: 30_000 });
  await expect(callRows(page).getByRole("link", { name: next })).toBeFocused();
});

test("times show the date on a later day than the batch's first (the 100,000-call batch spans two)", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const started = (row: number) => callRows(page).nth(row).locator("td").nth(4);
  await page.goto("/w/acme/batches/batch_big_100k");
  await batchPageReady(page);
  await expect(started(0)).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
  await page.goto("/w/acme/batches/batch_big_100k?page=5000");
  await batchPageReady(page);
  await expect(started(0)).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
});
