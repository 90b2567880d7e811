import "server-only";
import { z } from "zod";
import { readCappedBody } from "@/lib/api/read-capped";
import { batchIdSchema } from "@/lib/batch/query";
import { maxCsvBytes } from "@/lib/shared/contacts";

/** The multipart fields besides the file, and room for their part headers. */
const formOverheadBytes = 256 * 1024;
export const maxScheduleDays = 30;

/** A refusal before anything is recorded: status, code and message for the API's error shape. */
export type FormRefusal = {
  ok: false;
  status: 400 | 413 | 415 | 422;
  code: "bad_request" | "payload_too_large" | "unsupported_media_type" | "unprocessable";
  message: string;
  /** `phone-column-unconfirmed`: headers that could be phone_number. */
  candidates?: string[];
};

export const refuse = (
  status: FormRefusal["status"],
  code: FormRefusal["code"],
  message: string,
  candidates?: string[],
): FormRefusal => ({ ok: false, status, code, message, ...(candidates ? { candidates } : {}) });

export type StartForm = {
  idempotencyKey: string;
  file: { name: string; bytes: Uint8Array<ArrayBuffer> };
  agentId: string;
  scheduledAt?: Date;
  smartCallbackConfig?: string;
  parentBatchId?: string;
  label?: string;
  /** The file's header to use as phone_number when it has none (the intake's confirmed candidate). */
  phoneColumn?: string;
  /** The operator's estimate of the run (calling hours hold for the whole run): seconds per call, calls at once. */
  estimate?: { averageCallSeconds: number; concurrency: number };
  /** Typed by the operator to proceed with calls outside their hours or to numbers with no zone (audited). */
  outsideHoursReason?: string;
  /** One part of a run split by zone group: the run's id, the part (1-based) and its group as the review showed it. */
  split?: SplitPart;
};

export type SplitPart = { runId: string; part: number; parts: number; label: string };

/**
 * The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header: a structured-field string, so it may come
 * quoted): 8–255 visible ASCII characters.
 */
export function idempotencyKeyOf(request: Request): string | FormRefusal {
  const raw = request.headers.get("idempotency-key");
  if (raw === null || raw.trim() === "") {
    return refuse(400, "bad_request", "Send an Idempotency-Key header: one new key per confirmed start.");
  }
  const trimmed = raw.trim();
  const key = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  if (!/^[\x21-\x7e]{8,255}$/.test(key)) {
    return refuse(400, "bad_request", "The Idempotency-Key must be 8–255 visible ASCII characters (a UUID, say).");
  }
  return key;
}

const smartCallbackSchema = z.strictObject({
  enabled: z.boolean(),
  maxAttempts: z.number().int().min(1).max(10),
  gaps: z
    .array(z.strictObject({ days: z.number().int().min(0).max(30), hours: z.number().int().min(0).max(23) }))
    .max(10),
});

const scheduledAtPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const textField = (form: FormData, name: string): string | undefined | FormRefusal => {
  const value = form.getAll(name);
  if (value.length === 0) return undefined;
  if (value.length > 1 || typeof value[0] !== "string")
    return refuse(400, "bad_request", `Send ${name} once, as text.`);
  const text = value[0].trim();
  return text === "" ? undefined : text;
};

const isRefusal = (value: unknown): value is FormRefusal =>
  typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;

/**
 * Reads a start's multipart form and checks each field's shape (not yet the file's content, the schedule's range,
 * the agent or the parent: a repeat of a recorded start is answered from its record first; see start.ts). The body is read at most 20 MB plus the fields' room, so a larger upload is refused
 * without being held.
 */
