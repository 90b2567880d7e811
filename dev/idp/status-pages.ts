import { escapeHtml, htmlDocument } from "./html.js";

export function renderMessagePage(title: string, message: string): string {
  return htmlDocument(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/** `providerForm` is oidc-provider's own hidden logout form (with its XSRF token), inserted as is. */
export function renderLogoutPage(providerForm: string, host: string): string {
  return htmlDocument(
    "Sign out",
    `<h1>Sign out</h1>
<p>Do you want to sign out of the demo identity provider at ${escapeHtml(host)}?</p>
${providerForm}
<button type="submit" class="primary" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" class="secondary" form="op.logoutForm">No, stay signed in</button>`,
  );
}
