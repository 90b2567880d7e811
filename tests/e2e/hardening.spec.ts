import { expect, test } from "./support/test";
import { signInThroughIdp } from "./support/sign-in";
import { storageStatePath } from "./support/accounts";
import {
  appOrigin,
  batchPageReady,
  callsTable,
  exampleBatch,
  examplePath,
  freshSignIn,
  signedOut,
} from "./support/e2e";

// Hardening issue, item B: the page policy's form-action and base-uri, and what sign-out forgets.

test.describe.configure({ timeout: 90_000 });

const directives = (policy: string | undefined) =>
  new Map(
    (policy ?? "")
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

test.describe("signed out", () => {
  test.use({ storageState: signedOut });

  test("pages say form-action 'self' and base-uri 'none'", async ({ page }) => {
    const response = await page.goto("/signin");
    const policy = directives(response?.headers()["content-security-policy"]);
    expect(policy.get("form-action")?.[0]).toBe("'self'");
    expect(policy.get("base-uri")).toEqual(["'none'"]);
  });

  // Chromium checks form-action on every redirect that follows a form submission. Without script
  // (or in a click before hydration) the sign-in button is a plain form POST answered by a redirect
  // to the identity provider, on another origin: the policy must let that through.
  test("sign-in works as a plain form submission, without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: appOrigin, javaScriptEnabled: false });
    const blocked: string[] = [];
    try {
      const page = await context.newPage();
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      await page.goto("/signin");
      // The identity provider's login form appears only if the redirect to it was let through.
      await signInThroughIdp(page, "alice");
      await expect(page).toHaveURL(`${appOrigin}/`);
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

test("signing out forgets this browser's column choices, and any recent-batches list an earlier version kept", async ({
  browser,
}) => {
  const { context, page } = await freshSignIn(browser, "alice");
  const stored = () =>
    page.evaluate(() => Object.keys(window.localStorage).filter((key) => key.startsWith("batch-console:")));
  try {
    await page.goto(examplePath);
    await batchPageReady(page);
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("menuitemcheckbox", { name: "email" }).click();
    await page.keyboard.press("Escape");
    await expect(callsTable(page).getByRole("columnheader", { name: "email" })).toHaveCount(0);
    // Opened batches are kept on the server now: the browser holds the column choice alone.
    await expect.poll(stored).toEqual(["batch-console:columns:v1:acme:batch_7891011121314"]);
    await page.evaluate(() => {
      window.localStorage.setItem("batch-console:recent:v1:alice@acme.test", "[]");
      window.localStorage.setItem("unrelated", "kept");
    });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${appOrigin}/signin?signedOut=1`);
    await expect.poll(stored).toEqual([]);
    expect(await page.evaluate(() => window.localStorage.getItem("unrelated"))).toBe("kept");
  } finally {
    await context.close();
  }
});

test.describe("the signed-out page", () => {
  test.use({ storageState: signedOut });

  // For a Sign out clicked before the header's script ran: the page it lands on forgets them too.
  test("forgets them as well", async ({ page }) => {
    await page.goto("/signin");
    await page.evaluate(() => {
      window.localStorage.setItem("batch-console:recent:v1:alice@acme.test", "[]");
      window.localStorage.setItem("batch-console:columns:v1:acme:batch_1", "{}");
    });
    await page.goto("/signin?signedOut=1");
    await expect(page.getByRole("status")).toHaveText("You are signed out.");
    await expect
      .poll(() =>
        page.evaluate(() => Object.keys(window.localStorage).filter((key) => key.startsWith("batch-console:"))),
      )
      .toEqual([]);
  });
});

// Issue 23, item 5: what the public health route tells anyone, and a body refused before it is read whole.
test.describe("health and request bodies", () => {
  test.describe("signed out", () => {
    test.use({ storageState: signedOut });

    test("/api/health answers anyone with a status and fixed codes, never a reason", async ({ request }) => {
      const response = await request.get("/api/health");
      expect(response.status()).toBe(200);
      expect(response.headers()["cache-control"]).toBe("no-store");
      const body = (await response.json()) as Record<string, unknown>;
      // Fields that reveal nothing: a status, fixed warning codes, the database's status and schema version.
      expect(Object.keys(body).filter((key) => key !== "warnings" && key !== "database")).toEqual(["status"]);
      expect(["ok", "degraded"]).toContain(body.status);
      for (const warning of (body.warnings as unknown[] | undefined) ?? []) {
        expect(warning).toMatch(/^[a-z_]+$/);
      }
      const database = (body.database ?? {}) as Record<string, unknown>;
      expect(Object.keys(database).filter((key) => key !== "status" && key !== "schemaVersion")).toEqual([]);
      expect(JSON.stringify(body)).not.toMatch(/redis:|postgres|127\.0\.0\.1|localhost|ECONN/i);
    });
  });

  test.describe("signed in", () => {
    test.use({ storageState: storageStatePath("alice") });

    test("an export request with a body over 4 KB is refused with 413 in the API's error shape", async ({
      request,
    }) => {
      const url = `/api/w/acme/batches/${exampleBatch}/exports`;
      const padding = "x".repeat(64 * 1024);
      const response = await request.post(url, {
        headers: { origin: appOrigin, "content-type": "application/json" },
        data: JSON.stringify({ format: "csv", status: "all", padding }),
      });
      expect(response.status()).toBe(413);
      expect(await response.json()).toEqual({
        error: { code: "payload_too_large", message: expect.stringContaining("too large") },
      });
    });
  });
});
