// Runs once when the server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Fail at start, not on the first request: a misconfigured deployment names each bad variable and exits.
    const { exitOnBadConfig } = await import("./lib/config/check-at-start");
    exitOnBadConfig();
    const { tuneHeapForShortLivedPages } = await import("./lib/runtime/heap-tuning");
    tuneHeapForShortLivedPages();
    const { startWorkflowWorld } = await import("./lib/export/jobs/world");
    await startWorkflowWorld();
    // Migrations at start, under an advisory lock, without holding the start: a database that is away or slow
    // must not keep the batch pages (which never need it) from serving.
    const { startDatabase } = await import("./lib/db/client");
    void startDatabase();
  }
}
