import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startRedis, type RunningRedis } from "@/dev/services/redis";
import type { Identity } from "@/lib/auth/identity";
import { revoke, RevokeError } from "@/scripts/revoke";
import { appTestEnv } from "./support/app-env";
import { redisTestUrl } from "./support/redis";
import { forgetProcessState, managedEnv, newPrefix, rawClient, type RawClient } from "./support/process-state";

// Session epochs (lib/auth/session-epoch.ts) on a real redis-server and in memory, and `npm run revoke`
// (scripts/revoke.ts) against the same Redis. An "instance" is the process state on globalThis: dropping it
// makes the next call a request on a fresh instance, which knows only what Redis tells it.

type App = {
  epochs: typeof import("@/lib/auth/session-epoch");
  token: typeof import("@/lib/auth/session-token");
  sealed: typeof import("@/lib/state/sealed");
  state: typeof import("@/lib/state/redis");
};

const slots = globalThis as typeof globalThis & {
  __batchConsoleRedis?: { client: { destroy(): void } };
  __batchConsoleSessionEpochs?: unknown;
};

const env = managedEnv(["REDIS_URL", "REDIS_KEY_PREFIX", "AUTH_SESSION_MAX_AGE_HOURS"]);
const secret = appTestEnv("").AUTH_SECRET!;

/** A new instance: what it knows about epochs is only what the shared store says. */
const newInstance = () => delete slots.__batchConsoleSessionEpochs;

async function loadApp(settings: Record<string, string>): Promise<App> {
  env.reset(settings);
  return {
    epochs: await import("@/lib/auth/session-epoch"),
    token: await import("@/lib/auth/session-token"),
    sealed: await import("@/lib/state/sealed"),
    state: await import("@/lib/state/redis"),
  };
}

const issuer = "http://127.0.0.1:4111";

function person(email = `ann.${randomUUID().slice(0, 8)}@acme.test`): Identity {
  return {
    id: `${issuer}#${randomUUID()}`,
    provider: "oidc",
    issuer,
    email,
    name: "Ann",
    isEmailVerified: true,
    groups: [],
    hostedDomain: null,
    tenantId: null,
  };
}

/** A session cookie as the app issues it, recording `epoch` at sign-in. */
async function cookieFor(identity: Identity, epoch: number): Promise<Headers> {
  const token = await encode({
    token: {
      uid: identity.id,
      provider: identity.provider,
      issuer: identity.issuer,
      email: identity.email,
      name: identity.name,
      isEmailVerified: identity.isEmailVerified,
      groups: identity.groups,
      signedInAt: Math.floor(Date.now() / 1000),
      epoch,
    },
    secret,
    salt: "authjs.session-token",
    maxAge: 3600,
  });
  return new Headers({ cookie: `authjs.session-token=${token}`, "x-forwarded-proto": "http" });
}

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  env.restore();
});

/** The same behaviour whatever the store. */
function revocationBehaviour(load: () => Promise<App>, reach: "redis" | "memory") {
  it("revokes every session signed in before the bump, and none signed in after", async () => {
    const app = await load();
    const ann = person();
    const before = await app.epochs.signInEpoch(ann);
    expect(await app.epochs.checkSessionEpoch(ann, before)).toBe("valid");

    const revocation = await app.epochs.revokeSessions(ann.id);
    expect(revocation.reach).toBe(reach);
    expect(revocation.epoch).toBeGreaterThan(before);
    expect(await app.epochs.checkSessionEpoch(ann, before)).toBe("revoked");

    const after = await app.epochs.signInEpoch(ann);
    expect(after).toBe(revocation.epoch);
    expect(await app.epochs.checkSessionEpoch(ann, after)).toBe("valid");
  });

  it("keeps people apart", async () => {
    const app = await load();
    const [ann, bob] = [person(), person()];
    const bobsEpoch = await app.epochs.signInEpoch(bob);
    await app.epochs.revokeSessions(ann.id);
    expect(await app.epochs.checkSessionEpoch(bob, bobsEpoch)).toBe("valid");
  });

  it("a bump is above the last one even within the same millisecond", async () => {
    const app = await load();
    const ann = person();
    const epochs: number[] = [];
    for (let i = 0; i < 5; i++) epochs.push((await app.epochs.revokeSessions(ann.id)).epoch);
    expect([...epochs].sort((a, b) => a - b)).toEqual(epochs);
    expect(new Set(epochs).size).toBe(5);
  });

  it("signing out here ends that session only: its cookie (or a renewed copy) is refused, the person's others go on", async () => {
    const app = await load();
    const ann = person();
    const epoch = await app.epochs.signInEpoch(ann);
    const [here, elsewhere] = [randomUUID(), randomUUID()];
    expect(await app.epochs.checkSessionEpoch(ann, epoch, here)).toBe("valid");

    await app.epochs.endSession(here);
    expect(await app.epochs.checkSessionEpoch(ann, epoch, here)).toBe("revoked");
    expect(await app.epochs.checkSessionEpoch(ann, epoch, elsewhere)).toBe("valid");
    // A session from before sessions had ids is checked by its person's epoch alone.
    expect(await app.epochs.checkSessionEpoch(ann, epoch)).toBe("valid");
  });

  it("the minute-long cookie cache does not skip the check: a remembered cookie is signed out once revoked", async () => {
    const app = await load();
    const ann = person();
    const headers = await cookieFor(ann, await app.epochs.signInEpoch(ann));
    const read = () =>
      app.token.readSessionCookie(headers, secret, Date.now(), { checkEpoch: app.epochs.checkSessionEpoch });
    expect(await read()).toMatchObject({ state: "signed-in", identity: { id: ann.id } });
    expect(await read()).toMatchObject({ state: "signed-in", identity: { id: ann.id } });
    await app.epochs.revokeSessions(ann.id);
    expect(await read()).toEqual({ state: "signed-out" });
  });
}

