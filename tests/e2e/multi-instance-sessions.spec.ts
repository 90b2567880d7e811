import { request, type Page } from "@playwright/test";
import { globexBatch, globexPath } from "./support/e2e";
import { expect, test } from "./support/multi-instance";
import { signInThroughIdp } from "./support/sign-in";

// "End all sessions" pressed on one instance ends the session on the others, through the epoch they share in Redis
// (README, Sessions): the instance that revoked at once, the others within the 5 s each remembers an epoch it read.
// bob, so the stack's carol stays signed in for the other multi-instance tests in this worker.

/** Redis only (job records), no upstream read: the polling below spends none of globex's 60 a minute. */
const exportsList = `/api/w/globex/batches/${globexBatch}/exports`;
const epochMemoryMs = 5_000;
/** One request's own time on a loaded machine, beyond the epoch memory. */
const requestAllowanceMs = 3_000;

async function endAllSessions(page: Page): Promise<void> {
  const button = page.getByRole("button", { name: "End all sessions" });
  if (await button.isVisible()) return button.click();
  // Narrower than the desktop viewport, the account actions sit in the header's Account menu.
  await page.getByRole("button", { name: /^Account/ }).click();
  await page.getByRole("menuitem", { name: "End all sessions" }).click();
}

test("End all sessions on one instance: the same cookie is refused on the others, API and pages", async ({
  browser,
  multi,
}) => {
  const [first, second, third] = multi.appUrls as [string, string, string];
  const context = await browser.newContext({ baseURL: first });
  const page = await context.newPage();
  await page.goto(globexPath);
  await signInThroughIdp(page, "bob");
  await expect(page.getByTestId("summary-total")).toHaveText("80");
  const cookies = await context.storageState();

  // The second instance has read bob's epoch, and remembers it: the case the 5 s are about.
  const onSecond = await request.newContext({ baseURL: second, storageState: cookies });
  const onThird = await request.newContext({ baseURL: third, storageState: cookies });
  const elsewhere = await browser.newContext({ baseURL: second, storageState: cookies });
  try {
    expect((await onSecond.get(exportsList)).status()).toBe(200);

    await page.goto("/");
    await endAllSessions(page);
    await expect(page).toHaveURL(`${first}/signin?signedOut=1`);
    const ended = Date.now();

    // The third instance never read bob's epoch: it reads the raised one from Redis on the first request.
    const third401 = await onThird.get(exportsList);
    expect(third401.status()).toBe(401);
    expect(((await third401.json()) as { error: { code: string } }).error.code).toBe("unauthorized");

    await expect
      .poll(async () => (await onSecond.get(exportsList)).status(), {
        message: "the second instance refuses the cookie once its remembered epoch is older than 5 s",
        timeout: epochMemoryMs + requestAllowanceMs,
        intervals: [250],
      })
      .toBe(401);
    test.info().annotations.push({ type: "refused on the second instance", description: `${Date.now() - ended} ms` });

    const other = await elsewhere.newPage();
    await other.goto(globexPath);
    await expect(other).toHaveURL(`${second}/signin?callbackUrl=${encodeURIComponent(globexPath)}`);
    await expect(other.getByTestId("summary-total")).toHaveCount(0);
  } finally {
    await onSecond.dispose();
    await onThird.dispose();
    await elsewhere.close();
    await context.close();
  }
});
