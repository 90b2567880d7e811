"use client";

import { onDemand } from "@/components/ui/on-demand";
import { OnDemandMenu } from "@/components/ui/on-demand-menu";
import type { ExportChoices } from "./export-menu.lazy";

const exportDropdown = onDemand(() => import("./export-menu.lazy").then((module) => module.ExportDropdown));

export function ExportMenu(choices: ExportChoices) {
  return (
    <OnDemandMenu
      menu={exportDropdown}
      props={choices}
      trigger={
        <>
          Export <span aria-hidden="true">▾</span>
        </>
      }
    />
  );
}
