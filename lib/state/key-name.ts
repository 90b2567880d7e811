import { createHmac, hkdfSync } from "node:crypto";

// No "server-only": scripts/revoke.ts names Redis keys the way the app does, outside Next.js.

/** The HMAC key for names in shared-state keys, derived from AUTH_SECRET. */
export function nameKeyFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "batch-console", "shared-state names v1", 32));
}

/** A short, stable, non-reversible name for a secret or a person in a key (22 base64url characters). */
export function keyNameWith(nameKey: Buffer, value: string): string {
  return createHmac("sha256", nameKey).update(value).digest("base64url").slice(0, 22);
}
