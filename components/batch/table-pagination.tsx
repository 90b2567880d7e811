"use client";

import { useId } from "react";
import { pageSizes, type BatchView } from "@/lib/shared/batch-view";
import type { Pagination } from "@/lib/trillet/schemas";
import type { ViewNavigation } from "./use-view-navigation";
import { ViewLink } from "./view-link";
import { formatCount } from "@/lib/shared/format";

function PageLink({
  label,
  target,
  disabled,
  nav,
  children,
}: {
  label: string;
  target: BatchView;
  disabled: boolean;
  nav: ViewNavigation;
  children: React.ReactNode;
}) {
  // Thumb-sized (44 px) on phones.
  const base =
    "inline-flex min-h-11 min-w-11 items-center justify-center rounded-md border px-2.5 py-1.5 text-sm sm:min-h-0 sm:min-w-9";
  if (disabled) {
    return (
      <span
        aria-disabled="true"
        aria-label={label}
        className={`${base} border-zinc-200 text-zinc-400 dark:border-zinc-800 dark:text-zinc-600`}
      >
        {children}
      </span>
    );
  }
  return (
    <ViewLink
      nav={nav}
      to={target}
      aria-label={label}
      className={`${base} border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800`}
    >
      {children}
    </ViewLink>
  );
}

export function TablePagination({
  view,
  pagination,
  nav,
}: {
  view: BatchView;
  pagination: Pagination;
  nav: ViewNavigation;
}) {
  const sizeId = useId();
  const lastPage = Math.max(1, pagination.totalPages);
  const page = Math.min(view.page, lastPage);
  // The range describes the rows on screen, which stay from the previous view until the new ones arrive.
  const shownPage = pagination.page;
  const start = (shownPage - 1) * pagination.limit + 1;
  const first = start > pagination.total ? 0 : start;
  const last = first === 0 ? 0 : Math.min(pagination.total, shownPage * pagination.limit);
  const search = view.q ? { q: view.q } : {};
  const at = (target: number): BatchView => ({ status: view.status, page: target, limit: view.limit, ...search });

  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="tabular-nums" data-testid="range">
        {formatCount(first)}–{formatCount(last)} of {formatCount(pagination.total)} calls
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={sizeId} className="text-zinc-600 dark:text-zinc-400">
          Rows per page
        </label>
        <select
          id={sizeId}
          value={view.limit}
          onChange={(event) => nav.go({ status: view.status, page: 1, limit: Number(event.target.value), ...search })}
          className="min-h-11 rounded-md border border-zinc-300 bg-white px-2 py-1.5 sm:min-h-0 dark:border-zinc-700 dark:bg-zinc-900"
        >
          {(pageSizes as readonly number[]).includes(view.limit) ? null : (
            <option value={view.limit}>{view.limit}</option>
          )}
          {pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
        <PageLink label="First page" target={at(1)} disabled={page <= 1} nav={nav}>
          «
        </PageLink>
        <PageLink label="Previous page" target={at(page - 1)} disabled={page <= 1} nav={nav}>
          ‹
        </PageLink>
        <span className="px-1 tabular-nums" aria-live="polite" data-testid="page-of">
          Page {formatCount(shownPage)} of {formatCount(lastPage)}
        </span>
        <PageLink label="Next page" target={at(page + 1)} disabled={page >= lastPage} nav={nav}>
          ›
        </PageLink>
        <PageLink label="Last page" target={at(lastPage)} disabled={page >= lastPage} nav={nav}>
          »
        </PageLink>
      </div>
    </nav>
  );
}
