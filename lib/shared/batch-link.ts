import { isBatchId, isSlug } from "./batch-view";

export type BatchTarget = { slug?: string; batchId: string; search: string };

/**
 * Reads what someone typed or pasted into "open a batch": a bare batch id, or a link to a
 * batch page (any host: only its path and query are used, so it always opens here).
 */
export function parseBatchInput(raw: string): BatchTarget | { error: string } {
  const input = raw.trim();
  if (!input) return { error: "Enter a batch id or paste a link to a batch." };
  if (isBatchId(input)) return { batchId: input, search: "" };

  let url: URL;
  try {
    url = new URL(input, "http://batch-console.invalid");
  } catch {
    return { error: "That is neither a batch id nor a link to a batch." };
  }
  const match = /^\/(?:w\/([^/]+)\/)?batches\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return { error: "That link does not point to a batch." };
  const [, slug, batchId] = match;
  if (!isBatchId(batchId)) return { error: "The batch id in that link is not valid." };
  if (slug !== undefined && !isSlug(slug)) return { error: "The workspace in that link is not valid." };
  return { slug, batchId, search: url.search };
}
