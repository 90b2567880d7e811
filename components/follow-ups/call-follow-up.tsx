"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import useSWR from "swr";
import type { CallRow } from "@/lib/shared/call-rows";
import { followUpsPath } from "@/lib/shared/follow-ups";
import { fetchCallFollowUps, fetchPeople } from "./api";
import { createdText } from "./create-follow-up";
import { CreateFollowUpForm } from "./create-follow-up-form";
import { FollowUpEditor } from "./follow-up-editor";
import { refreshBatchFollowUps } from "./refresh";
import { dueLabel } from "./labels";
import { FollowUpStateBadge } from "./state-badge";

const viewNumber = (text: string | null, fallback: number) =>
  text !== null && /^\d{1,6}$/.test(text) && Number(text) > 0 ? Number(text) : fallback;

/** The call dialog's follow-up: the open one to work on, or a form to make one; past ones as links. */
export function CallFollowUp({ slug, batchId, row }: { slug: string; batchId: string; row: CallRow }) {
  const search = useSearchParams();
  const calls = useSWR(
    ["call-follow-ups", slug, batchId, row.jobId],
    () => fetchCallFollowUps(slug, batchId, [row.jobId]),
    { revalidateOnFocus: false, shouldRetryOnError: false },
  );
  const people = useSWR(["follow-up-people", slug], () => fetchPeople(slug), { revalidateOnFocus: false });
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState("");
  const followUps = calls.data;
  const problem = calls.error ? "Follow-ups cannot be loaded right now." : "";
  const load = () => calls.mutate();

  const open = followUps?.find((followUp) => followUp.state !== "done");
  const past = followUps?.filter((followUp) => followUp.state === "done") ?? [];
  // The page the call is listed on: the server reads the contact from there (usually cached).
  const status = search.get("status") ?? "all";
  const view = ["all", "waiting", "active", "completed", "failed"].includes(status)
    ? { status, page: viewNumber(search.get("page"), 1), limit: Math.min(100, viewNumber(search.get("limit"), 20)) }
    : undefined;

  return (
    <section
      aria-labelledby="call-follow-up-heading"
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <h3 id="call-follow-up-heading" className="text-base font-semibold">
        Follow-up
      </h3>
      {problem ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : followUps === undefined ? (
        <p role="status" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Loading follow-ups…
        </p>
      ) : open ? (
        <div className="mt-2 space-y-2">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <FollowUpStateBadge state={open.state} />
            <span>
              {open.assigneeName ?? "Unassigned"} · {dueLabel(open.dueOn)}
            </span>
            <Link href={`${followUpsPath(slug)}/${open.id}`} className="underline">
              Open with history
            </Link>
          </p>
          <FollowUpEditor
            slug={slug}
            initial={open}
            people={people.data ?? []}
            onChanged={() => {
              refreshBatchFollowUps(slug, batchId);
              void load();
            }}
          />
        </div>
      ) : creating ? (
        <div className="mt-2">
          <CreateFollowUpForm
            slug={slug}
            target={{ batchId, jobIds: [row.jobId], ...(view ? { view } : {}) }}
            submitLabel="Create follow-up"
            onCancel={() => setCreating(false)}
            onCreated={(created) => {
              setCreating(false);
              setNotice(createdText(created));
              void load();
            }}
          />
        </div>
      ) : (
        <div className="mt-2">
          <button
            type="button"
            onClick={() => setCreating(true)}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Follow up this call
          </button>
        </div>
      )}
      <p role="status" className="mt-2 text-sm text-zinc-700 empty:hidden dark:text-zinc-300">
        {notice}
      </p>
      {past.length > 0 ? (
        <ul className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          {past.map((followUp) => (
            <li key={followUp.id}>
              <Link href={`${followUpsPath(slug)}/${followUp.id}`} className="underline">
                Done follow-up
              </Link>{" "}
              by {followUp.updatedByName}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
