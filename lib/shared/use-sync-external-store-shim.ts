// Stands in for the `use-sync-external-store/shim` package in the browser (next.config.mjs): SWR
// imports it for React 17, and on React 18+ the shim only hands back React's own hook: its
// fallback (0.3 kB gzip on the batch page) never runs.
export { useSyncExternalStore } from "react";
