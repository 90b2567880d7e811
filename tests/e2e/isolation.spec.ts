import { expect, test } from "./support/test";
import { storageStatePath } from "./support/accounts";
import {
  appOrigin,
  calls,
  exampleBatch,
  examplePath,
  globexBatch,
  globexPath,
  hydrated,
  rawGet,
  sessionCookieHeader,
  upstreamRequestsSince,
  type ApiErrorBody,
} from "./support/e2e";

// Issue 3: alice (acme only) must never see Globex's data, however she asks.

test.use({ storageState: storageStatePath("alice") });

// A page size nobody else uses: any upstream request carrying it was caused by this file's requests,
// even while other tests (carol, bob) legitimately read Globex's batch in parallel.
const fingerprint = 37;
const q = `?limit=${fingerprint}`;

const forgedHeaders: Record<string, string> = {
  "x-workspace-id": "ws_globex",
  "x-api-key": "anything",
  "x-forwarded-host": "evil.test",
  "x-forwarded-proto": "https",
  "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
  "x-original-url": `/api/w/globex/batches/${globexBatch}/calls`,
  "x-rewrite-url": `/api/w/globex/batches/${globexBatch}/calls`,
  "x-invoke-path": `/api/w/globex/batches/${globexBatch}/calls`,
};

test("globex's batch page answers 404 for alice", async ({ page }) => {
  const response = await page.goto(globexPath);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
  await expect(page.getByTestId("summary-total")).toHaveCount(0);
  await expect(page.getByText("call_gx_", { exact: false })).toHaveCount(0);
  // No header switcher entry either: alice only has Acme.
  await page.goto(examplePath);
  await hydrated(page.getByRole("button", { name: "Workspace: Acme Corp. Switch workspace" }));
  await page.getByRole("button", { name: "Workspace: Acme Corp. Switch workspace" }).click();
  await expect(page.getByRole("menuitem")).toHaveText(["Acme Corp (current)"]);
});

test("globex's calls API answers the same 404 as an unknown workspace", async ({ page }) => {
  const forbidden = await page.request.get(calls("globex", globexBatch));
  const unknown = await page.request.get(calls("nope", globexBatch));
  expect(forbidden.status()).toBe(404);
  expect(unknown.status()).toBe(404);
  const forbiddenBody = (await forbidden.json()) as ApiErrorBody;
  expect(forbiddenBody.error.code).toBe("not_found");
  expect(forbiddenBody).toEqual(await unknown.json());
  expect(forbidden.headers()["content-type"]).toContain("application/json");
  expect(forbidden.headers()["cache-control"]).toContain("no-store");
  for (const path of [
    `/api/w/globex/batches/${globexBatch}/export?format=csv`,
    `/api/w/globex/batches/${globexBatch}/failures`,
    `/api/w/globex/batches/${globexBatch}/outcomes`,
    `/api/w/globex/batches/${globexBatch}/search?q=Kenji`,
    `/api/w/globex/batches/${globexBatch}/calls/call_gx_0001`,
    `/api/w/globex/batches/${globexBatch}/calls/call_gx_0001/recording`,
  ]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.json(), path).toEqual(forbiddenBody);
  }
});

// DESIGN.md: "404 unknown batch or a workspace the user may not open (the two look the same)".
test("an unknown batch in alice's own workspace answers the same 404 body as globex's batch", async ({ page }) => {
  const forbidden = await page.request.get(calls("globex", globexBatch));
  const unknownBatch = await page.request.get(calls("acme", "batch_does_not_exist"));
  expect(unknownBatch.status()).toBe(404);
  expect(await unknownBatch.json()).toEqual(await forbidden.json());
});

