import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryBudget, windowMs } from "@/lib/trillet/budget";
import { TrilletError } from "@/lib/trillet/errors";

const forever = Number.POSITIVE_INFINITY;

/** Tracks whether a promise has settled, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false, error: undefined as unknown, at: -1 };
  promise.then(
    () => {
      state.settled = true;
      state.at = Date.now();
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
      state.at = Date.now();
    },
  );
  return state;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

/** A budget whose burst never binds: these tests are about the sliding window alone. */
const budgetOf = (perMinute: number) =>
  new MemoryBudget({ perMinute, burst: 10_000, perSpender: 10_000 }, () => Date.now());

describe("MemoryBudget: the sliding window", () => {
  it("lets perMinute requests through at once, then makes the next one wait for the window", async () => {
    const budget = budgetOf(10);
    for (let i = 0; i < 10; i++) await budget.take("interactive", forever);
    const eleventh = track(budget.take("interactive", forever));
    await vi.advanceTimersByTimeAsync(windowMs - 1_000);
    expect(eleventh.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(eleventh.settled).toBe(true);
    expect(eleventh.error).toBeUndefined();
  });

  it("never lets more than perMinute requests through in any 60 s window", async () => {
    const perMinute = 7;
    const budget = new MemoryBudget({ perMinute, burst: 3, perSpender: 10_000 }, () => Date.now());
    const takes = [
      ...Array.from({ length: 20 }, () => track(budget.take("interactive", forever))),
      ...Array.from({ length: 10 }, () => track(budget.take("background", forever))),
    ];
    for (let step = 0; step < 400 && takes.some((take) => !take.settled); step++) {
      await vi.advanceTimersByTimeAsync(1_500);
      // Late arrivals mixed in with the waiting ones.
      if (step % 40 === 0) takes.push(track(budget.take("interactive", forever)));
    }
    expect(takes.every((take) => take.settled && take.error === undefined)).toBe(true);
    const times = takes.map((take) => take.at).sort((a, b) => a - b);
    for (let i = 0; i + perMinute < times.length; i++) {
      expect(times[i + perMinute]! - times[i]!).toBeGreaterThanOrEqual(windowMs);
    }
  });

  it("keeps a reserve for interactive reads: background waits while interactive still goes", async () => {
    // perMinute 8 → reserve 2: background needs 3 free slots, interactive needs 1.
    const budget = budgetOf(8);
    for (let i = 0; i < 6; i++) await budget.take("background", forever);
    const background = track(budget.take("background", forever));
    await vi.advanceTimersByTimeAsync(0);
    expect(background.settled).toBe(false);

    const interactive = track(budget.take("interactive", Date.now() + 1_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(interactive.settled).toBe(true);
    expect(interactive.error).toBeUndefined();
    await budget.take("interactive", Date.now() + 1_000);
    expect(budget.headroomNow()).toBe(0);

    await vi.advanceTimersByTimeAsync(61_000);
    expect(background.settled).toBe(true);
    expect(background.error).toBeUndefined();
  });

  it("background alone stops at perMinute minus the reserve", async () => {
    const budget = budgetOf(8);
    const takes = Array.from({ length: 7 }, () => track(budget.take("background", forever)));
    await vi.advanceTimersByTimeAsync(0);
    expect(takes.filter((take) => take.settled)).toHaveLength(6);
    expect(budget.headroomNow()).toBe(2 / 8);
  });

  it("pause() blocks every priority until the pause ends", async () => {
    const budget = budgetOf(100);
    budget.pause(5);
    expect(budget.headroomNow()).toBe(0);
    const interactive = track(budget.take("interactive", forever));
    const background = track(budget.take("background", forever));
    await vi.advanceTimersByTimeAsync(4_900);
    expect(interactive.settled).toBe(false);
    expect(background.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(interactive.settled && background.settled).toBe(true);
    expect(budget.headroomNow()).toBe(98 / 100);
  });

  it("a shorter pause does not cut a longer one short", async () => {
    const budget = budgetOf(100);
    budget.pause(10);
    budget.pause(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(budget.headroomNow()).toBe(0);
    await vi.advanceTimersByTimeAsync(8_000);
    expect(budget.headroomNow()).toBe(1);
  });

  it("fails as rate_limited with a Retry-After when the wait would pass the deadline", async () => {
    const budget = budgetOf(2);
    await budget.take("interactive", forever);
    await budget.take("interactive", forever);
    const error = await budget.take("interactive", Date.now() + 1_000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TrilletError);
    expect((error as TrilletError).kind).toBe("rate_limited");
    expect((error as TrilletError).detail.retryAfterSeconds).toBe(windowMs / 1000);
    // The failed attempt took nothing from the budget.
    expect(budget.headroomNow()).toBe(0);
    await vi.advanceTimersByTimeAsync(windowMs);
    expect(budget.headroomNow()).toBe(1);
  });

  it("fails during a pause when the pause outlasts the deadline", async () => {
    const budget = budgetOf(60);
    budget.pause(30);
    const error = await budget.take("interactive", Date.now() + 5_000).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "rate_limited", detail: { retryAfterSeconds: 30 } });
  });

  it("waits instead of failing when the deadline leaves room", async () => {
    const budget = budgetOf(1);
    await budget.take("interactive", forever);
    await vi.advanceTimersByTimeAsync(50_000);
    const next = track(budget.take("interactive", Date.now() + 12_000));
    await vi.advanceTimersByTimeAsync(windowMs - 50_000);
    expect(next.settled).toBe(true);
    expect(next.error).toBeUndefined();
  });

  it("headroom counts down per request and recovers after the window", async () => {
    const budget = budgetOf(4);
    expect(budget.headroomNow()).toBe(1);
    await budget.take("interactive", forever);
    expect(budget.headroomNow()).toBe(0.75);
    await vi.advanceTimersByTimeAsync(31_000);
    await budget.take("interactive", forever);
    expect(budget.headroomNow()).toBe(0.5);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(budget.headroomNow()).toBe(0.75);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(budget.headroomNow()).toBe(1);
  });

  it("stops waiting when the caller aborts", async () => {
    const budget = budgetOf(1);
    await budget.take("interactive", forever);
    const controller = new AbortController();
    const waiting = track(budget.take("background", forever, controller.signal));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(waiting.settled).toBe(false);
    const reason = new Error("client went away");
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.settled).toBe(true);
    expect(waiting.error).toBe(reason);
  });

  it("works with a budget of one request per minute for both priorities", async () => {
    const budget = budgetOf(1);
    await budget.take("background", forever);
    const next = track(budget.take("background", forever));
    await vi.advanceTimersByTimeAsync(windowMs - 1_000);
    expect(next.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(next.settled).toBe(true);
  });
});

describe("MemoryBudget: the burst", () => {
  it("lets a burst through at once, then the steady rate (never the whole minute in a few seconds)", async () => {
    const budget = new MemoryBudget({ perMinute: 60, burst: 10, perSpender: 10_000 }, () => Date.now());
    const takes = Array.from({ length: 30 }, () => track(budget.take("interactive", forever)));
    await vi.advanceTimersByTimeAsync(0);
    expect(takes.filter((take) => take.settled)).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(takes.filter((take) => take.settled)).toHaveLength(15);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(takes.every((take) => take.settled && take.error === undefined)).toBe(true);
  });

  it("background leaves half the burst to interactive reads", async () => {
    const budget = new MemoryBudget({ perMinute: 60, burst: 10, perSpender: 10_000 }, () => Date.now());
    // Background needs 6 tokens: it takes 5 of the 10 and then waits.
    const background = Array.from({ length: 6 }, () => track(budget.take("background", forever)));
    await vi.advanceTimersByTimeAsync(0);
    expect(background.filter((take) => take.settled)).toHaveLength(5);
    for (let i = 0; i < 5; i++) await budget.take("interactive", Date.now() + 100);
  });

  it("fails an interactive read whose wait for a token would pass its deadline", async () => {
    const budget = new MemoryBudget({ perMinute: 60, burst: 2, perSpender: 10_000 }, () => Date.now());
    await budget.take("interactive", forever);
    await budget.take("interactive", forever);
    const error = await budget.take("interactive", Date.now() + 500).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "rate_limited", detail: { retryAfterSeconds: 1 } });
  });

  it("clamps a pause to two minutes", async () => {
    const budget = budgetOf(60);
    await budget.pause(3_600);
    const error = await budget.take("interactive", Date.now() + 1_000).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "rate_limited", detail: { retryAfterSeconds: 120 } });
  });
});

