"use client";

import { DropdownMenu } from "radix-ui";
import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState } from "react";
import { menuTriggerClass } from "./menu-styles";
import type { MenuTriggerProps } from "./on-demand-menu";

const landmarks = "header, main, nav, aside, footer, [role=region], [role=banner], [role=main]";

/** The landmark the menu's trigger sits in: the open menu is put there, so it is inside a landmark too. */
const MenuHome = createContext<HTMLElement | null>(null);

/**
 * Root and trigger of a menu loaded by OnDemandMenu: opens or takes focus as the stand-in asked.
 * Not modal: a modal menu hides the rest of the page from assistive technology while it stays
 * focusable (axe's aria-hidden-focus); the menu still takes the focus and closes on Esc or outside.
 */
export function MenuRoot({ trigger, label, start, children }: MenuTriggerProps & { children: React.ReactNode }) {
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [initial] = useState(start);
  const [home, setHome] = useState<HTMLElement | null>(null);
  // Before paint, so a menu open from the start is portalled into the landmark once, not moved there.
  useLayoutEffect(() => setHome(triggerRef.current?.closest<HTMLElement>(landmarks) ?? null), []);
  useEffect(() => {
    // An open menu holds the focus itself (and gives it back to the trigger when it closes).
    if (initial.focusTrigger && !initial.defaultOpen) triggerRef.current?.focus();
  }, [initial]);
  return (
    <MenuHome.Provider value={home}>
      <DropdownMenu.Root defaultOpen={initial.defaultOpen} modal={false}>
        <DropdownMenu.Trigger ref={triggerRef} className={menuTriggerClass} aria-label={label}>
          {trigger}
        </DropdownMenu.Trigger>
        {children}
      </DropdownMenu.Root>
    </MenuHome.Provider>
  );
}

/** The dropdown panel every menu of the app shares: portalled, bordered, above the page, kept inside the screen. */
export function MenuContent({
  align,
  label,
  className = "",
  children,
}: {
  align: "start" | "end";
  label?: string;
  className?: string;
  children: React.ReactNode;
}) {
  const home = useContext(MenuHome);
  return (
    <DropdownMenu.Portal container={home ?? undefined}>
      <DropdownMenu.Content
        align={align}
        sideOffset={4}
        collisionPadding={8}
        className={`z-50 max-w-[calc(100vw-1rem)] min-w-48 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 ${className}`}
      >
        {label && (
          <DropdownMenu.Label className="px-2 py-1 text-xs text-zinc-500 dark:text-zinc-400">
            {label}
          </DropdownMenu.Label>
        )}
        {children}
      </DropdownMenu.Content>
    </DropdownMenu.Portal>
  );
}