test("forged headers change nothing: acme stays acme, globex stays 404, Trillet never hears of ws_globex", async ({
  page,
  request,
}) => {
  const since = Date.now();

  const own = await page.request.get(calls("acme", exampleBatch, q), { headers: forgedHeaders });
  expect(own.status()).toBe(200);
  const ownBody = (await own.json()) as { calls: { jobId: string }[]; summary: { total: number } };
  expect(ownBody.summary.total).toBe(150);
  expect(ownBody.calls).toHaveLength(fingerprint);
  expect(ownBody.calls[0]!.jobId).toBe("call_123");
  expect(JSON.stringify(ownBody)).not.toContain("call_gx_");

  const foreign = await page.request.get(calls("globex", globexBatch, q), { headers: forgedHeaders });
  expect(foreign.status()).toBe(404);
  expect(((await foreign.json()) as ApiErrorBody).error.code).toBe("not_found");

  // The same through the page routes and the other API routes.
  const foreignPage = await page.request.get(`${globexPath}${q}`, { headers: forgedHeaders, maxRedirects: 0 });
  expect(foreignPage.status()).toBe(404);
  expect(await foreignPage.text()).not.toContain("call_gx_");
  const ownPage = await page.request.get(`${examplePath}${q}`, { headers: forgedHeaders, maxRedirects: 0 });
  expect(ownPage.status()).toBe(200);
  expect(await ownPage.text()).not.toContain("call_gx_");
  for (const path of [
    `/api/w/globex/batches/${globexBatch}/failures`,
    `/api/w/globex/batches/${globexBatch}/export?format=csv`,
  ]) {
    const response = await page.request.get(path, { headers: forgedHeaders });
    expect(response.status(), path).toBe(404);
  }

  // Header-only tricks on alice's own URL must not swap in Globex's batch id either.
  const swapped = await page.request.get(calls("acme", globexBatch, q), { headers: forgedHeaders });
  expect(swapped.status()).toBe(404);

  const upstream = await upstreamRequestsSince(request, since);
  const ours = upstream.filter((entry) => entry.query.limit === String(fingerprint));
  expect(ours.length, "alice's acme request reached the simulator").toBeGreaterThan(0);
  for (const entry of ours) {
    expect(entry.workspaceId, entry.rawUrl).toBe("ws_acme");
    expect(entry.headerNames.filter((name) => name.startsWith("x-")).sort(), entry.rawUrl).toEqual([
      "x-api-key",
      "x-workspace-id",
    ]);
  }
  // Nothing of this test asked Trillet for Globex's workspace, whatever the batch.
  expect(ours.filter((entry) => entry.workspaceId === "ws_globex")).toEqual([]);
  // And Globex's batch was only ever asked for under ws_acme (which the simulator refuses) by alice.
  expect(ours.filter((entry) => entry.batchId === globexBatch).every((entry) => entry.workspaceId === "ws_acme")).toBe(
    true,
  );
});

const tamperedSlugs = [
  "GLOBEX",
  "Globex",
  "globex%00",
  "globex%20",
  "%20globex",
  "acme%2F..%2Fglobex",
  "..%2Fglobex",
  "%2e%2e",
  "gl%C3%B6bex",
  "globex%2F",
  "ws_globex",
];
const tamperedBatchIds = [
  "batch_globex_q3%2F..",
  "%2e%2e",
  "..%2Fbatch_globex_q3",
  "batch_globex_q3%00",
  "BATCH_GLOBEX_Q3",
  "batch_globex_q3%20",
  "batch_globex_q3;",
  "%C3%A9t%C3%A9",
  "%F0%9F%98%80",
  "b".repeat(129),
  "x".repeat(5000),
];

