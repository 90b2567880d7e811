import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";
import { asUser, batchPageReady } from "./support/e2e";
import { expect, test } from "./support/test";

// Issue 27: follow-ups, the team's work queue. Calls of batch_finished_2k (every call finished, with a name); each
// test takes its own calls, and a retry takes others, so a follow-up left open by an earlier attempt never skips.

const batch = "batch_finished_2k";
const jobFor = (base: number, retry: number) => `call_${1_000_001 + base + retry}`;
const shots = process.env.E2E_SHOTS_DIR || "test-results/screenshots";

/** Carol opens the workspace once, so she is one of its people, and alice's forms can offer her. */
async function carolIsOnePerson(page: Page, browser: Browser): Promise<void> {
  await asUser(browser, "carol", async (carol) => {
    await carol.goto("/w/acme/follow-ups");
    await expect(carol.getByRole("heading", { name: "Follow-ups", level: 1 })).toBeVisible();
  });
  await expect
    .poll(async () => JSON.stringify(await (await page.request.get("/api/w/acme/follow-ups/people")).json()))
    .toContain("Carol Chen");
}

async function createFor(page: Page, jobId: string, body: Record<string, unknown> = {}): Promise<number> {
  const response = await page.request.post("/api/w/acme/follow-ups", {
    data: { batchId: batch, jobIds: [jobId], ...body },
  });
  expect(response.status()).toBe(201);
  const created = (await response.json()) as { created: { id: number }[] };
  return created.created[0]!.id;
}

