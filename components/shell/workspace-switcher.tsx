"use client";

import { onDemand } from "@/components/ui/on-demand";
import { OnDemandMenu } from "@/components/ui/on-demand-menu";

export type WorkspaceLink = { slug: string; name: string };

const workspaceDropdown = onDemand(() =>
  import("./workspace-switcher.lazy").then((module) => module.WorkspaceDropdown),
);

export function WorkspaceSwitcher({ workspaces, current }: { workspaces: WorkspaceLink[]; current?: string }) {
  const active = workspaces.find((workspace) => workspace.slug === current);
  return (
    <OnDemandMenu
      menu={workspaceDropdown}
      props={{ workspaces, current }}
      // The name starts with what the button shows (WCAG 2.5.3), then says what it does.
      label={active ? `Workspace: ${active.name}. Switch workspace` : "Workspaces: choose one"}
      trigger={
        <>
          {/* Shortened on phones so the header stays one line from 320 px; the label names it in full. */}
          <span className="max-w-24 truncate sm:max-w-64">{active ? active.name : "Workspaces"}</span>
          <span aria-hidden="true">▾</span>
        </>
      }
    />
  );
}
