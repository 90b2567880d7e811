"use server";

import { getConfig } from "@/lib/config";
import { safeCallbackPath } from "./callback-url";
import { signIn, signOut } from "./index";
import { endSessionHere } from "./end-session-here";
import { anotherAccountParam } from "./sign-in-errors";

/**
 * Signs out this browser and opens sign-in for another account, then back to `callbackUrl` (the link
 * the person could not open with this account). Other sessions of this person go on.
 */
export async function switchAccount(formData: FormData) {
  const callbackUrl = safeCallbackPath(String(formData.get("callbackUrl") ?? "/"));
  await endSessionHere();
  await signOut({
    redirectTo: `/signin?${new URLSearchParams({ signedOut: "1", callbackUrl, [anotherAccountParam]: "1" })}`,
  });
}

/**
 * Sign-in that asks the identity provider for the account again instead of reusing the one it
 * remembers: Google's `select_account`, the standard `login` for the others.
 */
export async function signInWithAnotherAccount(formData: FormData) {
  const provider = String(formData.get("provider") ?? "");
  const known = getConfig().auth.providers.some((candidate) => candidate.id === provider);
  const redirectTo = safeCallbackPath(String(formData.get("callbackUrl") ?? "/"));
  if (!known) return;
  await signIn(provider, { redirectTo }, { prompt: provider === "google" ? "select_account" : "login" });
}
