import "server-only";
import { apiKeyFor, type WorkspaceConfig } from "@/lib/config";
import { basePollMs, slowPollMs } from "@/lib/shared/polling";
import { budgetFor } from "@/lib/trillet/shared-budget";

/** How soon browsers should poll again: slower when this key's Trillet budget, shared by every instance, runs short. */
export async function pollHint(workspace: WorkspaceConfig): Promise<number> {
  return (await budgetFor(apiKeyFor(workspace)).headroom()) < 0.25 ? slowPollMs : basePollMs;
}
