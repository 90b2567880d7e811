import { readFileSync } from "node:fs";
import { expect, test } from "./support/test";
import { storageStatePath } from "./support/accounts";
import { signedOut } from "./support/e2e";

type AuditLine = { type: string; action: string; user: string; workspace: string; reason?: string; status: number };

/** The audit lines the end-to-end server has written so far (playwright.config.ts logs it here). */
function deniedLines(): AuditLine[] {
  return readFileSync("test-logs/e2e-server.log", "utf8")
    .split("\n")
    .filter((line) => line.startsWith('{"type":"audit"'))
    .map((line) => JSON.parse(line) as AuditLine)
    .filter((line) => line.action === "denied");
}

test.describe("denials are audited", () => {
  test.use({ storageState: storageStatePath("alice") });

  test("a probe of a forbidden workspace shows up with the person and the slug asked for", async ({
    page,
    request,
  }) => {
    const probeSlug = "globex";
    expect((await request.get(`/api/w/${probeSlug}/batches/batch_globex_q3/calls`)).status()).toBe(404);
    expect((await page.goto(`/w/${probeSlug}/batches/batch_globex_q3`))?.status()).toBe(404);
    await expect
      .poll(() => deniedLines().filter((line) => line.user === "alice@acme.test" && line.workspace === probeSlug))
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ reason: "not_member", status: 404, batch: "batch_globex_q3" }),
          expect.objectContaining({ reason: "not_member", status: 404 }),
        ]),
      );
  });

  test("an API call without a session is audited as no_session", async ({ playwright, baseURL }) => {
    // Explicitly empty: the test runner hands the file's storage state (alice's cookie) to new contexts too.
    const anonymous = await playwright.request.newContext({ baseURL, storageState: signedOut });
    const slug = `probe-${Date.now()}`;
    expect((await anonymous.get(`/api/w/${slug}/batches/batch_x/calls`)).status()).toBe(401);
    await anonymous.dispose();
    await expect
      .poll(() => deniedLines().find((line) => line.workspace === slug))
      .toMatchObject({ reason: "no_session", status: 401, user: "(signed out)" });
  });
});
