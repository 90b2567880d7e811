import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { storageStatePath } from "./support/accounts";
import {
  appOrigin,
  callsTable,
  exampleBatch,
  examplePath,
  freshSignIn,
  hydrated,
  showFailureReasons,
} from "./support/e2e";

// Issue 16: the batch page on a 375 px phone is a phone layout, not a shrunken desktop. Issue 23: its header
// fits from 320 px, with the account actions in one menu.

test.use({ storageState: storageStatePath("alice"), viewport: { width: 375, height: 812 }, hasTouch: true });
test.describe.configure({ timeout: 90_000 });

const cards = (page: Page) => page.getByRole("list", { name: /^Calls of batch/ });
const card = (page: Page, jobId: string) => cards(page).locator(`a[data-job-id="${jobId}"]`);

/** The header's controls at a phone width: the account actions are behind one menu button. */
const headerControls = (page: Page) => {
  const header = page.locator("header");
  return [
    header.getByRole("link", { name: "Batch Console" }),
    header.getByRole("button", { name: /Switch workspace/ }),
    header.getByRole("button", { name: /^Theme:/ }),
    header.getByRole("button", { name: /^Account/ }),
  ];
};

/** Every control of the header is visible on one line, and no element of it reaches past the viewport. */
async function expectHeaderFits(page: Page, width: number): Promise<void> {
  const tops = [];
  for (const control of headerControls(page)) {
    await expect(control).toBeVisible();
    tops.push(Math.round((await control.boundingBox())!.y));
  }
  expect(Math.max(...tops) - Math.min(...tops), `${width} px: header controls on one line`).toBeLessThan(12);
  const outside = await page.locator("header").evaluate((header, viewport) => {
    const found: string[] = [];
    for (const element of [header, ...header.querySelectorAll("*")]) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.left < 0 || box.right > viewport + 0.5) {
        found.push(
          `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 30)}" ${box.left}-${box.right}`,
        );
      }
    }
    return found;
  }, width);
  expect(outside, `${width} px: header elements inside the viewport`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** No axe violation in `selector`'s part of the page, in light and in dark. */
async function axeClean(page: Page, name: string, selector: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page })
      .include(selector)
      .withTags(["wcag2a", "wcag2aa", "wcag21aa"])
      .analyze();
    expect(results.passes.length, `axe checked something (${name})`).toBeGreaterThan(0);
    expect(
      results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(" ")}`),
      `axe at ${name} (${colorScheme})`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function phoneReady(page: Page): Promise<void> {
  await expect(page.getByTestId("summary-total")).toHaveText("150");
  // The list, not the cards: they stay the server's HTML, unhydrated, until something changes them.
  await hydrated(page.getByTestId("calls-list"));
}

test("375 px: one-line header and counters, calls as cards, no sideways scrolling", async ({ page }) => {
  await page.goto(examplePath);
  await phoneReady(page);

  await expectHeaderFits(page, 375);

  // The five counters share one line.
  const counters = ["total", "waiting", "active", "completed", "failed"];
  const counterTops = [];
  for (const key of counters) counterTops.push(Math.round((await page.getByTestId(`summary-${key}`).boundingBox())!.y));
  expect(new Set(counterTops).size, "counters on one line").toBe(1);

  // Cards instead of the wide table: name from the CSV, phone, status, error.
  await expect(callsTable(page)).toBeHidden();
  await expect(cards(page).getByRole("listitem")).toHaveCount(20);
  const busy = card(page, "call_124");
  await expect(busy).toContainText("Jane Smith");
  await expect(busy).toContainText("Failed");
  await expect(busy).toContainText("Number busy");
  await expect(card(page, "call_123")).toContainText("John Doe");

  // The first card starts within the first screen.
  expect((await card(page, "call_123").boundingBox())!.y).toBeLessThan(812);

  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});

test("375 px: a tapped card opens the same call dialog; Esc closes it and focus returns to the card", async ({
  page,
}) => {
  await page.goto(examplePath);
  await phoneReady(page);
  const dialog = page.getByRole("dialog", { name: "Call details" });
  await card(page, "call_124").tap();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?call=call_124`);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Number busy");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}`);
  await expect(card(page, "call_124")).toBeFocused();

  // Keyboard: Enter on a focused card opens it too.
  await card(page, "call_123").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?call=call_123`);
  await expect(dialog).toContainText("john.doe@example.com");
});

test("375 px: tabs and pagination work from the phone layout", async ({ page }) => {
  await page.goto(examplePath);
  await phoneReady(page);
  await page
    .getByRole("navigation", { name: "Filter calls by status" })
    .getByRole("link", { name: /^Failed\b/ })
    .tap();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?status=failed`);
  await expect(cards(page).getByRole("listitem")).toHaveCount(5);
  await page
    .getByRole("navigation", { name: "Filter calls by status" })
    .getByRole("link", { name: /^All\b/ })
    .tap();
  const next = page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next page" });
  const box = (await next.boundingBox())!;
  expect(Math.min(box.width, box.height), "a thumb-sized target").toBeGreaterThanOrEqual(44);
  await next.tap();
  await expect(page).toHaveURL(`${appOrigin}${examplePath}?page=2`);
  await expect(page.getByTestId("page-of")).toHaveText("Page 2 of 8");
});

