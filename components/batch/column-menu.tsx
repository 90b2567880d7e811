"use client";

import { onDemand } from "@/components/ui/on-demand";
import { OnDemandMenu } from "@/components/ui/on-demand-menu";
import type { ColumnChoice } from "./column-menu.lazy";

const columnDropdown = onDemand(() => import("./column-menu.lazy").then((module) => module.ColumnDropdown));

export function ColumnMenu({ columns }: { columns: ColumnChoice[] }) {
  return (
    <OnDemandMenu
      menu={columnDropdown}
      props={{ columns }}
      trigger={
        <>
          Columns <span aria-hidden="true">▾</span>
        </>
      }
    />
  );
}
