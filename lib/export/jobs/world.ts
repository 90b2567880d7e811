import "server-only";
import { errorText } from "@/lib/runtime/scrub-secrets";

/**
 * Starts the Workflow SDK's world in this server: the Postgres World's queue worker subscribes
 * here (and picks up runs a previous process left half-done); the Local World recovers its own.
 * A world that cannot start leaves the app up: export jobs then fail to start, with a message.
 */
export async function startWorkflowWorld(): Promise<void> {
  try {
    const { getWorld } = await import("workflow/runtime");
    await getWorld().start?.();
  } catch (error) {
    console.error(
      JSON.stringify({
        type: "error",
        action: "workflow.start",
        message: errorText(error),
      }),
    );
  }
}
