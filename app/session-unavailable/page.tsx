import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutForm } from "@/components/shell/sign-out-form";
import { signOutHere } from "@/lib/auth/actions";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentSession, signInPath } from "@/lib/auth/session";
import { firstParam, type PageSearchParams } from "@/lib/shared/search-params";

export const metadata: Metadata = { title: "Session cannot be checked" };

// Where pages send a session that cannot be checked right now (lib/auth/session.ts): it says so and offers a retry.
export default async function SessionUnavailablePage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const callbackUrl = safeCallbackPath(firstParam((await searchParams).callbackUrl));
  const session = await currentSession();
  if (session.state === "signed-in") redirect(callbackUrl);
  if (session.state === "signed-out") redirect(signInPath(callbackUrl));

  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">We can&apos;t check your session right now</h1>
      <p className="mt-3 text-sm text-zinc-700 dark:text-zinc-300">
        Shared storage is not answering, so this server cannot tell whether your session is still valid. Nothing is
        wrong with your account. Try again in a few seconds.
      </p>
      <div className="mt-6 flex flex-wrap items-center gap-3">
        <a
          href={callbackUrl}
          className="rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Try again
        </a>
        <SignOutForm action={signOutHere} />
      </div>
    </main>
  );
}
