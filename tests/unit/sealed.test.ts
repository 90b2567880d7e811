import { afterAll, describe, expect, it, vi } from "vitest";
import { appTestEnv } from "./support/app-env";

// lib/state/sealed.ts: what Redis holds is sealed to its key under AUTH_SECRET, and key names are HMACs.

type Sealed = typeof import("@/lib/state/sealed");

const managed = ["AUTH_SECRET", "REDIS_URL"];
const savedEnv = Object.fromEntries(managed.map((name) => [name, process.env[name]]));

/** A fresh sealed module reading a fresh config, as an instance started with this AUTH_SECRET would. */
async function sealedWith(secret: string): Promise<Sealed> {
  for (const name of managed) delete process.env[name];
  Object.assign(process.env, appTestEnv("http://127.0.0.1:1", { AUTH_SECRET: secret }));
  vi.resetModules();
  return import("@/lib/state/sealed");
}

const secretA = "sealed-test-secret-aaaaaaaaaaaaaaaaaaaa";
const secretB = "sealed-test-secret-bbbbbbbbbbbbbbbbbbbb";
const value = { calls: [{ phone_number: "+14155550134", name: "Ada Lovelace", count: 3, ok: true, none: null }] };

afterAll(() => {
  for (const name of managed) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

describe("seal / unseal", () => {
  it("round-trips JSON values under the same key", async () => {
    const sealed = await sealedWith(secretA);
    for (const input of [value, "text", 42, 0, false, null, [], { nested: { deep: ["é", "😀"] } }]) {
      expect(sealed.unseal("k:1", sealed.seal("k:1", input))).toEqual(input);
    }
  });

  it("hides the value: no plaintext in the sealed text, and two seals of one value differ", async () => {
    const sealed = await sealedWith(secretA);
    const first = sealed.seal("k:1", value);
    const second = sealed.seal("k:1", value);
    expect(first).not.toBe(second);
    for (const text of [first, second, Buffer.from(first, "base64").toString("latin1")]) {
      for (const plain of ["+14155550134", "4155550134", "Ada Lovelace", "phone_number"]) {
        expect(text).not.toContain(plain);
      }
    }
    expect(first).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it("a value sealed under one key does not open under another", async () => {
    const sealed = await sealedWith(secretA);
    const text = sealed.seal("prefix:read:trillet:aaaa:value", value);
    expect(sealed.unseal("prefix:read:trillet:bbbb:value", text)).toBeUndefined();
    expect(sealed.unseal("prefix:read:trillet:aaaa:value ", text)).toBeUndefined();
    expect(sealed.unseal("prefix:read:trillet:aaaa:value", text)).toEqual(value);
  });

  it("tampered or malformed text does not open (undefined, never a throw)", async () => {
    const sealed = await sealedWith(secretA);
    const text = sealed.seal("k", value);
    const raw = Buffer.from(text, "base64");
    // One bit flipped in the IV, in the tag, and in the body.
    for (const index of [0, 12, 28, raw.length - 1]) {
      const flipped = Buffer.from(raw);
      flipped[index]! ^= 1;
      expect(sealed.unseal("k", flipped.toString("base64"))).toBeUndefined();
    }
    expect(sealed.unseal("k", raw.subarray(0, raw.length - 1).toString("base64"))).toBeUndefined();
    expect(sealed.unseal("k", Buffer.concat([raw, Buffer.from([0])]).toString("base64"))).toBeUndefined();
    for (const junk of ["", "not base64 at all!", "AAAA", JSON.stringify(value)]) {
      expect(sealed.unseal("k", junk)).toBeUndefined();
    }
    expect(sealed.unseal("k", text)).toEqual(value);
  });

  it("a value sealed under another AUTH_SECRET does not open", async () => {
    const underA = await sealedWith(secretA);
    const text = underA.seal("k", value);
    const underB = await sealedWith(secretB);
    expect(underB.unseal("k", text)).toBeUndefined();
    // The same secret on another instance (a fresh module) opens it.
    const againA = await sealedWith(secretA);
    expect(againA.unseal("k", text)).toEqual(value);
  });
});

describe("keyName", () => {
  it("is stable across instances, 22 base64url characters, and does not contain its input", async () => {
    const inputs = ["demo-trillet-key", "sk_live_0123456789abcdef", "ann@acme.test", "x"];
    const first = await sealedWith(secretA);
    const names = inputs.map((input) => first.keyName(input));
    const second = await sealedWith(secretA);
    expect(inputs.map((input) => second.keyName(input))).toEqual(names);
    expect(new Set(names).size).toBe(inputs.length);
    names.forEach((name, i) => {
      expect(name).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const input = inputs[i]!;
      expect(name).not.toContain(input);
      if (input.length >= 4) expect(name.toLowerCase()).not.toContain(input.slice(0, 4).toLowerCase());
    });
    // Keyed by AUTH_SECRET: without it, a name cannot be checked against a guessed key or address.
    const other = await sealedWith(secretB);
    for (const [i, input] of inputs.entries()) expect(other.keyName(input)).not.toBe(names[i]);
  });
});
