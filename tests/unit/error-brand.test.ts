import { describe, expect, it, vi } from "vitest";

// Next.js gives pages and route handlers their own copy of a module; objects kept on globalThis (the budget, the
// coalesced reads) throw errors built by whichever copy created them. A second import after resetModules is such a
// copy: same source, a class of its own.
async function freshCopy<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

describe("errors recognised across bundles", () => {
  it("a TrilletError built by another copy of the module is still a TrilletError", async () => {
    const here = await import("@/lib/trillet/errors");
    const there = await freshCopy(() => import("@/lib/trillet/errors"));
    expect(there.TrilletError).not.toBe(here.TrilletError);
    const error = new there.TrilletError("rate_limited", { retryAfterSeconds: 9 });
    expect(error instanceof here.TrilletError).toBe(false);
    expect(here.isTrilletError(error)).toBe(true);
    expect(here.isTrilletError(new Error("Trillet's rate limit is reached. Try again in a moment."))).toBe(false);
    expect(here.isTrilletError({ kind: "rate_limited", detail: {} })).toBe(false);
  });

  it("so is StoreUnavailable", async () => {
    const here = await import("@/lib/state/durable-store");
    const there = await freshCopy(() => import("@/lib/state/durable-store"));
    expect(there.StoreUnavailable).not.toBe(here.StoreUnavailable);
    expect(here.isStoreUnavailable(new there.StoreUnavailable())).toBe(true);
    expect(here.isStoreUnavailable(new Error("The shared store (Redis) is not answering."))).toBe(false);
  });
});
