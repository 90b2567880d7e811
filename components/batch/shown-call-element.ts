/**
 * The focusable element of a call that is on screen, where focus returns when its dialog closes: the
 * job id link of its table row (wide screens) or its card (phones).
 */
export function shownCallElement(jobId: string): HTMLElement | undefined {
  const id = CSS.escape(jobId);
  const candidates = document.querySelectorAll<HTMLElement>(`a[data-call-link="${id}"], a[data-job-id="${id}"]`);
  return [...candidates].find((element) => element.getClientRects().length > 0);
}
