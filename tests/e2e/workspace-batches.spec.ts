import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";
import { appOrigin, batchPageReady, freshSignIn } from "./support/e2e";
import { expect, test } from "./support/test";

// Issue 24: the workspace's batches and activity, kept in the team's database (PostgreSQL in the e2e stack).
// Other files open batches in parallel, so every check here looks for its own label or batch, never for a count.

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function openBatch(page: Page, slug: string, batchId: string): Promise<void> {
  await page.goto(`/w/${slug}/batches/${batchId}`);
  await batchPageReady(page);
}

/** A batch in the workspace's list ("The team's batches" or "Hidden batches"), not in "Opened by me". */
const listItem = (page: Page, batchId: string) =>
  page
    .getByRole("region", { name: /batches$/ })
    .getByRole("listitem")
    .filter({ has: page.getByText(batchId, { exact: true }) });

test.describe("as alice (acme)", () => {
  test.use({ storageState: storageStatePath("alice") });

  test("a batch opened once is listed for the workspace: label it, find it, hide it and show it again", async ({
    page,
    browser,
  }) => {
    const label = `Renewals West ${unique()}`;
    await openBatch(page, "acme", "batch_empty");
    await page.goto("/w/acme?q=batch_empty");
    const item = listItem(page, "batch_empty");
    await expect(item).toContainText("Added by");
    await item.getByRole("button", { name: "Label batch_empty" }).click();
    await page.getByRole("textbox", { name: "Label for batch_empty" }).fill(label);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("link", { name: label, exact: true })).toBeVisible();

    // A colleague sees the same label and finds the batch by it.
    const carol = await browser.newContext({ storageState: storageStatePath("carol") });
    try {
      const carolPage = await carol.newPage();
      await carolPage.goto(`${appOrigin}/w/acme`);
      await carolPage.getByRole("textbox", { name: "Label or batch id" }).fill(label.toLowerCase());
      await carolPage.getByRole("button", { name: "Filter" }).click();
      await expect(carolPage).toHaveURL(/q=renewals/);
      await expect(carolPage.getByRole("link", { name: label, exact: true })).toBeVisible();
      await expect(carolPage.getByText("1 batch", { exact: true })).toBeVisible();
    } finally {
      await carol.close();
    }

    await page.goto(`/w/acme?q=${encodeURIComponent(label)}`);
    await listItem(page, "batch_empty").getByRole("button", { name: "Hide batch_empty" }).click();
    await expect(page.getByText("No batch matches this filter.")).toBeVisible();
    await page.goto(`/w/acme?hidden=1&q=${encodeURIComponent(label)}`);
    await expect(page.getByRole("heading", { name: "Hidden batches" })).toBeVisible();
    await listItem(page, "batch_empty").getByRole("button", { name: "Show batch_empty" }).click();
    await expect(page.getByText("No batch matches this filter.")).toBeVisible();
    await page.goto(`/w/acme?q=${encodeURIComponent(label)}`);
    await expect(page.getByRole("link", { name: label, exact: true })).toBeVisible();
  });

  test("the list and the activity page are axe-clean, and the home page shows what I opened", async ({ page }) => {
    await openBatch(page, "acme", "batch_hostile");
    await page.goto("/");
    const mine = page.getByRole("region", { name: "Opened by me" });
    await expect(mine.getByRole("link", { name: /batch_hostile/ })).toBeVisible();
    for (const path of ["/w/acme", "/w/acme/activity"]) {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(results.violations.map((violation) => `${path}: ${violation.id}`)).toEqual([]);
    }
  });

  test("the activity page says who opened a batch, filterable by batch and action", async ({ page }) => {
    await openBatch(page, "acme", "batch_additive");
    await expect
      .poll(
        async () => {
          await page.goto("/w/acme/activity?batch=batch_additive&action=batch.view");
          return page.getByRole("table", { name: "Activity, newest first" }).textContent();
        },
        { message: "the view reaches the activity table" },
      )
      .toContain("Opened the batch");
    const row = page.getByRole("row").filter({ hasText: "Opened the batch" }).first();
    await expect(row).toContainText("alice@acme.test");
    await expect(row.getByRole("link", { name: "batch_additive" })).toBeVisible();
  });

  test("a member's sign-out is in the activity of each workspace they can open", async ({ page, browser }) => {
    const { context, page: carolPage } = await freshSignIn(browser, "carol");
    try {
      await carolPage.goto("/");
      await carolPage.getByRole("button", { name: "Sign out" }).click();
      await expect(carolPage).toHaveURL(/\/signin\?signedOut=1/);
    } finally {
      await context.close();
    }
    await expect
      .poll(
        async () => {
          await page.goto("/w/acme/activity?action=signout");
          return page.getByRole("table", { name: "Activity, newest first" }).textContent();
        },
        { message: "the sign-out reaches acme's activity" },
      )
      .toContain("carol@acme.test");
    await expect(page.getByRole("row").filter({ hasText: "carol@acme.test" }).first()).toContainText("Signed out");
  });

  test("bad input is a 400 with the error shape and changes nothing; another site's PATCH is refused", async ({
    request,
  }) => {
    for (const query of ["?limit=abc", "?page=0", "?hidden=2", "?status=DROP%20TABLE", "?surprise=1"]) {
      const response = await request.get(`/api/w/acme/batches${query}`);
      expect(response.status(), query).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "bad_request" } });
    }
    const patch = (body: unknown, headers: Record<string, string> = {}) =>
      request.patch("/api/w/acme/batches/batch_empty", { data: body, headers: { origin: appOrigin, ...headers } });
    expect((await patch({ label: 12 })).status()).toBe(400);
    expect((await patch({ label: "x", hidden: true })).status()).toBe(400);
    expect((await patch({ label: "x".repeat(121) })).status()).toBe(400);
    expect((await patch({ hidden: true }, { origin: "https://evil.example" })).status()).toBe(403);
    const unknown = await request.patch("/api/w/acme/batches/batch_never_opened_here", {
      data: { label: "x" },
      headers: { origin: appOrigin },
    });
    expect(unknown.status()).toBe(404);
    expect((await request.get("/api/w/acme/batches/-x")).status()).toBe(400);
    expect((await request.get("/api/w/acme/batches/batch_never_opened_here")).status()).toBe(404);
    const one = await request.get("/api/w/acme/batches/batch_empty");
    expect(one.status()).toBe(200);
    expect(await one.json()).toMatchObject({ batch: { batchId: "batch_empty", hidden: false } });
    const list = await request.get("/api/w/acme/batches?q=batch_empty&hidden=1");
    expect(list.status()).toBe(200);
    expect(((await list.json()) as { batches: unknown[] }).batches).toEqual([]);
  });
});

