import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from "@playwright/test";
import { e2ePorts } from "../../../dev/stack-config";
import { storageStatePath, type DemoUser } from "./accounts";
import { signInThroughIdp } from "./sign-in";
import { simulatorUrl as simOrigin } from "./simulator";

/** Where the e2e stack listens (playwright.config.ts starts it; ports overridable by E2E_*_PORT). */
export const appOrigin = `http://localhost:${e2ePorts.app}`;
export { simulatorUrl as simOrigin } from "./simulator";
export const idpOrigin = `http://127.0.0.1:${e2ePorts.idp}`;

/** The docs' example batch: 150 calls, 45 waiting, 5 active, 95 completed, 5 failed. */
export const exampleBatch = "batch_7891011121314";
export const examplePath = `/w/acme/batches/${exampleBatch}`;
export const globexBatch = "batch_globex_q3";
export const globexPath = `/w/globex/batches/${globexBatch}`;

/** A storage state with nobody signed in (overrides the per-file `storageState`). */
export const signedOut = { cookies: [], origins: [] };

export const calls = (slug: string, batchId: string, query = "") => `/api/w/${slug}/batches/${batchId}/calls${query}`;

/** Rows of the calls table; each carries its job id. */
export const callsTable = (page: Page): Locator => page.getByRole("table", { name: /^Calls of batch/ });
export const callRows = (page: Page): Locator => callsTable(page).locator("tbody tr[data-job-id]");

export async function firstJobId(page: Page): Promise<string> {
  const id = await callRows(page).first().getAttribute("data-job-id");
  if (!id) throw new Error("the calls table has no rows");
  return id;
}

/** The status tabs (links inside the "Filter calls by status" navigation). */
export const statusTab = (page: Page, label: string): Locator =>
  page
    .getByRole("navigation", { name: "Filter calls by status" })
    .getByRole("link", { name: new RegExp(`^${label}\\b`) });

/** A new browser context with no stored session, signed in as `user` through the real IdP. */
export async function freshSignIn(
  browser: Browser,
  user: DemoUser,
  path = "/signin",
): Promise<{ context: BrowserContext; page: Page }> {
  // Explicitly signed out: inside a test, a new context otherwise takes the file's `storageState` (someone's sign-in).
  const context = await browser.newContext({ baseURL: appOrigin, storageState: signedOut });
  const page = await context.newPage();
  await page.goto(path);
  await signInThroughIdp(page, user);
  return { context, page };
}

export { rawGet, sessionCookieHeader, type RawResponse } from "./raw-request";
export { recordedRequests as upstreamRequestsSince, type RecordedRequest as UpstreamRequest } from "./simulator";

/** Jump the e2e live batch (`batch_live_acme`, 60 calls, done after 20 s) to a moment; `paused` holds it there. */
export async function setLiveElapsed(request: APIRequestContext, elapsedMs: number, paused = false): Promise<void> {
  const response = await request.post(`${simOrigin}/__sim/live`, { data: { elapsedMs, paused } });
  expect(response.status()).toBe(200);
}

export type ApiErrorBody = { error: { code: string; message: string } };

/**
 * The batch page is interactive: React has hydrated the calls list (or re-rendered it after a hydration error), so
 * clicks land. The list, not the table: on a narrow screen only the cards are hydrated, the hidden table is not.
 */
export async function batchPageReady(page: Page): Promise<void> {
  await expect(page.getByTestId("summary-total")).toBeVisible();
  await hydrated(page.getByTestId("calls-list"));
}

/** Scrolls to the failure reasons panel, which counts only once it is near the screen, and waits for the counts. */
export async function showFailureReasons(page: Page): Promise<void> {
  await page.getByRole("heading", { name: "Why calls failed" }).scrollIntoViewIfNeeded();
  await expect(page.getByTestId("failures-scope")).toBeVisible();
}

/** React has attached its handlers to this element (it is hydrated). */
export async function hydrated(locator: Locator): Promise<void> {
  // Generous: on a loaded 2-core machine hydration has been seen to take ~10 s.
  await expect
    .poll(() => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps"))), {
      message: "element hydrated by React",
      timeout: 30_000,
    })
    .toBe(true);
}

/** `run` with a page of its own, signed in as `user` (the setup project's saved state), closed afterwards. */
export async function asUser<T>(browser: Browser, user: DemoUser, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: storageStatePath(user), baseURL: appOrigin });
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}
