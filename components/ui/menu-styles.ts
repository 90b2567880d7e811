export const menuTriggerClass =
  "inline-flex items-center gap-1 rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

export const menuItemClass =
  "block rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 data-[disabled]:text-zinc-400 dark:data-[highlighted]:bg-zinc-800 dark:data-[disabled]:text-zinc-600";
