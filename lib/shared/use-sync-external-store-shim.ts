// Stands in for the `use-sync-external-store/shim` package in the browser (next.config.mjs): SWR
// imports it for React 17, and on React 18+ the shim only hands back React's own hook, after
// ~0.5 kB gzip of fallback code that never runs.
export { useSyncExternalStore } from "react";
