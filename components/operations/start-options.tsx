"use client";

import { useId } from "react";
import useSWR from "swr";
import { getChecked } from "@/lib/shared/api-client";
import {
  agentsApiUrl,
  agentsOf,
  formatUtc,
  formatWhen,
  maxScheduleDays,
  type AgentChoice,
} from "@/lib/shared/operations";
import { muted, secondaryButton, textInput } from "./styles";

export type StartChoices = {
  label: string;
  agentId: string;
  when: "now" | "later";
  /** `YYYY-MM-DDTHH:MM` in the viewer's zone (a datetime-local value). */
  at: string;
  callback: { enabled: boolean; maxAttempts: number; gaps: { days: number; hours: number }[] };
};

export const initialChoices: StartChoices = {
  label: "",
  agentId: "",
  when: "now",
  at: "",
  callback: { enabled: false, maxAttempts: 2, gaps: [{ days: 0, hours: 4 }] },
};

const fetchAgents = async (url: string): Promise<AgentChoice[]> =>
  agentsOf(await getChecked(url, (body: unknown): body is unknown => agentsOf(body) !== undefined)) ?? [];

/** "2026-12-08T09:00" for a datetime-local input, in the viewer's zone. */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function useAgents(slug: string) {
  return useSWR(agentsApiUrl(slug), fetchAgents, { revalidateOnFocus: false, shouldRetryOnError: false });
}

/** Label, agent, when, smart callback: everything the start needs besides the file. */
export function StartOptions({
  slug,
  choices,
  onChange,
  errors,
  timeZone,
}: {
  slug: string;
  choices: StartChoices;
  onChange: (choices: StartChoices) => void;
  errors: Partial<Record<"agent" | "at" | "callback", string>>;
  timeZone: string;
}) {
  const id = useId();
  const agents = useAgents(slug);
  const set = (patch: Partial<StartChoices>) => onChange({ ...choices, ...patch });
  const atDate = choices.at ? new Date(choices.at) : undefined;
  const now = new Date();
  const setAttempts = (maxAttempts: number) => {
    const gaps = Array.from({ length: maxAttempts - 1 }, (_, i) => choices.callback.gaps[i] ?? { days: 0, hours: 4 });
    set({ callback: { ...choices.callback, maxAttempts, gaps } });
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="mt-8 space-y-5">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        How to call
      </h2>

      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-label`} className="text-sm font-medium">
          Label{" "}
          <span className="font-normal text-zinc-600 dark:text-zinc-400">
            (optional, shown in the team&apos;s list)
          </span>
        </label>
        <input
          id={`${id}-label`}
          value={choices.label}
          maxLength={100}
          onChange={(event) => set({ label: event.target.value })}
          className={`${textInput} max-w-md`}
        />
      </div>

      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-agent`} className="text-sm font-medium">
          Agent
        </label>
        {agents.error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            The agents could not be loaded: {agents.error instanceof Error ? agents.error.message : "unknown error"}{" "}
            <button type="button" className={secondaryButton} onClick={() => void agents.mutate()}>
              Retry
            </button>
          </p>
        ) : (
          <select
            id={`${id}-agent`}
            value={choices.agentId}
            onChange={(event) => set({ agentId: event.target.value })}
            aria-invalid={errors.agent ? true : undefined}
            aria-describedby={errors.agent ? `${id}-agent-error` : undefined}
            className={`${textInput} max-w-md`}
          >
            <option value="">{agents.data ? "Choose an agent" : "Loading agents…"}</option>
            {agents.data?.map((agent) => (
              <option key={agent._id} value={agent._id}>
                {agent.name}
                {agent.status && agent.status !== "active" ? ` (${agent.status})` : ""}
              </option>
            ))}
          </select>
        )}
        {errors.agent && (
          <p id={`${id}-agent-error`} className="text-sm text-red-700 dark:text-red-400">
            {errors.agent}
          </p>
        )}
      </div>

      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">When</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name={`${id}-when`}
            checked={choices.when === "now"}
            onChange={() => set({ when: "now" })}
          />
          Start now
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name={`${id}-when`}
            checked={choices.when === "later"}
            onChange={() => set({ when: "later" })}
          />
          At a date and time
        </label>
        {choices.when === "later" && (
          <div className="ml-6 flex flex-col gap-1">
            <label htmlFor={`${id}-at`} className="text-sm">
              Start at ({timeZone})
            </label>
            <input
              id={`${id}-at`}
              type="datetime-local"
              value={choices.at}
              min={localInputValue(now)}
              max={localInputValue(new Date(now.getTime() + maxScheduleDays * 86_400_000))}
              onChange={(event) => set({ at: event.target.value })}
              aria-invalid={errors.at ? true : undefined}
              aria-describedby={`${id}-at-hint`}
              className={`${textInput} max-w-xs`}
            />
            <p id={`${id}-at-hint`} className={errors.at ? "text-sm text-red-700 dark:text-red-400" : muted}>
              {errors.at ??
                (atDate && !Number.isNaN(atDate.getTime())
                  ? `${formatWhen(atDate, timeZone)} ${timeZone} is ${formatUtc(atDate, timeZone)}.`
                  : `Your time zone is ${timeZone}; at most ${maxScheduleDays} days ahead.`)}
            </p>
          </div>
        )}
      </fieldset>

      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">Smart callback</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={choices.callback.enabled}
            onChange={(event) => set({ callback: { ...choices.callback, enabled: event.target.checked } })}
          />
          Call again when a call is not answered
        </label>
        {choices.callback.enabled && (
          <div className="ml-6 flex flex-col gap-2">
            <label className="flex flex-wrap items-center gap-2 text-sm">
              Attempts per number, the first call included
              <select
                value={choices.callback.maxAttempts}
                onChange={(event) => setAttempts(Number(event.target.value))}
                className={textInput}
              >
                {[2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            {choices.callback.gaps.map((gap, i) => (
              <div
                key={i}
                className="flex flex-wrap items-center gap-2 text-sm"
                role="group"
                aria-label={`Wait before attempt ${i + 2}`}
              >
                <span>Before attempt {i + 2}, wait</span>
                <input
                  type="number"
                  min={0}
                  max={30}
                  value={gap.days}
                  aria-label={`Days before attempt ${i + 2}`}
                  onChange={(event) => {
                    const gaps = choices.callback.gaps.map((g, j) =>
                      j === i ? { ...g, days: Number(event.target.value) } : g,
                    );
                    set({ callback: { ...choices.callback, gaps } });
                  }}
                  className={`${textInput} w-20`}
                />
                <span>days and</span>
                <input
                  type="number"
                  min={0}
                  max={23}
                  value={gap.hours}
                  aria-label={`Hours before attempt ${i + 2}`}
                  onChange={(event) => {
                    const gaps = choices.callback.gaps.map((g, j) =>
                      j === i ? { ...g, hours: Number(event.target.value) } : g,
                    );
                    set({ callback: { ...choices.callback, gaps } });
                  }}
                  className={`${textInput} w-20`}
                />
                <span>hours</span>
              </div>
            ))}
            {errors.callback && <p className="text-sm text-red-700 dark:text-red-400">{errors.callback}</p>}
          </div>
        )}
      </fieldset>
    </section>
  );
}
