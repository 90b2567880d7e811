import type { Metadata } from "next";
import Link from "next/link";
import { AppHeader } from "@/components/shell/app-header";
import { NoAccess } from "@/components/shell/no-access";
import { workspacesFor } from "@/lib/auth/access";
import { currentSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Not found" };

// Any address a signed-in person cannot open (a workspace they are not in, a page that does not exist) lands
// here alike, with the header and what this account can open; it never says whether the address exists.
export default async function NotFound() {
  const session = await currentSession();
  if (session.state === "signed-in") {
    const { identity } = session;
    const workspaces = workspacesFor(identity).map(({ slug, name }) => ({ slug, name }));
    return (
      <>
        <AppHeader identity={identity} workspaces={workspaces} />
        <NoAccess identity={identity} workspaces={workspaces} reason="link" />
      </>
    );
  }
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">Nothing here, or nothing you can open.</p>
      <Link href="/" className="mt-6 text-blue-700 underline underline-offset-2 dark:text-blue-400">
        Back to your workspaces
      </Link>
    </main>
  );
}
