/**
 * The server's validation of a start's file (issue 25): a 100,000-row CSV of about 12 MB, read as the start route
 * reads it (the multipart form, at most 20 MB), fingerprinted (SHA-256), decoded and checked with the shared intake
 * (E.164 with libphonenumber's full metadata, duplicates, invalid rows) into the exact file to send. Time, and the
 * peak RSS growth of a process that does only this (`process.resourceUsage().maxRSS` against the RSS before).
 * Runs in a child process of its own with the react-server condition (lib/ modules import "server-only"):
 *
 *   npm run bench -- --only intake          (in the table)
 *   tsx --conditions=react-server bench/intake-server.ts --child   (one run, JSON on stdout)
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export type IntakeServerResult = {
  rows: number;
  fileBytes: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Reading the multipart form, SHA-256, decoding and the intake, in ms; the median of `runs` children. */
  ms: number;
  /** Peak RSS growth over the RSS before the request was built, in MB; the highest of the runs. */
  peakRssGrowthMb: number;
  runs: number;
};

const rowCount = 100_000;
const firstNames = ["Ada", "Bo", "Chiara", "Dmitri", "Émile", "Fatima", "Goran", "Hana", "Ines", "Jonas"];
const lastNames = ["Walsh", "Nguyen", "O'Brien", "Ågård", "Li", "Okafor", "Silva", "Kowalski", "Haddad", "Meyer"];
const areaCodes = ["212", "312", "415", "617", "713", "305", "206", "404", "503", "602", "702", "303", "214", "646"];
const cities = ["San Francisco", "New York City", "Chicago", "Boston", "Houston", "Miami", "Seattle", "Atlanta"];
const plans = ["Gold annual", "Silver monthly", "Bronze", "Trial; renewal due", '=HYPERLINK("x")'];

/** A realistic contacts file: national and E.164 numbers, a few invalid and duplicate rows, quoted cells. */
export function contactsCsv(rows = rowCount): string {
  const lines = ["phone_number,first_name,last_name,email,plan,renewal_date,account_id,city,notes"];
  for (let index = 0; index < rows; index++) {
    const area = areaCodes[index % areaCodes.length]!;
    const exchange = 201 + ((index * 13) % 798);
    const subscriber = String((index * 7_919) % 10_000).padStart(4, "0");
    const phone =
      index % 97 === 0
        ? "12345"
        : index % 101 === 0
          ? "(415) 555-0100"
          : index % 3 === 0
            ? `+1${area}${exchange}${subscriber}`
            : `(${area}) ${exchange}-${subscriber}`;
    const first = firstNames[index % firstNames.length]!;
    const last = lastNames[(index * 3) % lastNames.length]!;
    const plan = plans[index % plans.length]!;
    const notes = index % 11 === 0 ? `"Called twice, ""prefers"" mornings, line ${index}"` : `note ${index}`;
    lines.push(
      `${phone},${first},"${last}",${first.toLowerCase()}.${index}@example.com,"${plan.replaceAll('"', '""')}",2027-0${1 + (index % 9)}-1${index % 10},ACC-${String(index).padStart(6, "0")},${cities[index % cities.length]},${notes}`,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

async function child(): Promise<void> {
  const { createHash } = await import("node:crypto");
  const { readStartForm } = await import("../lib/operations/start-form.js");
  const { decodeCsv, intakeCsv } = await import("../lib/shared/contacts/index.js");
  // Warm the modules (libphonenumber's metadata) on a small file: the figure is the request, not the first import.
  intakeCsv(contactsCsv(50), { defaultCountry: "US", maxRows: rowCount });
  const text = contactsCsv();
  const bytes = Buffer.from(text, "utf8");
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const form = new FormData();
  form.set("file", new Blob([bytes], { type: "text/csv" }), "contacts.csv");
  form.set("agentId", "agent_renewals_v3");
  const request = new Request("http://localhost/api/w/acme/batches", {
    method: "POST",
    body: form,
    headers: { "idempotency-key": "bench-intake-0001" },
  });
  const started = performance.now();
  const read = await readStartForm(request);
  if (!read.ok) throw new Error(read.message);
  createHash("sha256").update(read.form.file.bytes).digest("hex");
  const decoded = decodeCsv(read.form.file.bytes);
  if (!decoded.ok) throw new Error(decoded.problem.message);
  const intake = intakeCsv(decoded.text, { defaultCountry: "US", maxRows: rowCount });
  if (!intake.ok) throw new Error(intake.problem.message);
  const ms = performance.now() - started;
  const peak = process.resourceUsage().maxRSS * 1024;
  const result = {
    rows: intake.summary.rows,
    fileBytes: bytes.byteLength,
    valid: intake.summary.valid,
    invalid: intake.summary.invalid.length,
    duplicates: intake.summary.duplicates.length,
    ms,
    peakRssGrowthMb: (peak - rssBefore) / 1024 ** 2,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Three children, each measuring once: the median time and the highest peak growth. */
export function serverIntake(runs = 3): IntakeServerResult {
  const results = Array.from({ length: runs }, () => {
    const run = spawnSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "--conditions=react-server", fileURLToPath(import.meta.url), "--child"],
      { encoding: "utf8", maxBuffer: 1024 * 1024 },
    );
    if (run.status !== 0) throw new Error(`intake child failed: ${run.stderr.slice(-2_000)}`);
    return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Omit<IntakeServerResult, "runs">;
  });
  const times = results.map((result) => result.ms).sort((a, b) => a - b);
  const first = results[0]!;
  return {
    ...first,
    ms: times[Math.floor(times.length / 2)]!,
    peakRssGrowthMb: Math.max(...results.map((result) => result.peakRssGrowthMb)),
    runs,
  };
}

if (process.argv.includes("--child")) {
  child().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  });
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(serverIntake(), null, 2)}\n`);
}

/** The table's rows: [section, measurement, result, baseline, ratio, target, met]. */
export function intakeRows(result: IntakeServerResult): [string, string, string, string, string, string, string][] {
  const file = `${(result.fileBytes / 1024 ** 2).toFixed(1)} MB, ${result.rows.toLocaleString("en-US")} rows (${result.valid.toLocaleString("en-US")} valid, ${result.invalid} invalid, ${result.duplicates} duplicates)`;
  return [
    [
      "10 start",
      `server validation (form, SHA-256, decode, intake to E.164): ${file}`,
      `${(result.ms / 1000).toFixed(2)} s (median of ${result.runs})`,
      "",
      "",
      "",
      "",
    ],
    [
      "10 start",
      "server validation: peak RSS growth",
      `${result.peakRssGrowthMb.toFixed(0)} MB (highest of ${result.runs})`,
      "",
      "",
      "≤ 128 MB",
      result.peakRssGrowthMb <= 128 ? "yes" : "no",
    ],
  ];
}
