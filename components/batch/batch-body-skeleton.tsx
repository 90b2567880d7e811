/** Stands in for the summary, tabs and table while Trillet answers. */
export function BatchBodySkeleton() {
  return (
    <div aria-busy="true">
      <p className="sr-only" role="status">
        Loading the batch…
      </p>
      <div className="animate-pulse motion-reduce:animate-none">
        <div className="mt-6 grid grid-cols-5 gap-2 sm:gap-3">
          {Array.from({ length: 5 }, (_, index) => (
            <div key={index} className="h-10 rounded-lg bg-zinc-200 sm:h-16 dark:bg-zinc-800" />
          ))}
        </div>
        <div className="mt-4 h-3 rounded bg-zinc-200 dark:bg-zinc-800" />
        <div className="mt-6 h-9 w-full max-w-xl rounded bg-zinc-200 dark:bg-zinc-800" />
        <div className="mt-4 space-y-2">
          {Array.from({ length: 8 }, (_, index) => (
            <div key={index} className="h-9 rounded bg-zinc-100 dark:bg-zinc-900" />
          ))}
        </div>
      </div>
    </div>
  );
}
