import { expect, test } from "./support/test";
import { signedOut } from "./support/e2e";

test.describe("public files and indexing", () => {
  test.use({ storageState: signedOut });

  test("robots.txt keeps every crawler out and is served without a session", async ({ request }) => {
    const response = await request.get("/robots.txt", { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    expect(await response.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/);
  });

  test("the icon is served without a session, and pages and the API say noindex", async ({ request }) => {
    const icon = await request.get("/icon.svg", { maxRedirects: 0 });
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain("image/svg+xml");

    const signIn = await request.get("/signin");
    expect(signIn.headers()["x-robots-tag"]).toBe("noindex, nofollow");
    expect(await signIn.text()).toContain('<link rel="icon" href="/icon.svg" type="image/svg+xml"');
    const api = await request.get("/api/health");
    expect(api.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  });
});
