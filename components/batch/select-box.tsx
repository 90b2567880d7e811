"use client";

import { useEffect, useRef } from "react";

/**
 * A labelled checkbox, thumb-sized on phones; `mixed` sets the indeterminate state (some, not all).
 * `selectsCall` / `selectsPage` name what it selects in the markup, so the server's rows work before
 * the live table loads (CallsList reads them).
 */
export function SelectBox({
  label,
  checked,
  mixed = false,
  onChange,
  selectsCall,
  selectsPage,
}: {
  label: string;
  checked: boolean;
  mixed?: boolean;
  onChange: (event: React.ChangeEvent<HTMLInputElement>) => void;
  selectsCall?: string;
  selectsPage?: boolean;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = mixed && !checked;
  }, [mixed, checked]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      data-selects-call={selectsCall}
      data-selects-page={selectsPage || undefined}
      checked={checked}
      onChange={onChange}
      className="size-4 cursor-pointer align-middle accent-zinc-900 dark:accent-zinc-100"
    />
  );
}
