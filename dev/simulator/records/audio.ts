import type { Turn } from "./conversation.js";

// A recording the browser can really play: 8 kHz, 8-bit mono PCM WAV (Chromium plays it natively,
// no encoder needed), as long as the call, with a voice-like tone during each turn (lower for the
// agent, higher for the customer) and silence between, so seeking to a turn lands on sound.

const SAMPLE_RATE = 8_000;
const HEADER_BYTES = 44;
const MAX_SECONDS = 300;

export function recordingWav(durationSeconds: number, turns: readonly Turn[]): Buffer {
  const seconds = Math.min(Math.max(1, Math.round(durationSeconds)), MAX_SECONDS);
  const samples = seconds * SAMPLE_RATE;
  const wav = Buffer.alloc(HEADER_BYTES + samples, 128);
  wav.write("RIFF", 0, "ascii");
  wav.writeUInt32LE(36 + samples, 4);
  wav.write("WAVE", 8, "ascii");
  wav.write("fmt ", 12, "ascii");
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE, 28); // bytes per second
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write("data", 36, "ascii");
  wav.writeUInt32LE(samples, 40);
  for (const turn of turns) {
    const pitch = turn.role === "agent" ? 196 : 294;
    const from = Math.floor(turn.start * SAMPLE_RATE);
    const to = Math.min(samples, Math.floor(turn.end * SAMPLE_RATE));
    for (let index = from; index < to; index += 1) {
      const t = index / SAMPLE_RATE;
      const syllables = Math.abs(Math.sin(2 * Math.PI * 3.2 * t));
      const voice = Math.sin(2 * Math.PI * pitch * t) * 0.7 + Math.sin(2 * Math.PI * pitch * 2 * t) * 0.3;
      wav[HEADER_BYTES + index] = Math.round(128 + 90 * syllables * voice);
    }
  }
  return wav;
}

export type ByteRange = { start: number; end: number };

/**
 * One `bytes=` range of a `size`-byte body (first-last, first-, or -suffix); `undefined` when there is
 * no Range header, "unsatisfiable" for anything else (several ranges included: this simulator serves one).
 */
export function byteRange(header: string | undefined, size: number): ByteRange | "unsatisfiable" | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return "unsatisfiable";
  if (match[1] === "") {
    const suffix = Number(match[2]);
    return suffix === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? "unsatisfiable" : { start, end };
}
