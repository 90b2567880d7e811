/** Plain left clicks open in place; modified clicks (new tab, copy…) keep the link's default. */
const isPlainClick = (event: React.MouseEvent) =>
  !(event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);

/** Clicks on these do their own thing (a follow-up badge is a link of its own); anywhere else in a row opens the call. */
const ownClick = "input, label, button, select, textarea, a[data-follow-up-badge]";

/**
 * The call a plain click in the calls list opens, if any: its job id link, its table row or its
 * phone card. One handler for the whole list, live or as the server rendered it.
 */
export function callOpenedBy(event: React.MouseEvent): string | undefined {
  const target = event.target;
  if (!(target instanceof Element) || target.closest(ownClick) || !isPlainClick(event)) return undefined;
  const link = target.closest<HTMLElement>("a[data-call-link]");
  if (link) return link.dataset.callLink;
  return target.closest<HTMLElement>("tr[data-job-id], a[data-job-id]")?.dataset.jobId;
}
