"use client";

import { DropdownMenu } from "radix-ui";

export type ColumnChoice = { id: string; label: string; visible: boolean; toggle: (visible: boolean) => void };

export function ColumnMenu({ columns }: { columns: ColumnChoice[] }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
        Columns <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 max-h-80 min-w-52 overflow-y-auto rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <DropdownMenu.Label className="px-2 py-1 text-xs text-zinc-500 dark:text-zinc-400">Show columns</DropdownMenu.Label>
          {columns.map((column) => (
            <DropdownMenu.CheckboxItem
              key={column.id}
              checked={column.visible}
              onCheckedChange={(checked) => column.toggle(checked === true)}
              onSelect={(event) => event.preventDefault()}
              className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
            >
              <span aria-hidden="true" className="inline-flex size-4 items-center justify-center rounded border border-zinc-400">
                <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
              </span>
              <span className="truncate">{column.label}</span>
            </DropdownMenu.CheckboxItem>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
