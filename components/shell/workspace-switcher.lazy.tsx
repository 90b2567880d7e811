"use client";

import Link from "next/link";
import { DropdownMenu } from "radix-ui";
import { MenuContent, MenuRoot } from "@/components/ui/menu.lazy";
import { menuItemClass } from "@/components/ui/menu-styles";
import type { MenuTriggerProps } from "@/components/ui/on-demand-menu";
import type { WorkspaceLink } from "./workspace-switcher";
import { workspacePath } from "@/lib/shared/paths";

export function WorkspaceDropdown({
  workspaces,
  current,
  ...root
}: { workspaces: WorkspaceLink[]; current?: string } & MenuTriggerProps) {
  return (
    <MenuRoot {...root}>
      <MenuContent align="start" label="Your workspaces">
        {workspaces.map((workspace) => (
          <DropdownMenu.Item key={workspace.slug} asChild>
            <Link
              href={workspacePath(workspace.slug)}
              aria-current={workspace.slug === current ? "page" : undefined}
              className={menuItemClass}
            >
              {workspace.name}
              {workspace.slug === current && <span className="sr-only"> (current)</span>}
            </Link>
          </DropdownMenu.Item>
        ))}
      </MenuContent>
    </MenuRoot>
  );
}
