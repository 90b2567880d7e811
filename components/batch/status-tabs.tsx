"use client";

import { statusOptions } from "@/lib/shared/call-status";
import { viewFilters, type BatchView } from "@/lib/shared/batch-view";
import type { Summary } from "@/lib/trillet/schemas";
import type { ViewNavigation } from "./use-view-navigation";
import { ViewLink } from "./view-link";
import { formatCount } from "@/lib/shared/format";

export function StatusTabs({ view, summary, nav }: { view: BatchView; summary: Summary; nav: ViewNavigation }) {
  return (
    // On a phone the tabs wrap onto a second line (nothing hidden off-screen); from sm up, one underlined row.
    <nav aria-label="Filter calls by status" className="mt-6">
      <ul className="flex flex-wrap gap-1 sm:flex-nowrap sm:border-b sm:border-zinc-200 sm:dark:border-zinc-800">
        {statusOptions.map((option) => {
          const target: BatchView = {
            status: option.value,
            page: 1,
            limit: view.limit,
            ...viewFilters(view),
          };
          const current = option.value === view.status;
          const count = option.value === "all" ? summary.total : summary[option.value];
          return (
            <li key={option.value}>
              <ViewLink
                nav={nav}
                to={target}
                aria-current={current ? "page" : undefined}
                className={`inline-flex min-h-11 items-center gap-2 rounded-md border px-3 py-2 text-sm sm:-mb-px sm:min-h-0 sm:rounded-none sm:border-0 sm:border-b-2 ${
                  current
                    ? "border-zinc-900 font-semibold dark:border-zinc-100"
                    : "border-zinc-200 text-zinc-600 hover:text-zinc-900 sm:border-transparent dark:border-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-100 sm:dark:border-transparent"
                }`}
              >
                {option.label}
                <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs tabular-nums dark:bg-zinc-800">
                  {formatCount(count)}
                </span>
              </ViewLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
