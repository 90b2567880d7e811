import "server-only";

/** A streamed CSV the browser saves as `filename`; never cached, never sniffed as anything else. */
export function csvDownload(
  stream: ReadableStream<Uint8Array>,
  filename: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
  });
}
