// The do-not-call list's paths and the browser's calls to its API (browser-safe: no zod, no server code).

export function doNotCallPath(slug: string): string {
  return `/w/${slug}/do-not-call`;
}

export function doNotCallApiUrl(slug: string): string {
  return `/api/w/${slug}/do-not-call`;
}

export function doNotCallExportUrl(slug: string): string {
  return `${doNotCallApiUrl(slug)}?format=csv`;
}

export function doNotCallNumberApiUrl(slug: string, number: string): string {
  return `${doNotCallApiUrl(slug)}/${encodeURIComponent(number)}`;
}

/** Why the list holds a number, as the page says it. */
export const doNotCallReasonLabels: Record<string, string> = {
  asked: "Asked on a call",
  manual: "Added by hand",
  imported: "Imported",
};

/** An outcome that says the person asked not to be called (the call dialog's prefilled reason). */
export function outcomeAsksNotToCall(outcome: string | null | undefined): boolean {
  return !!outcome && /do[\s_-]*not[\s_-]*call|\bdnc\b|stop calling|opt[\s_-]*out|unsubscribe|remove me/i.test(outcome);
}

export type DoNotCallAnswer = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

/** A change to the list: the API's answer, or its error message in words. */
export async function sendDoNotCall(url: string, init: RequestInit): Promise<DoNotCallAnswer> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, message: "The request did not reach the server. Check the connection and try again." };
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { ok: true, body };
  const error = body.error as { message?: unknown } | undefined;
  return {
    ok: false,
    message: typeof error?.message === "string" ? error.message : `The server answered ${response.status}.`,
  };
}

export function addNumbersRequest(numbers: string[], reason: "asked" | "manual", note: string): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(numbers.length === 1 ? { number: numbers[0], reason, note } : { numbers, reason, note }),
  };
}
