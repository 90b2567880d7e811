"use client";

import { useRef } from "react";
import { onDemand } from "@/components/ui/on-demand";
import { useLoadedWhenSeen } from "@/components/ui/use-loaded-when-seen";
import type { FailureReasonsProps } from "./failure-reasons.lazy";
import { PanelStatus } from "./panel-status";

const reasonsBody = onDemand(() => import("./failure-reasons.lazy").then((module) => module.FailureReasonsBody));

function FailureReasonsSection(props: FailureReasonsProps) {
  const panel = useRef<HTMLElement>(null);
  const Body = useLoadedWhenSeen(panel, reasonsBody);
  // The store hands back one component per module, loaded once: its identity never changes.
  // eslint-disable-next-line react-hooks/static-components
  const body = Body ? <Body {...props} /> : <PanelStatus>Counting failure reasons…</PanelStatus>;
  return (
    <section
      ref={panel}
      aria-labelledby="failures-heading"
      className="mt-8 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 id="failures-heading" className="text-lg font-semibold">
        Why calls failed
      </h2>
      {body}
    </section>
  );
}

/** Why calls failed: the heading at once, the counts (and their code) once the panel is near the screen. */
export function FailureReasonsPanel(props: FailureReasonsProps) {
  return props.failed === 0 ? null : <FailureReasonsSection {...props} />;
}
