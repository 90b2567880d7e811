"use client";

import { useEffect } from "react";
import { onDemand } from "@/components/ui/on-demand";
import type { CallSearchStatusProps } from "./call-search-status.lazy";

const statusBody = onDemand(() => import("./call-search-status.lazy").then((module) => module.SearchStatusBody));

/**
 * What a search found. Mounted only while the URL holds a search, so its code loads then (at once
 * for a shared link); until it is here, the line says the search is running, as it first does.
 */
export function CallSearchStatus(props: CallSearchStatusProps) {
  const Body = statusBody.useLoaded();
  useEffect(() => statusBody.load(), []);
  // The store hands back one component per module, loaded once: its identity never changes.
  // eslint-disable-next-line react-hooks/static-components
  if (Body) return <Body {...props} />;
  return (
    <p role="status" className="mt-2 text-sm text-zinc-700 dark:text-zinc-300" data-testid="search-status">
      {`Searching for “${props.query}”…`}
    </p>
  );
}
