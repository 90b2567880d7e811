import Link from "next/link";

/** The submit button of a list's GET filter form, and a link back to the unfiltered list while a filter is set. */
export function FilterActions({ clearHref }: { clearHref: string | undefined }) {
  return (
    <div className="flex items-end gap-2">
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
      >
        Filter
      </button>
      {clearHref ? (
        <Link href={clearHref} className="py-1.5 text-sm underline">
          Clear
        </Link>
      ) : null}
    </div>
  );
}
