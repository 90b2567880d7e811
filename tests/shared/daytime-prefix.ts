// Calling hours are enforced by every start (08:00–21:00 in each recipient's zone, for the whole run), so a test
// that starts a batch "now" calls numbers where it is now daytime: one of these zones always is, whatever the hour.
const candidates = [
  { prefix: "+1212555", zone: "America/New_York" },
  { prefix: "+1415555", zone: "America/Los_Angeles" },
  { prefix: "+1808555", zone: "Pacific/Honolulu" },
  { prefix: "+1671555", zone: "Pacific/Guam" },
  { prefix: "+44207946", zone: "Europe/London" },
  { prefix: "+91226655", zone: "Asia/Kolkata" },
] as const;

const localHour = (zone: string, at: Date) =>
  Number(new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(at));

/**
 * A number prefix (append four digits) in a zone where it is between 09:00 and 18:00 now, so a run of a few hours
 * started now, or within the test's minutes, stays inside the window there.
 */
export function daytimePrefix(at = new Date()): { prefix: string; zone: string } {
  const found = candidates.find(({ zone }) => {
    const hour = localHour(zone, at);
    return hour >= 9 && hour < 18;
  });
  if (!found) throw new Error(`no candidate zone is in daytime at ${at.toISOString()}`);
  return found;
}
