import "server-only";
import { ConfigError, getConfig } from "@/lib/config";
import { sharedStateHealth, type SharedStateHealth } from "@/lib/state/redis";

export type HealthReport =
  | { status: "ok" | "degraded"; workspaces: number; signInProviders: string[]; sharedState: SharedStateHealth }
  | { status: "misconfigured"; problems: string[] };

/**
 * What /api/health says: counts and provider ids when configured, else the names of the bad
 * variables; `degraded` while Redis is configured but unreachable (the app still serves).
 */
export async function healthReport(): Promise<HealthReport> {
  try {
    const config = getConfig();
    const sharedState = await sharedStateHealth();
    return {
      status: sharedState.store === "redis" && sharedState.status === "degraded" ? "degraded" : "ok",
      workspaces: config.workspaces.length,
      signInProviders: config.auth.providers.map((provider) => provider.id),
      sharedState,
    };
  } catch (error) {
    if (error instanceof ConfigError) return { status: "misconfigured", problems: error.problems };
    throw error;
  }
}