test("375 px screenshots (light, dark, open call) and axe at that width", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  mkdirSync("test-results/screenshots", { recursive: true });
  const shoot = async (name: string, fullPage = true) => {
    const path = `test-results/screenshots/phone-375-${name}.png`;
    const body = await page.screenshot({ path, fullPage, animations: "disabled" });
    await testInfo.attach(`phone-375-${name}`, { body, contentType: "image/png" });
  };
  const axe = async (name: string) => {
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
    expect(results.passes.length, "axe checked something").toBeGreaterThan(0);
    expect
      .soft(
        results.violations.map(
          (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(" ")}`,
        ),
        `axe violations at 375 px (${name})`,
      )
      .toEqual([]);
  };

  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(examplePath);
  await phoneReady(page);
  await shoot("first-screen", false);
  await showFailureReasons(page);
  await shoot("light");
  await axe("light");

  await page.emulateMedia({ colorScheme: "dark" });
  await shoot("dark");
  await axe("dark");

  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(`${examplePath}?call=call_124`);
  await phoneReady(page);
  await expect(page.getByRole("dialog", { name: "Call details" })).toContainText("Number busy");
  await shoot("call-dialog", false);
  await axe("call dialog");
});

for (const width of [320, 375]) {
  test(`${width} px: the header fits, and the account actions are one menu, reachable by keyboard, axe-clean in light and dark`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 740 });
    await page.goto(examplePath);
    await phoneReady(page);
    await expectHeaderFits(page, width);

    const account = page.locator("header").getByRole("button", { name: /^Account/ });
    await expect(account).toHaveAccessibleName(/^Account: /);
    await axeClean(page, `${width} px, header`, "header");
    await account.focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu");
    await expect(menu).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "End all sessions" })).toBeVisible();
    const box = (await menu.boundingBox())!;
    expect(box.x, "the menu starts inside the viewport").toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, "the menu ends inside the viewport").toBeLessThanOrEqual(width);
    // The open menu itself (Radix hides the rest of the page from assistive technology while it is open).
    await axeClean(page, `${width} px, account menu open`, '[role="menu"]');
    // Keyboard reachable: arrows move to it (the first press may land on the first item, as menus do).
    const endAll = menu.getByRole("menuitem", { name: "End all sessions" });
    for (let step = 0; step < 3 && !(await endAll.evaluate((item) => item === document.activeElement)); step++) {
      await page.keyboard.press("ArrowDown");
    }
    await expect(endAll).toBeFocused();

    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(account).toBeFocused();
  });
}

// Sign out ends the session itself, not only this context's cookie: a session of its own, so that the other
// tests' copies of alice's stored session keep working.
test("320 px: Sign out from the account menu signs this browser out", async ({ browser }) => {
  const { context, page } = await freshSignIn(browser, "alice");
  try {
    await page.setViewportSize({ width: 320, height: 740 });
    await page.goto(examplePath);
    await phoneReady(page);
    await page
      .locator("header")
      .getByRole("button", { name: /^Account/ })
      .click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${appOrigin}/signin?signedOut=1`);
    await expect(page.getByRole("status")).toHaveText("You are signed out.");
    expect((await page.request.get(`/api/w/acme/batches/${exampleBatch}/calls`)).status()).toBe(401);
  } finally {
    await context.close();
  }
});
