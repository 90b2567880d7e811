import "server-only";
import { apiKeyFor, getConfig, type WorkspaceConfig } from "@/lib/config";
import { basePollMs, slowPollMs } from "@/lib/shared/polling";
import { budgetFor } from "@/lib/trillet/budget";

/** How soon browsers should poll again: slower when this key's Trillet budget runs short. */
export function pollHint(workspace: WorkspaceConfig): number {
  const budget = budgetFor(apiKeyFor(workspace), getConfig().trillet.rateLimitPerMinute);
  return budget.headroom() < 0.25 ? slowPollMs : basePollMs;
}
