import { readFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";
import { batchPageReady, examplePath, exampleBatch } from "./support/e2e";
import { recordedRequests } from "./support/simulator";
import { expect, test } from "./support/test";

// Issue 25, the browser's side: operators start a batch from a CSV (review, confirmation, one start per confirmed
// form), re-run a batch's failed calls and cancel a batch; a member sees who can instead of a form. Other files use
// the same stack at once, so each check looks for its own label, workspace or batch, never for a global count.

const fixture = path.join(import.meta.dirname, "fixtures", "operator-contacts.csv");
const zone = "America/Chicago";
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const shots = process.env.E2E_SHOTS_DIR || "test-results/screenshots";
const tags = ["wcag2a", "wcag2aa", "wcag21aa"];

/** Tomorrow at `time` in the zone, as a datetime-local value (the browser runs in that zone). */
function tomorrowAt(time: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(new Date(Date.now() + 86_400_000))
    .slice(0, 10);
  return `${parts}T${time}`;
}

/** A CSV of n distinct valid numbers. */
function distinctContacts(n: number): string {
  const lines = ["phone_number,first_name"];
  for (let i = 0; i < n; i++)
    lines.push(`+1 212 ${String(200 + Math.floor(i / 100)).padStart(3, "0")} ${String(1000 + i).slice(-4)},P${i}`);
  return lines.join("\n");
}

async function axeClean(page: Page, what: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(tags).analyze();
    expect(results.passes.length).toBeGreaterThan(0);
    expect
      .soft(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
        `axe on ${what} (${colorScheme})`,
      )
      .toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function chooseAndSchedule(page: Page, agent: string, time: string): Promise<void> {
  await page.getByLabel("Agent").selectOption({ label: agent });
  await page.getByRole("radio", { name: "At a date and time" }).check();
  await page.getByLabel(/^Start at/).fill(tomorrowAt(time));
}

test.describe("as alice (acme operator)", () => {
  test.use({ storageState: storageStatePath("alice"), timezoneId: zone });

  test("starts a batch from a CSV through review and confirmation, and lands on its page", async ({ page }) => {
    test.setTimeout(120_000);
    const label = `Renewals ${unique()}`;
    await page.goto("/w/acme");
    await page.getByRole("link", { name: "New batch" }).click();
    await expect(page.getByRole("heading", { name: "New batch" })).toBeVisible();
    await page.getByLabel("Contacts CSV").setInputFiles(fixture);

    // No phone_number column: "Phone" is offered, not used silently.
    const offer = page.getByRole("button", { name: "Use “Phone” as phone_number" });
    await expect(offer).toBeVisible();
    await offer.click();

    const summary = page.getByTestId("intake-summary");
    await expect(summary).toContainText("Rows in the file5");
    await expect(summary).toContainText("Calls to place3");
    await expect(summary).toContainText("Invalid rows1");
    await expect(summary).toContainText("Duplicates removed1");
    await expect(page.getByText("semicolon-separated")).toBeVisible();

    // The rows exactly as sent, as text: the formula is a value, and no link was made of it.
    const preview = page.getByTestId("preview-table");
    await expect(preview.locator("thead")).toHaveText("phone_numberfirst_namenote");
    await expect(preview.locator("tbody tr")).toHaveCount(3);
    await expect(preview.locator("tbody tr").nth(0)).toContainText("+12015550123");
    await expect(preview.locator("tbody tr").nth(1)).toContainText('=HYPERLINK("http://evil.test","x")');
    await expect(preview.getByRole("link")).toHaveCount(0);

    // The invalid rows: listed with their row number and reason, and downloadable.
    await page.getByText("1 invalid row is left out").click();
    await expect(page.getByRole("region", { name: "Invalid rows" })).toContainText("5Not a phone numbernot a phone");
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the invalid rows (CSV)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("operator-contacts-invalid-rows.csv");
    expect(await readFile(await download.path(), "utf8")).toBe(
      "row,reason,phone_number\r\n5,Not a phone number,not a phone\r\n",
    );

    await page.getByLabel(/^Label/).fill(label);
    // A time in the past is refused before anything is sent.
    await page.getByLabel("Agent").selectOption({ label: "Renewals v3" });
    await page.getByRole("radio", { name: "At a date and time" }).check();
    await page.getByLabel(/^Start at/).fill("2020-01-01T09:00");
    await page.getByRole("button", { name: "Review and confirm…" }).click();
    await expect(page.getByText("That time has passed. Choose a time in the future.")).toBeVisible();
    await page.getByLabel(/^Start at/).fill(tomorrowAt("09:00"));
    await expect(page.getByText(/09:00 America\/Chicago is 1[45]:00 UTC\./)).toBeVisible();
    if (shots) {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `${shots}/H4-review-${width}.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 720 });
    }
    await page.getByRole("button", { name: "Review and confirm…" }).click();

    const statement = page.getByTestId("confirm-statement");
    await expect(statement).toHaveText(
      /^3 calls with agent “Renewals v3”, starting [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} 09:00 America\/Chicago, 1[45]:00 UTC\.$/,
    );
    await expect(page.getByRole("heading", { name: "Confirm" })).toBeFocused();
    if (shots) {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `${shots}/H4-confirm-${width}.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 720 });
    }
    await page.getByRole("button", { name: "Start 3 calls" }).click();

    await expect(page).toHaveURL(/\/w\/acme\/batches\/batch_sim_[a-z0-9_]+$/);
    await batchPageReady(page);
    await expect(page.getByTestId("summary-total")).toContainText("3");
    // The workspace's list holds it under its label.
    await page.goto(`/w/acme?q=${encodeURIComponent(label)}`);
    await expect(page.getByRole("link", { name: label, exact: true })).toBeVisible();
  });

  test("the new-batch page and its confirmation step are accessible in light and dark, and fit 375 px", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto("/w/acme/batches/new");
    await page.getByLabel("Contacts CSV").setInputFiles({
      name: "small.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(distinctContacts(5)),
    });
    await expect(page.getByTestId("intake-summary")).toContainText("Calls to place5");
    await axeClean(page, "new batch review");
    await chooseAndSchedule(page, "Appointment reminders", "10:00");
    await page.getByRole("button", { name: "Review and confirm…" }).click();
    await expect(page.getByTestId("confirm-step")).toBeVisible();
    await axeClean(page, "confirmation step");
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  test("refuses a file that is not CSV text, and one with no valid row, before anything is sent", async ({ page }) => {
    await page.goto("/w/acme/batches/new");
    await page.getByLabel("Contacts CSV").setInputFiles({
      name: "sheet.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
    });
    await expect(page.getByRole("alert").filter({ hasText: "sheet.xlsx" })).toContainText(
      "zip archive (or an Excel .xlsx file)",
    );
    await page.getByLabel("Contacts CSV").setInputFiles({
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("phone_number\nnope\n12\n"),
    });
    await expect(page.getByRole("alert").filter({ hasText: "bad.csv" })).toContainText(
      "None of the 2 rows has a valid phone number.",
    );
    await expect(page.getByRole("button", { name: "Review and confirm…" })).toHaveCount(0);
  });

  test("cancels a batch with more than 100 waiting calls after typing its label", async ({ page }) => {
    test.setTimeout(120_000);
    const label = `Cancel me ${unique()}`;
    await page.goto("/w/acme/batches/new");
    await page.getByLabel("Contacts CSV").setInputFiles({
      name: "big.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(distinctContacts(150)),
    });
    await expect(page.getByTestId("intake-summary")).toContainText("Calls to place150");
    await page.getByLabel(/^Label/).fill(label);
    await chooseAndSchedule(page, "Renewals v3", "11:00");
    await page.getByRole("button", { name: "Review and confirm…" }).click();
    await page.getByRole("button", { name: "Start 150 calls" }).click();
    await expect(page).toHaveURL(/\/w\/acme\/batches\/batch_sim_[a-z0-9_]+$/);
    const batchId = page.url().split("/").pop()!;
    await batchPageReady(page);

    await page.getByRole("button", { name: "Cancel batch…" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel this batch?" });
    await expect(dialog).toContainText("150 waiting calls are cancelled and will not be placed.");
    await expect(dialog).toContainText("0 active calls finish as usual");
    await expect(dialog).toContainText("It cannot be undone");
    await axeClean(page, "cancel dialog");
    const confirm = dialog.getByRole("button", { name: "Cancel the batch" });
    await expect(confirm).toBeDisabled();
    const typed = dialog.getByLabel(/^Type the batch's label or id to confirm/);
    await typed.fill("something else");
    await expect(confirm).toBeDisabled();
    await typed.fill(label);
    await confirm.click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("cancelled-by")).toContainText(
      /^Cancelled by Alice Anders at .+: Trillet counted 0 completed, 0 failed and 150 cancelled of 150 calls\.$/,
    );
    await expect(page.getByRole("button", { name: "Cancel batch…" })).toHaveCount(0);
    // The record is the team's: the workspace's list shows the batch as cancelled.
    await page.goto(`/w/acme?q=${encodeURIComponent(label)}`);
    await expect(
      page.getByRole("region", { name: "The team's batches" }).getByRole("listitem").filter({ hasText: batchId }),
    ).toContainText(/cancelled/i);
  });

  test("re-runs a batch's failed calls, leaving one error kind out, and the two pages link each other", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto(examplePath);
    await batchPageReady(page);
    await page.getByRole("link", { name: /^Re-run \d+ failed calls…$/ }).click();
    await expect(page.getByRole("heading", { name: "Re-run failed calls" })).toBeVisible();
    const kinds = page.getByRole("group", { name: /failed calls? in batch batch_7891011121314, by error/ });
    await expect(kinds).toBeVisible();
    const boxes = kinds.getByRole("checkbox");
    const count = await boxes.count();
    expect(count).toBeGreaterThan(1);
    // Leave "Number busy" out (call_124's error): the review counts one call fewer.
    await kinds.getByRole("checkbox", { name: /^Number busy/ }).uncheck();
    await kinds.getByRole("button", { name: /^Review \d+ calls? to re-run$/ }).click();
    await expect(page.getByTestId("intake-summary")).toBeVisible();
    await chooseAndSchedule(page, "Renewals v3", "12:00");
    await page.getByRole("button", { name: "Review and confirm…" }).click();
    await expect(page.getByTestId("confirm-step")).toContainText(`A re-run of batch ${exampleBatch}`);
    await page.getByTestId("confirm-start").click();
    await expect(page).toHaveURL(/\/w\/acme\/batches\/batch_sim_[a-z0-9_]+$/);
    const child = page.url().split("/").pop()!;
    await batchPageReady(page);
    await expect(page.getByTestId("batch-operations")).toContainText(`Re-run of ${exampleBatch}`);
    await page.getByRole("link", { name: exampleBatch }).click();
    await batchPageReady(page);
    await expect(page.getByTestId("batch-operations").getByRole("link", { name: child })).toBeVisible();
  });
});

test.describe("as bob (globex operator)", () => {
  test.use({ storageState: storageStatePath("bob"), timezoneId: zone });

  test("a double click on confirm starts one batch (one POST reaches Trillet)", async ({ page, request }) => {
    test.setTimeout(90_000);
    await page.goto("/w/globex/batches/new");
    await page.getByLabel("Contacts CSV").setInputFiles({
      name: "twice.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(distinctContacts(4)),
    });
    await expect(page.getByTestId("intake-summary")).toContainText("Calls to place4");
    await chooseAndSchedule(page, "Globex outbound", "10:30");
    await page.getByRole("button", { name: "Review and confirm…" }).click();
    const since = Date.now();
    const posts: string[] = [];
    page.on("request", (sent) => {
      if (sent.method() === "POST" && sent.url().endsWith("/api/w/globex/batches")) {
        posts.push(sent.headers()["idempotency-key"] ?? "");
      }
    });
    await page.getByTestId("confirm-start").dblclick();
    await expect(page).toHaveURL(/\/w\/globex\/batches\/batch_sim_[a-z0-9_]+$/);
    const creates = (await recordedRequests(request, since)).filter(
      (r) => r.method === "POST" && r.path === "/v1/api/batch-calls" && r.workspaceId === "ws_globex",
    );
    expect(creates).toHaveLength(1);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(posts).size).toBe(1);
  });
});

test.describe("as carol (acme member, not an operator)", () => {
  test.use({ storageState: storageStatePath("carol") });

  test("sees who can start batches instead of a form, and no cancel or re-run on a batch", async ({ page }) => {
    await page.goto("/w/acme/batches/new");
    await expect(page.getByTestId("who-can-operate")).toContainText(
      "Only the workspace's operators can start batches: alice@acme.test.",
    );
    await expect(page.getByLabel("Contacts CSV")).toHaveCount(0);
    await page.goto("/w/acme");
    await expect(page.getByRole("link", { name: "New batch" })).toHaveCount(0);
    await page.goto(examplePath);
    await batchPageReady(page);
    await expect(page.getByTestId("batch-operations").getByTestId("who-can-operate")).toContainText("alice@acme.test");
    await expect(page.getByRole("button", { name: "Cancel batch…" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Re-run/ })).toHaveCount(0);
  });
});
