"use client";

import { DropdownMenu } from "radix-ui";
import type { CallStatusFilter } from "@/lib/query";

const itemClass =
  "block rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 data-[disabled]:text-zinc-400 dark:data-[highlighted]:bg-zinc-800 dark:data-[disabled]:text-zinc-600";

function DownloadItem({ href, disabled, children }: { href: string; disabled: boolean; children: React.ReactNode }) {
  return (
    <DropdownMenu.Item asChild disabled={disabled}>
      {disabled ? (
        <span className={itemClass}>{children}</span>
      ) : (
        <a href={href} download className={itemClass}>
          {children}
        </a>
      )}
    </DropdownMenu.Item>
  );
}

/** Downloads are plain links: the browser streams the file and shows its own progress. */
export function ExportMenu({
  slug,
  batchId,
  status,
  matching,
  failed,
}: {
  slug: string;
  batchId: string;
  status: CallStatusFilter;
  matching: number;
  failed: number;
}) {
  const base = `/api/w/${slug}/batches/${batchId}/export`;
  const csv = `${base}?${new URLSearchParams({ status, format: "csv" })}`;
  const label = status === "all" ? "" : ` ${status}`;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
        Export <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-64 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <DownloadItem href={csv} disabled={matching === 0}>
            Export {matching.toLocaleString("en-US")}
            {label} calls (CSV)
          </DownloadItem>
          <DownloadItem href={`${csv}&bom=1`} disabled={matching === 0}>
            Export for Excel (CSV with BOM)
          </DownloadItem>
          <DropdownMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-700" />
          <DownloadItem href={`${base}?format=rerun`} disabled={failed === 0}>
            Re-run CSV of {failed.toLocaleString("en-US")} failed calls
          </DownloadItem>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
