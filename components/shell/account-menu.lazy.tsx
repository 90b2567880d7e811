"use client";

import { DropdownMenu } from "radix-ui";
import { MenuContent, MenuRoot } from "@/components/ui/menu.lazy";
import { menuItemClass } from "@/components/ui/menu-styles";
import type { MenuTriggerProps } from "@/components/ui/on-demand-menu";

export function AccountDropdown({
  name,
  onSignOut,
  onEndAllSessions,
  ...root
}: { name: string; onSignOut: () => void; onEndAllSessions: () => void } & MenuTriggerProps) {
  return (
    <MenuRoot {...root}>
      <MenuContent align="end" label={`Signed in as ${name}`} className="max-w-[calc(100vw-1rem)]">
        <DropdownMenu.Item className={menuItemClass} onSelect={onSignOut}>
          Sign out
        </DropdownMenu.Item>
        <DropdownMenu.Item className={menuItemClass} onSelect={onEndAllSessions}>
          End all sessions
        </DropdownMenu.Item>
      </MenuContent>
    </MenuRoot>
  );
}
