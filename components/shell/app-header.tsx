import Link from "next/link";
import { cookies } from "next/headers";
import { FollowUpsHeaderLink } from "@/components/follow-ups/header-link";
import { displayName, type Identity } from "@/lib/auth/identity";
import { signOutEverywhere, signOutHere } from "@/lib/auth/actions";
import { parseTheme, themeCookie } from "@/lib/shared/theme";
import { AccountMenu } from "./account-menu";
import { SignOutForm } from "./sign-out-form";
import { ThemeToggle } from "./theme-toggle";
import { WorkspaceSwitcher, type WorkspaceLink } from "./workspace-switcher";

export async function AppHeader({
  identity,
  workspaces,
  current,
}: {
  identity: Identity;
  workspaces: WorkspaceLink[];
  current?: string;
}) {
  const theme = parseTheme((await cookies()).get(themeCookie)?.value);
  return (
    <header className="border-b border-zinc-200 bg-white/80 dark:border-zinc-800 dark:bg-zinc-950/80">
      {/* One line from 320 px: below sm the account actions are one menu and the workspace name is shortened. */}
      <div className="mx-auto flex max-w-7xl items-center gap-x-2 px-3 py-2 sm:gap-x-3 sm:px-4 sm:py-3">
        {/* Not prefetched: home is per-user and dynamic, and fetching it on every page load competed with hydration. */}
        <Link href="/" prefetch={false} className="font-semibold tracking-tight">
          {/* eslint-disable-next-line @next/next/no-img-element -- a 1 kB SVG, nothing for next/image to do */}
          <img src="/icon.svg" alt="" width={24} height={24} className="size-6 sm:hidden" />
          <span className="sr-only sm:not-sr-only">Batch Console</span>
        </Link>
        {workspaces.length > 0 && <WorkspaceSwitcher workspaces={workspaces} current={current} />}
        <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
          {current ? <FollowUpsHeaderLink slug={current} identity={identity} /> : null}
          <ThemeToggle initial={theme} />
          <span
            className="hidden max-w-48 truncate text-sm text-zinc-600 md:inline dark:text-zinc-400"
            title={displayName(identity)}
          >
            {displayName(identity)}
          </span>
          <div className="sm:hidden">
            <AccountMenu name={displayName(identity)} signOut={signOutHere} endAllSessions={signOutEverywhere} />
          </div>
          <div className="hidden items-center gap-2 sm:flex">
            <SignOutForm action={signOutHere} />
            {/* Not "Sign out …": the plain Sign out button keeps a name of its own. */}
            <form action={signOutEverywhere}>
              <button
                type="submit"
                title="Signs you out in every browser and on every device, this one included"
                className="rounded-md px-2 py-1.5 text-sm text-zinc-600 underline-offset-2 hover:underline dark:text-zinc-400"
              >
                End all sessions
              </button>
            </form>
          </div>
        </div>
      </div>
    </header>
  );
}
