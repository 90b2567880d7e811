import { expect, test } from "@playwright/test";
import { storageStatePath } from "./support/accounts";

test.use({ storageState: storageStatePath("alice") });

test("the docs' example batch shows the documented counts", async ({ page }) => {
  await page.goto("/w/acme/batches/batch_7891011121314");
  await expect(page.getByTestId("summary-total")).toHaveText("150");
  await expect(page.getByTestId("summary-waiting")).toHaveText("45");
  await expect(page.getByTestId("summary-active")).toHaveText("5");
  await expect(page.getByTestId("summary-completed")).toHaveText("95");
  await expect(page.getByTestId("summary-failed")).toHaveText("5");
});
