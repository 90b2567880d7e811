"use client";

import { useId, useState } from "react";
import { maxSearchLength } from "@/lib/shared/batch-view";

/**
 * Find a call by phone number (any format, or part of one) or by name, email or any other CSV text.
 * Searches on submit, not on every keystroke: the URL holds the search, so back/forward or a pasted
 * link shows it again; keyed by it, so those reset the box.
 */
export function CallSearch({ value, onSearch }: { value: string | undefined; onSearch: (query: string) => void }) {
  const [text, setText] = useState(value ?? "");
  const id = useId();
  return (
    <form
      role="search"
      aria-label="Find a call"
      className="mt-4 flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(text.trim());
      }}
    >
      <label htmlFor={id} className="text-sm font-medium">
        Find a call
      </label>
      <input
        id={id}
        type="search"
        name="q"
        value={text}
        maxLength={maxSearchLength}
        onChange={(event) => setText(event.target.value)}
        placeholder="Phone number, name or email"
        className="w-64 max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900"
      />
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-950 dark:hover:bg-zinc-300"
      >
        Search
      </button>
      {value && (
        <button
          type="button"
          onClick={() => onSearch("")}
          className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Clear search
        </button>
      )}
    </form>
  );
}
