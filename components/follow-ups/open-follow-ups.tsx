"use client";

import { createContext, useContext, useMemo } from "react";
import useSWR from "swr";
import { batchFollowUpsApiUrl, followUpPath, type OpenFollowUpMark } from "@/lib/shared/follow-ups";

// The batch's open follow-ups, one mark per call: read once per page view (and after a change made here) from the
// database, never from Trillet. The table's cells and the phone cards read them through a context, so the rows
// need no new prop and only the badges re-render when they arrive.

type Marks = { slug: string; byJob: ReadonlyMap<string, OpenFollowUpMark>; count?: number };

const OpenFollowUpsContext = createContext<Marks | null>(null);

async function fetchMarks(url: string): Promise<OpenFollowUpMark[]> {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(`follow-ups: ${response.status}`);
  const body = (await response.json()) as { followUps?: unknown };
  return Array.isArray(body.followUps) ? (body.followUps as OpenFollowUpMark[]) : [];
}

/** The marks of one batch; `count` is undefined until they are read (or when they cannot be). */
export function useOpenFollowUps(slug: string, batchId: string): Marks {
  const { data } = useSWR(batchFollowUpsApiUrl(slug, batchId), fetchMarks, {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  return useMemo(
    () => ({ slug, byJob: new Map((data ?? []).map((mark) => [mark.jobId, mark])), count: data?.length }),
    [slug, data],
  );
}

export const OpenFollowUpsProvider = OpenFollowUpsContext.Provider;

/** Whether any of these calls has an open follow-up (false until the marks are read). */
export function useAnyOpenFollowUp(jobIds: Iterable<string>): boolean {
  const marks = useContext(OpenFollowUpsContext);
  if (!marks || marks.byJob.size === 0) return false;
  for (const jobId of jobIds) if (marks.byJob.has(jobId)) return true;
  return false;
}

/** "Follow-up", linking to the call's open follow-up; nothing when it has none. */
export function FollowUpBadge({ jobId, className = "" }: { jobId: string; className?: string }) {
  const marks = useContext(OpenFollowUpsContext);
  const mark = marks?.byJob.get(jobId);
  if (!marks || !mark) return null;
  const who = mark.assigneeName ? `assigned to ${mark.assigneeName}` : "unassigned";
  return (
    <a
      href={followUpPath(marks.slug, mark.id)}
      data-follow-up-badge={mark.id}
      aria-label={`Follow-up ${mark.state === "reopened" ? "reopened" : "open"}, ${who}`}
      title={`${mark.state === "reopened" ? "Reopened" : "Open"} follow-up, ${who}`}
      className={`inline-flex min-h-6 items-center rounded-full bg-violet-50 px-2 text-xs font-medium whitespace-nowrap text-violet-900 ring-1 ring-violet-200 ring-inset hover:underline dark:bg-violet-950 dark:text-violet-100 dark:ring-violet-800 ${className}`}
    >
      Follow-up
    </a>
  );
}
