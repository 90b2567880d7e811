"use server";

import { signIn, signOut } from "./index";
import { safeCallbackPath } from "./callback-url";
import { getConfig } from "@/lib/config";

export async function signInWith(formData: FormData) {
  const provider = String(formData.get("provider") ?? "");
  const known = getConfig().auth.providers.some((candidate) => candidate.id === provider);
  const redirectTo = safeCallbackPath(String(formData.get("callbackUrl") ?? "/"));
  if (!known) return;
  await signIn(provider, { redirectTo });
}

export async function signOutEverywhere() {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
