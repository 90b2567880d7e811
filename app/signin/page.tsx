import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ForgetLocalChoices } from "@/components/shell/forget-local-choices";
import { signInWith } from "@/lib/auth/actions";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signInProviders } from "@/lib/auth";
import { currentSession } from "@/lib/auth/session";
import { anotherAccountParam, signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { signInWithAnotherAccount } from "@/lib/auth/switch-account";
import { signOutNotice } from "@/lib/auth/sign-out-notice";
import { firstParam, type PageSearchParams } from "@/lib/shared/search-params";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<PageSearchParams>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(firstParam(params.callbackUrl));
  if ((await currentSession()).state === "signed-in") redirect(callbackUrl);

  const error = signInErrorMessage(firstParam(params.error));
  const notice = signOutNotice(params);
  const signedOut = notice !== undefined;
  const providers = signInProviders();
  // Sent here to use another account: the identity provider is asked for the account again, not the one it remembers.
  const another = firstParam(params[anotherAccountParam]) === "1";

  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Batch Console</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {another ? "Choose the account to use: your identity provider asks for it again." : "Use your company account."}
      </p>
      {notice === "signed-out" && !error && (
        <p role="status" className="mt-4 rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">
          You are signed out.
        </p>
      )}
      {notice === "end-all-pending" && !error && (
        <div
          role="status"
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-medium">You are signed out here, but your other sessions may not have ended yet.</p>
          <p className="mt-1">
            Shared storage did not answer, so only this server knows. It keeps retrying; other servers refuse your
            sessions once it gets through, or within a minute if storage stays away.
          </p>
        </div>
      )}
      {signedOut && <ForgetLocalChoices />}
      {error && (
        <p
          role="alert"
          className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <div className="mt-6 flex flex-col gap-3">
        {providers.map((provider) => (
          <form key={provider.id} action={another ? signInWithAnotherAccount : signInWith}>
            <input type="hidden" name="provider" value={provider.id} />
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button
              type="submit"
              className="w-full rounded-md bg-zinc-900 px-4 py-2.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
            >
              Sign in with {provider.label}
            </button>
          </form>
        ))}
      </div>
    </main>
  );
}