describe("session epochs on the run's Redis", () => {
  const prefix = newPrefix();
  const load = () => loadApp({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
  let raw: RawClient;

  beforeAll(async () => {
    raw = await rawClient(redisTestUrl());
  });

  afterAll(() => {
    raw?.destroy();
  });

  revocationBehaviour(load, "redis");

  it("other instances see a revocation within 5 s, and a sign-in reads it at once", async () => {
    const app = await load();
    const ann = person();
    const epoch = await app.epochs.signInEpoch(ann);
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    expect(await app.epochs.checkSessionEpoch(ann, epoch)).toBe("valid");
    const instanceA = slots.__batchConsoleSessionEpochs;

    newInstance();
    await app.epochs.revokeSessions(ann.id);

    slots.__batchConsoleSessionEpochs = instanceA;
    // Remembered for 5 s: polling every few seconds costs no Redis round trip per request.
    vi.setSystemTime(start + 4_000);
    expect(await app.epochs.checkSessionEpoch(ann, epoch)).toBe("valid");
    vi.setSystemTime(start + app.epochs.epochCacheMs + 1);
    expect(await app.epochs.checkSessionEpoch(ann, epoch)).toBe("revoked");

    // A sign-in never uses the remembered value, so it is not revoked by a bump it came after.
    newInstance();
    await app.epochs.checkSessionEpoch(ann, epoch);
    const instanceB = slots.__batchConsoleSessionEpochs;
    newInstance();
    const second = await app.epochs.revokeSessions(ann.id);
    slots.__batchConsoleSessionEpochs = instanceB;
    expect(await app.epochs.signInEpoch(ann)).toBe(second.epoch);
  });

  it("names its key by an HMAC of the person, kept for the session age plus an hour, holding the epoch", async () => {
    const app = await load();
    const ann = person("private.person@acme.test");
    const { epoch } = await app.epochs.revokeSessions(ann.id);
    const key = `${prefix}session-epoch:${app.sealed.keyName(ann.id)}`;
    expect(await raw.get(key)).toBe(String(epoch));
    const pttl = await raw.pTTL(key);
    expect(pttl).toBeGreaterThan(12 * 3_600_000);
    expect(pttl).toBeLessThanOrEqual(13 * 3_600_000);
    for await (const keys of raw.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
      for (const found of keys)
        for (const part of [ann.id, "private.person", issuer]) expect(found).not.toContain(part);
    }
  });

  it("epochs are times: once a key has expired, the next bump still revokes sessions signed in after the last", async () => {
    const app = await load();
    const ann = person();
    const first = await app.epochs.revokeSessions(ann.id);
    const signedInAfter = await app.epochs.signInEpoch(ann);
    expect(signedInAfter).toBe(first.epoch);
    await raw.del(`${prefix}session-epoch:${app.sealed.keyName(ann.id)}`);
    newInstance();
    expect(await app.epochs.checkSessionEpoch(ann, signedInAfter)).toBe("valid");
    await app.epochs.revokeSessions(ann.id);
    expect(await app.epochs.checkSessionEpoch(ann, signedInAfter)).toBe("revoked");
  });

  it("`npm run revoke -- <email>` ends that email's sessions on every instance, from any provider", async () => {
    const app = await load();
    const ann = person();
    const viaOkta = { ...ann, id: `https://acme.okta.com#${randomUUID()}`, provider: "okta" };
    const bob = person();
    const epochs = [await app.epochs.signInEpoch(ann), await app.epochs.signInEpoch(viaOkta)];
    const bobsEpoch = await app.epochs.signInEpoch(bob);

    const [revoked] = await revoke([ann.email.toUpperCase()], {
      REDIS_URL: redisTestUrl(),
      REDIS_KEY_PREFIX: prefix,
      AUTH_SECRET: secret,
    });
    expect(revoked!.epoch).toBeGreaterThan(Math.max(...epochs));

    newInstance();
    expect(await app.epochs.checkSessionEpoch(ann, epochs[0]!)).toBe("revoked");
    expect(await app.epochs.checkSessionEpoch(viaOkta, epochs[1]!)).toBe("revoked");
    expect(await app.epochs.checkSessionEpoch(bob, bobsEpoch)).toBe("valid");
    // Signing in again works.
    expect(await app.epochs.checkSessionEpoch(ann, await app.epochs.signInEpoch(ann))).toBe("valid");
  });

  it("`npm run revoke -- <issuer>#<sub>` ends that subject's sessions; its mark outlives the longest session", async () => {
    const app = await load();
    const ann = person();
    const epoch = await app.epochs.signInEpoch(ann);
    await revoke([ann.id], { REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix, AUTH_SECRET: secret });
    newInstance();
    expect(await app.epochs.checkSessionEpoch(ann, epoch)).toBe("revoked");
    const pttl = await raw.pTTL(`${prefix}session-epoch:${app.sealed.keyName(ann.id)}`);
    expect(pttl).toBeGreaterThan(720 * 3_600_000);
    // The app's own next bump does not cut that short.
    await app.epochs.revokeSessions(ann.id);
    expect(await raw.pTTL(`${prefix}session-epoch:${app.sealed.keyName(ann.id)}`)).toBeGreaterThan(720 * 3_600_000);
  });

  it("`npm run revoke` refuses what is neither an email nor a subject id, and a missing REDIS_URL", async () => {
    const env = { REDIS_URL: redisTestUrl(), AUTH_SECRET: secret };
    for (const input of ["alice", "https://idp.test#", "#sub", "a b@c.test"]) {
      await expect(revoke([input], env), input).rejects.toBeInstanceOf(RevokeError);
    }
    await expect(revoke([], env)).rejects.toBeInstanceOf(RevokeError);
    await expect(revoke(["alice@acme.test"], { AUTH_SECRET: secret })).rejects.toThrow(/REDIS_URL is not set/);
    await expect(revoke(["alice@acme.test"], { REDIS_URL: redisTestUrl() })).rejects.toThrow(/AUTH_SECRET/);
  });
});

describe("session epochs without Redis (REDIS_URL unset)", () => {
  const load = () => loadApp({ REDIS_KEY_PREFIX: newPrefix() });

  revocationBehaviour(load, "memory");

  it("lives in this process: pages, actions and route handlers (separate bundles) share it through globalThis", async () => {
    const app = await load();
    const ann = person();
    const epoch = await app.epochs.signInEpoch(ann);
    await app.epochs.revokeSessions(ann.id);
    // Another bundle: a second copy of the module, the same process.
    vi.resetModules();
    const otherBundle = await import("@/lib/auth/session-epoch");
    expect(await otherBundle.checkSessionEpoch(ann, epoch)).toBe("revoked");
  });
});

describe("session epochs on a Redis of its own that goes down", () => {
  const prefix = newPrefix();
  let own: RunningRedis;

  beforeAll(async () => {
    own = await startRedis({ port: 0, quiet: true });
  });

  afterAll(async () => {
    forgetProcessState();
    await own?.stop();
  });

  it("a revocation during the outage holds on this instance, reaches Redis once it is back, and sessions keep working meanwhile", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const app = await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix });
      expect(await app.state.sharedStateHealth()).toEqual({ store: "redis", status: "ok" });
      const [ann, bob] = [person(), person()];
      const annsEpoch = await app.epochs.signInEpoch(ann);
      const bobsEpoch = await app.epochs.signInEpoch(bob);

      own.kill();
      // An outage signs nobody out...
      const start = Date.now();
      vi.useFakeTimers({ toFake: ["Date"], now: start + 10_000 });
      expect(await app.epochs.checkSessionEpoch(bob, bobsEpoch)).toBe("valid");
      // ...and a revocation made now holds here at once.
      const revocation = await app.epochs.revokeSessions(ann.id);
      expect(revocation.reach).toBe("pending");
      expect(await app.epochs.checkSessionEpoch(ann, annsEpoch)).toBe("revoked");
      vi.useRealTimers();

      await own.restart();
      const deadline = Date.now() + 10_000;
      for (;;) {
        const health = await app.state.sharedStateHealth();
        if ((health.store === "redis" && health.status === "ok") || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The next read past the 5 s memory writes the pending bump to Redis, for every instance.
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 20_000 });
      expect(await app.epochs.checkSessionEpoch(ann, annsEpoch)).toBe("revoked");
      vi.useRealTimers();
      newInstance();
      expect(await app.epochs.checkSessionEpoch(ann, annsEpoch)).toBe("revoked");
      expect(await app.epochs.checkSessionEpoch(bob, bobsEpoch)).toBe("valid");
    } finally {
      warn.mockRestore();
    }
  });
});

