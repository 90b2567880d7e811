// No "server-only": scripts/revoke.ts and the dev tools log through it too.

const maxLength = 300;

// A connection string's whole URL can carry a password (redis://user:pass@host, postgres://…), and
// libpq's keyword form writes it as `password=…`.
const connectionUrl = /\b(rediss?|postgres(?:ql)?|mongodb(?:\+srv)?|mysql|amqps?):\/\/\S+/gi;
const credentialsInUrl = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@\S+/gi;
const passwordSetting = /\b(password|passwd|pwd)\s*=\s*\S+/gi;

/** `text` with every connection string and embedded credential replaced by its scheme and an ellipsis. */
export function scrubSecrets(text: string): string {
  return text
    .replace(connectionUrl, (_, scheme: string) => `${scheme.toLowerCase()}://…`)
    .replace(credentialsInUrl, (_, scheme: string) => `${scheme}…`)
    .replace(passwordSetting, (_, name: string) => `${name}=…`)
    .slice(0, maxLength);
}

/**
 * An error's message, fit for a log line: scrubbed and bounded, after its cause's when it has one (a query
 * builder's "Failed query" says nothing of why). "unknown" for something that is not an error.
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    // The cause first: the message can be long (a query builder's quotes the whole query) and is cut.
    return scrubSecrets(error.cause instanceof Error ? `${error.cause.message} (${error.message})` : error.message);
  }
  if (typeof error === "string") return scrubSecrets(error);
  return "unknown";
}
