"use client";

import { forgetThisBrowsersChoices } from "@/lib/shared/local-choices";

/**
 * The header's Sign out: before the server ends the session, this browser forgets the batches
 * opened recently and the columns hidden (localStorage). The signed-out page does it again, for a
 * click that came before this script ran.
 */
export function SignOutForm({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action} onSubmit={forgetThisBrowsersChoices}>
      <button
        type="submit"
        className="rounded-md border border-zinc-300 px-2.5 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Sign out
      </button>
    </form>
  );
}
