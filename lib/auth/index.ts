import "server-only";
import NextAuth from "next-auth";
import type { Provider } from "next-auth/providers";
import Google from "next-auth/providers/google";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import Okta from "next-auth/providers/okta";
import { getConfig, type SsoProviderConfig } from "@/lib/config";
import { authConfig, isSignIn } from "./config";
import { withSessionEpoch } from "./session-epoch";

export const providerLabels: Record<SsoProviderConfig["id"], string> = {
  google: "Google Workspace",
  "microsoft-entra-id": "Microsoft Entra ID",
  okta: "Okta",
  oidc: "OpenID Connect",
};

function toProvider(sso: SsoProviderConfig): Provider {
  const credentials = { clientId: sso.clientId, clientSecret: sso.clientSecret };
  switch (sso.id) {
    case "google":
      return Google(credentials);
    case "microsoft-entra-id":
      return MicrosoftEntraID({ ...credentials, issuer: sso.issuer });
    case "okta":
      return Okta({ ...credentials, issuer: sso.issuer });
    case "oidc":
      return {
        id: "oidc",
        name: sso.name ?? providerLabels.oidc,
        type: "oidc",
        issuer: sso.issuer,
        ...credentials,
        checks: ["pkce", "state", "nonce"],
        authorization: { params: { scope: sso.scope ?? "openid email profile" } },
      };
  }
}

/** Sign-in buttons: the providers this deployment configured, in a stable order. */
export function signInProviders(): { id: string; label: string }[] {
  return getConfig().auth.providers.map((sso) => ({ id: sso.id, label: sso.name ?? providerLabels[sso.id] }));
}

// Lazy: the configuration is read on the first request, not while `next build` imports this module.
export const { handlers, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  providers: getConfig().auth.providers.map(toProvider),
  callbacks: {
    ...authConfig.callbacks,
    // On top of proxy's checks, the session epoch: a new session records it, a revoked one is signed out
    // (Auth.js's own session endpoint included).
    jwt: (params) => withSessionEpoch(authConfig.callbacks.jwt(params), isSignIn(params)),
  },
}));
