import { signOutHere } from "@/lib/auth/actions";
import { displayName, type Identity } from "@/lib/auth/identity";

function why(identity: Identity): string {
  if (!identity.email) return " (your identity provider sent no email address, so only a group can give you access)";
  if (!identity.isEmailVerified) return " (your identity provider has not verified its email address)";
  return "";
}

/** Signed in, but no workspace lists this person: say so plainly, show nothing else. */
export function NoAccess({ identity }: { identity: Identity }) {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">No access yet</h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">
        You are signed in as <strong className="break-all">{displayName(identity)}</strong>, but no workspace in Batch
        Console lists this account{why(identity)}.
      </p>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">
        Ask your administrator to add you, or sign in with another account.
      </p>
      <form action={signOutHere} className="mt-6">
        <button
          type="submit"
          className="rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Sign out
        </button>
      </form>
    </main>
  );
}
