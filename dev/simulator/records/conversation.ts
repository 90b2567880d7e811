import { hashUnit, pick, pickWeighted } from "../prng.js";

// What a finished call sounded like: turns of the agent and the customer, an outcome and a summary,
// all a pure function of the call (its job id hashed), so every run serves the same conversation.

export const OUTCOMES = [
  "appointment_booked",
  "interested",
  "callback_requested",
  "not_interested",
  "wrong_number",
  "voicemail",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Turn {
  role: "agent" | "customer";
  text: string;
  /** Seconds from the start of the call. */
  start: number;
  end: number;
}

export interface Conversation {
  outcome: Outcome;
  turns: Turn[];
  summary: string;
  sentiment: "positive" | "neutral" | "negative";
}

const OPENERS = [
  "Hi {name}, this is Ava calling from Northwind Dental about your upcoming check-up.",
  "Hello {name}, this is Ava from Northwind Dental. Do you have a minute?",
  "Good afternoon {name}, Ava here from Northwind Dental, following up on your request.",
] as const;

const SCRIPTS: Record<Outcome, [Turn["role"], string][]> = {
  appointment_booked: [
    ["customer", "Oh hi, yes, I was meaning to call you back."],
    ["agent", "Great. We have openings on Tuesday at 10 or Thursday at 3. Which works better?"],
    ["customer", "Thursday at 3 is perfect."],
    ["agent", "Done: Thursday at 3 pm. You'll get a text confirmation shortly."],
    ["customer", "Thanks, see you then."],
  ],
  interested: [
    ["customer", "Sure, what is this about?"],
    ["agent", "We're offering a free whitening consultation for existing patients this month."],
    ["customer", "That sounds interesting. Can you send me the details by email?"],
    ["agent", "Of course, I'll send them to the address we have on file."],
  ],
  callback_requested: [
    ["customer", "I'm driving right now, can you call me back later?"],
    ["agent", "No problem. Would tomorrow morning suit you?"],
    ["customer", "Yes, after nine please."],
    ["agent", "Noted, we'll call you tomorrow after 9 am. Drive safely."],
  ],
  not_interested: [
    ["customer", "No thanks, I've already moved to another practice."],
    ["agent", "Understood. Would you like us to remove you from our call list?"],
    ["customer", "Yes please."],
    ["agent", "Done. Sorry for the interruption, have a good day."],
  ],
  wrong_number: [
    ["customer", "I think you have the wrong number, there's no one by that name here."],
    ["agent", "My apologies, I'll update our records. Have a good day."],
  ],
  voicemail: [["customer", "You've reached the voicemail of this number. Please leave a message after the tone."]],
};

const SUMMARIES: Record<Outcome, string> = {
  appointment_booked: "{name} booked a check-up for Thursday at 3 pm; confirmation text sent.",
  interested: "{name} is interested in the whitening consultation and asked for details by email.",
  callback_requested: "{name} was driving and asked for a call back tomorrow after 9 am.",
  not_interested: "{name} has moved to another practice and asked to be removed from the call list.",
  wrong_number: "The person who answered does not know {name}; the number is probably wrong.",
  voicemail: "The call reached voicemail; the agent left a short message asking {name} to call back.",
};

const SENTIMENT: Record<Outcome, Conversation["sentiment"]> = {
  appointment_booked: "positive",
  interested: "positive",
  callback_requested: "neutral",
  not_interested: "negative",
  wrong_number: "neutral",
  voicemail: "neutral",
};

/** A stable number in [0, 1) for a job id and a purpose. */
export function unitOf(jobId: string, salt: number): number {
  let h = 2166136261;
  for (let index = 0; index < jobId.length; index += 1) h = Math.imul(h ^ jobId.charCodeAt(index), 16777619) >>> 0;
  return hashUnit(h, salt);
}

export function outcomeFor(jobId: string, voicemail: boolean): Outcome {
  if (voicemail) return "voicemail";
  return pickWeighted(
    [
      ["appointment_booked", 3],
      ["interested", 4],
      ["callback_requested", 3],
      ["not_interested", 3],
      ["wrong_number", 1],
    ] as const,
    unitOf(jobId, 1),
  );
}

/** The conversation of a finished call lasting `durationSeconds`, its turns spread over that time. */
export function conversationFor(
  jobId: string,
  name: string,
  durationSeconds: number,
  voicemail: boolean,
): Conversation {
  const outcome = outcomeFor(jobId, voicemail);
  const fill = (text: string) => text.replaceAll("{name}", name || "the customer");
  const lines: [Turn["role"], string][] =
    outcome === "voicemail"
      ? [
          ...SCRIPTS.voicemail,
          [
            "agent",
            `Hi ${name || "there"}, this is Ava from Northwind Dental. Please call us back at your convenience.`,
          ],
        ]
      : [["agent", fill(pick(OPENERS, unitOf(jobId, 2)))], ...SCRIPTS[outcome]];
  // Each turn gets a share of the call proportional to its length, with a short pause before the next.
  const weights = lines.map(([, text]) => text.length + 20);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const usable = Math.max(durationSeconds - 1, lines.length);
  let clock = 0.5;
  const turns = lines.map(([role, text], index) => {
    const span = (usable * (weights[index] ?? 0)) / total;
    const start = Math.round(clock * 10) / 10;
    const end = Math.round((clock + span * 0.85) * 10) / 10;
    clock += span;
    return { role, text, start, end };
  });
  return { outcome, turns, summary: fill(SUMMARIES[outcome]), sentiment: SENTIMENT[outcome] };
}
