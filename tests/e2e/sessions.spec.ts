import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { decode, encode } from "next-auth/jwt";
import { appEnvironment, e2ePorts } from "../../dev/stack-config";
import { account } from "./support/accounts";
import {
  appOrigin,
  calls,
  examplePath,
  exampleBatch,
  freshSignIn,
  globexBatch,
  globexPath,
  rawGet,
  type ApiErrorBody,
} from "./support/e2e";

// Hardening: sessions end (AUTH_SESSION_MAX_AGE_HOURS from sign-in), can be revoked ("End all sessions"),
// and people without an email claim sign in and are admitted by groups, or see "No access yet".

test.describe.configure({ timeout: 90_000 });

// The e2e stack's secret (dev/stack-config.ts): the test ages a real session cookie as 12 hours would.
const secret = appEnvironment(e2ePorts).AUTH_SECRET!;
const cookieName = "authjs.session-token";
const hour = 3_600_000;

async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies(appOrigin)).find((candidate) => candidate.name === cookieName);
  if (!cookie) throw new Error("no session cookie");
  return cookie;
}

async function sessionClaims(context: BrowserContext) {
  const claims = await decode({ token: (await sessionCookie(context)).value, secret, salt: cookieName });
  if (!claims) throw new Error("the session cookie does not open with the stack's secret");
  return claims;
}

/** Sign in again while the identity provider still has its own session: the button goes straight through. */
async function signInAgain(page: Page, landing: string): Promise<void> {
  await page.getByRole("button", { name: /Sign in with Demo SSO/ }).click();
  await page.waitForURL(landing);
}

const cookieHeader = async (context: BrowserContext) =>
  (await context.cookies(appOrigin)).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");

test("a session ends 12 hours after sign-in however often it is used; signing in again returns to the same URL", async ({
  browser,
}) => {
  const { context, page } = await freshSignIn(browser, "alice");
  try {
    const signedIn = await sessionClaims(context);
    expect(typeof signedIn.signedInAt).toBe("number");
    expect(page.url()).toBe(`${appOrigin}/`);

    // Every page request renews the cookie (8 h from now again), but never the sign-in time.
    await page.goto(examplePath);
    await expect(page.getByTestId("summary-total")).toHaveText("150");
    const renewed = await sessionClaims(context);
    expect(renewed.exp).toBeGreaterThanOrEqual(signedIn.exp!);
    expect(renewed.signedInAt).toBe(signedIn.signedInAt);
    expect((await page.request.get(calls("acme", exampleBatch))).status()).toBe(200);

    // The same session, as if signed in 12 hours and a minute ago and used ever since: its cookie is fresh.
    const aged = await encode({
      token: { ...renewed, signedInAt: Math.floor((Date.now() - 12 * hour - 60_000) / 1000) },
      secret,
      salt: cookieName,
      maxAge: 8 * 3600,
    });
    // Off the live batch page first: its refreshes would renew the cookie over the aged one.
    await page.goto("about:blank");
    const current = await sessionCookie(context);
    await context.addCookies([{ ...current, value: aged }]);

    // Route handlers: 401.
    const api = await page.request.get(calls("acme", exampleBatch));
    expect(api.status()).toBe(401);
    expect(((await api.json()) as ApiErrorBody).error.code).toBe("unauthorized");

    // Pages: sign in again, and land on exactly the URL asked for.
    const requested = `${examplePath}?status=failed&limit=50`;
    await page.goto(requested);
    await expect(page).toHaveURL(`${appOrigin}/signin?callbackUrl=${encodeURIComponent(requested)}`);
    await expect(page.getByTestId("summary-total")).toHaveCount(0);
    await signInAgain(page, `${appOrigin}${requested}`);
    await expect(page.getByTestId("range")).toHaveText("1–5 of 5 calls");
    const again = await sessionClaims(context);
    expect(again.signedInAt).toBeGreaterThan(signedIn.signedInAt as number);
    expect((await page.request.get(calls("acme", exampleBatch))).status()).toBe(200);
  } finally {
    await context.close();
  }
});

