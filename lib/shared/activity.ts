/** What each recorded action reads as on the activity page; an action added later shows its own name. */
export const activityLabels: Record<string, string> = {
  "batch.view": "Opened the batch",
  "batch.label": "Labelled the batch",
  "batch.hide": "Hid the batch from the list",
  "batch.show": "Showed the batch in the list again",
  "call.read": "Opened a call",
  "recording.read": "Played a recording",
  "calls.search": "Searched the calls",
  export: "Downloaded an export",
  "export.start": "Started a background export",
  "export.download": "Downloaded a background export",
  "export.cancel": "Cancelled a background export",
  denied: "Was refused",
  "dnc.add": "Added to the do-not-call list",
  "dnc.import": "Imported numbers to the do-not-call list",
  "dnc.remove": "Removed a number from the do-not-call list",
  "dnc.export": "Exported the do-not-call list",
  "hours.override": "Started outside calling hours, saying why",
  signout: "Signed out",
  "signout.everywhere": "Signed out everywhere",
};

export function activityLabel(action: string): string {
  return activityLabels[action] ?? action;
}
