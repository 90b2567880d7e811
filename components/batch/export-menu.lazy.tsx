"use client";

import { DropdownMenu } from "radix-ui";
import { MenuContent, MenuRoot } from "@/components/ui/menu.lazy";
import { menuItemClass } from "@/components/ui/menu-styles";
import type { MenuTriggerProps } from "@/components/ui/on-demand-menu";
import type { CallStatusFilter } from "@/lib/shared/batch-view";
import { formatCount } from "@/lib/shared/format";
import { exportApiUrl } from "@/lib/shared/paths";

function DownloadItem({ href, disabled, children }: { href: string; disabled: boolean; children: React.ReactNode }) {
  return (
    <DropdownMenu.Item asChild disabled={disabled}>
      {disabled ? (
        <span className={menuItemClass}>{children}</span>
      ) : (
        <a href={href} download className={menuItemClass}>
          {children}
        </a>
      )}
    </DropdownMenu.Item>
  );
}

export type ExportChoices = {
  slug: string;
  batchId: string;
  status: CallStatusFilter;
  matching: number;
  failed: number;
  /** Finished calls: what the call-record columns cost to fill, at 100 records per Trillet request. */
  finished: number;
};

/** Downloads are plain links: the browser streams the file and shows its own progress. */
export function ExportDropdown({
  slug,
  batchId,
  status,
  matching,
  failed,
  finished,
  ...root
}: ExportChoices & MenuTriggerProps) {
  const recordRequests = Math.max(1, Math.ceil(finished / 100));
  const csv = exportApiUrl(slug, batchId, { status, format: "csv" });
  const label = status === "all" ? "" : ` ${status}`;
  return (
    <MenuRoot {...root}>
      <MenuContent align="end" className="min-w-64">
        <DownloadItem href={csv} disabled={matching === 0}>
          Export {formatCount(matching)}
          {label} calls (CSV)
        </DownloadItem>
        <DownloadItem
          href={exportApiUrl(slug, batchId, { status, format: "csv", bom: true })}
          disabled={matching === 0}
        >
          Export for Excel (CSV with BOM)
        </DownloadItem>
        <DownloadItem
          href={exportApiUrl(slug, batchId, { status, format: "csv", records: true })}
          disabled={matching === 0}
        >
          <span className="flex flex-col">
            <span>With outcome, summary and recording link (CSV)</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              About {formatCount(recordRequests)} more Trillet request{recordRequests === 1 ? "" : "s"} (1 per 100
              calls)
            </span>
          </span>
        </DownloadItem>
        <DropdownMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-700" />
        <DownloadItem href={exportApiUrl(slug, batchId, { format: "rerun" })} disabled={failed === 0}>
          Re-run CSV of {formatCount(failed)} failed calls
        </DownloadItem>
      </MenuContent>
    </MenuRoot>
  );
}
