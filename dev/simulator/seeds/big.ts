import { hashUnit, intBetween, pickWeighted } from "../prng.js";
import type { Call, CallSource, CallStatus } from "../types.js";
import { personFrom, phoneFrom } from "./people.js";

const TOTAL = 100_000;
const BASE = 1717200000000;
const FAILURE_RATE = 0.068;
const BIG_ERRORS = [
  ["No answer", 38],
  ["Voicemail detected", 27],
  ["Number busy", 16],
  ["Invalid number", 9],
  ["Call rejected", 5],
  ["Carrier error: 503 Service Unavailable", 3],
  ["Agent timeout", 2],
] as const;

// Salts keep each field's hash independent of the others.
const SALT = { status: 1, error: 2, start: 3, duration: 4, first: 5, last: 6, domain: 7, area: 8, line: 9 } as const;

// Rows are built from their index alone, so a page costs only the rows on it.
export function bigSource(): CallSource {
  return { total: TOTAL, statusAt, callAt };
}

function statusAt(index: number): CallStatus {
  return hashUnit(index, SALT.status) < FAILURE_RATE ? "failed" : "completed";
}

// Plain literals, not spreads: object spread costs microseconds per row, and this runs for every row.
function callAt(index: number): Call {
  const status = statusAt(index);
  const person = personFrom(
    hashUnit(index, SALT.first),
    hashUnit(index, SALT.last),
    hashUnit(index, SALT.domain),
    String(index + 1),
  );
  const metadata = {
    first_name: person.first_name,
    last_name: person.last_name,
    email: person.email,
    account_id: `ACC-${String(index + 1).padStart(6, "0")}`,
  };
  const jobId = `call_${1_000_001 + index}`;
  const phone_number = phoneFrom(hashUnit(index, SALT.area), hashUnit(index, SALT.line));
  const startTime = BASE + index * 1200 + Math.floor(hashUnit(index, SALT.start) * 900);
  if (status === "failed") {
    const endTime = startTime + intBetween(hashUnit(index, SALT.duration), 4, 40) * 1000;
    return {
      jobId,
      status,
      phone_number,
      startTime,
      endTime,
      error: pickWeighted(BIG_ERRORS, hashUnit(index, SALT.error)),
      metadata,
    };
  }
  const unit = hashUnit(index, SALT.duration);
  // Skewed towards short calls with a long tail, like real outbound campaigns.
  const duration = 8 + Math.floor(unit * unit * 420);
  return { jobId, status, phone_number, startTime, endTime: startTime + duration * 1000, duration, metadata };
}
