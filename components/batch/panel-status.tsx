/** The line a counting panel shows until its counts arrive: the same in its placeholder and in its body. */
export function PanelStatus({ children }: { children: string }) {
  return (
    <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400" role="status">
      {children}
    </p>
  );
}
