import { setFlagsFromString } from "node:v8";

/**
 * Turns off V8's allocation-site pretenuring for this server. Parsed Trillet pages are briefly
 * cached (lib/trillet/coalesce.ts) and held during renders, so V8 learns that objects from the
 * parser's allocation sites survive and starts allocating them straight into the old generation.
 * An export then parses a thousand pages through the same sites: every one lands in the old
 * generation and stays until a full collection, which grew the heap by 100+ MB per export.
 * Measured with `npm run bench -- --only export` (bench/README.md). Done at start, before any
 * site has been tenured; the flag only stops new tenuring decisions.
 */
export function tuneHeapForShortLivedPages(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}
