"use client";

import { useRef } from "react";
import { onDemand } from "@/components/ui/on-demand";
import { useLoadedWhenSeen } from "@/components/ui/use-loaded-when-seen";
import type { OutcomesProps } from "./outcomes-panel.lazy";
import { PanelStatus } from "./panel-status";

const outcomesBody = onDemand(() => import("./outcomes-panel.lazy").then((module) => module.OutcomesBody));

function OutcomesSection(props: OutcomesProps) {
  const panel = useRef<HTMLElement>(null);
  const Body = useLoadedWhenSeen(panel, outcomesBody);
  // The store hands back one component per module, loaded once: its identity never changes.
  // eslint-disable-next-line react-hooks/static-components
  const body = Body ? <Body {...props} /> : <PanelStatus>Counting outcomes…</PanelStatus>;
  return (
    <section
      ref={panel}
      aria-labelledby="outcomes-heading"
      className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 id="outcomes-heading" className="text-lg font-semibold">
        Outcomes
      </h2>
      {body}
    </section>
  );
}

/** The Outcomes panel: its heading at once, its counts (and their code) once it is near the screen. */
export function OutcomesPanel(props: OutcomesProps) {
  return props.finished === 0 ? null : <OutcomesSection {...props} />;
}
