"use client";

import { DropdownMenu } from "radix-ui";
import { MenuContent, MenuRoot } from "@/components/ui/menu.lazy";
import { menuItemClass } from "@/components/ui/menu-styles";
import type { MenuTriggerProps } from "@/components/ui/on-demand-menu";
import type { CallStatusFilter } from "@/lib/shared/batch-view";
import type { ExportJobRequest } from "@/lib/shared/api-client";
import { callRecordRequests, directExportMaxRows } from "@/lib/shared/export-jobs";
import { formatCount } from "@/lib/shared/format";
import { exportApiUrl } from "@/lib/shared/paths";
import { startBackgroundExport } from "./export-start";

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

/** Starts a background job: the menu closes and the exports panel shows its progress. */
function BackgroundItem({ onStart, children }: { onStart: () => void; children: React.ReactNode }) {
  return (
    <DropdownMenu.Item onSelect={onStart} className={menuItemClass}>
      {children}
    </DropdownMenu.Item>
  );
}

/** The Trillet requests a background export spends: one per page of 100 rows, plus any call-record pages. */
const requestCost = (rows: number, extra: number) => `${formatCount(Math.ceil(rows / 100) + extra)} Trillet requests`;

function ExportItem({
  slug,
  batchId,
  rows,
  request,
  extraRequests = 0,
  children,
}: {
  slug: string;
  batchId: string;
  rows: number;
  request: ExportJobRequest;
  /** Requests beyond the rows' pages (the call records), for the cost the menu states. */
  extraRequests?: number;
  children: React.ReactNode;
}) {
  // Small files download at once; bigger ones run on the server, where no request has to live that long.
  if (rows <= directExportMaxRows) {
    const href = exportApiUrl(slug, batchId, {
      format: request.format,
      ...(request.format === "rerun" ? {} : { status: request.status }),
      bom: request.bom,
      records: request.records,
    });
    return (
      <DownloadItem href={href} disabled={rows === 0}>
        {extraRequests > 0 ? (
          <span className="flex flex-col">
            <span>{children}</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              About {formatCount(extraRequests)} more Trillet request{extraRequests === 1 ? "" : "s"} (1 per 100 calls)
            </span>
          </span>
        ) : (
          children
        )}
      </DownloadItem>
    );
  }
  return (
    <BackgroundItem onStart={() => void startBackgroundExport(slug, batchId, request)}>
      <span className="flex flex-col">
        <span>{children}</span>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          In the background · {requestCost(rows, extraRequests)}
        </span>
      </span>
    </BackgroundItem>
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
  /** The table's search, if any: exports hold every call of the tab, and the menu says so. */
  search?: string;
};

/** Small exports are plain links (the browser streams the file); big ones start a background job. */
export function ExportDropdown({
  slug,
  batchId,
  status,
  matching,
  failed,
  finished,
  search,
  ...root
}: ExportChoices & MenuTriggerProps) {
  const recordRequests = callRecordRequests(finished);
  const label = status === "all" ? "" : ` ${status}`;
  const item = { slug, batchId, rows: matching };
  return (
    <MenuRoot {...root}>
      <MenuContent align="end" className="w-72">
        {search !== undefined && (
          <DropdownMenu.Label
            className="px-2 py-1.5 text-xs text-zinc-600 dark:text-zinc-400"
            data-testid="export-ignores-search"
          >
            Exports ignore the search “{search}”: they hold every{label} call of the batch.
          </DropdownMenu.Label>
        )}
        <ExportItem {...item} request={{ format: "csv", status, bom: false }}>
          Export {search !== undefined ? "all " : ""}
          {formatCount(matching)}
          {label} calls (CSV)
        </ExportItem>
        <ExportItem {...item} request={{ format: "csv", status, bom: true }}>
          Export for Excel (CSV with BOM)
        </ExportItem>
        <ExportItem
          {...item}
          request={{ format: "csv", status, bom: false, records: true }}
          extraRequests={recordRequests}
        >
          With outcome, summary and recording link (CSV)
        </ExportItem>
        <DropdownMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-700" />
        <ExportItem
          slug={slug}
          batchId={batchId}
          rows={failed}
          request={{ format: "rerun", status: "failed", bom: false }}
        >
          Re-run CSV of {formatCount(failed)} failed calls
        </ExportItem>
      </MenuContent>
    </MenuRoot>
  );
}
