"use client";

import { DropdownMenu } from "radix-ui";
import { MenuContent, MenuRoot } from "@/components/ui/menu.lazy";
import type { MenuTriggerProps } from "@/components/ui/on-demand-menu";

export type ColumnChoice = { id: string; label: string; visible: boolean; toggle: (visible: boolean) => void };

export function ColumnDropdown({ columns, ...root }: { columns: ColumnChoice[] } & MenuTriggerProps) {
  return (
    <MenuRoot {...root}>
      <MenuContent align="end" label="Show columns" className="max-h-80 overflow-y-auto">
        {columns.map((column) => (
          <DropdownMenu.CheckboxItem
            key={column.id}
            checked={column.visible}
            onCheckedChange={(checked) => column.toggle(checked === true)}
            onSelect={(event) => event.preventDefault()}
            className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
          >
            <span
              aria-hidden="true"
              className="inline-flex size-4 items-center justify-center rounded border border-zinc-400"
            >
              <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
            </span>
            <span className="truncate">{column.label}</span>
          </DropdownMenu.CheckboxItem>
        ))}
      </MenuContent>
    </MenuRoot>
  );
}