test.describe("follow-ups", () => {
  test.use({ storageState: storageStatePath("alice") });

  test("alice assigns a call to carol; carol sees it as hers and completes it; alice sees it done, with history", async ({
    page,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const jobId = jobFor(0, testInfo.retry);
    await carolIsOnePerson(page, browser);

    await page.goto(`/w/acme/batches/${batch}?call=${jobId}`);
    await batchPageReady(page);
    const dialog = page.getByRole("dialog", { name: "Call details" });
    const section = dialog.getByRole("region", { name: "Follow-up" });
    await section.getByRole("button", { name: "Follow up this call" }).click();
    await section.getByRole("combobox", { name: "Assignee" }).selectOption({ label: "Carol Chen" });
    await section.getByLabel("Due date").fill("2026-12-09");
    await section.getByRole("textbox", { name: "Note", exact: true }).fill("Asked for a callback after 5 pm");
    await section.getByRole("button", { name: "Create follow-up" }).click();
    await expect(section.getByRole("status").filter({ hasText: "1 follow-up created." })).toBeVisible();
    await expect(section.getByText("Carol Chen · Dec 9, 2026")).toBeVisible();

    const contact = await asUser(browser, "carol", async (carol) => {
      await carol.goto("/w/acme/follow-ups");
      await expect(carol.getByRole("link", { name: /^Follow-ups: \d+ open assigned to me$/ })).toBeVisible();
      await carol.getByRole("link", { name: /^Follow-ups: \d+ open assigned to me$/ }).click();
      await expect(carol).toHaveURL(/\/w\/acme\/follow-ups\?who=mine$/);
      await expect(carol.getByRole("combobox", { name: "Assigned to" })).toHaveValue("mine");
      const row = carol.getByRole("listitem").filter({ hasText: "Asked for a callback after 5 pm" });
      await expect(row).toContainText("Carol Chen");
      const name = (await row.getByRole("link").first().textContent())!.trim();
      await row.getByRole("link").first().click();
      await expect(carol.getByRole("heading", { name, level: 1 })).toBeVisible();
      await carol.getByRole("textbox", { name: "Closing note (optional)" }).fill("Booked for Thursday");
      await carol.getByRole("button", { name: "Mark done" }).click();
      await expect(carol.getByRole("status").filter({ hasText: "Marked done." })).toBeVisible();
      await expect(carol.getByRole("button", { name: "Reopen" })).toBeVisible();
      return name;
    });

    await page.goto(`/w/acme/follow-ups?state=done&batch=${batch}`);
    const row = page.getByRole("listitem").filter({ hasText: "Asked for a callback after 5 pm" });
    await expect(row).toContainText("Done");
    await row.getByRole("link", { name: contact }).click();
    const history = page.getByRole("list", { name: "History" });
    await expect(history.getByRole("listitem").first()).toContainText("Alice Anders created it");
    await expect(history).toContainText("Assignee: Carol Chen");
    await expect(history).toContainText("Carol Chen changed it");
    await expect(history).toContainText("State: Open → Done");
    await expect(history).toContainText("Closing note: — → Booked for Thursday");
  });

  test("two people change the same follow-up: the second sees who changed it and the new values, and decides", async ({
    page,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    await carolIsOnePerson(page, browser);
    const id = await createFor(page, jobFor(10, testInfo.retry), { note: "Check the invoice" });
    await page.goto(`/w/acme/follow-ups/${id}`);
    await expect(page.getByRole("textbox", { name: "Note", exact: true })).toHaveValue("Check the invoice");

    // Carol, in her own browser, changes it first.
    await asUser(browser, "carol", async (carol) => {
      await carol.goto(`/w/acme/follow-ups/${id}`);
      await carol.getByRole("textbox", { name: "Note", exact: true }).fill("Invoice resent by Carol");
      await carol.getByRole("combobox", { name: "Assignee" }).selectOption({ label: "Carol Chen" });
      await carol.getByRole("button", { name: "Save changes" }).click();
      await expect(carol.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    });

    // Alice still holds the version she opened.
    await page.getByLabel("Due date").fill("2026-12-15");
    await page.getByRole("button", { name: "Save changes" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "changed this follow-up" });
    await expect(alert).toContainText("Carol Chen changed this follow-up since you opened it. Nothing was saved");
    await expect(alert).toContainText("Invoice resent by Carol");
    await expect(alert).toContainText("Carol Chen");
    await page.screenshot({ path: `${shots}/follow-up-conflict.png`, fullPage: true });
    const unchanged = await page.request.get(`/api/w/acme/follow-ups/${id}`);
    expect(unchanged.headers()["etag"]).toBe('"v2"');
    expect(await unchanged.json()).toMatchObject({ followUp: { dueOn: null, note: "Invoice resent by Carol" } });

    await alert.getByRole("button", { name: "Save mine over theirs" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Your changes were saved over theirs." })).toBeVisible();
    const saved = await page.request.get(`/api/w/acme/follow-ups/${id}`);
    expect(saved.headers()["etag"]).toBe('"v3"');
    // Only the field alice changed was sent: carol's note stays.
    expect(await saved.json()).toMatchObject({ followUp: { dueOn: "2026-12-15", note: "Invoice resent by Carol" } });
  });

  test("bob of globex cannot see or change acme's follow-ups", async ({ page, browser }, testInfo) => {
    const id = await createFor(page, jobFor(20, testInfo.retry), { note: "acme only" });
    await asUser(browser, "bob", async (bob) => {
      expect((await bob.goto("/w/acme/follow-ups"))?.status()).toBe(404);
      expect((await bob.request.get(`/api/w/acme/follow-ups/${id}`)).status()).toBe(404);
      expect((await bob.request.get(`/api/w/globex/follow-ups/${id}`)).status()).toBe(404);
      const change = await bob.request.patch(`/api/w/globex/follow-ups/${id}`, {
        data: { note: "bob was here" },
        headers: { "if-match": '"v1"' },
      });
      expect(change.status()).toBe(404);
      const create = await bob.request.post("/api/w/globex/follow-ups", {
        data: { batchId: batch, jobIds: ["call_1000001"] },
      });
      expect(create.status()).toBe(404);
      await bob.goto("/w/globex/follow-ups?state=all");
      await expect(bob.getByRole("heading", { name: "Follow-ups", level: 1 })).toBeVisible();
      await expect(bob.getByText("acme only")).toHaveCount(0);
    });
    expect(await (await page.request.get(`/api/w/acme/follow-ups/${id}`)).json()).toMatchObject({
      followUp: { note: "acme only", version: 1 },
    });
  });

  test("the queue and a follow-up are axe-clean in light and dark, and fit 375 px", async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await createFor(page, jobFor(30, testInfo.retry), { note: "Overdue one", dueOn: "2026-01-05" });
    const id = await createFor(page, jobFor(40, testInfo.retry), { note: "Due later", dueOn: "2027-01-05" });
    for (const path of ["/w/acme/follow-ups?state=all", `/w/acme/follow-ups/${id}`]) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        expect(results.violations.map((violation) => `${path} ${colorScheme}: ${violation.id}`)).toEqual([]);
      }
      await page.emulateMedia({ colorScheme: "light" });
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} at 375 px`).toBeLessThanOrEqual(375);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/w/acme/follow-ups?batch=${batch}&overdue=1`);
    await expect(page.getByRole("listitem").filter({ hasText: "Overdue one" })).toContainText("Overdue");
    await expect(page.getByText("Due later")).toHaveCount(0);
    await page.goto(`/w/acme/follow-ups?batch=${batch}&state=all`);
    await page.screenshot({ path: `${shots}/follow-ups-queue.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${shots}/follow-ups-queue-375.png`, fullPage: true });
  });
});
