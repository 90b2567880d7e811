"use client";

import { useId, useState } from "react";
import { formatBytes, maxCsvBytes } from "@/lib/shared/contacts";
import { muted } from "./styles";

/** Choose or drop one CSV file. Files over Trillet's 20 MB are refused before they are read. */
export function CsvPicker({ onFile, disabled }: { onFile: (file: File) => void; disabled?: boolean }) {
  const inputId = useId();
  const hintId = useId();
  const [over, setOver] = useState(false);
  return (
    <div
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
      className={`rounded-lg border-2 border-dashed p-6 text-center ${
        over
          ? "border-zinc-900 bg-zinc-50 dark:border-zinc-100 dark:bg-zinc-900"
          : "border-zinc-300 dark:border-zinc-700"
      }`}
    >
      <label htmlFor={inputId} className="text-sm font-medium">
        Contacts CSV
      </label>
      <input
        id={inputId}
        type="file"
        accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values"
        disabled={disabled}
        aria-describedby={hintId}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = "";
        }}
        className="mx-auto mt-2 block max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
      />
      <p id={hintId} className={`mt-2 ${muted}`}>
        Choose a file or drop it here. A <code>phone_number</code> column is required; every other column becomes a
        variable the agent can use. Up to {formatBytes(maxCsvBytes)}.
      </p>
    </div>
  );
}
