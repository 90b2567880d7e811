import { intBetween, mulberry32, pick, pickWeighted } from "../prng.js";
import type { Call } from "../types.js";
import { personFrom, phoneFrom } from "./people.js";

const TOTAL = 80;
const BASE = 1725148800000;
const REGIONS = ["North", "South", "East", "West"] as const;
const GLOBEX_ERRORS = [
  ["No answer", 3],
  ["Voicemail detected", 2],
  ["Number busy", 1],
] as const;

export function globexCalls(): Call[] {
  const rng = mulberry32(2024_09);
  return Array.from({ length: TOTAL }, (_, index): Call => {
    const metadata = { ...personFrom(rng(), rng(), rng()), region: pick(REGIONS, rng()) };
    const phone_number = phoneFrom(rng(), rng());
    const jobId = `call_gx_${String(index + 1).padStart(4, "0")}`;
    const startTime = BASE + index * 45_000 + intBetween(rng(), 0, 9) * 1000;
    if (rng() < 0.1) {
      const endTime = startTime + intBetween(rng(), 4, 30) * 1000;
      return {
        jobId,
        status: "failed",
        phone_number,
        startTime,
        endTime,
        error: pickWeighted(GLOBEX_ERRORS, rng()),
        metadata,
      };
    }
    const duration = intBetween(rng(), 15, 240);
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
