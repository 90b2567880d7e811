import { describe, expect, it } from "vitest";
import {
  jobDetailSchema,
  outcomeForJob,
  readCallRecord,
  readCallRecordPage,
  readTranscript,
  recordForJob,
  type CallRecord,
} from "@/lib/call-records/parse";

const call = { durationSeconds: 40, startedAt: 1_703_097_703_000 };
const record = (fields: Record<string, unknown>) => ({ _id: "66a0", recordingUrl: null, ...fields });

describe("call records: transcript variants", () => {
  it("reads {role, content, start} in seconds", () => {
    const turns = readTranscript(
      [
        { role: "agent", content: "Hello Liam", start: 0.5 },
        { role: "user", content: "Hi", start: 11.4 },
      ],
      call,
    );
    expect(turns).toEqual([
      { speaker: "agent", label: "Agent", text: "Hello Liam", startSeconds: 0.5 },
      { speaker: "customer", label: "Customer", text: "Hi", startSeconds: 11.4 },
    ]);
  });

  it("reads {speaker, text, timestamp} where the timestamp only fits the call as milliseconds", () => {
    const turns = readTranscript(
      [
        { speaker: "AI", text: "Hello", timestamp: 500 },
        { speaker: "Customer", text: "Hi", timestamp: 12_500 },
      ],
      call,
    );
    expect(turns.map((turn) => [turn.speaker, turn.startSeconds])).toEqual([
      ["agent", 0.5],
      ["customer", 12.5],
    ]);
  });

  it("reads explicit milliseconds, Unix seconds and Unix milliseconds inside the call", () => {
    expect(readTranscript([{ role: "assistant", message: "a", startMs: 2_000 }], call)[0]!.startSeconds).toBe(2);
    expect(readTranscript([{ role: "bot", text: "a", time: 1_703_097_713 }], call)[0]!.startSeconds).toBe(10);
    expect(readTranscript([{ role: "ai", text: "a", timestamp: 1_703_097_708_000 }], call)[0]!.startSeconds).toBe(5);
  });

  it("drops every time when one does not fit the call or they go backwards, keeping the turns", () => {
    const backwards = readTranscript(
      [
        { role: "agent", content: "a", start: 20 },
        { role: "user", content: "b", start: 5 },
      ],
      call,
    );
    expect(backwards.map((turn) => turn.startSeconds)).toEqual([undefined, undefined]);
    const outside = readTranscript([{ role: "agent", content: "a", start: 999_999 }], call);
    expect(outside).toEqual([{ speaker: "agent", label: "Agent", text: "a" }]);
  });

  it("splits text into 'Speaker: words' turns (the job's result.transcript), continuation lines included", () => {
    expect(readTranscript("Agent: Hello John\nCustomer: Who is this?\nand why now\n\nSupervisor: hi")).toEqual([
      { speaker: "agent", label: "Agent", text: "Hello John" },
      { speaker: "customer", label: "Customer", text: "Who is this?\nand why now" },
      { speaker: "other", label: "Supervisor", text: "hi" },
    ]);
    expect(readTranscript(["User: yes", "Assistant: ok"]).map((turn) => turn.speaker)).toEqual(["customer", "agent"]);
  });

  it("skips elements without words, and anything that is not a list or text is no transcript", () => {
    expect(readTranscript([null, 42, { role: "agent" }, { role: "agent", content: "ok" }])).toHaveLength(1);
    expect(readTranscript({ turns: [] })).toEqual([]);
    expect(readTranscript(undefined)).toEqual([]);
  });

  it("keeps markup as text (the dialog renders text, never HTML)", () => {
    expect(readTranscript([{ role: "user", content: "<img src=x onerror=alert(1)>" }])[0]!.text).toBe(
      "<img src=x onerror=alert(1)>",
    );
  });
});

