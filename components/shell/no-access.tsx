import Link from "next/link";
import { displayName, type Identity } from "@/lib/auth/identity";
import { switchAccount } from "@/lib/auth/switch-account";
import { workspacePath } from "@/lib/shared/paths";
import { SwitchAccountForm } from "./switch-account-form";
import type { WorkspaceLink } from "./workspace-switcher";

function why(identity: Identity): string {
  if (!identity.email) return " (your identity provider sent no email address, so only a group can give you access)";
  if (!identity.isEmailVerified) return " (your identity provider has not verified its email address)";
  return "";
}

const text = "mt-3 text-zinc-700 dark:text-zinc-300";

/** Which workspaces this account can open, or why it can open none. */
function AccountReach({ identity, workspaces }: { identity: Identity; workspaces: WorkspaceLink[] }) {
  if (workspaces.length === 0) {
    return (
      <p className={text}>
        You are signed in as <strong className="break-all">{displayName(identity)}</strong>, but no workspace in Batch
        Console lists this account{why(identity)}.
      </p>
    );
  }
  return (
    <>
      <p className={text}>
        You are signed in as <strong className="break-all">{displayName(identity)}</strong>, which can open:
      </p>
      <ul className="mt-2 list-inside list-disc text-zinc-700 dark:text-zinc-300">
        {workspaces.map((workspace) => (
          <li key={workspace.slug}>
            <Link
              href={workspacePath(workspace.slug)}
              className="text-blue-700 underline underline-offset-2 dark:text-blue-400"
            >
              {workspace.name}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * What a signed-in person sees where they cannot go: home when no workspace lists them, or any link
 * they cannot open (a batch of another workspace, an address that does not exist, alike: it never
 * says which). The page's header above it shows who is signed in, with sign-out.
 */
export function NoAccess({
  identity,
  workspaces,
  reason,
}: {
  identity: Identity;
  workspaces: WorkspaceLink[];
  /** "home": no workspace lists this account; "link": this address is not one it can open. */
  reason: "home" | "link";
}) {
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col px-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">
        {reason === "home" ? "No access yet" : "Not found with this account"}
      </h1>
      {reason === "link" && (
        <p className={text}>
          It leads to a page that does not exist, or to a workspace this account is not a member of. Batch Console does
          not say which.
        </p>
      )}
      <AccountReach identity={identity} workspaces={workspaces} />
      <p className={text}>
        {reason === "link"
          ? "Ask whoever shared the link which workspace it belongs to, or sign in with another account."
          : "Ask your administrator to add you, or sign in with another account."}
      </p>
      <div className="mt-6 flex flex-wrap items-center gap-4">
        <SwitchAccountForm action={switchAccount} />
        {reason === "link" && workspaces.length > 0 && (
          <Link href="/" className="text-sm text-blue-700 underline underline-offset-2 dark:text-blue-400">
            Back to your workspaces
          </Link>
        )}
      </div>
    </main>
  );
}
