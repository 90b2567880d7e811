"use client";

import { useRef } from "react";
import { onDemand } from "@/components/ui/on-demand";
import { OnDemandMenu } from "@/components/ui/on-demand-menu";
import { forgetThisBrowsersChoices } from "@/lib/shared/local-choices";

const accountDropdown = onDemand(() => import("./account-menu.lazy").then((module) => module.AccountDropdown));

/**
 * The phone header's account actions (Sign out, End all sessions) in one menu. The forms live here,
 * outside the menu: a menu closes (and unmounts its items) as an item is chosen, so an item submits a form
 * that stays on the page.
 */
export function AccountMenu({
  name,
  signOut,
  endAllSessions,
}: {
  name: string;
  signOut: () => Promise<void>;
  endAllSessions: () => Promise<void>;
}) {
  const signOutForm = useRef<HTMLFormElement>(null);
  const endAllForm = useRef<HTMLFormElement>(null);
  return (
    <>
      <OnDemandMenu
        menu={accountDropdown}
        props={{
          name,
          onSignOut: () => signOutForm.current?.requestSubmit(),
          onEndAllSessions: () => endAllForm.current?.requestSubmit(),
        }}
        label={`Account: ${name}`}
        trigger={
          <>
            Account<span aria-hidden="true">▾</span>
          </>
        }
      />
      <form ref={signOutForm} action={signOut} onSubmit={forgetThisBrowsersChoices} hidden />
      <form ref={endAllForm} action={endAllSessions} hidden />
    </>
  );
}
