// The do-not-call components' shared classes (the workspace pages' look).
export const field =
  "mt-1 min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-900";
export const labelClass = "flex min-w-0 flex-col text-xs font-medium text-zinc-700 dark:text-zinc-300";
export const primaryButton =
  "rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300";
export const secondaryButton =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800";
export const errorText = "text-sm text-red-700 dark:text-red-400";
export const doneText = "text-sm text-green-800 dark:text-green-300";
