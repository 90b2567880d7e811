import "server-only";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { parseSearchParams } from "@/lib/batch/query";
import { toUrlSearchParams, type PageSearchParams } from "@/lib/shared/search-params";

/**
 * A filtered list page's query, read from its URL: empty fields a GET form sends are dropped from the URL (one
 * redirect), and a URL that does not parse starts over at `here`. Also returns the clean search params and a link
 * to another page of the same view.
 */
export function listQuery<T extends z.ZodType>(here: string, params: PageSearchParams, schema: T) {
  const search = toUrlSearchParams(params);
  const empty = [...search.entries()].filter(([, value]) => value === "").map(([key]) => key);
  for (const key of empty) search.delete(key);
  const current = search.size > 0 ? `${here}?${search}` : here;
  if (empty.length > 0) redirect(current);
  const parsed = parseSearchParams(schema, search);
  if (!parsed.ok) redirect(here);
  const pageHref = (page: number) => {
    const next = new URLSearchParams(search);
    next.set("page", String(page));
    return `${here}?${next}`;
  };
  return { query: parsed.value as z.infer<T>, current, pageHref };
}
