"use server";

import { auditSignOut } from "@/lib/api/audit";
import { signIn, signOut } from "./index";
import { safeCallbackPath } from "./callback-url";
import { endSessionHere } from "./end-session-here";
import { revokeSessions } from "./session-epoch";
import { currentSession } from "./session";
import { getConfig } from "@/lib/config";
import { endAllPendingParam } from "./sign-out-notice";

export async function signInWith(formData: FormData) {
  const provider = String(formData.get("provider") ?? "");
  const known = getConfig().auth.providers.some((candidate) => candidate.id === provider);
  const redirectTo = safeCallbackPath(String(formData.get("callbackUrl") ?? "/"));
  if (!known) return;
  await signIn(provider, { redirectTo });
}

/** Signs out this browser; the person's other sessions go on. */
export async function signOutHere() {
  await endSessionHere();
  await signOut({ redirectTo: "/signin?signedOut=1" });
}

/**
 * Ends every session of this person, in every browser and on every device, this one included: their
 * session epoch moves past every session signed in so far (other instances see it within 5 s). When the
 * shared store did not take it, the sign-in page says so; this instance keeps retrying the write.
 */
export async function signOutEverywhere() {
  const session = await currentSession();
  const revocation = session.state === "signed-out" ? undefined : await revokeSessions(session.identity.id);
  if (session.state !== "signed-out") auditSignOut(session.identity, "everywhere");
  const pending = revocation?.reach === "pending";
  await signOut({ redirectTo: `/signin?signedOut=1${pending ? `&${endAllPendingParam}=1` : ""}` });
}
