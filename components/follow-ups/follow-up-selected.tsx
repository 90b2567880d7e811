"use client";

import { useEffect } from "react";
import { onDemand } from "@/components/ui/on-demand";
import type { FollowUpSelectedProps } from "./follow-up-selected.lazy";

const action = onDemand(() => import("./follow-up-selected.lazy").then((module) => module.FollowUpSelectedAction));

/** Fetches the follow-up form's code ahead of a likely selection (a row hovered or focused). */
export const preloadFollowUpSelected = action.load;

/**
 * "Follow up selected" in the selection bar. The form and its requests load once something is
 * selected (or a row is approached), not with the page: most visits never select.
 */
export function FollowUpSelected(props: FollowUpSelectedProps) {
  const Action = action.useLoaded();
  useEffect(() => action.load(), []);
  // The store hands back one component per module, loaded once: its identity never changes.
  // eslint-disable-next-line react-hooks/static-components
  return Action ? <Action {...props} /> : null;
}
