import { storageStatePath } from "./support/accounts";
import { asUser, batchPageReady } from "./support/e2e";
import { expect, test } from "./support/test";
import { expectAxeClean } from "./support/axe";

// Issue 26: the workspace's do-not-call list (operators change it, members read it, other workspaces never see it)
// and the review's server checks. Other files share the stack and acme's list, so each test uses numbers of its own
// (a random exchange per attempt) and looks only for them.

const shots = process.env.E2E_SHOTS_DIR || "test-results/screenshots";
const zone = "America/Chicago";

/** Ten numbers in one area code, unique to this attempt: +1 <area> <exchange> 01nn. */
function numbersOf(area: string, count = 10): string[] {
  const exchange = String(200 + Math.floor(Math.random() * 700));
  return Array.from({ length: count }, (_, index) => `+1${area}${exchange}${String(100 + index).padStart(4, "0")}`);
}

/** Tomorrow at `time` in the browser's zone, as a datetime-local value. */
function tomorrowAt(time: string): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(new Date(Date.now() + 86_400_000))
    .slice(0, 10);
  return `${day}T${time}`;
}

test.describe("the do-not-call list", () => {
  test.use({ storageState: storageStatePath("alice") });

  test("an operator adds, imports, exports and removes numbers; each change is in the activity", async ({ page }) => {
    test.setTimeout(120_000);
    const [typed] = numbersOf("617", 1);
    const imported = numbersOf("617", 3);
    await page.goto("/w/acme/do-not-call");
    await expect(page.getByRole("heading", { name: "Do-not-call list", level: 1 })).toBeVisible();

    const add = page.getByRole("form", { name: "Add a number" });
    await add.getByLabel("Phone number").fill(typed!.replace("+1", "").replace(/(\d{3})(\d{3})(\d{4})/, "($1) $2-$3"));
    await add.getByLabel("Note (optional)").fill("Asked by email");
    await add.getByRole("button", { name: "Add" }).click();
    await expect(add.getByText(`${typed} added.`)).toBeVisible();
    const typedRow = page.getByRole("row").filter({ hasText: typed! });
    await expect(typedRow).toContainText("Added by hand");
    await expect(typedRow).toContainText("Asked by email");

    const importForm = page.getByRole("form", { name: "Import a CSV" });
    const optOuts = {
      name: "opt-outs.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        `name;Phone\nA;${imported[0]}\nB;not a number\nC;${imported[1]}\nD;${imported[2]}\nE;${imported[0]}\n`,
      ),
    };
    await importForm.getByLabel(/CSV file/).setInputFiles(optOuts);
    await importForm.getByRole("button", { name: "Import" }).click();
    // The batch intake's question, then the answer with the column chosen.
    await expect(importForm.getByText("Use “Phone” as phone_number?")).toBeVisible();
    await importForm.getByLabel(/CSV file/).setInputFiles(optOuts);
    await importForm.getByRole("button", { name: "Import" }).click();
    await expect(
      importForm.getByText("5 rows read: 3 added, 0 already listed, 1 invalid, 1 duplicates."),
    ).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: imported[2]! })).toContainText("Imported from opt-outs.csv");

    const exported = await page.request.get("/api/w/acme/do-not-call?format=csv");
    expect(exported.status()).toBe(200);
    const text = await exported.text();
    for (const number of [typed!, ...imported]) expect(text).toContain(`${number},`);

    await page.screenshot({ path: `${shots}/H6-do-not-call-1280.png`, fullPage: true });
    await expectAxeClean(page, "the do-not-call page (operator)");

    await typedRow.getByRole("button", { name: `Remove ${typed}` }).click();
    const removeForm = page.getByRole("form", { name: `Remove ${typed}` });
    await removeForm.getByLabel(`Why may ${typed} be called again?`).fill("Opted back in by email");
    await removeForm.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByRole("row").filter({ hasText: typed! })).toHaveCount(0);

    await page.goto("/w/acme/activity?action=dnc.remove");
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: `…${typed!.slice(-4)}` })
        .first(),
    ).toContainText("reason Opted back in by email");
    await page.goto("/w/acme/activity?action=dnc.import");
    await expect(
      page.getByRole("row").filter({ hasText: "Imported numbers to the do-not-call list" }).first(),
    ).toBeVisible();
  });

  test("at 375 px the page fits the screen", async ({ page }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 375, height: 800 });
    // With rows: an empty list fits any screen.
    const [number] = numbersOf("617", 1);
    expect((await page.request.post("/api/w/acme/do-not-call", { data: { number, reason: "manual" } })).status()).toBe(
      200,
    );
    await page.goto("/w/acme/do-not-call");
    await expect(page.getByRole("row").filter({ hasText: number! })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Do-not-call list", level: 1 })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${shots}/H6-do-not-call-375.png`, fullPage: true });
  });

  test("a member reads the list but cannot add (403, recorded); another workspace cannot see it", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const [number] = numbersOf("617", 1);
    expect((await page.request.post("/api/w/acme/do-not-call", { data: { number } })).status()).toBe(200);

    await asUser(browser, "carol", async (carol) => {
      await carol.goto("/w/acme/do-not-call");
      await expect(
        carol.getByText("Only the workspace's operators can add or remove numbers; ask one of them."),
      ).toBeVisible();
      await expect(carol.getByRole("form", { name: "Add a number" })).toHaveCount(0);
      await expect(carol.getByRole("button", { name: /^Remove / })).toHaveCount(0);
      const list = await carol.request.get(`/api/w/acme/do-not-call?q=${number!.slice(2)}`);
      expect(await list.json()).toMatchObject({ total: 1, canEdit: false });
      const refused = await carol.request.post("/api/w/acme/do-not-call", { data: { number: numbersOf("617", 1)[0] } });
      expect(refused.status()).toBe(403);
      const removal = await carol.request.delete(`/api/w/acme/do-not-call/${encodeURIComponent(number!)}`, {
        data: { reason: "I want to call them" },
      });
      expect(removal.status()).toBe(403);
      await expectAxeClean(carol, "the do-not-call page (member)");
    });

    await asUser(browser, "bob", async (bob) => {
      expect((await bob.request.get("/api/w/acme/do-not-call")).status()).toBe(404);
      const own = await bob.request.get(`/api/w/globex/do-not-call?q=${number!.slice(2)}`);
      expect(await own.json()).toMatchObject({ total: 0, entries: [] });
      expect((await bob.request.get("/api/w/globex/do-not-call?format=csv")).status()).toBe(200);
      expect(await (await bob.request.get("/api/w/globex/do-not-call?format=csv")).text()).not.toContain(number!);
      const response = await bob.goto("/w/acme/do-not-call");
      expect(response?.status()).toBe(404);
    });

    const cross = await page.request.post("/api/w/acme/do-not-call", {
      data: { number: numbersOf("617", 1)[0] },
      headers: { origin: "https://evil.example" },
    });
    expect(cross.status()).toBe(403);
  });
});

