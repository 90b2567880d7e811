import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const tags = ["wcag2a", "wcag2aa", "wcag21aa"];

/** axe (WCAG 2.1 AA) in light and dark on what the page shows now, each violation named with its elements. */
export async function expectAxeClean(page: Page, what: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(tags).analyze();
    expect(results.passes.length, "axe checked something").toBeGreaterThan(0);
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      `axe on ${what} (${colorScheme})`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}
