import { intBetween, mulberry32 } from "../prng.js";
import type { Call, CallStatus } from "../types.js";
import { personFrom, phoneFrom } from "./people.js";

const BASE = 1719792000000;
const TOTAL = 40;
const LONG_TEXT = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(90).slice(0, 5000);

interface HostileRow {
  status: CallStatus;
  phone?: string;
  error?: string;
  metadata: Record<string, string>;
}

// Values a customer's CSV can really contain: markup, spreadsheet formulas, control characters, odd keys.
const HOSTILE_ROWS: HostileRow[] = [
  {
    status: "completed",
    metadata: { first_name: "<img src=x onerror=alert(1)>", last_name: "Doe", email: "img@example.com" },
  },
  {
    status: "completed",
    metadata: { first_name: "Robert", last_name: "<script>alert(1)</script>", email: "bobby@example.com" },
  },
  {
    status: "failed",
    error: '=HYPERLINK("http://evil.test","Call back")',
    metadata: {
      first_name: '=HYPERLINK("http://evil.test","click")',
      last_name: "Formula",
      email: "formula@example.com",
      company: "=1+2",
    },
  },
  { status: "completed", metadata: { first_name: "+1+1", last_name: "-2+3", email: "@SUM(A1)" } },
  {
    status: "completed",
    metadata: { first_name: "\t=1+2", last_name: "\r=cmd|' /C calc'!A0", email: "control@example.com" },
  },
  {
    status: "completed",
    metadata: {
      first_name: "Quinn",
      last_name: "Quote",
      email: "quote@example.com",
      company: "Acme, Inc.",
      notes: 'He said "call me later", then hung up',
    },
  },
  {
    status: "waiting",
    metadata: {
      first_name: "Nina",
      last_name: "Newline",
      email: "nl@example.com",
      notes: "line one\nline two\r\nline three",
    },
  },
  {
    status: "completed",
    metadata: { first_name: "👩🏽‍💻", last_name: "Zoë 🚀", email: "emoji@example.com", notes: "Emoji everywhere 🎉🔥" },
  },
  {
    status: "completed",
    metadata: {
      first_name: "مريم",
      last_name: "العلي",
      email: "rtl@example.com",
      notes: "שלום \u202Eexe.txt\u202C עולם",
    },
  },
  {
    status: "completed",
    metadata: { first_name: "Lorem", last_name: "Long", email: "long@example.com", notes: LONG_TEXT },
  },
  {
    status: "failed",
    phone: "n/a",
    error: "Invalid number",
    metadata: { first_name: "Nia", last_name: "Nophone", email: "na@example.com" },
  },
  {
    status: "failed",
    phone: "555-0100",
    error: '<b>Invalid</b> number <img src=x onerror=alert("err")>',
    metadata: { first_name: "Local", last_name: "Format", email: "local@example.com" },
  },
  {
    status: "completed",
    phone: "+44 20 7946 0958",
    metadata: { first_name: "Oliver", last_name: "London", email: "uk@example.co.uk" },
  },
  {
    status: "failed",
    phone: "",
    error: "Invalid number",
    metadata: { first_name: "Empty", last_name: "Phone", email: "empty@example.com" },
  },
  {
    status: "completed",
    phone: "+1 (415) 555-0199",
    metadata: { first_name: "Paula", last_name: "Parens", email: "parens@example.com" },
  },
  {
    status: "active",
    metadata: {
      first_name: "Owen",
      last_name: "Owner",
      email: "owner@example.com",
      "Contact Owner": '<a href="javascript:alert(1)">Owner</a>',
    },
  },
  {
    status: "completed",
    metadata: {
      first_name: "Sam",
      last_name: "Sql",
      "Contact Owner": "Dana Lee",
      company: "Robert'); DROP TABLE calls;--",
      notes: "' OR '1'='1' --",
    },
  },
  {
    status: "completed",
    metadata: { first_name: "{{7*7}}", last_name: "${7*7}", email: "template@example.com", notes: "#{7*7} <%= 7*7 %>" },
  },
  {
    status: "completed",
    metadata: { first_name: "Ze\u200Bro\u200DWidth", last_name: "nul\u0000byte", email: "zw@example.com" },
  },
  // JSON.parse makes "__proto__" an own key, as a JSON body from the vendor would.
  {
    status: "completed",
    metadata: JSON.parse(
      '{"first_name":"Proto","last_name":"Pollution","__proto__":"polluted","constructor":"ctor"}',
    ) as Record<string, string>,
  },
  {
    status: "completed",
    metadata: { first_name: "Keys", last_name: "Markup", "<b>Region</b>": "EMEA", "=cmd": "key formula" },
  },
  {
    status: "failed",
    error: 'Error: <script>alert("x")</script>',
    metadata: { first_name: "O'Brien-Smith", last_name: "D'Angelo", email: '"quoted"@example.com' },
  },
  {
    status: "failed",
    error: "-1 SIP/2.0 486 Busy Here",
    metadata: { first_name: "-10", last_name: "+SUM(1,2)", email: "sip@example.com" },
  },
  {
    status: "waiting",
    metadata: {
      first_name: "Crlf",
      last_name: "Header",
      email: "crlf@example.com",
      notes: "%0d%0aSet-Cookie: pwned=1",
      company: "../../etc/passwd",
    },
  },
  {
    status: "waiting",
    phone: "=1+1",
    metadata: { first_name: "Phone", last_name: "Formula", email: "pf@example.com" },
  },
  {
    status: "failed",
    error: 'Call dropped\nreason: "network", code=503',
    metadata: { first_name: "Multi", last_name: "Line", email: "ml@example.com" },
  },
];

