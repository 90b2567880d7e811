/** CSV headers that hold a whole name, in the order they are preferred (compared without case, "_", "-" or spaces). */
const wholeNameKeys = ["name", "fullname", "contactname", "customername", "clientname"];
const firstNameKeys = ["firstname", "givenname", "first"];
const lastNameKeys = ["lastname", "surname", "familyname", "last"];

const normalise = (key: string) => key.toLowerCase().replace(/[\s_-]/g, "");

function valueOf(metadata: Readonly<Record<string, string>>, candidates: string[]): string {
  const keys = Object.keys(metadata);
  for (const candidate of candidates) {
    const key = keys.find((each) => normalise(each) === candidate);
    const value = key === undefined ? "" : metadata[key]!.trim();
    if (value) return value;
  }
  return "";
}

/**
 * The person a call was to, from the batch's CSV columns when it has them ("name", "full_name", or
 * "first_name" and "last_name"…); "" when it has none. Shown as text, never as HTML.
 */
export function callNameOf(metadata: Readonly<Record<string, string>>): string {
  const whole = valueOf(metadata, wholeNameKeys);
  if (whole) return whole;
  return [valueOf(metadata, firstNameKeys), valueOf(metadata, lastNameKeys)].filter(Boolean).join(" ");
}
