import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { appTestEnv } from "./support/app-env";
import { redisTestUrl } from "./support/redis";

const processState = globalThis as typeof globalThis & {
  __batchConsoleRedis?: { client: { destroy(): void } };
  __batchConsoleExports?: unknown;
};

function forgetProcessState(): void {
  processState.__batchConsoleRedis?.client.destroy();
  delete processState.__batchConsoleRedis;
  delete processState.__batchConsoleExports;
}

async function loadSlots(env: Record<string, string>) {
  forgetProcessState();
  delete process.env.REDIS_URL;
  Object.assign(
    process.env,
    appTestEnv("http://127.0.0.1:1", { EXPORT_MAX_PER_USER: "2", EXPORT_MAX_RUNNING: "3", ...env }),
  );
  vi.resetModules();
  return import("@/lib/export/slots");
}

afterAll(() => {
  forgetProcessState();
  delete process.env.REDIS_URL;
});

const stores = [
  { store: "memory", env: () => ({}) },
  { store: "redis", env: () => ({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}:` }) },
] as const;

describe.each(stores)("export slots ($store)", ({ store, env }) => {
  it("allows two running exports per person and three in all; a finished one frees its slot", async () => {
    const slots = await loadSlots(env());
    const alice1 = await slots.takeExportSlot("alice");
    const alice2 = await slots.takeExportSlot("alice");
    expect(await slots.takeExportSlot("alice")).toBe("user");
    const bob = await slots.takeExportSlot("bob");
    expect(await slots.takeExportSlot("carol")).toBe("overall");
    for (const slot of [alice1, alice2, bob]) expect(slot).toHaveProperty("release");
    await (alice1 as { release: () => Promise<void> }).release();
    // Releasing twice frees one slot, not two.
    await (alice1 as { release: () => Promise<void> }).release();
    const alice3 = await slots.takeExportSlot("alice");
    expect(alice3).toHaveProperty("release");
    expect(await slots.takeExportSlot("carol")).toBe("overall");
    if (store === "redis") {
      // Another instance (no memory of these slots) sees the same count through Redis.
      delete processState.__batchConsoleExports;
      expect(await slots.takeExportSlot("alice")).toBe("user");
    }
  });
});