describe("session epochs fail closed while Redis cannot be read", () => {
  const prefix = newPrefix();
  let own: RunningRedis;
  let raw: RawClient;

  beforeAll(async () => {
    own = await startRedis({ port: 0, quiet: true });
  });

  afterAll(async () => {
    raw?.destroy();
    forgetProcessState();
    await own?.stop();
  });

  const quietly = () => vi.spyOn(console, "warn").mockImplementation(() => undefined);

  async function redisBack(app: App): Promise<void> {
    await own.restart();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const health = await app.state.sharedStateHealth();
      if (health.store === "redis" && health.status === "ok") return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("a cold instance cannot check a session while Redis is down: a revoked cookie is refused as unchecked, never valid", async () => {
    const warn = quietly();
    try {
      const app = await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix });
      const ann = person();
      const headers = await cookieFor(ann, await app.epochs.signInEpoch(ann));
      expect((await app.epochs.revokeSessions(ann.id)).reach).toBe("redis");

      own.kill();
      newInstance();
      const annsEpoch = await app.epochs.signInEpoch(person());
      expect(annsEpoch).toBeGreaterThan(0);
      const read = await app.token.readSessionCookie(headers, secret, Date.now(), {
        checkEpoch: app.epochs.checkSessionEpoch,
      });
      expect(read).toMatchObject({ state: "unchecked", identity: { id: ann.id } });
      expect(await app.epochs.checkSessionEpoch(ann, 0)).toBe("unknown");
    } finally {
      await redisBack(await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix }));
      warn.mockRestore();
    }
  });

  it("a value read before the outage stands for a minute, then the session cannot be checked", async () => {
    const warn = quietly();
    try {
      const app = await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix });
      const bob = person();
      const bobsEpoch = await app.epochs.signInEpoch(bob);
      const start = Date.now();
      expect(await app.epochs.checkSessionEpoch(bob, bobsEpoch)).toBe("valid");

      own.kill();
      vi.useFakeTimers({ toFake: ["Date"], now: start + app.epochs.outageGraceMs - 5_000 });
      expect(await app.epochs.checkSessionEpoch(bob, bobsEpoch)).toBe("valid");
      vi.setSystemTime(start + app.epochs.outageGraceMs + 1_000);
      expect(await app.epochs.checkSessionEpoch(bob, bobsEpoch)).toBe("unknown");
      // A revocation this instance knows still signs out, checkable or not.
      await app.epochs.revokeSessions(bob.id);
      expect(await app.epochs.checkSessionEpoch(bob, bobsEpoch)).toBe("revoked");
    } finally {
      vi.useRealTimers();
      await redisBack(await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix }));
      warn.mockRestore();
    }
  });

  it("End all sessions during the outage is retried until Redis takes it, without waiting for a read of that person", async () => {
    const warn = quietly();
    try {
      const app = await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix });
      const ann = person();
      await app.epochs.signInEpoch(ann);
      own.kill();
      const revocation = await app.epochs.revokeSessions(ann.id);
      expect(revocation.reach).toBe("pending");

      await own.restart();
      raw = await rawClient(own.url);
      const key = `${prefix}session-epoch:${app.sealed.keyName(ann.id)}`;
      await expect.poll(() => raw.get(key), { timeout: 15_000, interval: 250 }).toBe(String(revocation.epoch));
    } finally {
      warn.mockRestore();
    }
  });
});
