import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { sessionSecret } from "@/lib/config";
import { keyNameWith, nameKeyFrom } from "./key-name";

// Values put in Redis carry phone numbers and CSV fields: they are stored sealed (AES-256-GCM with
// a key derived from AUTH_SECRET), so the shared store never holds them readable. Key names hold
// HMACs of API keys and user ids, never the values.

type Keys = { secret: string; seal: Buffer; name: Buffer };
let keys: Keys | undefined;

function derived(): Keys {
  const secret = sessionSecret();
  if (keys?.secret !== secret) {
    const derive = (info: string) => Buffer.from(hkdfSync("sha256", secret, "batch-console", info, 32));
    keys = { secret, seal: derive("shared-state seal v1"), name: nameKeyFrom(secret) };
  }
  return keys;
}

/** A short, stable, non-reversible name for a secret or a person in a key (22 base64url characters). */
export function keyName(value: string): string {
  return keyNameWith(derived().name, value);
}

/** Bytes, encrypted and bound to `key` (AES-256-GCM, the key as associated data), as base64. */
export function sealBytes(key: string, bytes: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derived().seal, iv);
  cipher.setAAD(Buffer.from(key));
  const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** The bytes sealed under `key`, or undefined when they do not open (another secret, another key, tampered). */
export function unsealBytes(key: string, text: string): Buffer | undefined {
  try {
    const raw = Buffer.from(text, "base64");
    const decipher = createDecipheriv("aes-256-gcm", derived().seal, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(key));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** JSON, encrypted and bound to `key`: a value copied under another key does not open. */
export function seal(key: string, value: unknown): string {
  return sealBytes(key, Buffer.from(JSON.stringify(value), "utf8"));
}

/** The value sealed under `key`, or undefined when it does not open. */
export function unseal<T>(key: string, text: string): T | undefined {
  const bytes = unsealBytes(key, text);
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString("utf8")) as T;
  } catch {
    return undefined;
  }
}
