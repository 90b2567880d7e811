"use client";

import { useEffect, useMemo } from "react";
import { formatCount } from "@/lib/shared/format";
import type { IntakeView } from "./intake-messages";
import { muted, secondaryButton } from "./styles";

function useObjectUrl(blob: Blob | undefined): string | undefined {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : undefined), [blob]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url;
}

const delimiterName = { ",": "comma", ";": "semicolon", "\t": "tab" } as const;

/** The file as it will be sent: counts, the rows left out and why, and the first rows exactly as sent (text only). */
export function IntakeReview({ view, fileName }: { view: IntakeView; fileName: string }) {
  const invalidUrl = useObjectUrl(view.invalidFile);
  const stem = fileName.replace(/\.[^.]*$/, "") || "contacts";
  return (
    <section aria-labelledby="review-heading" className="mt-6">
      <h2 id="review-heading" className="text-lg font-semibold">
        What will be sent
      </h2>
      <dl className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="intake-summary">
        {[
          ["Rows in the file", view.rows],
          ["Calls to place", view.valid],
          ["Invalid rows", view.invalidCount],
          ["Duplicates removed", view.duplicateCount],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <dt className={muted}>{label}</dt>
            <dd className="text-xl font-semibold tabular-nums">{formatCount(Number(value))}</dd>
          </div>
        ))}
      </dl>
      <ul className={`mt-3 list-disc space-y-1 pl-5 ${muted}`}>
        <li>
          {delimiterName[view.delimiter]}-separated; numbers in international format (E.164), read as{" "}
          {view.phoneColumnMapped ? (
            <>
              column “{view.phoneColumn}”, sent as <code>phone_number</code>
            </>
          ) : (
            <code>phone_number</code>
          )}
          .
        </li>
        <li>
          Variables for the agent:{" "}
          {view.columns.length > 1
            ? view.columns
                .slice(1)
                .map((c) => `“${c}”`)
                .join(", ")
            : "none"}
          .
        </li>
        {view.ignoredColumns.length > 0 && (
          <li>
            Column{view.ignoredColumns.length === 1 ? "" : "s"} {view.ignoredColumns.join(", ")} ha
            {view.ignoredColumns.length === 1 ? "s" : "ve"} no header and{" "}
            {view.ignoredColumns.length === 1 ? "is" : "are"} not sent.
          </li>
        )}
      </ul>

      {view.invalidCount > 0 && (
        <details className="mt-4 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <summary className="cursor-pointer text-sm font-medium">
            {formatCount(view.invalidCount)} invalid {view.invalidCount === 1 ? "row is" : "rows are"} left out
          </summary>
          {invalidUrl && (
            <a
              href={invalidUrl}
              download={`${stem}-invalid-rows.csv`}
              className={`mt-2 inline-block ${secondaryButton}`}
            >
              Download the invalid rows (CSV)
            </a>
          )}
          <div className="mt-2 max-h-72 overflow-auto" tabIndex={0} role="region" aria-label="Invalid rows">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Invalid rows: row number, reason and phone cell</caption>
              <thead>
                <tr>
                  <th scope="col" className="pr-4">
                    Row
                  </th>
                  <th scope="col" className="pr-4">
                    Reason
                  </th>
                  <th scope="col">Phone cell</th>
                </tr>
              </thead>
              <tbody>
                {view.invalidListed.map((row) => (
                  <tr key={row.row} className="border-t border-zinc-100 dark:border-zinc-900">
                    <td className="pr-4 tabular-nums">{row.row}</td>
                    <td className="pr-4">{row.reason}</td>
                    <td className="font-mono break-all">{row.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {view.invalidCount > view.invalidListed.length && (
            <p className={`mt-1 ${muted}`}>
              Showing {formatCount(view.invalidListed.length)} of {formatCount(view.invalidCount)}; the download has
              them all.
            </p>
          )}
        </details>
      )}

      {view.duplicateCount > 0 && (
        <details className="mt-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <summary className="cursor-pointer text-sm font-medium">
            {formatCount(view.duplicateCount)} duplicate {view.duplicateCount === 1 ? "number is" : "numbers are"}{" "}
            removed (the first row with each number is kept)
          </summary>
          <p className={`mt-2 ${muted}`}>
            {view.duplicatesListed.map((d) => `row ${d.row} repeats row ${d.firstRow}`).join("; ")}
            {view.duplicateCount > view.duplicatesListed.length ? "; …" : ""}
          </p>
        </details>
      )}

      <h3 className="mt-6 text-base font-semibold">
        The first {formatCount(view.preview.length)} {view.preview.length === 1 ? "row" : "rows"}, exactly as sent
      </h3>
      <div
        className="mt-2 overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800"
        tabIndex={0}
        role="region"
        aria-label="Rows as sent"
      >
        <table className="w-full text-left text-sm" data-testid="preview-table">
          <caption className="sr-only">The first rows of the file that will be sent, as text</caption>
          <thead className="bg-zinc-50 dark:bg-zinc-900">
            <tr>
              {view.columns.map((column) => (
                <th key={column} scope="col" className="px-2 py-1 font-mono text-xs whitespace-nowrap">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.preview.map((row, i) => (
              <tr key={i} className="border-t border-zinc-100 dark:border-zinc-900">
                {row.map((cell, j) => (
                  <td key={j} className="px-2 py-1 font-mono text-xs whitespace-pre-wrap">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
