import "server-only";
import type { z } from "zod";
import type { ApiErrorCode } from "./errors";
import { readCappedBody } from "./read-capped";

export const maxBodyBytes = 4_096;

type BodyFailure = { ok: false; code: Extract<ApiErrorCode, "bad_request" | "payload_too_large">; message: string };

const tooLarge: BodyFailure = {
  ok: false,
  code: "payload_too_large",
  message: `The request body is too large (at most ${maxBodyBytes} bytes).`,
};

/**
 * A small JSON request body checked against `schema`: the first problem in words, or the value.
 * Anything but JSON, a body over 4 KB (by its Content-Length before reading, and while reading it) or an
 * unknown field is refused before it reaches anything.
 */
export async function readJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  /** A route whose body holds a long note or a page of ids may allow more. */
  limit: number = maxBodyBytes,
): Promise<{ ok: true; value: z.infer<T> } | BodyFailure> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return { ok: false, code: "bad_request", message: "Send the request body as application/json." };
  }
  const refused =
    limit === maxBodyBytes
      ? tooLarge
      : { ...tooLarge, message: `The request body is too large (at most ${limit} bytes).` };
  if (Number(request.headers.get("content-length")) > limit) return refused;
  const bytes = await readCappedBody(request, limit);
  const text = bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
  if (text === undefined) return refused;
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return { ok: false, code: "bad_request", message: "The request body is not valid JSON." };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const message =
    issue.code === "unrecognized_keys" ? `unknown field: ${issue.keys.slice(0, 3).join(", ")}` : issue.message;
  return { ok: false, code: "bad_request", message: `${message}.` };
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
