"use client";

import { useEffect, type ComponentType, type RefObject } from "react";
import type { OnDemand } from "./on-demand";
import { useSeen } from "./use-seen";

/**
 * A panel's body whose code loads once the panel comes near the screen (`useSeen`): undefined
 * until then, and while hydrating, so the server's placeholder stays until the code is here.
 */
export function useLoadedWhenSeen<P>(ref: RefObject<Element | null>, body: OnDemand<P>): ComponentType<P> | undefined {
  const seen = useSeen(ref);
  useEffect(() => {
    if (seen) body.load();
  }, [seen, body]);
  return body.useLoaded();
}