describe("MemoryBudget: fair shares", () => {
  const alice = { user: "alice", workspace: "ws_acme" };
  const carol = { user: "carol", workspace: "ws_acme" };
  const bob = { user: "bob", workspace: "ws_globex" };

  it("one person paging through distinct pages cannot leave a colleague without budget", async () => {
    const budget = new MemoryBudget({ perMinute: 60, burst: 60, perSpender: 30 }, () => Date.now());
    for (let i = 0; i < 30; i++) await budget.take("interactive", Date.now() + 100, undefined, alice);
    const error = await budget.take("interactive", Date.now() + 1_000, undefined, alice).catch((caught) => caught);
    expect(error).toMatchObject({ kind: "rate_limited" });
    expect((error as TrilletError).detail.retryAfterSeconds).toBeGreaterThan(50);
    // Another workspace on the same key still gets its fresh page at once.
    await budget.take("interactive", Date.now() + 100, undefined, bob);
  });

  it("says when a refusal is the person's own share, not the key's budget", async () => {
    const budget = new MemoryBudget({ perMinute: 60, burst: 60, perSpender: 2 }, () => Date.now());
    for (let i = 0; i < 2; i++) await budget.take("interactive", Date.now() + 100, undefined, alice);
    const own = await budget.take("interactive", Date.now() + 100, undefined, alice).catch((caught) => caught);
    expect(own).toMatchObject({ kind: "rate_limited", detail: { ownShare: true } });
    await budget.pause(30);
    const paused = await budget.take("interactive", Date.now() + 100, undefined, bob).catch((caught) => caught);
    expect(paused).toMatchObject({ kind: "rate_limited" });
    expect((paused as TrilletError).detail.ownShare).toBeUndefined();
  });

  it("a workspace on a shared key is held to its share too, whoever in it asks", async () => {
    const budget = new MemoryBudget({ perMinute: 60, burst: 60, perSpender: 20 }, () => Date.now());
    for (let i = 0; i < 10; i++) await budget.take("interactive", Date.now() + 100, undefined, alice);
    for (let i = 0; i < 10; i++) await budget.take("interactive", Date.now() + 100, undefined, carol);
    const error = await budget.take("interactive", Date.now() + 1_000, undefined, carol).catch((caught) => caught);
    expect(error).toMatchObject({ kind: "rate_limited" });
    await budget.take("interactive", Date.now() + 100, undefined, bob);
  });

  it("shares come back as the window slides", async () => {
    const budget = new MemoryBudget({ perMinute: 60, burst: 60, perSpender: 2 }, () => Date.now());
    await budget.take("interactive", forever, undefined, alice);
    await vi.advanceTimersByTimeAsync(30_000);
    await budget.take("interactive", forever, undefined, alice);
    const third = track(budget.take("interactive", forever, undefined, alice));
    await vi.advanceTimersByTimeAsync(windowMs - 30_000 - 1_000);
    expect(third.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(third.settled && third.error === undefined).toBe(true);
  });

  it("background work is not held to the share (exports leave the reserve instead)", async () => {
    const budget = new MemoryBudget({ perMinute: 60, burst: 60, perSpender: 2 }, () => Date.now());
    for (let i = 0; i < 5; i++) await budget.take("background", Date.now() + 100, undefined, alice);
  });
});
