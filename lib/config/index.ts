import "server-only";
import { loadConfig, type AppConfig } from "./load";
import type { WorkspaceConfig } from "./schema";

export { ConfigError, loadConfig, type AppConfig, type SsoProviderConfig, type SsoProviderId } from "./load";
export type { WorkspaceConfig } from "./schema";

let loaded: ReturnType<typeof loadConfig> | undefined;

export function getConfig(): AppConfig {
  loaded ??= loadConfig();
  return loaded.config;
}

/** The Trillet key of one workspace; kept apart from AppConfig so no config object can carry it to a client. */
export function apiKeyFor(workspace: WorkspaceConfig): string {
  loaded ??= loadConfig();
  const key = loaded.apiKeys.get(workspace.slug);
  if (!key) throw new Error(`No Trillet API key for workspace "${workspace.slug}"`);
  return key;
}

/** AUTH_SECRET, which encrypts session cookies; kept apart from AppConfig like the API keys. */
export function sessionSecret(): string {
  loaded ??= loadConfig();
  return loaded.sessionSecret;
}

/** REDIS_URL, kept apart from AppConfig like the secrets it may carry; undefined when state is in memory. */
export function redisUrl(): string | undefined {
  loaded ??= loadConfig();
  return loaded.redisUrl;
}

/** DATABASE_URL, kept apart from AppConfig like the secrets it carries; undefined for the embedded database. */
export function databaseUrl(): string | undefined {
  loaded ??= loadConfig();
  return loaded.databaseUrl;
}
