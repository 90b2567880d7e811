import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { expect, test } from "./support/test";
import { storageStatePath, type DemoUser } from "./support/accounts";
import {
  appOrigin,
  batchPageReady,
  examplePath,
  freshSignIn,
  hydrated,
  showFailureReasons,
  signedOut,
  statusTab,
} from "./support/e2e";
import { signInThroughIdp } from "./support/sign-in";

// Issue 30: what a newcomer trips over. One test per item of the issue, named after it (item 6 is the table's, elsewhere).

const tags = ["wcag2a", "wcag2aa", "wcag21aa"];
const shots = process.env.E2E_SHOTS_DIR || "test-results/screenshots";
const dialog = (page: Page) => page.getByRole("dialog", { name: "Call details" });
const factLabels = ["Job id", "Status", "Phone", "Started", "Ended", "Duration", "Error"];

/** axe in light and dark with whatever is open now; every violation named in the failure. */
async function axeClean(page: Page, testInfo: TestInfo, state: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(tags).analyze();
    const summary = results.violations.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
    await testInfo.attach(`axe ${state} (${colorScheme})`, {
      body: JSON.stringify({ violations: summary, passes: results.passes.length }),
      contentType: "application/json",
    });
    expect(results.passes.length, "axe checked something").toBeGreaterThan(0);
    expect.soft(summary, `axe: ${state}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Screenshots at 320 and 1280 px, light and dark, of what `open` shows. */
async function shoot(page: Page, name: string, open: () => Promise<void>): Promise<void> {
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: width === 320 ? 720 : 900 });
    await open();
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: `${shots}/${name}-${width}-${colorScheme}.png` });
    }
    await page.emulateMedia({ colorScheme: "light" });
  }
}

const labelsIn = (scope: Locator) => scope.locator("dl").first().locator("dt").allInnerTexts();

async function openExportMenu(page: Page): Promise<Locator> {
  const trigger = page.getByRole("button", { name: /^Export/ });
  await hydrated(trigger);
  await trigger.click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  return menu;
}

test.describe("as alice (acme)", () => {
  test.use({ storageState: storageStatePath("alice") });

  test("1. the call dialog shows the same sections when the call is not on the current page", async ({ page }) => {
    test.setTimeout(150_000);
    // From a row of the page: the reference.
    await page.goto(`${examplePath}?call=call_124`);
    await batchPageReady(page);
    await expect(dialog(page)).toContainText("Number busy");
    expect(await labelsIn(dialog(page))).toEqual(factLabels);

    // A waiting call on page 5, by link: the same facts, its CSV row, copy buttons, no "not among the rows".
    for (const [jobId, name, email] of [
      ["call_216", "Zoë", "zoe.rossi@example.net"],
      ["call_143", "Yusuf", "yusuf.okafor@example.com"],
    ] as const) {
      await page.goto(`${examplePath}?call=${jobId}`);
      await batchPageReady(page);
      const opened = dialog(page);
      await expect(opened.getByTestId("call-contact")).toContainText(email);
      await expect(opened.getByTestId("call-contact")).toContainText(name);
      expect(await labelsIn(opened)).toEqual(factLabels);
      await expect(opened.getByRole("button", { name: "Copy job id" })).toBeVisible();
      await expect(opened.getByRole("button", { name: "Copy phone number" })).toBeVisible();
      await expect(opened).not.toContainText("not among the rows shown");
    }
    // call_143 finished: its ended time is there, as for a row of the page.
    await expect(
      dialog(page)
        .locator("dd")
        .filter({ has: page.locator("time") }),
    ).toHaveCount(2);

    // From the Outcomes list: call_143 is listed under its outcome, and opens with the same sections.
    await page.goto(examplePath);
    await batchPageReady(page);
    await page.getByRole("heading", { name: "Outcomes" }).scrollIntoViewIfNeeded();
    const outcomes = page.getByRole("table", { name: /^Call outcomes/ });
    await expect(outcomes).toBeVisible();
    for (const button of await outcomes.getByRole("button").all()) {
      await button.click();
      const link = page.getByRole("link", { name: "call_143", exact: true });
      if ((await link.count()) === 0) continue;
      await link.click();
      await expect(dialog(page).getByTestId("call-contact")).toContainText("yusuf.okafor@example.com");
      expect(await labelsIn(dialog(page))).toEqual(factLabels);
      break;
    }
    await expect(page).toHaveURL(/call=call_143/);

    await shoot(page, "dialog-off-page", async () => {
      await page.goto(`${examplePath}?call=call_216`);
      await batchPageReady(page);
      await expect(dialog(page).getByTestId("call-contact")).toContainText("zoe.rossi@example.net");
    });
  });

  test("3. ?call=zzz says this batch has no such call, without Retry", async ({ page }) => {
    await page.goto(`${examplePath}?call=zzz`);
    await batchPageReady(page);
    const opened = dialog(page);
    await expect(opened.getByTestId("call-not-found")).toContainText("has no call “zzz”");
    await expect(opened).not.toContainText("No batch with this id");
    await expect(opened.getByRole("button", { name: "Retry" })).toHaveCount(0);
  });

  test("4. failure-reason lists open each call's dialog, and come into view, announced", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 700 });
    await page.goto(examplePath);
    await batchPageReady(page);
    await showFailureReasons(page);
    await page.getByRole("button", { name: "No answer" }).click();
    const list = page.getByTestId("failed-calls");
    await expect(list.getByRole("link", { name: "call_139" })).toBeInViewport();
    await expect(page.locator("[aria-live=polite]").filter({ hasText: "failed with “No answer”" })).toHaveCount(1);
    await expect(list.getByRole("link", { name: "call_213" })).toBeVisible();
    await list.getByRole("link", { name: "call_139" }).click();
    await expect(page).toHaveURL(/call=call_139/);
    await expect(dialog(page)).toContainText("freya.hernandez@mail.example.com");
  });

  test("5. at 320 and 375 px every item fits or visibly scrolls: Export menu, dialog times and number, status tabs", async ({
    page,
  }) => {
    test.setTimeout(150_000);
    for (const width of [320, 375]) {
      await page.setViewportSize({ width, height: 720 });
      await page.goto(examplePath);
      await batchPageReady(page);
      // Status tabs: each one on screen (they wrap), none hidden sideways.
      for (const label of ["All", "Waiting", "Active", "Completed", "Failed"]) {
        const box = (await statusTab(page, label).boundingBox())!;
        expect(box.x, `${label} at ${width}`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${label} at ${width}`).toBeLessThanOrEqual(width);
      }
      // Export menu: inside the screen, its last item whole.
      const menu = await openExportMenu(page);
      const box = (await menu.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await expect(menu.getByRole("menuitem").last()).toBeInViewport({ ratio: 1 });
      await page.keyboard.press("Escape");

      // The dialog: times whole, the number on one line.
      await page.goto(`${examplePath}?call=call_139`);
      await batchPageReady(page);
      const opened = dialog(page);
      const dialogBox = (await opened.boundingBox())!;
      for (const time of await opened.locator("time").all()) {
        const timeBox = (await time.boundingBox())!;
        expect(timeBox.x + timeBox.width, `time at ${width}`).toBeLessThanOrEqual(dialogBox.x + dialogBox.width);
        expect(await time.evaluate((element) => element.scrollWidth <= element.parentElement!.clientWidth)).toBe(true);
      }
      const phone = opened.getByText("(212) 555-0100", { exact: false }).first();
      expect(await phone.evaluate((element) => element.getClientRects().length)).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
  });

  test("7. every menu and dialog open: axe finds nothing, light and dark (batch page menus)", async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(examplePath);
    await batchPageReady(page);

    await openExportMenu(page);
    await axeClean(page, testInfo, "Export menu open");
    await page.keyboard.press("Escape");

    const switcher = page.getByRole("button", { name: "Workspace: Acme Corp. Switch workspace" });
    await hydrated(switcher);
    await switcher.click();
    await expect(page.getByRole("menu")).toBeVisible();
    await axeClean(page, testInfo, "workspace menu open");
  });

  test("7. every menu and dialog open: axe finds nothing, light and dark (call dialogs)", async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${examplePath}?call=call_125`);
    await batchPageReady(page);
    await expect(dialog(page).getByTestId("call-record")).toBeVisible();
    await axeClean(page, testInfo, "call dialog open (row on the page)");

    await page.goto(`${examplePath}?call=call_216`);
    await batchPageReady(page);
    await expect(dialog(page).getByTestId("call-contact")).toContainText("zoe.rossi@example.net");
    await axeClean(page, testInfo, "call dialog open (call off the page)");
  });

  test("6. Esc in Find in transcript clears the box first; the next Esc closes the dialog", async ({ page }) => {
    await page.goto(`${examplePath}?call=call_125`);
    await batchPageReady(page);
    const find = dialog(page).getByLabel("Find in transcript");
    await find.fill("practice");
    await expect(dialog(page).getByTestId("transcript-matches")).not.toBeEmpty();
    await find.press("Escape");
    await expect(find).toHaveValue("");
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page).getByTestId("transcript-matches")).toBeEmpty();
    await find.press("Escape");
    await expect(dialog(page)).toBeHidden();
  });

  test("7. every menu and dialog open: axe finds nothing, light and dark (320 px menus)", async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    // On a phone the account actions are a menu of their own.
    await page.setViewportSize({ width: 320, height: 720 });
    await page.goto(examplePath);
    await batchPageReady(page);
    const account = page.getByRole("button", { name: /^Account:/ });
    await hydrated(account);
    await account.click();
    await expect(page.getByRole("menu")).toBeVisible();
    await axeClean(page, testInfo, "account menu open (320 px)");
    await page.keyboard.press("Escape");
    await openExportMenu(page);
    await axeClean(page, testInfo, "Export menu open (320 px)");

    await page.goto("/");
    const home = page.getByRole("button", { name: /^Workspaces/ });
    await hydrated(home);
    await home.click();
    await expect(page.getByRole("menu")).toBeVisible();
    await axeClean(page, testInfo, "home workspace menu open (320 px)");
  });

  test("5. screenshots of the Export menu at 320 and 1280 px", async ({ page }) => {
    test.setTimeout(120_000);
    await shoot(page, "export-menu", async () => {
      await page.goto(examplePath);
      await batchPageReady(page);
      await openExportMenu(page);
    });
    // The menu's last item is whole at either width.
    await expect(page.getByRole("menuitem").last()).toBeInViewport({ ratio: 1 });
  });

  test("8. an empty batch says one thing: it has no calls", async ({ page }) => {
    await page.goto("/w/acme/batches/batch_empty");
    await expect(page.getByTestId("summary-total")).toHaveText("0");
    await expect(page.getByTestId("batch-status")).toHaveText("No calls");
    await expect(page.getByTestId("freshness")).toContainText("No calls: nothing to refresh");
    await expect(page.locator("p:visible", { hasText: "This batch has no calls." })).toHaveCount(1);
    await expect(page.locator("main")).not.toContainText(/Queued|Finished|no calls yet/);
  });

  test("8. with a search active, Export says plainly that it ignores the search", async ({ page }) => {
    await page.goto(`${examplePath}?q=zoe.rossi`);
    await batchPageReady(page);
    const menu = await openExportMenu(page);
    await expect(menu.getByTestId("export-ignores-search")).toContainText("Exports ignore the search “zoe.rossi”");
    await expect(menu.getByRole("menuitem").first()).toContainText("Export all 150 calls (CSV)");
  });

  test("8. costs show the currency, rounded, exact on hover; Outcomes totals cost and minutes", async ({ page }) => {
    await page.goto(`${examplePath}?call=call_125`);
    await batchPageReady(page);
    const cost = dialog(page).getByTestId("call-record").locator("dd [title^='Exactly']");
    await expect(cost).toHaveText(/^\$\d+\.\d{2}/);
    await expect(cost).toHaveAttribute("title", /^Exactly \d+(\.\d+)? USD$/);
    await page.keyboard.press("Escape");

    await page.getByRole("heading", { name: "Outcomes" }).scrollIntoViewIfNeeded();
    const totals = page.getByTestId("outcomes-totals");
    await expect(totals).toContainText(/Total cost\s*\$[\d,]+\.\d{2}/);
    await expect(totals).toContainText(/Minutes\s*[\d,]+ min/);
    await expect(totals).toContainText("call records read");
  });

  test("8. the home Workspaces button's accessible name contains its visible label", async ({ page }) => {
    await page.goto("/");
    const button = page.getByRole("banner").getByRole("button", { name: /^Workspaces/ });
    await expect(button).toBeVisible();
    await expect(button).toContainText("Workspaces");
  });

  test("8. the id placeholder reads right, and the id typed from it opens the batch", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/");
    const input = page.getByLabel("Batch id or link");
    await expect(input).toHaveAttribute("placeholder", /batch_7891011121314/);
    const style = await input.evaluate((element) => {
      const computed = getComputedStyle(element);
      return { font: computed.fontFamily, size: parseFloat(computed.fontSize), line: parseFloat(computed.lineHeight) };
    });
    expect(style.font).toMatch(/mono/i);
    // Room under the baseline for the underscore at 1× density.
    expect(style.line).toBeGreaterThanOrEqual(style.size * 1.5);
    const id = (await input.getAttribute("placeholder"))!.match(/batch_\d+/)![0];
    await hydrated(input);
    await input.fill(id);
    await page.getByRole("button", { name: "Open batch" }).click();
    await expect(page).toHaveURL(`${appOrigin}${examplePath}`);
    await batchPageReady(page);
  });
});

const outsiders: { user: DemoUser; says: string }[] = [
  { user: "mallory", says: "no workspace in Batch Console lists this account" },
  { user: "eve", says: "has not verified its email address" },
  { user: "bob", says: "which can open:" },
];

for (const { user, says } of outsiders) {
  test(`2. a shared link opened without access shows the header and why, offers another account, never says whether the batch exists (${user})`, async ({
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const { context, page } = await freshSignIn(browser, user);
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      const texts: string[] = [];
      for (const path of [examplePath, "/w/acme/batches/batch_that_does_not_exist", "/w/nowhere/batches/batch_x"]) {
        const response = await page.goto(`${path}?call=call_124`);
        expect(response?.status(), path).toBe(404);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found with this account");
        const banner = page.getByRole("banner");
        await expect(banner.getByRole("button", { name: "Sign out" })).toBeVisible();
        await expect(page.getByRole("main")).toContainText(says);
        await expect(page.getByRole("button", { name: "Sign in with another account" })).toBeVisible();
        await expect(page.getByTestId("summary-total")).toHaveCount(0);
        texts.push(await page.getByRole("main").innerText());
      }
      // The same words whether the batch exists, does not, or the workspace does not.
      expect(new Set(texts).size).toBe(1);
      if (user === "bob") await expect(page.getByRole("main").getByRole("link", { name: "Globex" })).toBeVisible();
      await axeClean(page, testInfo, `no-access page (${user})`);
      if (user === "mallory") {
        await shoot(page, "no-access", async () => {
          await page.goto(examplePath);
          await expect(page.getByRole("button", { name: "Sign in with another account" })).toBeVisible();
        });
      }
    } finally {
      await context.close();
    }
  });
}

test("2. 'Sign in with another account' asks the identity provider again and comes back to the link", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { context, page } = await freshSignIn(browser, "mallory");
  try {
    await page.goto(`${examplePath}?status=failed`);
    const button = page.getByRole("button", { name: "Sign in with another account" });
    await hydrated(button);
    await button.click();
    await expect(page).toHaveURL(/\/signin\?/);
    // The identity provider asks for the account, though it still remembers mallory.
    await signInThroughIdp(page, "alice");
    await expect(page).toHaveURL(`${appOrigin}${examplePath}?status=failed`);
    await batchPageReady(page);
  } finally {
    await context.close();
  }
});

test.describe("signed out", () => {
  test.use({ storageState: signedOut });

  test("8. cancelling at the identity provider says sign-in was cancelled, with a way to try again", async ({
    page,
  }) => {
    await page.goto(`${examplePath}?status=failed`);
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await page.getByRole("button", { name: "Sign in with Demo SSO" }).click();
    await expect(page.getByLabel("Email or username")).toBeVisible();
    await page.getByRole("button", { name: "Cancel" }).click();
    const alert = page.getByRole("alert").filter({ hasText: /\S/ });
    await expect(alert).toHaveText(/^Sign-in was cancelled at your identity provider/);
    await expect(alert).not.toContainText("could not be checked");
    // Trying again goes back where the link pointed.
    await signInThroughIdp(page, "alice");
    await expect(page).toHaveURL(`${appOrigin}${examplePath}?status=failed`);
  });
});
