/** What a Range header asks of a body of `size` bytes: all of it, one part, or something we cannot serve (416). */
export type RangeRequest = { kind: "whole" } | { kind: "part"; start: number; end: number } | { kind: "unsatisfiable" };

/**
 * One `bytes=` range (`first-last`, `first-`, `-suffix`), as media players send. No header: the
 * whole body. Anything else (another unit, several ranges, a malformed or out-of-bounds range)
 * is unsatisfiable: the route answers 416 with the body's size, and the player asks again.
 */
export function parseRange(header: string | null, size: number): RangeRequest {
  if (header === null) return { kind: "whole" };
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "") || size === 0) return { kind: "unsatisfiable" };
  if (match[1] === "") {
    const suffix = Number(match[2]);
    return suffix === 0
      ? { kind: "unsatisfiable" }
      : { kind: "part", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? { kind: "unsatisfiable" } : { kind: "part", start, end };
}
