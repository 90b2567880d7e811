import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { storageStatePath } from "./support/accounts";
import { appOrigin, callsTable, examplePath, hydrated, showFailureReasons } from "./support/e2e";

// Issue 16: the batch page on a 375 px phone is a phone layout, not a shrunken desktop.

test.use({ storageState: storageStatePath("alice"), viewport: { width: 375, height: 812 }, hasTouch: true });
test.describe.configure({ timeout: 90_000 });

const cards = (page: Page) => page.getByRole("list", { name: /^Calls of batch/ });
const card = (page: Page, jobId: string) => cards(page).locator(`a[data-job-id="${jobId}"]`);

async function phoneReady(page: Page): Promise<void> {
  await expect(page.getByTestId("summary-total")).toHaveText("150");
  // includeHidden: a dialog opened from a ?call= link hides the rest of the page from the accessibility tree.
  await hydrated(page.getByRole("list", { name: /^Calls of batch/, includeHidden: true }));
}

test("375 px: one-line header and counters, calls as cards, no sideways scrolling", async ({ page }) => {
  await page.goto(examplePath);
  await phoneReady(page);

  // The header is one line, and still has every control under its usual name.
  const header = page.locator("header");
  const headerControls = [
    header.getByRole("link", { name: "Batch Console" }),
    header.getByRole("button", { name: /Switch workspace/ }),
    header.getByRole("button", { name: /^Theme:/ }),
    header.getByRole("button", { name: "Sign out", exact: true }),
    header.getByRole("button", { name: "End all sessions" }),
  ];
  const tops = [];
  for (const control of headerControls) {
    await expect(control).toBeVisible();
    tops.push(Math.round((await control.boundingBox())!.y));
  }
  expect(Math.max(...tops) - Math.min(...tops), "header controls on one line").toBeLessThan(12);

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