export async function readStartForm(request: Request): Promise<{ ok: true; form: StartForm } | FormRefusal> {
  const key = idempotencyKeyOf(request);
  if (typeof key !== "string") return key;
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return refuse(415, "unsupported_media_type", "Send the batch as multipart/form-data (file, agentId, …).");
  }
  const limit = maxCsvBytes + formOverheadBytes;
  const tooLarge = refuse(413, "payload_too_large", "The file is larger than 20 MB, the most Trillet accepts.");
  if (Number(request.headers.get("content-length")) > limit) return tooLarge;
  const body = await readCappedBody(request, limit);
  if (body === undefined) return tooLarge;
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    return refuse(400, "bad_request", "The request body is not a readable multipart form.");
  }
  const files = form.getAll("file");
  const file = files[0];
  if (files.length !== 1 || typeof file === "string" || file === undefined) {
    return refuse(400, "bad_request", "Send exactly one file, in the field named file.");
  }
  if (file.size > maxCsvBytes) return tooLarge;
  const name = (file.name || "contacts.csv").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200) || "contacts.csv";

  const agentId = textField(form, "agentId");
  if (isRefusal(agentId)) return agentId;
  if (agentId === undefined) return refuse(400, "bad_request", "Choose an agent (agentId).");
  if (agentId.length > 200) return refuse(400, "bad_request", "agentId is too long.");

  const scheduledText = textField(form, "scheduledAt");
  if (isRefusal(scheduledText)) return scheduledText;
  let scheduledAt: Date | undefined;
  if (scheduledText !== undefined) {
    const at = Date.parse(scheduledText);
    if (!scheduledAtPattern.test(scheduledText) || Number.isNaN(at)) {
      return refuse(400, "bad_request", "scheduledAt must be a UTC time like 2026-12-08T15:00:00Z.");
    }
    scheduledAt = new Date(at);
  }

  const callbackText = textField(form, "smartCallbackConfig");
  if (isRefusal(callbackText)) return callbackText;
  let smartCallbackConfig: string | undefined;
  if (callbackText !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(callbackText);
    } catch {
      return refuse(400, "bad_request", "smartCallbackConfig must be JSON text.");
    }
    const checked = smartCallbackSchema.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      return refuse(400, "bad_request", `smartCallbackConfig.${issue.path.join(".")}: ${issue.message}.`);
    }
    // Sent as Trillet wants it, re-serialised from what was checked: nothing unchecked passes.
    smartCallbackConfig = JSON.stringify(checked.data);
  }

  const parentText = textField(form, "parentBatchId");
  if (isRefusal(parentText)) return parentText;
  let parentBatchId: string | undefined;
  if (parentText !== undefined) {
    const parsed = batchIdSchema.safeParse(parentText);
    if (!parsed.success) return refuse(400, "bad_request", `parentBatchId ${parsed.error.issues[0]!.message}.`);
    parentBatchId = parsed.data;
  }

  const label = textField(form, "label");
  if (isRefusal(label)) return label;
  if (label !== undefined && label.length > 200)
    return refuse(400, "bad_request", "The label is at most 200 characters.");

  const phoneColumn = textField(form, "phoneColumn");
  if (isRefusal(phoneColumn)) return phoneColumn;

  const hours = readHoursFields(form);
  if (isRefusal(hours)) return hours;

  return {
    ok: true,
    form: {
      idempotencyKey: key,
      file: { name, bytes: new Uint8Array(await file.arrayBuffer()) },
      agentId,
      ...(scheduledAt ? { scheduledAt } : {}),
      ...(smartCallbackConfig ? { smartCallbackConfig } : {}),
      ...(parentBatchId ? { parentBatchId } : {}),
      ...(label ? { label } : {}),
      ...(phoneColumn ? { phoneColumn: phoneColumn.slice(0, 200) } : {}),
      ...hours,
    },
  };
}

const wholeNumber = (name: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(1, `${name} must be 1 or more`).max(max, `${name} must be at most ${max}`));

const hoursFieldsSchema = z
  .strictObject({
    averageCallSeconds: wholeNumber("averageCallSeconds", 7_200).optional(),
    concurrency: wholeNumber("concurrency", 1_000).optional(),
    outsideHoursReason: z.string().max(300, "outsideHoursReason must be at most 300 characters").optional(),
    runId: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "runId must be a UUID")
      .optional(),
    part: wholeNumber("part", 50).optional(),
    parts: wholeNumber("parts", 50).optional(),
    partLabel: z.string().max(100, "partLabel must be at most 100 characters").optional(),
  })
  .refine(
    (fields) =>
      [fields.runId, fields.part, fields.parts, fields.partLabel].every((value) => value === undefined) ||
      [fields.runId, fields.part, fields.parts, fields.partLabel].every((value) => value !== undefined),
    "A split part needs runId, part, parts and partLabel together.",
  )
  .refine((fields) => fields.part === undefined || fields.part <= fields.parts!, "part must be at most parts.")
  .refine(
    (fields) => fields.runId === undefined || fields.outsideHoursReason === undefined,
    "A split part is inside its own window: it takes no outsideHoursReason.",
  );

/** The calling-hours fields: the run's estimate, an override's reason, or which part of a split this is. */
function readHoursFields(form: FormData): Pick<StartForm, "estimate" | "outsideHoursReason" | "split"> | FormRefusal {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(hoursFieldsSchema.shape)) {
    const value = textField(form, name);
    if (isRefusal(value)) return value;
    if (value !== undefined) raw[name] = value;
  }
  const parsed = hoursFieldsSchema.safeParse(raw);
  if (!parsed.success) return refuse(400, "bad_request", parsed.error.issues[0]!.message);
  const fields = parsed.data;
  return {
    ...(fields.averageCallSeconds || fields.concurrency
      ? { estimate: { averageCallSeconds: fields.averageCallSeconds ?? 60, concurrency: fields.concurrency ?? 1 } }
      : {}),
    ...(fields.outsideHoursReason?.trim() ? { outsideHoursReason: fields.outsideHoursReason.trim() } : {}),
    ...(fields.runId
      ? { split: { runId: fields.runId, part: fields.part!, parts: fields.parts!, label: fields.partLabel! } }
      : {}),
  };
}

/** A new start's time: in the future, at most 30 days ahead. */
export function checkSchedule(scheduledAt: Date | undefined, now = new Date()): FormRefusal | undefined {
  if (!scheduledAt) return undefined;
  if (scheduledAt.getTime() <= now.getTime()) {
    return refuse(422, "unprocessable", "The start time has passed: choose a later time.");
  }
  if (scheduledAt.getTime() > now.getTime() + maxScheduleDays * 86_400_000) {
    return refuse(422, "unprocessable", `The start time is more than ${maxScheduleDays} days ahead.`);
  }
  return undefined;
}
