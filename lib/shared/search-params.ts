/** Search params as Next.js hands them to pages: a key may repeat, so a value may be a list. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/** The first value of a page search param: a repeated key counts once. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Page search params as URLSearchParams, every repeated value kept, in order. */
export function toUrlSearchParams(params: PageSearchParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, item);
  }
  return search;
}

/** URLSearchParams as page search params (the shape `normaliseBatchView` reads). */
export function toPageSearchParams(params: URLSearchParams): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const key of new Set(params.keys())) record[key] = params.getAll(key);
  return record;
}

/** "?a=1&b=2", or "" when there is nothing to say. */
export function searchSuffix(params: URLSearchParams): string {
  const text = params.toString();
  return text ? `?${text}` : "";
}
