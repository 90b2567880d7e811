/** The attributes that name a control in the calls list, the server's rows and the browser's alike. */
const namingAttributes = [
  "data-selects-call",
  "data-selects-page",
  "data-cards-select",
  "data-call-link",
  "data-job-id",
];
/** Each call's link: in a table row, or the card itself. */
const callLinks = "a[data-call-link], a[data-job-id]";

/** Where focus was in the server's rows: the control, and the row it sat in (its place on the page). */
export type KeptFocus = { key: string | undefined; row: number | undefined };

/**
 * The control `element` is or sits in (a call's link or card, a checkbox, "Select") and its row, to
 * focus the same control again once the browser has rendered the rows in place of the server's, or
 * the call now in its place when that call has left the view.
 */
export function keptFocusOf(element: Element): KeptFocus {
  let key: string | undefined;
  for (const attribute of namingAttributes) {
    const control = element.closest(`[${attribute}]`);
    if (!control) continue;
    key = `${control.tagName.toLowerCase()}[${attribute}="${CSS.escape(control.getAttribute(attribute) ?? "")}"]`;
    break;
  }
  const row = element.closest("tbody > tr, ul > li");
  return { key, row: row?.parentElement ? [...row.parentElement.children].indexOf(row) : undefined };
}

const rendered = (elements: Iterable<HTMLElement>) =>
  [...elements].filter((element) => !element.closest("[data-kept]"));

/** Focuses, among the browser's rows, the control `focus` names, else the call now at its row's place. */
export function focusAgain(root: ParentNode, focus: KeptFocus): void {
  const same = focus.key ? rendered(root.querySelectorAll<HTMLElement>(focus.key))[0] : undefined;
  if (same) return same.focus();
  if (focus.row === undefined) return;
  const links = rendered(root.querySelectorAll<HTMLElement>(callLinks));
  links[Math.min(focus.row, links.length - 1)]?.focus();
}
