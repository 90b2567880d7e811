import type { Identity } from "@/lib/auth/identity";

/** Who did something, as the team's records keep it: the stable subject id, and a name to show. */
export type Person = { id: string; name: string };

export function personOf(identity: Identity): Person {
  return { id: identity.id, name: (identity.name?.trim() || identity.email || identity.id).slice(0, 200) };
}
