import "server-only";
import type { z } from "zod";

const maxBodyBytes = 4_096;

/**
 * A small JSON request body checked against `schema`: the first problem in words, or the value.
 * Anything but JSON, a body over 4 KB or an unknown field is refused before it reaches anything.
 */
export async function readJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<{ ok: true; value: z.infer<T> } | { ok: false; message: string }> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return { ok: false, message: "Send the request body as application/json." };
  }
  const text = await request.text();
  if (new TextEncoder().encode(text).length > maxBodyBytes)
    return { ok: false, message: "The request body is too large." };
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return { ok: false, message: "The request body is not valid JSON." };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const message =
    issue.code === "unrecognized_keys" ? `unknown field: ${issue.keys.slice(0, 3).join(", ")}` : issue.message;
  return { ok: false, message: `${message}.` };
}

/**
 * A state-changing request must come from our own pages: a browser always sends Origin on POST and
 * DELETE, and another site's differs. (Session cookies are SameSite=Lax as well.)
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  // Hosts, not whole origins: behind a TLS-terminating proxy the scheme this server sees can differ.
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
