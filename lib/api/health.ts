import "server-only";
import { ConfigError, getConfig } from "@/lib/config";

export type HealthReport =
  { status: "ok"; workspaces: number; signInProviders: string[] } | { status: "misconfigured"; problems: string[] };

/** What /api/health says: counts and provider ids when configured, else the names of the bad variables. */
export function healthReport(): HealthReport {
  try {
    const config = getConfig();
    return {
      status: "ok",
      workspaces: config.workspaces.length,
      signInProviders: config.auth.providers.map((provider) => provider.id),
    };
  } catch (error) {
    if (error instanceof ConfigError) return { status: "misconfigured", problems: error.problems };
    throw error;
  }
}
