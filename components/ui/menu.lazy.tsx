"use client";

import { DropdownMenu } from "radix-ui";
import { useEffect, useRef, useState } from "react";
import { menuTriggerClass } from "./menu-styles";
import type { MenuTriggerProps } from "./on-demand-menu";

/** Root and trigger of a menu loaded by OnDemandMenu: opens or takes focus as the stand-in asked. */
export function MenuRoot({ trigger, label, start, children }: MenuTriggerProps & { children: React.ReactNode }) {
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [initial] = useState(start);
  useEffect(() => {
    // An open menu holds the focus itself (and gives it back to the trigger when it closes).
    if (initial.focusTrigger && !initial.defaultOpen) triggerRef.current?.focus();
  }, [initial]);
  return (
    <DropdownMenu.Root defaultOpen={initial.defaultOpen}>
      <DropdownMenu.Trigger ref={triggerRef} className={menuTriggerClass} aria-label={label}>
        {trigger}
      </DropdownMenu.Trigger>
      {children}
    </DropdownMenu.Root>
  );
}

/** The dropdown panel every menu of the app shares: portalled, bordered, above the page. */
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
  return (
    <DropdownMenu.Portal>
      <DropdownMenu.Content
        align={align}
        sideOffset={4}
        className={`z-50 min-w-48 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 ${className}`}
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
