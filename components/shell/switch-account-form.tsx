"use client";

import { useSyncExternalStore } from "react";
import { forgetThisBrowsersChoices } from "@/lib/shared/local-choices";

const noSubscribe = () => () => undefined;
const here = () => `${location.pathname}${location.search}`;

/**
 * "Sign in with another account": signs out this browser (which forgets its local choices first, as
 * Sign out does) and comes back to this address once signed in with the account the identity
 * provider is asked for. Without JavaScript it comes back home.
 */
export function SwitchAccountForm({ action }: { action: (formData: FormData) => Promise<void> }) {
  const callbackUrl = useSyncExternalStore(noSubscribe, here, () => "/");
  return (
    <form action={action} onSubmit={forgetThisBrowsersChoices}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
      >
        Sign in with another account
      </button>
    </form>
  );
}