describe("call records: list wrappers and records", () => {
  const entries = [record({ callId: "c1" }), record({ _id: "66a1", callId: "c2" }), { callId: "no id" }];

  it.each([
    ["a bare array (the docs' example)", entries],
    ["{data, pagination}", { data: entries, pagination: { page: 1, totalPages: 1, total: 2 } }],
    ["{calls}", { calls: entries }],
    ["{items, total}", { items: entries, total: 2 }],
    ["{data: {calls}}", { data: { calls: entries } }],
  ])("reads %s", (_name, body) => {
    const page = readCallRecordPage(body, 100)!;
    expect(page.records.map((entry) => entry.callId)).toEqual(["c1", "c2"]);
    expect(page.unreadable).toBe(1);
    expect(page.hasNext).toBe(false);
  });

  it("says when there is a next page: hasNext, page < totalPages, or a full page without paging fields", () => {
    expect(readCallRecordPage({ data: [], pagination: { hasNext: true } }, 10)!.hasNext).toBe(true);
    expect(readCallRecordPage({ data: [], page: 1, totalPages: 3 }, 10)!.hasNext).toBe(true);
    expect(readCallRecordPage([record({}), record({})], 2)!.hasNext).toBe(true);
  });

  it("is not a list when no array is found", () => {
    expect(readCallRecordPage({ data: "none" }, 10)).toBeUndefined();
    expect(readCallRecordPage("[]", 10)).toBeUndefined();
  });

  it("reads a list record: outcome, analysed fields as label/value text, cost, job and batch it names", () => {
    const parsed = readCallRecord(
      record({
        callId: "call_1",
        toPhoneNumber: "+14155550134",
        timestamp: 1_703_097_703.34,
        duration: 39,
        cost: 0.0824,
        recordingUrl: "https://api.trillet.ai/v2/api/recordings/66a0",
        summary: "Booked.",
        analyzedData: { outcome: "appointment_booked", answered_by_voicemail: false, nextStep: { day: "Thu" } },
        variables: { first_name: "Liam", age: 36 },
        metadata: { jobId: "call_125", batchId: "batch_1" },
        newField: "ignored",
      }),
    )!;
    expect(parsed).toMatchObject({
      id: "66a0",
      callId: "call_1",
      jobId: "call_125",
      batchId: "batch_1",
      startedAt: 1_703_097_703_340,
      durationSeconds: 39,
      cost: 0.0824,
      hasRecording: true,
      outcome: "appointment_booked",
      variables: { first_name: "Liam", age: "36" },
    });
    expect(parsed.analysed).toEqual([
      { label: "Answered by voicemail", value: "No" },
      { label: "Next Step", value: '{"day":"Thu"}' },
    ]);
  });

  it("reads the detail's cost object and start time, and voicemail as an outcome when nothing else is named", () => {
    const parsed = readCallRecord(
      record({
        cost: { customer_charge: 0.5 },
        startTime: 1_703_097_703,
        analyzedData: { answered_by_voicemail: true },
      }),
    )!;
    expect(parsed).toMatchObject({
      cost: 0.5,
      startedAt: 1_703_097_703_000,
      outcome: "voicemail",
      hasRecording: false,
    });
  });
});

describe("call records: which record belongs to a job", () => {
  const job = (fields: Record<string, unknown>) =>
    jobDetailSchema.parse({
      jobId: "call_125",
      status: "completed",
      phone_number: "+14155550134",
      startTime: 1_703_097_703_222,
      endTime: 1_703_097_742_222,
      ...fields,
    });
  const candidate = (fields: Partial<CallRecord>): CallRecord => ({
    id: "r1",
    hasRecording: true,
    analysed: [],
    transcript: [],
    variables: {},
    ...fields,
  });

  it("matches by the result's callId, and never a record naming another job or batch", () => {
    const withCallId = job({ result: { callId: "call_x" } });
    expect(
      recordForJob(withCallId, "b1", [candidate({ callId: "call_y" }), candidate({ id: "r2", callId: "call_x" })])?.id,
    ).toBe("r2");
    expect(recordForJob(withCallId, "b1", [candidate({ callId: "call_x", jobId: "call_999" })])).toBeUndefined();
    expect(recordForJob(withCallId, "b1", [candidate({ callId: "call_x", batchId: "b2" })])).toBeUndefined();
    expect(recordForJob(withCallId, "b1", [])).toBeUndefined();
  });

  it("without a callId, matches exactly one record with the same number inside the job's time window", () => {
    const noCallId = job({ result: { transcript: "Agent: hi" } });
    const inside = candidate({ toPhoneNumber: "+1 415 555 0134", startedAt: 1_703_097_703_000 });
    const later = candidate({ id: "r2", toPhoneNumber: "+14155550134", startedAt: 1_703_197_703_000 });
    expect(recordForJob(noCallId, "b1", [inside, later])?.id).toBe("r1");
    expect(recordForJob(noCallId, "b1", [later])).toBeUndefined();
    const twin = candidate({ id: "r3", toPhoneNumber: "+14155550134", startedAt: 1_703_097_710_000 });
    expect(recordForJob(noCallId, "b1", [inside, twin])).toBeUndefined();
  });

  it("reads a job tolerantly, and prefers its own outcome to the record's", () => {
    const odd = jobDetailSchema.parse({
      jobId: "j",
      status: "voicemail",
      phone_number: { x: 1 },
      result: "weird",
      extra: 1,
    });
    expect(odd).toMatchObject({ jobId: "j", status: "voicemail", phone_number: "", result: undefined });
    expect(outcomeForJob(job({ result: { outcome: "successful" } }), candidate({ outcome: "interested" }))).toBe(
      "successful",
    );
    expect(outcomeForJob(job({}), candidate({ outcome: "interested" }))).toBe("interested");
  });
});
