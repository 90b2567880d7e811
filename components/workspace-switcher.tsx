"use client";

import Link from "next/link";
import { DropdownMenu } from "radix-ui";
import { MenuContent, menuItemClass, menuTriggerClass } from "@/components/ui/menu";

export type WorkspaceLink = { slug: string; name: string };

export function WorkspaceSwitcher({ workspaces, current }: { workspaces: WorkspaceLink[]; current?: string }) {
  const active = workspaces.find((workspace) => workspace.slug === current);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className={menuTriggerClass}
        aria-label={active ? `Workspace: ${active.name}. Switch workspace` : "Choose a workspace"}
      >
        {active ? active.name : "Workspaces"}
        <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <MenuContent align="start" label="Your workspaces">
          {workspaces.map((workspace) => (
            <DropdownMenu.Item key={workspace.slug} asChild>
              <Link
                href={`/w/${workspace.slug}`}
                aria-current={workspace.slug === current ? "page" : undefined}
                className={menuItemClass}
              >
                {workspace.name}
                {workspace.slug === current && <span className="sr-only"> (current)</span>}
              </Link>
            </DropdownMenu.Item>
          ))}
      </MenuContent>
    </DropdownMenu.Root>
  );
}
