"use client";

import { DropdownMenu } from "radix-ui";

export const menuTriggerClass =
  "inline-flex items-center gap-1 rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

export const menuItemClass =
  "block rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 data-[disabled]:text-zinc-400 dark:data-[highlighted]:bg-zinc-800 dark:data-[disabled]:text-zinc-600";

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
        {label && <DropdownMenu.Label className="px-2 py-1 text-xs text-zinc-500 dark:text-zinc-400">{label}</DropdownMenu.Label>}
        {children}
      </DropdownMenu.Content>
    </DropdownMenu.Portal>
  );
}
