import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { storageStatePath } from "./support/accounts";
import { signInThroughIdp } from "./support/sign-in";
import {
  appOrigin,
  batchPageReady,
  calls,
  examplePath,
  exampleBatch,
  freshSignIn,
  globexBatch,
  globexPath,
  hydrated,
  idpOrigin,
  signedOut,
  statusTab,
  type ApiErrorBody,
} from "./support/e2e";

// Issue 3: company SSO through the real OIDC identity provider, deep links, workspace access, sign-out.

// Several sign-ins and page loads per test, on a 2-core machine shared with other work.
test.describe.configure({ timeout: 90_000 });

const noDialogs = (page: Page) =>
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected ${dialog.type()} dialog: ${dialog.message()}`);
  });

test.describe("signed out", () => {
  test.use({ storageState: signedOut });

  test("a deep link survives sign-in: lands on exactly the requested path and query", async ({ page }) => {
    const requested = `${examplePath}?status=completed&page=2&limit=50`;
    await page.goto(requested);
    await expect(page).toHaveURL(`${appOrigin}/signin?callbackUrl=${encodeURIComponent(requested)}`);
    await expect(page.getByRole("heading", { name: "Sign in to Batch Console" })).toBeVisible();

    await signInThroughIdp(page, "alice");
    expect(page.url()).toBe(`${appOrigin}${requested}`);
    await expect(statusTab(page, "Completed")).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("page-of")).toHaveText("Page 2 of 2");
    await expect(page.getByTestId("range")).toHaveText("51–95 of 95 calls");
    await expect(page.getByLabel("Rows per page")).toHaveValue("50");
    // Still there once the page has settled (no late client-side redirect).
    await expect(page.getByTestId("summary-total")).toHaveText("150");
    expect(page.url()).toBe(`${appOrigin}${requested}`);
  });

  test("an out-of-range deep link: the callback returns to it as given, then the page moves to the last page", async ({
    page,
  }) => {
    // 5 failed calls at 50 a page: one page, so page 2 does not exist.
    const requested = `${examplePath}?status=failed&page=2&limit=50`;
    await page.goto(requested);
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);

    const callback = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/auth/callback/oidc");
    const landing = page.waitForResponse(
      (response) => response.url() === `${appOrigin}${requested}` && response.request().isNavigationRequest(),
    );
    await signInThroughIdp(page, "alice");
    const location = (await callback).headers()["location"];
    expect(location, "the OIDC callback's redirect").toBeDefined();
    expect(new URL(location!, appOrigin).href).toBe(`${appOrigin}${requested}`);
    expect((await landing).status()).toBeLessThan(400);

    await expect(page).toHaveURL(`${appOrigin}${examplePath}?status=failed&limit=50`);
    await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 1");
    await expect(page.getByTestId("range")).toHaveText("1–5 of 5 calls");
  });

  test("the API answers 401 JSON without a session", async ({ playwright }) => {
    const api = await playwright.request.newContext({ baseURL: appOrigin, storageState: signedOut });
    try {
      for (const path of [
        calls("acme", exampleBatch),
        calls("globex", globexBatch),
        `/api/w/acme/batches/${exampleBatch}/export?format=csv`,
        `/api/w/acme/batches/${exampleBatch}/failures`,
        `/api/w/acme/batches/${exampleBatch}/outcomes`,
        `/api/w/acme/batches/${exampleBatch}/search?q=Liam`,
        `/api/w/acme/batches/${exampleBatch}/calls/call_125`,
        `/api/w/acme/batches/${exampleBatch}/calls/call_125/recording`,
      ]) {
        const response = await api.get(path, { maxRedirects: 0 });
        expect(response.status(), path).toBe(401);
        expect(response.headers()["content-type"], path).toContain("application/json");
        const body = (await response.json()) as ApiErrorBody;
        expect(body.error.code, path).toBe("unauthorized");
      }
      // A forged "already through the middleware" header (CVE-2025-29927 style) changes nothing.
      const bypass = await api.get(calls("acme", exampleBatch), {
        headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
        maxRedirects: 0,
      });
      expect(bypass.status()).toBe(401);
      // So does a cookie that is not a signed session.
      const forged = await api.get(calls("acme", exampleBatch), {
        headers: { cookie: "authjs.session-token=eyJhbGciOiJub25lIn0.eyJlbWFpbCI6ImFsaWNlQGFjbWUudGVzdCJ9." },
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(401);
    } finally {
      await api.dispose();
    }
  });

  test("pages redirect to sign-in; sign-in page shows the provider", async ({ page }) => {
    for (const path of ["/", examplePath, globexPath, `/batches/${exampleBatch}`]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(`${appOrigin}/signin?callbackUrl=${encodeURIComponent(path)}`);
    }
    await expect(page.getByRole("button", { name: "Sign in with Demo SSO" })).toBeVisible();
    await expect(page.getByTestId("summary-total")).toHaveCount(0);
  });
});

// "/a/..//evil.test": dot segments resolve to "//evil.test" after a naive prefix check.
const hostileCallbacks = [
  "https://evil.test/",
  "//evil.test",
  "/\\evil.test",
  "javascript:alert(1)",
  "/a/..//evil.test",
];

test.describe("callbackUrl cannot leave the app", () => {
  test.describe("signed in as alice", () => {
    test.use({ storageState: storageStatePath("alice") });

    test("visiting /signin with a hostile callbackUrl stays on this origin", async ({ page }) => {
      noDialogs(page);
      for (const callbackUrl of [
        ...hostileCallbacks,
        "https:evil.test",
        "/\tevil.test",
        "http://localhost@evil.test/",
        "/%2e%2e//evil.test",
        "/a/../\\evil.test",
      ]) {
        await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
        expect(page.url(), callbackUrl).toBe(`${appOrigin}/`);
        await expect(page.getByRole("heading", { name: "Open a batch" })).toBeVisible();
      }
      // Encoded slashes are a same-origin path (a not-found page here), never another host.
      await page.goto(`/signin?callbackUrl=${encodeURIComponent("/%2F%2Fevil.test")}`);
      expect(new URL(page.url()).origin).toBe(appOrigin);
      expect(new URL(page.url()).pathname).not.toMatch(/^\/\//);
    });
  });

  test.describe("signed out", () => {
    test.use({ storageState: signedOut });

    for (const callbackUrl of hostileCallbacks) {
      test(`completing sign-in with callbackUrl ${JSON.stringify(callbackUrl)} lands on the app`, async ({ page }) => {
        noDialogs(page);
        const leftTheApp: string[] = [];
        page.on("request", (request) => {
          const { origin } = new URL(request.url());
          if (request.isNavigationRequest() && origin !== appOrigin && origin !== idpOrigin)
            leftTheApp.push(request.url());
        });
        await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
        await expect(page.locator('input[name="callbackUrl"]')).toHaveValue("/");
        await signInThroughIdp(page, "alice");
        expect(new URL(page.url()).origin).toBe(appOrigin);
        await expect(page.getByRole("heading", { name: "Open a batch" })).toBeVisible();
        expect(leftTheApp).toEqual([]);
      });
    }
  });
});

test.describe("workspaces by membership", () => {
  test.describe("carol (acme by domain, globex by group)", () => {
    test.use({ storageState: storageStatePath("carol") });

    test("switches workspaces with the header's switcher and opens globex's batch", async ({ page }) => {
      await page.goto(examplePath);
      await expect(page.getByTestId("summary-total")).toHaveText("150");
      await hydrated(page.getByRole("button", { name: "Workspace: Acme Corp. Switch workspace" }));

      await page.getByRole("button", { name: "Workspace: Acme Corp. Switch workspace" }).click();
      const menu = page.getByRole("menu");
      await expect(menu.getByRole("menuitem", { name: /Acme Corp/ })).toHaveAttribute("aria-current", "page");
      await menu.getByRole("menuitem", { name: "Globex" }).click();
      await expect(page).toHaveURL(`${appOrigin}/w/globex`);
      await expect(page.getByRole("heading", { level: 1, name: "Globex" })).toBeVisible();

      await hydrated(page.getByRole("button", { name: "Open batch" }));
      await page.getByLabel("Batch id or link").fill(globexBatch);
      await page.getByRole("button", { name: "Open batch" }).click();
      await expect(page).toHaveURL(`${appOrigin}${globexPath}`);
      await expect(page.getByRole("heading", { level: 1, name: globexBatch })).toBeVisible();
      await expect(page.getByTestId("summary-total")).toHaveText("80");

      await batchPageReady(page);
      await page.getByRole("button", { name: "Workspace: Globex. Switch workspace" }).click();
      await page.getByRole("menu").getByRole("menuitem", { name: "Acme Corp" }).click();
      await expect(page).toHaveURL(`${appOrigin}/w/acme`);
      await expect(page.getByRole("heading", { level: 1, name: "Acme Corp" })).toBeVisible();
    });

    test("a link without a workspace asks which one", async ({ page }) => {
      await page.goto(`/batches/${exampleBatch}?status=failed`);
      await expect(page.getByRole("heading", { name: "Which workspace?" })).toBeVisible();
      await page.getByRole("link", { name: "Open in Acme Corp" }).click();
      await expect(page).toHaveURL(`${appOrigin}${examplePath}?status=failed`);
      await expect(page.getByTestId("range")).toHaveText("1–5 of 5 calls");
    });
  });

  test.describe("bob (globex only)", () => {
    test.use({ storageState: storageStatePath("bob") });

    test("sees globex's batch and gets 404 on acme's", async ({ page }) => {
      const globex = await page.goto(globexPath);
      expect(globex?.status()).toBe(200);
      await expect(page.getByTestId("summary-total")).toHaveText("80");

      const acme = await page.goto(examplePath);
      expect(acme?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
      await expect(page.getByTestId("summary-total")).toHaveCount(0);

      const api = await page.request.get(calls("acme", exampleBatch));
      expect(api.status()).toBe(404);
      expect(((await api.json()) as ApiErrorBody).error.code).toBe("not_found");
      expect((await page.request.get(calls("globex", globexBatch))).status()).toBe(200);
    });
  });

  test.describe("mallory (no workspace)", () => {
    test.use({ storageState: storageStatePath("mallory") });

    test("gets the no-access page, and 404 for a workspace's batch and its API", async ({ page }) => {
      for (const path of ["/", `/batches/${exampleBatch}`]) {
        await page.goto(path);
        await expect(page.getByRole("heading", { name: "No access yet" }), path).toBeVisible();
        await expect(page.getByRole("main").getByText("mallory@evil.test")).toBeVisible();
        await expect(page.getByTestId("summary-total")).toHaveCount(0);
      }
      for (const path of [examplePath, globexPath]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(404);
        await expect(page.getByTestId("summary-total")).toHaveCount(0);
      }
      for (const path of [calls("acme", exampleBatch), calls("globex", globexBatch)]) {
        const response = await page.request.get(path);
        expect(response.status(), path).toBe(404);
        expect(((await response.json()) as ApiErrorBody).error.code, path).toBe("not_found");
      }
    });
  });
});

test("eve (acme.test address, not verified by the IdP) gets no access", async ({ browser }) => {
  const { context, page } = await freshSignIn(browser, "eve");
  try {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "No access yet" })).toBeVisible();
    await expect(page.getByText("has not verified its email address")).toBeVisible();
    const response = await page.goto(examplePath);
    expect(response?.status()).toBe(404);
    expect((await page.request.get(calls("acme", exampleBatch))).status()).toBe(404);
  } finally {
    await context.close();
  }
});

test("sign-out ends the session: pages go to sign-in, the API answers 401, Back shows no calls", async ({
  browser,
}) => {
  const { context, page } = await freshSignIn(browser, "alice");
  try {
    await page.goto(examplePath);
    await expect(page.getByTestId("summary-total")).toHaveText("150");
    expect((await page.request.get(calls("acme", exampleBatch))).status()).toBe(200);
    const sessionCookies = async () =>
      (await context.cookies(appOrigin)).filter((cookie) => cookie.name.includes("session-token"));
    const beforeSignOut = await sessionCookies();
    expect(beforeSignOut).not.toEqual([]);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${appOrigin}/signin?signedOut=1`);
    await expect(page.getByRole("status")).toHaveText("You are signed out.");

    // A page request sent just before the sign-out and answered just after it (a prefetch, say) lands a renewed
    // session cookie after the sign-out deleted it; full runs saw Back show the batch again that way. Land one
    // on purpose: the session must stay ended.
    await context.addCookies(beforeSignOut);
    expect((await page.request.get(calls("acme", exampleBatch))).status()).toBe(401);

    await page.goBack();
    await expect(page).toHaveURL(/\/signin\?/);
    await expect(page.getByTestId("summary-total")).toHaveCount(0);
    await expect(page.getByRole("table")).toHaveCount(0);

    await page.goto(examplePath);
    await expect(page).toHaveURL(`${appOrigin}/signin?callbackUrl=${encodeURIComponent(examplePath)}`);
    await expect(page.getByTestId("summary-total")).toHaveCount(0);

    const api = await page.request.get(calls("acme", exampleBatch));
    expect(api.status()).toBe(401);
    expect(((await api.json()) as ApiErrorBody).error.code).toBe("unauthorized");
    expect(await sessionCookies()).toEqual([]);
  } finally {
    await context.close();
  }
});
