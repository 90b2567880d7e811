import { idpDefaults } from "./defaults.js";

export type IdpEnv = {
  port: number;
  host: string;
  /** Undefined unless IDP_ISSUER is set: startIdp then derives it from the host and the port actually bound. */
  issuer: string | undefined;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
};

export class IdpEnvError extends Error {}

function list(value: string | undefined, fallback: readonly string[]): string[] {
  if (value === undefined || value.trim() === "") return [...fallback];
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function nonEmpty(value: string | undefined, fallback: string): string {
  return value === undefined || value.trim() === "" ? fallback : value.trim();
}

export function readIdpEnv(env: NodeJS.ProcessEnv): IdpEnv {
  const rawPort = nonEmpty(env.IDP_PORT, String(idpDefaults.port));
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65_535) {
    throw new IdpEnvError(`IDP_PORT must be a port number (0-65535), got "${rawPort}"`);
  }
  const host = nonEmpty(env.IDP_HOST, idpDefaults.host);

  const redirectUris = list(env.IDP_REDIRECT_URIS, idpDefaults.redirectUris);
  const postLogoutRedirectUris = list(env.IDP_POST_LOGOUT_REDIRECT_URIS, idpDefaults.postLogoutRedirectUris);
  for (const [name, uris] of [
    ["IDP_REDIRECT_URIS", redirectUris],
    ["IDP_POST_LOGOUT_REDIRECT_URIS", postLogoutRedirectUris],
  ] as const) {
    const invalid = uris.filter((uri) => !URL.canParse(uri));
    if (invalid.length > 0) throw new IdpEnvError(`${name} has invalid URLs: ${invalid.join(", ")}`);
  }

  return {
    port,
    host,
    issuer: env.IDP_ISSUER?.trim() || undefined,
    clientId: nonEmpty(env.IDP_CLIENT_ID, idpDefaults.clientId),
    clientSecret: nonEmpty(env.IDP_CLIENT_SECRET, idpDefaults.clientSecret),
    redirectUris,
    postLogoutRedirectUris,
  };
}
