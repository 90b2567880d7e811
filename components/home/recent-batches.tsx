"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { readRecent, serverRecent, subscribeRecent } from "./recent-batches-store";
import { batchPath } from "@/lib/shared/paths";

export function RecentBatches({ user, slug }: { user: string; slug?: string }) {
  const all = useSyncExternalStore(subscribeRecent, () => readRecent(user), serverRecent);
  const recent = slug ? all.filter((item) => item.slug === slug) : all;
  return (
    <section aria-labelledby="recent-heading" className="mt-10">
      <h2 id="recent-heading" className="text-lg font-semibold">
        Recently opened
      </h2>
      {recent.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Batches you open appear here.</p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {recent.map((item) => (
            <li
              key={`${item.slug}/${item.batchId}`}
              className="flex flex-wrap items-center justify-between gap-2 px-4 py-3"
            >
              <Link
                href={batchPath(item.slug, item.batchId)}
                className="font-mono text-sm text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
              >
                {item.batchId}
              </Link>
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                {item.workspaceName} · opened <LocalTime ms={item.openedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
