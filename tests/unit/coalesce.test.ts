import { describe, expect, it } from "vitest";
import { Coalescer } from "@/lib/trillet/coalesce";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function clock(start = 0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

describe("Coalescer", () => {
  it("shares one load between concurrent callers of the same key", async () => {
    const coalescer = new Coalescer({ now: clock().now });
    const gate = deferred<string>();
    let loads = 0;
    const load = () => {
      loads += 1;
      return gate.promise;
    };
    const callers = Array.from({ length: 20 }, () => coalescer.run("k", 0, load));
    expect(loads).toBe(1);
    gate.resolve("answer");
    expect(await Promise.all(callers)).toEqual(Array(20).fill("answer"));
    expect(loads).toBe(1);
  });

  it("reuses a success within the TTL and loads again after it", async () => {
    const time = clock(1_000);
    const coalescer = new Coalescer({ now: time.now });
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await coalescer.run("k", 2_000, load)).toBe("v1");
    time.advance(1_999);
    expect(await coalescer.run("k", 2_000, load)).toBe("v1");
    time.advance(1);
    expect(await coalescer.run("k", 2_000, load)).toBe("v2");
    expect(loads).toBe(2);
  });

  it("with a TTL of 0 only shares loads in flight", async () => {
    const coalescer = new Coalescer({ now: clock().now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await coalescer.run("k", 0, load)).toBe(1);
    expect(await coalescer.run("k", 0, load)).toBe(2);
    expect(coalescer.size).toBe(0);
  });

  it("does not cache failures: every caller of a failed load sees the error, the next caller retries", async () => {
    const coalescer = new Coalescer({ now: clock().now });
    const gate = deferred<string>();
    let loads = 0;
    const failing = () => {
      loads += 1;
      return gate.promise;
    };
    const first = coalescer.run("k", 60_000, failing);
    const second = coalescer.run("k", 60_000, failing);
    const boom = new Error("upstream broke");
    gate.reject(boom);
    await expect(first).rejects.toBe(boom);
    await expect(second).rejects.toBe(boom);
    expect(loads).toBe(1);
    expect(coalescer.size).toBe(0);

    expect(await coalescer.run("k", 60_000, async () => "recovered")).toBe("recovered");
  });

  it("keeps different keys independent", async () => {
    const coalescer = new Coalescer({ now: clock().now });
    const a = deferred<string>();
    const b = deferred<string>();
    const runA = coalescer.run("a", 10_000, () => a.promise);
    const runB = coalescer.run("b", 10_000, () => b.promise);
    expect(coalescer.size).toBe(2);
    b.reject(new Error("b failed"));
    a.resolve("a ok");
    await expect(runB).rejects.toThrow("b failed");
    expect(await runA).toBe("a ok");
    expect(await coalescer.run("a", 10_000, async () => "other")).toBe("a ok");
    expect(await coalescer.run("b", 10_000, async () => "b retried")).toBe("b retried");
  });

  it("does not confuse keys that only differ slightly", async () => {
    const coalescer = new Coalescer({ now: clock().now });
    const keys = [
      "acme\u0000ws_acme\u0000/p",
      "acme\u0000ws_acme\u0000/p?",
      "globex\u0000ws_acme\u0000/p",
      "ACME\u0000ws_acme\u0000/p",
    ];
    const results = await Promise.all(keys.map((key) => coalescer.run(key, 10_000, async () => key)));
    expect(results).toEqual(keys);
  });

  it("hands a joined caller the loader's failure, unless it is the loader's own: then the caller loads itself", async () => {
    const own = new Error("refused for the loader's own share");
    const coalescer = new Coalescer({ now: clock().now, isOwnFailure: (error) => error === own });
    const shared = deferred<string>();
    const loader = coalescer.run("k", 0, () => shared.promise);
    const joined = coalescer.run("k", 0, async () => "the caller's own answer");
    shared.reject(own);
    await expect(loader).rejects.toBe(own);
    await expect(joined).resolves.toBe("the caller's own answer");

    const broken = new Error("upstream broken");
    const second = deferred<string>();
    const loader2 = coalescer.run("k", 0, () => second.promise);
    const joined2 = coalescer.run("k", 0, async () => "never asked");
    second.reject(broken);
    await expect(loader2).rejects.toBe(broken);
    await expect(joined2).rejects.toBe(broken);
  });
});
