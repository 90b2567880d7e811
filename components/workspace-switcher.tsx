"use client";

import Link from "next/link";
import { DropdownMenu } from "radix-ui";

export type WorkspaceLink = { slug: string; name: string };

export function WorkspaceSwitcher({ workspaces, current }: { workspaces: WorkspaceLink[]; current?: string }) {
  const active = workspaces.find((workspace) => workspace.slug === current);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="inline-flex items-center gap-1 rounded-md border border-zinc-300 px-2.5 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        aria-label={active ? `Workspace: ${active.name}. Switch workspace` : "Choose a workspace"}
      >
        {active ? active.name : "Workspaces"}
        <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={4}
          className="z-50 min-w-48 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <DropdownMenu.Label className="px-2 py-1 text-xs text-zinc-500 dark:text-zinc-400">Your workspaces</DropdownMenu.Label>
          {workspaces.map((workspace) => (
            <DropdownMenu.Item key={workspace.slug} asChild>
              <Link
                href={`/w/${workspace.slug}`}
                aria-current={workspace.slug === current ? "page" : undefined}
                className="block rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
              >
                {workspace.name}
                {workspace.slug === current && <span className="sr-only"> (current)</span>}
              </Link>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
