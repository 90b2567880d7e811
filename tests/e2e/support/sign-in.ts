import { expect, type Page } from "@playwright/test";
import { account, type DemoUser } from "./accounts";

/**
 * The real flow: the app's sign-in page, the identity provider's login form, the
 * authorization-code + PKCE exchange, and back to wherever the app sends us.
 */
export async function signInThroughIdp(page: Page, user: DemoUser): Promise<void> {
  const { login, password } = account(user);
  if (!/\/signin/.test(page.url())) await page.goto("/signin");
  await page.getByRole("button", { name: /Sign in with Demo SSO/ }).click();
  await expect(page.getByLabel("Email or username")).toBeVisible();
  await page.getByLabel("Email or username").fill(login);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(
    (url) =>
      url.host.startsWith("localhost") && !url.pathname.startsWith("/signin") && !url.pathname.startsWith("/api/auth"),
  );
}
