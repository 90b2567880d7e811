import { LocalTime } from "@/components/ui/local-time";
import type { FollowUpHistoryEntry, WorkspacePerson } from "@/lib/shared/follow-ups";
import { dueLabel, fieldLabels, stateLabels } from "./labels";

function shown(field: string, value: string | null, names: Map<string, string>): string {
  if (value === null || value === "") return field === "assignee" ? "Unassigned" : "—";
  if (field === "assignee") return names.get(value) ?? "someone no longer in the workspace";
  if (field === "dueOn") return dueLabel(value);
  if (field === "state") return stateLabels[value as keyof typeof stateLabels] ?? value;
  return value;
}

/** Who changed what, and when, oldest first. Notes are shown as text. */
export function FollowUpHistory({ history, people }: { history: FollowUpHistoryEntry[]; people: WorkspacePerson[] }) {
  const names = new Map(people.map((person) => [person.id, person.name]));
  return (
    <ol className="space-y-3" aria-label="History">
      {history.map((entry, index) => (
        <li key={index} className="text-sm">
          <p className="text-zinc-600 dark:text-zinc-400">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{entry.personName}</span>{" "}
            {entry.changes.state?.from === null ? "created it" : "changed it"} · <LocalTime ms={Date.parse(entry.at)} />
          </p>
          <ul className="mt-1 list-disc pl-5">
            {Object.entries(entry.changes).map(([field, change]) => (
              <li key={field} className="break-words whitespace-pre-wrap">
                {fieldLabels[field] ?? field}:{" "}
                {change.from === null && entry.changes.state?.from === null ? (
                  shown(field, change.to, names)
                ) : (
                  <>
                    {shown(field, change.from, names)} → {shown(field, change.to, names)}
                  </>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
