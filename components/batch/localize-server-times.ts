import { callTimeText, viewerOffsetAt } from "@/lib/shared/call-time";

/**
 * Brings the call times inside the server's rows, which React leaves as they came (CallsList keeps
 * them until the rows change), from UTC to the viewer's zone: what CallTime does for rows React renders.
 */
export function localizeServerTimes(root: ParentNode, firstDayMs: number | undefined): void {
  for (const element of root.querySelectorAll<HTMLTimeElement>("[data-kept] time[data-call-time]")) {
    const ms = Date.parse(element.dateTime);
    if (!Number.isFinite(ms)) continue;
    const { text, title } = callTimeText(ms, firstDayMs, viewerOffsetAt(ms));
    if (element.textContent !== text) element.textContent = text;
    element.title = title;
  }
}
