/**
 * Recognises an error class across Next.js bundles. Pages, route handlers and server actions each get their own copy
 * of a module, while objects kept on `globalThis` (budgets, coalesced reads, stores) throw errors built by whichever
 * copy created them, so `instanceof` answers no for an error of the very same class. A `Symbol.for` key is one and
 * the same in every copy.
 */
export function errorBrand(name: string) {
  const key = Symbol.for(`batch-console.error.${name}`);
  return {
    /** Call in the constructor. */
    mark(error: Error): void {
      Object.defineProperty(error, key, { value: true });
    },
    is(value: unknown): boolean {
      return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[key] === true;
    },
  };
}
