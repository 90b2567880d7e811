import Link from "next/link";

/** Previous / next links for a server-rendered list whose page is in the URL. */
export function ListPages({
  label,
  page,
  pages,
  hasNext = page < (pages ?? 0),
  href,
}: {
  label: string;
  page: number;
  /** Unknown for lists too long to count: then only `hasNext` says whether there is a next page. */
  pages?: number;
  hasNext?: boolean;
  href: (page: number) => string;
}) {
  if (page <= 1 && !hasNext) return null;
  const link =
    "rounded-md border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";
  return (
    <nav aria-label={label} className="mt-3 flex items-center justify-between gap-2 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className={link} rel="prev">
          Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="text-zinc-600 tabular-nums dark:text-zinc-400">
        Page {page}
        {pages !== undefined ? ` of ${pages}` : ""}
      </span>
      {hasNext ? (
        <Link href={href(page + 1)} className={link} rel="next">
          Next
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
