"use server";

import { signIn, signOut } from "./index";
import { safeCallbackPath } from "./callback-url";
import { revokeSessions } from "./session-epoch";
import { currentIdentity } from "./session";
import { getConfig } from "@/lib/config";

export async function signInWith(formData: FormData) {
  const provider = String(formData.get("provider") ?? "");
  const known = getConfig().auth.providers.some((candidate) => candidate.id === provider);
  const redirectTo = safeCallbackPath(String(formData.get("callbackUrl") ?? "/"));
  if (!known) return;
  await signIn(provider, { redirectTo });
}

/** Signs out this browser; the person's other sessions go on. */
export async function signOutHere() {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}

/**
 * Ends every session of this person, in every browser and on every device, this one included: their
 * session epoch moves past every session signed in so far (other instances see it within 5 s). Until
 * this change it only cleared this browser's cookie, and a copy of it stayed valid.
 */
export async function signOutEverywhere() {
  const identity = await currentIdentity();
  if (identity) await revokeSessions(identity.id);
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
