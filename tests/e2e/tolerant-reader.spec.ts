import { readFile } from "node:fs/promises";
import { expect, test } from "./support/test";
import { parse } from "csv-parse/sync";
import { storageStatePath } from "./support/accounts";
import { batchPageReady, callRows, callsTable, calls, statusTab } from "./support/e2e";

// Hardening issue, item A: a reply beyond Trillet's docs (batch_additive in the simulator: new
// fields at every level, a "voicemail" status, metadata of every JSON type, two unreadable calls)
// still gives a working batch page, API and export.

test.use({ storageState: storageStatePath("alice") });
test.describe.configure({ timeout: 90_000 });

const additive = "batch_additive";
const additivePath = `/w/acme/batches/${additive}`;

test("the calls API answers 200 for a reply beyond the docs", async ({ request }) => {
  const response = await request.get(calls("acme", additive));
  expect(response.status()).toBe(200);
  const body = (await response.json()) as {
    calls: { jobId: string; status: string; unreadable?: string; metadata: Record<string, unknown> }[];
    summary: Record<string, number>;
  };
  expect(body.calls).toHaveLength(7);
  expect(body.calls.filter((call) => call.unreadable !== undefined)).toHaveLength(2);
  expect(body.calls.map((call) => call.status)).toContain("voicemail");
  expect(body.summary).toEqual({ total: 7, waiting: 0, active: 0, completed: 3, failed: 2 });
  for (const call of body.calls) for (const value of Object.values(call.metadata)) expect(typeof value).toBe("string");
});

test("the batch page renders it: an undocumented status, other statuses counted, unreadable rows, JSON metadata", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(additivePath);
  await batchPageReady(page);

  // The summary keeps its documented counters and says what they leave out.
  await expect(page.getByTestId("summary-total")).toHaveText("7");
  await expect(page.getByTestId("summary-completed")).toHaveText("3");
  await expect(page.getByTestId("summary-failed")).toHaveText("2");
  await expect(page.getByTestId("summary-other")).toContainText("2 calls in other statuses");
  await expect(page.getByRole("progressbar", { name: "Calls finished" })).toHaveAttribute(
    "aria-valuetext",
    /5 of 7 calls finished, 2 in other statuses/,
  );
  // The tabs stay the documented ones.
  await expect(page.getByRole("navigation", { name: "Filter calls by status" }).getByRole("link")).toHaveText([
    /^All/,
    /^Waiting/,
    /^Active/,
    /^Completed/,
    /^Failed/,
  ]);
  await expect(statusTab(page, "All")).toContainText("7");

  // "voicemail" on its own neutral badge, as Trillet sent it.
  const voicemail = callRows(page).filter({ hasText: "call_add_002" }).locator("td:nth-child(3) span");
  await expect(voicemail).toHaveText("voicemail");
  await expect(voicemail).toHaveAttribute("data-status", "other");

  // Five readable rows, two unreadable ones that say so, nothing of their phone number or metadata.
  await expect(callRows(page)).toHaveCount(5);
  const unreadable = callsTable(page).locator("tbody tr[data-unreadable]");
  await expect(unreadable).toHaveCount(2);
  await expect(unreadable.first()).toContainText("Unreadable row");
  await expect(unreadable.first()).toContainText("jobId missing");
  await expect(unreadable.nth(1)).toContainText("call_add_004");
  await expect(unreadable.nth(1)).toContainText("phone_number is not text");
  await expect(callsTable(page)).not.toContainText("Nobody");
  await expect(callsTable(page)).not.toContainText("Olga");

  // Metadata of every JSON type, as text.
  const ada = callRows(page).filter({ hasText: "call_add_001" });
  for (const text of ["36", "true", "-12.5", '["math","poetry"]', '{"city":"London","zip":"W1"}']) {
    await expect(ada.getByText(text, { exact: true })).toBeVisible();
  }
  await expect(callsTable(page).getByRole("columnheader", { name: "address" })).toBeVisible();

  // The dialog shows them the same way.
  await ada.click();
  const dialog = page.getByRole("dialog", { name: "Call details" });
  await expect(dialog.getByText('{"city":"London","zip":"W1"}', { exact: true })).toBeVisible();
  await expect(dialog.getByText('["math","poetry"]', { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await callRows(page).filter({ hasText: "call_add_002" }).click();
  await expect(dialog.getByText("voicemail", { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");

  expect(errors).toEqual([]);
});

test("its CSV export carries JSON metadata as compact JSON and the unreadable rows as such", async ({ page }) => {
  await page.goto(additivePath);
  await batchPageReady(page);
  await page.getByRole("button", { name: /^Export/ }).click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: /^Export 7 calls \(CSV\)/ }).click();
  const download = await downloading;
  const text = await readFile((await download.path())!, "utf8");
  const [header, ...rows] = parse(text) as string[][];
  const column = (name: string) => header!.indexOf(name);
  const row = (jobId: string) => rows.find((cells) => cells[0] === jobId)!;
  expect(rows).toHaveLength(7);
  expect(row("call_add_001")[column("address")]).toBe('{"city":"London","zip":"W1"}');
  expect(row("call_add_001")[column("tags")]).toBe('["math","poetry"]');
  expect(row("call_add_001")[column("age")]).toBe("36");
  expect(row("call_add_001")[column("vip")]).toBe("true");
  expect(row("call_add_005")[column("nested")]).toBe('{"deep":{"list":[1,"two",null,{"three":3}]}}');
  expect(row("call_add_002")[column("status")]).toBe("voicemail");
  expect(row("call_add_004")[column("error")]).toBe("(unreadable row: phone_number is not text)");
  expect(row("call_add_004")[column("phone_number")]).toBe("");
  expect(text).not.toContain("Olga");
});
