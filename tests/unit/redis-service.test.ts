import { createClient } from "redis";
import { describe, expect, it } from "vitest";
import { startRedis } from "@/dev/services/redis";
import { redisTestUrl } from "./support/redis";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const connectTo = (url: string) => createClient({ url, socket: { reconnectStrategy: false } }).connect();

async function withClient<T>(
  url: string,
  run: (client: Awaited<ReturnType<typeof connectTo>>) => Promise<T>,
): Promise<T> {
  const client = await connectTo(url);
  try {
    return await run(client);
  } finally {
    client.destroy();
  }
}

describe("test Redis (dev/services/redis.ts)", () => {
  it("the run's shared server stores a key with a TTL and expires it", async () => {
    await withClient(redisTestUrl(), async (client) => {
      const key = `redis-service-test:${process.pid}:${Date.now()}`;
      await client.set(key, "value", { expiration: { type: "PX", value: 150 } });
      expect(await client.get(key)).toBe("value");
      expect(await client.pTTL(key)).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await client.get(key)).toBeNull();
    });
  });

  it("a server of its own can be killed and restarted on the same port", async () => {
    const redis = await startRedis({ port: 0, quiet: true });
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(redis.url).not.toBe(redisTestUrl());
      const first = redis.pid;
      await withClient(redis.url, async (client) => {
        await client.set("k", "before");
        expect(await client.ping()).toBe("PONG");
      });

      redis.kill();
      await redis.restart();
      expect(alive(first)).toBe(false);
      expect(redis.pid).not.toBe(first);
      await withClient(redis.url, async (client) => {
        expect(await client.ping()).toBe("PONG");
        // Nothing is persisted: a restart starts from an empty data set.
        expect(await client.get("k")).toBeNull();
      });
    } finally {
      await redis.stop();
    }
    expect(alive(redis.pid)).toBe(false);
  });
});
