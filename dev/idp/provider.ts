import { Provider, type Account, type Configuration, type JWK } from "oidc-provider";
import { findAccountById, type DemoAccount } from "./accounts.js";
import { contentSecurityPolicy } from "./html.js";
import { renderLogoutPage, renderMessagePage } from "./status-pages.js";

export type ProviderSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  clientName: string;
  redirectUris: readonly string[];
  postLogoutRedirectUris: readonly string[];
  accounts: readonly DemoAccount[];
  cookieKeys: readonly string[];
  signingKey: JWK;
};

/**
 * Scope → claims. `groups` has its own scope, and also rides along with `profile` because Auth.js's
 * generic OIDC provider only asks for "openid profile email" unless told otherwise.
 */
export const scopeClaims = {
  openid: ["sub"],
  email: ["email", "email_verified"],
  profile: ["name", "groups"],
  groups: ["groups"],
} as const satisfies Record<string, readonly string[]>;

export const grantedScope = Object.keys(scopeClaims).join(" ");
export const grantedClaims: readonly string[] = [...new Set(Object.values(scopeClaims).flat())];

export function createProvider(settings: ProviderSettings): Provider {
  const configuration: Configuration = {
    clients: [
      {
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        client_name: settings.clientName,
        // A confidential web client may register plain http redirect URIs as long as it only uses the code flow.
        application_type: "web",
        redirect_uris: [...settings.redirectUris],
        post_logout_redirect_uris: [...settings.postLogoutRedirectUris],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // client_secret_post is accepted too: oidc-provider treats the two secret methods as interchangeable.
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: Object.fromEntries(Object.entries(scopeClaims).map(([scope, claims]) => [scope, [...claims]])),
    scopes: Object.keys(scopeClaims),
    responseTypes: ["code"],
    // Auth.js builds the user from the ID token alone, so the scope claims must be in it, not only at userinfo.
    conformIdTokenClaims: false,
    // Every flow must carry a PKCE S256 challenge, so the end-to-end tests prove the app sends one.
    pkce: { required: () => true },
    // Signed cookies; without keys oidc-provider would refuse to verify them across requests.
    // Plain http works because oidc-provider only marks cookies Secure when the request itself is https.
    cookies: { keys: [...settings.cookieKeys] },
    jwks: { keys: [settings.signingKey] },
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
    },
    // The token and userinfo endpoints are only ever called server-to-server by the app.
    clientBasedCORS: () => false,
    findAccount: async (_ctx, sub) => {
      const account = findAccountById(settings.accounts, sub);
      return account ? toOidcAccount(account) : undefined;
    },
    renderError: async (ctx, out) => {
      const description = typeof out.error_description === "string" ? out.error_description : "";
      ctx.type = "html";
      ctx.set("Content-Security-Policy", contentSecurityPolicy);
      ctx.body = renderMessagePage("Sign-in error", description ? `${out.error}: ${description}` : out.error);
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.set("Content-Security-Policy", contentSecurityPolicy);
          ctx.body = renderLogoutPage(form, new URL(settings.issuer).host);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.set("Content-Security-Policy", contentSecurityPolicy);
          ctx.body = renderMessagePage("Signed out", "You are signed out of the demo identity provider.");
        },
      },
    },
  };

  return new Provider(settings.issuer, configuration);
}

function toOidcAccount(account: DemoAccount): Account {
  return {
    accountId: account.id,
    // oidc-provider filters this down to what the granted scopes allow.
    claims: async () => ({
      sub: account.id,
      // An account without an email sends neither claim, like an Entra ID account without a mail attribute.
      ...(account.email === "" ? {} : { email: account.email, email_verified: account.emailVerified }),
      name: account.name,
      groups: [...account.groups],
    }),
  };
}
