"use client";

import type { BatchView } from "@/lib/shared/batch-view";
import type { ViewNavigation } from "./use-view-navigation";

/** Plain left clicks are handled in place; modified clicks (new tab, etc.) keep the link's default. */
function isPlainClick(event: React.MouseEvent): boolean {
  return !(
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  );
}

/** A real link to another view of the batch (works without JavaScript), switched in place when it can be. */
export function ViewLink({
  nav,
  to,
  ...anchor
}: { nav: ViewNavigation; to: BatchView } & Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, "href" | "onClick">) {
  return (
    <a
      {...anchor}
      href={nav.hrefFor(to)}
      onClick={(event) => {
        if (!isPlainClick(event)) return;
        event.preventDefault();
        nav.go(to);
      }}
    />
  );
}