test("tampered slugs, batch ids and raw paths: 4xx JSON, never globex data, never 5xx", async ({ request }) => {
  const cookie = sessionCookieHeader("alice");
  const paths = new Set<string>();
  for (const slug of tamperedSlugs) paths.add(`/api/w/${slug}/batches/${globexBatch}/calls${q}`);
  for (const batchId of tamperedBatchIds) {
    paths.add(`/api/w/acme/batches/${batchId}/calls${q}`);
    paths.add(`/api/w/globex/batches/${batchId}/calls${q}`);
  }
  // Sent byte for byte: a browser or fetch would normalise these before they left.
  for (const raw of [
    `/api/w/acme/../globex/batches/${globexBatch}/calls${q}`,
    `/api/w/acme/batches/../../globex/batches/${globexBatch}/calls${q}`,
    `/api/w/acme/./../globex/batches/${globexBatch}/calls${q}`,
    `/api/w/acme/batches/${globexBatch}/../${globexBatch}/calls${q}`,
    `/api/w/acme\\..\\globex/batches/${globexBatch}/calls${q}`,
    `/api/w//globex/batches/${globexBatch}/calls${q}`,
    `/api/w/acme%2f..%2fglobex/batches/${globexBatch}/calls${q}`,
  ]) {
    paths.add(raw);
  }

  const since = Date.now();
  const outcomes: { path: string; status: number; code?: string }[] = [];
  for (const path of paths) {
    let response = await rawGet(path, { cookie, accept: "application/json" });
    // Next.js answers "//" and "\\" in a path with a 308 to the normalised path: follow it (same origin only).
    if ([301, 307, 308].includes(response.status)) {
      const location = new URL(String(response.headers.location), appOrigin);
      expect(location.origin, `${path} redirects to ${location.href}`).toBe(appOrigin);
      response = await rawGet(`${location.pathname}${location.search}`, { cookie, accept: "application/json" });
    }
    let body: Partial<ApiErrorBody> & { calls?: unknown } = {};
    try {
      body = JSON.parse(response.body) as typeof body;
    } catch {
      // reported below
    }
    outcomes.push({ path: path.slice(0, 120), status: response.status, code: body.error?.code });
    expect.soft([400, 404], `${path.slice(0, 120)} → ${response.status}`).toContain(response.status);
    expect.soft(String(response.headers["content-type"]), path.slice(0, 120)).toContain("application/json");
    expect.soft(typeof body.error?.code, path.slice(0, 120)).toBe("string");
    expect.soft(body.calls, path.slice(0, 120)).toBeUndefined();
    expect.soft(response.body, path.slice(0, 120)).not.toContain("call_gx_");
  }
  test.info().annotations.push({ type: "outcomes", description: JSON.stringify(outcomes) });

  const upstream = (await upstreamRequestsSince(request, since)).filter(
    (entry) => entry.query.limit === String(fingerprint),
  );
  expect(upstream.filter((entry) => entry.workspaceId === "ws_globex")).toEqual([]);
});

test("tampered page URLs for globex never show globex's calls", async ({ page }) => {
  for (const path of [
    "/w/GLOBEX/batches/batch_globex_q3",
    "/w/globex%00/batches/batch_globex_q3",
    "/w/acme%2F..%2Fglobex/batches/batch_globex_q3",
    "/w/globex/batches/batch_globex_q3%2F..",
    "/w/globex/batches/BATCH_GLOBEX_Q3",
  ]) {
    const response = await page.goto(path);
    const status = response?.status() ?? 0;
    expect([400, 404], `${path} → ${status}`).toContain(status);
    await expect(page.getByTestId("summary-total")).toHaveCount(0);
    expect(await page.content()).not.toContain("call_gx_");
  }
  // The browser itself turns "/w/%2e%2e/batches/x" into "/batches/x", which opens in alice's only workspace.
  await page.goto("/w/%2e%2e/batches/batch_globex_q3");
  await expect(page).toHaveURL(`${appOrigin}/w/acme/batches/batch_globex_q3`);
  await expect(page.getByRole("heading", { name: "Batch not found" })).toBeVisible();
  await expect(page.getByTestId("summary-total")).toHaveCount(0);
  expect(await page.content()).not.toContain("call_gx_");
});

// README: an unknown batch's page streams its title and skeleton first, so it shows "Batch not found"
// with HTTP 200 and noindex; a workspace one may not open, or a malformed id, is a real 404.
test("an unknown batch's page says not found (200 + noindex, documented); a forbidden workspace's is a real 404", async ({
  page,
}) => {
  const forbidden = await page.goto(globexPath);
  expect(forbidden?.status()).toBe(404);
  const malformed = await page.goto("/w/acme/batches/not%20an%20id");
  expect(malformed?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Batch not found" })).toBeVisible();
  const unknown = await page.goto("/w/acme/batches/batch_does_not_exist");
  expect(unknown?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Batch not found" })).toBeVisible();
  await expect(page.locator('meta[name="robots"][content*="noindex"]').first()).toBeAttached();
  await expect(page.getByTestId("summary-total")).toHaveCount(0);
});
