import { intBetween, mulberry32 } from "../prng.js";
import type { Call } from "../types.js";
import { personFrom, phoneFrom } from "./people.js";

// A finished 237-call batch where 40 calls (every sixth, failed ones among them) ring one number,
// +1 415-555-0123, and whose call records name no job: the case search must answer from the calls
// themselves. A few rows carry the names the search tests look for.
const TOTAL = 237;
const SHARED = "+14155550123";
const BASE = 1733000000000;

const PEOPLE: Record<number, Record<string, string>> = {
  1: { first_name: "Bo", last_name: "Li", email: "bo.li@example.com" },
  2: { first_name: "Astrid", last_name: "Ågård", email: "astrid.agard@example.se" },
  3: { first_name: "Siobhán", last_name: "O’Brien", email: "siobhan.obrien@example.ie" },
  4: { first_name: "Li", last_name: "Bowen", email: "li.bowen@example.com" },
};

export function sharedNumberCalls(): Call[] {
  const rng = mulberry32(237_040);
  return Array.from({ length: TOTAL }, (_, index): Call => {
    const person = PEOPLE[index] ?? personFrom(rng(), rng(), rng());
    const other = phoneFrom(rng(), rng());
    // A random number that happens to be the shared one would make 41.
    const phone_number = index % 6 === 0 ? SHARED : other === SHARED ? "+14155550124" : other;
    const startTime = BASE + index * 45_000;
    const metadata = { ...person, account_id: `ACC-${String(77_000 + index)}` };
    const jobId = `job_${String(index + 1).padStart(4, "0")}`;
    if (index % 9 === 3) {
      const endTime = startTime + intBetween(rng(), 5, 30) * 1000;
      return { jobId, status: "failed", phone_number, startTime, endTime, error: "No answer", metadata };
    }
    const duration = intBetween(rng(), 10, 120);
    return {
      jobId,
      status: "completed",
      phone_number,
      startTime,
      endTime: startTime + duration * 1000,
      duration,
      metadata,
    };
  });
}