test.describe("the review's server checks", () => {
  test.use({ storageState: storageStatePath("alice"), timezoneId: zone });

  test("a file with listed numbers and three zones: listed numbers left out, a split plan, and Trillet gets the rest", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const newYork = numbersOf("212", 2);
    const chicago = numbersOf("312", 2);
    const losAngeles = numbersOf("310", 3);
    const listed = [newYork[1]!, losAngeles[2]!];
    for (const number of listed) {
      const added = await page.request.post("/api/w/acme/do-not-call", { data: { number, reason: "asked" } });
      expect(added.status()).toBe(200);
    }
    const all = [...newYork, ...chicago, ...losAngeles];
    await page.goto("/w/acme/batches/new");
    await page.getByLabel("Contacts CSV").setInputFiles({
      name: "three-zones.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`phone_number,first_name\n${all.map((number, index) => `${number},P${index}`).join("\n")}\n`),
    });
    const checks = page.getByTestId("server-checks");
    await expect(checks.getByTestId("dnc-removed")).toContainText(
      "2 numbers on the do-not-call list will be left out.",
    );

    // 07:00 in Chicago is 08:00 in New York and 05:00 in Los Angeles.
    await page.getByLabel("Agent").selectOption({ label: "Renewals v3" });
    await page.getByRole("radio", { name: "At a date and time" }).check();
    await page.getByLabel(/^Start at/).fill(tomorrowAt("07:00"));
    await page.getByRole("button", { name: "Review and confirm…" }).click();
    await expect(checks.getByTestId("hours-outside")).toContainText(
      "4 recipients of 5 would be called outside 08:00–21:00 in their own time zone.",
    );
    const plan = checks.getByTestId("split-plan");
    await expect(plan.getByRole("row")).toHaveCount(4);
    await expect(plan.getByRole("row").nth(1)).toContainText("1");
    await expect(plan.getByRole("row").nth(2)).toContainText("2");
    await expect(plan.getByRole("row").nth(3)).toContainText("2");
    await expect(checks.getByTestId("earliest-start")).toContainText("10:00");
    await page.screenshot({ path: `${shots}/H6-review-checks-1280.png`, fullPage: true });
    await expectAxeClean(page, "the review's server checks");

    // Without a choice the start is not offered: the server would refuse it.
    await expect(page.getByTestId("hours-needed")).toContainText("move the start, split the file, or give a reason");
    await expect(page.getByTestId("confirm-step")).toHaveCount(0);

    // Split: one batch per zone group, each at 08:00 in its own zone, listed together as parts of one run.
    await checks.getByRole("button", { name: "Split into 3 batches" }).click();
    await expect(checks.getByTestId("hours-choice")).toHaveText(
      "Chosen: 3 batches, one per zone group, each inside its own window.",
    );
    await page.getByRole("button", { name: "Review and confirm…" }).click();
    const parts = page.getByTestId("confirm-parts").getByRole("listitem");
    await expect(parts).toHaveCount(3);
    await expect(parts.nth(0)).toContainText(/^UTC−05:00: 1 call, starting .* 07:00 America\/Chicago/);
    await expect(parts.nth(1)).toContainText(/^UTC−06:00: 2 calls, starting .* 08:00 America\/Chicago/);
    await expect(parts.nth(2)).toContainText(/^UTC−08:00: 2 calls, starting .* 10:00 America\/Chicago/);
    await expect(page.getByTestId("confirm-do-not-call")).toHaveText("2 numbers on the do-not-call list left out.");
    await page.screenshot({ path: `${shots}/issue-26-split-confirm-1280.png`, fullPage: true });
    await page.getByRole("button", { name: "Start 3 batches (5 calls)" }).click();

    await expect(page).toHaveURL(/\/w\/acme\?run=[0-9a-f-]{36}$/);
    await expect(page.getByTestId("run-parts")).toBeVisible();
    const runList = page.getByRole("region", { name: "The team's batches" }).getByRole("listitem");
    await expect(runList).toHaveCount(3);
    for (const [index, group] of ["UTC−05:00", "UTC−06:00", "UTC−08:00"].entries()) {
      await expect(runList.nth(index)).toContainText(
        `Part ${index + 1} of 3 (${group}) of a run split by calling hours`,
      );
    }
    await page.screenshot({ path: `${shots}/issue-26-split-run-1280.png`, fullPage: true });
    await runList.nth(2).getByRole("link").first().click();
    await batchPageReady(page);
    await expect(page.getByTestId("run-part")).toContainText("Part 3 of 3 (UTC−08:00)");
    await expect(page.getByTestId("summary-total")).toContainText("2");
  });

  test("proceeding outside calling hours takes a typed reason, shown in the confirmation", async ({ page }) => {
    const [losAngeles] = numbersOf("310", 1);
    await page.goto("/w/acme/batches/new");
    await page.getByLabel("Contacts CSV").setInputFiles({
      name: "early.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`phone_number\n${losAngeles}\n`),
    });
    const checks = page.getByTestId("server-checks");
    await page.getByLabel("Agent").selectOption({ label: "Renewals v3" });
    await page.getByRole("radio", { name: "At a date and time" }).check();
    // 07:00 in Chicago is 05:00 in Los Angeles.
    await page.getByLabel(/^Start at/).fill(tomorrowAt("07:00"));
    await expect(checks.getByTestId("hours-outside")).toContainText("1 recipient of 1 would be called outside");
    await checks.getByLabel(/Or proceed anyway/).fill("Night-shift workers asked for early calls");
    await checks.getByRole("button", { name: "Proceed with this reason" }).click();
    await expect(checks.getByTestId("hours-choice")).toHaveText(
      "Chosen: proceed anyway, with the reason “Night-shift workers asked for early calls”.",
    );
    await page.getByRole("button", { name: "Review and confirm…" }).click();
    await expect(page.getByTestId("confirm-hours-override")).toHaveText(
      "Outside calling hours: 1 recipient outside their window, with your reason “Night-shift workers asked for early calls” (kept in the activity).",
    );
    await page.getByRole("button", { name: "Start 1 call" }).click();
    await expect(page).toHaveURL(/\/w\/acme\/batches\/batch_sim_[a-z0-9_]+$/);
    await batchPageReady(page);
    await expect(page.getByTestId("summary-total")).toContainText("1");
  });
});