// dana has no email claim, only groups; her tests share her sessions, so they run one after the other.
test.describe("dana (no email claim; globex through a group scoped to this provider)", () => {
  test.describe.configure({ mode: "serial" });

  test("signs in and is admitted by her group, keyed on her subject id", async ({ browser }) => {
    const { context, page } = await freshSignIn(browser, "dana");
    try {
      expect(page.url()).toBe(`${appOrigin}/`);
      await expect(page.getByRole("heading", { name: "Open a batch" })).toBeVisible();
      await expect(page.getByRole("link", { name: /Globex/ })).toBeVisible();
      await expect(page.getByRole("heading", { name: "No access yet" })).toHaveCount(0);
      const claims = await sessionClaims(context);
      expect(claims.uid).toBe(`http://127.0.0.1:${e2ePorts.idp}#${account("dana").id}`);
      expect(claims.email).toBe("");
      expect(claims.provider).toBe("oidc");

      const globex = await page.goto(globexPath);
      expect(globex?.status()).toBe(200);
      await expect(page.getByTestId("summary-total")).toHaveText("80");
      await expect(page.getByText("Dana Dietrich")).toBeVisible();
      expect((await page.request.get(calls("globex", globexBatch))).status()).toBe(200);
      expect((await page.request.get(calls("acme", exampleBatch))).status()).toBe(404);
    } finally {
      await context.close();
    }
  });

  test("End all sessions: a cookie copied before answers 401 afterwards, and her other browser is signed out", async ({
    browser,
  }) => {
    const laptop = await freshSignIn(browser, "dana");
    const phone = await freshSignIn(browser, "dana");
    try {
      const copied = await cookieHeader(laptop.context);
      expect((await rawGet(calls("globex", globexBatch), { cookie: copied })).status).toBe(200);
      expect((await phone.page.request.get(calls("globex", globexBatch))).status()).toBe(200);

      await laptop.page.goto("/");
      await laptop.page.getByRole("button", { name: "End all sessions" }).click();
      await expect(laptop.page).toHaveURL(`${appOrigin}/signin?signedOut=1`);

      // The copy still decrypts and has not expired: only the revocation refuses it.
      const afterwards = await rawGet(calls("globex", globexBatch), { cookie: copied });
      expect(afterwards.status).toBe(401);
      expect((JSON.parse(afterwards.body) as ApiErrorBody).error.code).toBe("unauthorized");
      expect((await phone.page.request.get(calls("globex", globexBatch))).status()).toBe(401);
      await phone.page.goto(globexPath);
      await expect(phone.page).toHaveURL(`${appOrigin}/signin?callbackUrl=${encodeURIComponent(globexPath)}`);

      // A new sign-in is a new session, not revoked.
      await signInAgain(phone.page, `${appOrigin}${globexPath}`);
      await expect(phone.page.getByTestId("summary-total")).toHaveText("80");
      expect((await phone.page.request.get(calls("globex", globexBatch))).status()).toBe(200);
      expect((await rawGet(calls("globex", globexBatch), { cookie: copied })).status).toBe(401);
    } finally {
      await laptop.context.close();
      await phone.context.close();
    }
  });
});

test("finn (no email claim, no group) signs in and sees the no-access page, not a loop back to sign-in", async ({
  browser,
}) => {
  const { context, page } = await freshSignIn(browser, "finn");
  try {
    expect(page.url()).toBe(`${appOrigin}/`);
    await expect(page.getByRole("heading", { name: "No access yet" })).toBeVisible();
    // In the page, not the header (which shows who is signed in too).
    await expect(page.getByRole("main").getByText("Finn Fischer")).toBeVisible();
    await expect(page.getByText("sent no email address")).toBeVisible();
    // Still there once settled, and again on reload: a session, just no workspace.
    await page.reload();
    await expect(page.getByRole("heading", { name: "No access yet" })).toBeVisible();
    expect(page.url()).toBe(`${appOrigin}/`);
    // Signed in (not 401), but no workspace: 404 for both.
    for (const path of [calls("globex", globexBatch), calls("acme", exampleBatch)]) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(404);
    }
    expect((await page.goto(globexPath))?.status()).toBe(404);
  } finally {
    await context.close();
  }
});
