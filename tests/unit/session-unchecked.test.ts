import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { redisTestUrl } from "./support/redis";
import { appTestEnv } from "./support/app-env";
import { managedEnv, newPrefix } from "./support/process-state";

// A session that cannot be checked (Redis configured but unreachable, and this instance never read the
// person's epoch) through the real session reading: only the request's headers are supplied, as Next.js would.

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));

const env = managedEnv(["REDIS_URL", "REDIS_KEY_PREFIX"]);
const secret = appTestEnv("").AUTH_SECRET!;
const issuer = "http://127.0.0.1:1";

async function signedInAs(email: string): Promise<string> {
  const token = await encode({
    token: {
      uid: `${issuer}#${randomUUID()}`,
      provider: "oidc",
      issuer,
      email,
      name: "Ann",
      isEmailVerified: true,
      groups: [],
      signedInAt: Math.floor(Date.now() / 1000),
      epoch: 0,
    },
    secret,
    salt: "authjs.session-token",
    maxAge: 3600,
  });
  return `authjs.session-token=${token}`;
}

async function asRequest(cookie: string) {
  request.headers = new Headers({ cookie, "x-forwarded-proto": "http" });
}

/** The redirect a page's guard asked for (Next.js throws it), or undefined when it let the page render. */
async function guardRedirect(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return digest.split(";")[2];
  }
}

afterAll(() => env.restore());

describe("a session that cannot be checked right now", () => {
  it("the API answers 503 with Retry-After and says why; a page goes to the 'cannot check' page, not to sign-in", async () => {
    env.reset({ REDIS_URL: "redis://127.0.0.1:1", REDIS_KEY_PREFIX: newPrefix() });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await asRequest(await signedInAs("ann@acme.test"));
      const { GET } = await import("@/app/api/w/[slug]/batches/[batchId]/calls/route");
      const response = await GET(new NextRequest("http://localhost/api/w/acme/batches/batch_1/calls"), {
        params: Promise.resolve({ slug: "acme", batchId: "batch_1" }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("10");
      expect(await response.json()).toEqual({
        error: { code: "unavailable", message: expect.stringMatching(/^Your session cannot be checked right now/) },
      });

      const { requireIdentity } = await import("@/lib/auth/session");
      expect(await guardRedirect(() => requireIdentity("/w/acme?page=2"))).toBe(
        `/session-unavailable?callbackUrl=${encodeURIComponent("/w/acme?page=2")}`,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it("with Redis answering, the same kind of session is signed in, and no cookie at all is signed out", async () => {
    env.reset({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: newPrefix() });
    const { requireIdentity } = await import("@/lib/auth/session");
    await asRequest(await signedInAs("ann@acme.test"));
    expect(await guardRedirect(() => requireIdentity("/"))).toBeUndefined();
    await asRequest("");
    expect(await guardRedirect(() => requireIdentity("/w/acme"))).toBe(
      `/signin?callbackUrl=${encodeURIComponent("/w/acme")}`,
    );
  });
});
