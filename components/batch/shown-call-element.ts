/** The row or card of a call that is on screen (the table on wide screens, the cards on phones): where focus returns. */
export function shownCallElement(jobId: string): HTMLElement | undefined {
  const candidates = document.querySelectorAll<HTMLElement>(`[data-job-id="${CSS.escape(jobId)}"]`);
  return [...candidates].find((element) => element.getClientRects().length > 0);
}