const PLAIN_STATUSES: CallStatus[] = [
  "completed",
  "completed",
  "completed",
  "failed",
  "completed",
  "active",
  "completed",
];
const PLAIN_ERRORS = ["No answer", "Voicemail detected"] as const;

export function hostileCalls(): Call[] {
  const rng = mulberry32(31337);
  const rows: HostileRow[] = [];
  const plainCount = TOTAL - HOSTILE_ROWS.length;
  let plain = 0;
  // Ordinary rows in between, some with extra columns, so keys differ from row to row.
  HOSTILE_ROWS.forEach((hostile, position) => {
    rows.push(hostile);
    if (position % 2 === 1 && plain < plainCount) {
      rows.push(plainRow(rng, plain));
      plain += 1;
    }
  });
  while (rows.length < TOTAL) {
    rows.push(plainRow(rng, plain));
    plain += 1;
  }
  return rows.map((row, index) => toCall(row, index, rng));
}

function plainRow(rng: () => number, plainIndex: number): HostileRow {
  const status = PLAIN_STATUSES[plainIndex % PLAIN_STATUSES.length] ?? "completed";
  const metadata: Record<string, string> = { ...personFrom(rng(), rng(), rng()) };
  if (plainIndex % 3 === 0) metadata.company = "Globex Corporation";
  if (plainIndex % 4 === 1) metadata["Contact Owner"] = "Dana Lee";
  if (plainIndex % 5 === 2) delete metadata.email;
  return {
    status,
    metadata,
    ...(status === "failed" ? { error: PLAIN_ERRORS[plainIndex % PLAIN_ERRORS.length] ?? "No answer" } : {}),
  };
}

function toCall(row: HostileRow, index: number, rng: () => number): Call {
  const base = {
    jobId: `call_h${String(index + 1).padStart(3, "0")}`,
    status: row.status,
    phone_number: row.phone ?? phoneFrom(rng(), rng()),
  };
  if (row.status === "waiting") return { ...base, metadata: row.metadata };
  const startTime = BASE + index * 61_000;
  if (row.status === "active") return { ...base, startTime, metadata: row.metadata };
  if (row.status === "failed") {
    return {
      ...base,
      startTime,
      endTime: startTime + intBetween(rng(), 3, 30) * 1000,
      error: row.error ?? "No answer",
      metadata: row.metadata,
    };
  }
  const duration = intBetween(rng(), 12, 180);
  return { ...base, startTime, endTime: startTime + duration * 1000, duration, metadata: row.metadata };
}
