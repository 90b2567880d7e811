import Link from "next/link";

/** A list the team's records could not give: says which, and offers the same address again. */
export function RecordsUnavailable({
  what,
  retryHref,
  note,
  className = "mt-4",
}: {
  what: string;
  retryHref: string;
  /** What still works meanwhile, in one sentence. */
  note?: string;
  className?: string;
}) {
  return (
    <p
      role="alert"
      className={`${className} rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200`}
    >
      {what} cannot be loaded right now: the team&apos;s records are not answering.{note ? ` ${note}` : ""}{" "}
      <Link href={retryHref} className="font-medium underline">
        Retry
      </Link>
    </p>
  );
}