test.describe("isolation", () => {
  test("a workspace's list and labels never answer another workspace's member", async ({ browser, playwright }) => {
    // carol opens batch_shared_number in both workspaces and labels only acme's.
    const carol = await browser.newContext({ storageState: storageStatePath("carol"), baseURL: appOrigin });
    const label = `acme only ${unique()}`;
    try {
      const page = await carol.newPage();
      await openBatch(page, "acme", "batch_shared_number");
      await openBatch(page, "globex", "batch_shared_number");
      const labelled = await carol.request.patch("/api/w/acme/batches/batch_shared_number", {
        data: { label },
        headers: { origin: appOrigin },
      });
      expect(labelled.status()).toBe(200);
      const globex = await carol.request.get("/api/w/globex/batches?q=batch_shared_number");
      const rows = ((await globex.json()) as { batches: { batchId: string; label: string | null }[] }).batches;
      expect(rows.map((row) => row.batchId)).toEqual(["batch_shared_number"]);
      expect(rows[0]!.label).not.toBe(label);
    } finally {
      await carol.close();
    }
    // bob is in globex only: acme's list and its batches are a 404, as if they did not exist.
    const bob = await playwright.request.newContext({ baseURL: appOrigin, storageState: storageStatePath("bob") });
    try {
      expect((await bob.get("/api/w/acme/batches")).status()).toBe(404);
      const guess = await bob.patch("/api/w/acme/batches/batch_shared_number", {
        data: { label: "bob was here" },
        headers: { origin: appOrigin },
      });
      expect(guess.status()).toBe(404);
      const own = await bob.get(`/api/w/globex/batches?q=${encodeURIComponent(label)}`);
      expect(((await own.json()) as { total: number }).total).toBe(0);
    } finally {
      await bob.dispose();
    }
  });
});
