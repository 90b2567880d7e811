import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { appTestEnv } from "./support/app-env";
import { testIdentity } from "./support/identity";

// The do-not-call routes with everything real below the session: access, intake, the database (the run's
// PostgreSQL, else PGlite in memory), the activity rows.
const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

type ListRoute = typeof import("@/app/api/w/[slug]/do-not-call/route");
type NumberRoute = typeof import("@/app/api/w/[slug]/do-not-call/[number]/route");

const alice = testIdentity({ id: "http://127.0.0.1:1#dnc-alice" });
const carol = testIdentity({ id: "http://127.0.0.1:1#dnc-carol", email: "carol@acme.test", name: "Carol" });
const bob = testIdentity({ id: "http://127.0.0.1:1#dnc-bob", email: "bob@globex.test", name: "Bob" });
// Slugs of this test's own, so the run's shared database holds nothing else in them.
const acme = `dnc-acme-${process.pid}`;
const globex = `dnc-globex-${process.pid}`;

let list: ListRoute;
let one: NumberRoute;
let activity: typeof import("@/lib/db/activity");
let config: typeof import("@/lib/config");

const base = "http://localhost";
const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function get(slug: string, search = ""): Promise<Response> {
  return list.GET(new NextRequest(`${base}/api/w/${slug}/do-not-call${search}`), {
    params: Promise.resolve({ slug }),
  });
}

async function post(slug: string, init: RequestInit): Promise<Response> {
  return list.POST(new NextRequest(`${base}/api/w/${slug}/do-not-call`, init as never), {
    params: Promise.resolve({ slug }),
  });
}

async function remove(slug: string, number: string, body: unknown): Promise<Response> {
  const request = new NextRequest(`${base}/api/w/${slug}/do-not-call/${encodeURIComponent(number)}`, {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return one.DELETE(request, { params: Promise.resolve({ slug, number: encodeURIComponent(number) }) });
}

/** A multipart body as a browser sends it: its boundary has capitals, which must survive the server's reading. */
function upload(csv: string, name = "list.csv"): RequestInit {
  const boundary = "----WebKitFormBoundaryQx7Yb3KpZ";
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
    `Content-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv("http://127.0.0.1:9", {
      WORKSPACES: JSON.stringify([
        {
          slug: acme,
          id: "ws_acme",
          name: "Acme",
          members: { domains: ["acme.test"] },
          operators: { emails: ["alice@acme.test"] },
        },
        {
          slug: globex,
          id: "ws_globex",
          name: "Globex",
          members: { emails: ["bob@globex.test"] },
          operators: { emails: ["bob@globex.test"] },
        },
      ]),
      API_RATE_LIMIT_PER_MINUTE: "100000",
    }),
  );
  list = await import("@/app/api/w/[slug]/do-not-call/route");
  one = await import("@/app/api/w/[slug]/do-not-call/[number]/route");
  activity = await import("@/lib/db/activity");
  config = await import("@/lib/config");
}, 120_000);

afterAll(async () => {
  await (await import("@/lib/db/client")).closeDatabase();
});

beforeEach(() => {
  session.identity = alice;
});

const workspaceOf = (slug: string) => config.getConfig().workspaces.find((workspace) => workspace.slug === slug)!;

describe("the do-not-call routes", () => {
  it("an operator adds a number typed by hand, in the workspace's country, and a member reads it", async () => {
    const added = await post(acme, json({ number: "(212) 555-0101", reason: "asked", note: "Asked on a call" }));
    expect(added.status).toBe(200);
    expect(await added.json()).toEqual({ added: 1, alreadyListed: 0, numbers: ["+12125550101"] });

    session.identity = carol;
    const page = await get(acme);
    expect(page.status).toBe(200);
    const body = (await page.json()) as { entries: { number: string; reason: string }[]; total: number };
    expect(body).toMatchObject({ total: 1, canEdit: false, entries: [{ number: "+12125550101", reason: "asked" }] });
  });

  it("a member cannot add, import or remove (403, recorded), and another workspace sees nothing", async () => {
    session.identity = carol;
    expect((await post(acme, json({ number: "+12125550102" }))).status).toBe(403);
    expect((await post(acme, upload("phone_number\n+12125550103\n"))).status).toBe(403);
    expect((await remove(acme, "+12125550101", { reason: "test" })).status).toBe(403);

    session.identity = bob;
    expect(await (await get(globex)).json()).toMatchObject({ total: 0, entries: [] });
    expect((await get(acme)).status).toBe(404);
    expect((await remove(globex, "+12125550101", { reason: "not ours" })).status).toBe(404);

    await activity.drain();
    const refused = await activity.listActivity(workspaceOf(acme), { action: "denied", page: 1, limit: 10 });
    // (bob's probe of acme is a denial too, without `attempted`.)
    const attempts = refused.entries.flatMap((entry) => (entry.details.attempted ? [entry.details.attempted] : []));
    expect(attempts.sort()).toEqual(["dnc.add", "dnc.import", "dnc.remove"]);
  });

  it("imports a CSV with the new batch's parser: invalid rows and duplicates counted, a Phone header offered", async () => {
    const csv = "name;phone_number\nA;+1 312 555 0104\nB;not a number\nC;(312) 555-0104\nD;+442079460000\n";
    const response = await post(acme, upload(csv));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      added: 2,
      alreadyListed: 0,
      rows: 4,
      valid: 2,
      invalidCount: 1,
      duplicates: 1,
    });

    const unconfirmed = await post(acme, upload("Phone\n+13125550105\n"));
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.json()).toMatchObject({ error: { code: "unprocessable", candidates: ["Phone"] } });

    const form = new FormData();
    form.set("file", new File(["Phone\n+13125550105\n"], "list.csv"));
    form.set("phoneColumn", "Phone");
    expect(await (await post(acme, { method: "POST", body: form })).json()).toMatchObject({
      added: 1,
    });

    expect((await post(acme, upload("<html><body>hi</body></html>", "page.html"))).status).toBe(415);
  });

  it("exports the list as CSV with formula-looking notes neutralised", async () => {
    await post(acme, json({ number: "+13125550106", note: '=HYPERLINK("x")' }));
    const response = await get(acme, "?format=csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="do-not-call-/);
    const text = await response.text();
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("phone_number,reason,note,added_by,added_at");
    expect(lines).toHaveLength(6);
    expect(text).toContain(`+13125550106,manual,"'=HYPERLINK(""x"")",Alice,`);
  });

  it("an operator removes a number with a reason; the activity keeps the reason and only the last four digits", async () => {
    expect((await remove(acme, "+12125550101", {})).status).toBe(400);
    const response = await remove(acme, "+12125550101", { reason: "Opted back in by email" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ removed: { number: "+12125550101", reason: "asked" } });
    expect((await remove(acme, "+12125550101", { reason: "again" })).status).toBe(404);

    await activity.drain();
    const removed = await activity.listActivity(workspaceOf(acme), { action: "dnc.remove", page: 1, limit: 10 });
    expect(removed.entries).toHaveLength(1);
    expect(removed.entries[0]!.details).toEqual({
      number: "…0101",
      reason: "Opted back in by email",
      wasReason: "asked",
    });
    const all = await activity.listActivity(workspaceOf(acme), { page: 1, limit: 100 });
    expect(JSON.stringify(all.entries)).not.toContain("5550101");
  });

  it("refuses a cross-site change", async () => {
    const response = await post(acme, {
      ...json({ number: "+12125550107" }),
      headers: { "content-type": "application/json", origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
  });
});
