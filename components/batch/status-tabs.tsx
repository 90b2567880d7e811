"use client";

import { statusOptions } from "@/lib/shared/call-status";
import type { BatchView } from "@/lib/shared/batch-view";
import type { Summary } from "@/lib/trillet/schemas";
import type { ViewNavigation } from "./use-view-navigation";
import { ViewLink } from "./view-link";
import { formatCount } from "@/lib/shared/format";

export function StatusTabs({ view, summary, nav }: { view: BatchView; summary: Summary; nav: ViewNavigation }) {
  return (
    <nav aria-label="Filter calls by status" className="mt-6 overflow-x-auto">
      <ul className="flex min-w-max gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {statusOptions.map((option) => {
          const target: BatchView = {
            status: option.value,
            page: 1,
            limit: view.limit,
            ...(view.q ? { q: view.q } : {}),
          };
          const current = option.value === view.status;
          const count = option.value === "all" ? summary.total : summary[option.value];
          return (
            <li key={option.value}>
              <ViewLink
                nav={nav}
                to={target}
                aria-current={current ? "page" : undefined}
                className={`-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-3 text-sm sm:py-2 ${
                  current
                    ? "border-zinc-900 font-semibold dark:border-zinc-100"
                    : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
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
