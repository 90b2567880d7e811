"use client";

import { useId, useLayoutEffect, useRef, useState } from "react";
import { pageSizes, viewFilters, type BatchView } from "@/lib/shared/batch-view";
import { pageFromInput } from "@/lib/shared/call-selection";
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
  const jumpId = useId();
  const [draft, setDraft] = useState<string>();
  const [jumpProblem, setJumpProblem] = useState("");
  const jumpRef = useRef<HTMLInputElement>(null);
  // The pager control that had focus. "Next" or "Last" reaching the final page (or "First" and
  // "Previous" the first) turns into plain text: focus then goes to the page field, not to the body.
  const focused = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    const element = focused.current;
    if (!element || element.isConnected) return;
    focused.current = null;
    const active = document.activeElement;
    if (!active || active === document.body) jumpRef.current?.focus();
  });
  const lastPage = Math.max(1, pagination.totalPages);
  const page = Math.min(view.page, lastPage);
  // The range describes the rows on screen, which stay from the previous view until the new ones arrive.
  const shownPage = pagination.page;
  const start = (shownPage - 1) * pagination.limit + 1;
  const first = start > pagination.total ? 0 : start;
  const last = first === 0 ? 0 : Math.min(pagination.total, shownPage * pagination.limit);
  const search = viewFilters(view);
  const at = (target: number): BatchView => ({ status: view.status, page: target, limit: view.limit, ...search });
  const jump = (event: React.FormEvent) => {
    event.preventDefault();
    const target = pageFromInput(draft ?? String(page), lastPage);
    if (target === undefined) {
      setJumpProblem(`Enter a page number from 1 to ${formatCount(lastPage)}.`);
      return;
    }
    setJumpProblem("");
    setDraft(undefined);
    if (target !== view.page) nav.go(at(target));
  };

  return (
    <nav
      aria-label="Pagination"
      className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm"
      onFocus={(event) => {
        focused.current = event.target;
      }}
      onBlur={(event) => {
        // Focus moved on: forget. Lost with its element (relatedTarget null): the effect above puts it back.
        if (event.relatedTarget) focused.current = null;
      }}
    >
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
        {lastPage > 1 && (
          <form onSubmit={jump} className="flex items-center gap-1.5">
            <label htmlFor={jumpId} className="text-zinc-600 dark:text-zinc-400">
              Go to page
            </label>
            <input
              ref={jumpRef}
              id={jumpId}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              enterKeyHint="go"
              value={draft ?? String(page)}
              onChange={(event) => setDraft(event.target.value)}
              onFocus={(event) => event.target.select()}
              aria-invalid={jumpProblem ? true : undefined}
              aria-describedby={jumpProblem ? `${jumpId}-problem` : undefined}
              className="min-h-11 w-[4.5rem] rounded-md border border-zinc-300 bg-white px-2 py-1.5 tabular-nums sm:min-h-0 dark:border-zinc-700 dark:bg-zinc-900"
            />
            <button
              type="submit"
              className="inline-flex min-h-11 items-center rounded-md border border-zinc-300 px-2.5 py-1.5 hover:bg-zinc-100 sm:min-h-0 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Go
            </button>
          </form>
        )}
      </div>
      <p
        id={`${jumpId}-problem`}
        role="alert"
        className="w-full text-right text-red-700 empty:hidden dark:text-red-400"
      >
        {jumpProblem}
      </p>
    </nav>
  );
}
