import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { storageStatePath, type DemoUser } from "./support/accounts";
import { batchPageReady, examplePath, showFailureReasons, signedOut } from "./support/e2e";

// WCAG 2.0 A/AA and 2.1 AA, checked by axe on each main screen, in light and in dark.

const tags = ["wcag2a", "wcag2aa", "wcag21aa"];

type Screen = {
  name: string;
  user: DemoUser | null;
  open: (page: Page) => Promise<void>;
};

const screens: Screen[] = [
  {
    name: "home",
    user: "alice",
    open: async (page) => {
      await page.goto("/");
      await expect(page.getByRole("heading", { name: "Open a batch" })).toBeVisible();
    },
  },
  {
    name: "example batch page",
    user: "alice",
    open: async (page) => {
      await page.goto(examplePath);
      await batchPageReady(page);
      await showFailureReasons(page);
    },
  },
  {
    name: "open call dialog",
    user: "alice",
    open: async (page) => {
      await page.goto(`${examplePath}?call=call_124`);
      await batchPageReady(page);
      await expect(page.getByRole("dialog", { name: "Call details" })).toContainText("Number busy");
    },
  },
  {
    name: "sign-in page (signed out)",
    user: null,
    open: async (page) => {
      await page.goto("/signin");
      await expect(page.getByRole("button", { name: "Sign in with Demo SSO" })).toBeVisible();
    },
  },
  {
    name: "no-access page (mallory)",
    user: "mallory",
    open: async (page) => {
      await page.goto("/");
      await expect(page.getByRole("heading", { name: "No access yet" })).toBeVisible();
    },
  },
];

function describe(violations: Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"]): string {
  return violations
    .map(
      (violation) =>
        `${violation.id} (${violation.impact ?? "?"}): ${violation.help}\n` +
        violation.nodes
          .slice(0, 8)
          .map(
            (node) =>
              `    ${node.target.join(" ")}${node.failureSummary ? ` — ${node.failureSummary.split("\n").slice(1).join(" ").trim()}` : ""}`,
          )
          .join("\n"),
    )
    .join("\n");
}

for (const screen of screens) {
  test.describe(screen.name, () => {
    test.use({ storageState: screen.user ? storageStatePath(screen.user) : signedOut });

    // One load per screen; the color scheme is switched in place (the theme follows the system by default).
    test("light and dark: no WCAG 2.1 AA violations", async ({ page }, testInfo) => {
      // axe's colour-contrast pass over a full table is CPU-bound: slow on a busy 2-core machine.
      test.setTimeout(120_000);
      await page.emulateMedia({ colorScheme: "light" });
      await screen.open(page);
      await expect(page.locator("html")).toHaveClass("system");
      for (const colorScheme of ["light", "dark"] as const) {
        await test.step(colorScheme, async () => {
          await page.emulateMedia({ colorScheme });
          expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(
            colorScheme === "dark",
          );
          const results = await new AxeBuilder({ page }).withTags(tags).analyze();
          await testInfo.attach(`axe-${colorScheme}`, {
            body: JSON.stringify(results.violations, null, 1),
            contentType: "application/json",
          });
          expect(results.passes.length, "axe checked something").toBeGreaterThan(0);
          expect
            .soft(
              results.violations.length,
              `axe violations on ${screen.name} (${colorScheme}):\n${describe(results.violations)}`,
            )
            .toBe(0);
        });
      }
    });
  });
}
