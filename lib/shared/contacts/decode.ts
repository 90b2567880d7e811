import type { IntakeProblem } from "./problems";

/** Trillet's limit on an uploaded CSV (POST /v1/api/batch-calls: "at most 20 MB"). */
export const maxCsvBytes = 20 * 1024 * 1024;

// Signatures of files people pick by mistake: zip (and so xlsx, docx), PDF, gzip, old Office, PNG, JPEG.
const binaryStarts: { bytes: number[]; kind: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: "a zip archive (or an Excel .xlsx file)" },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: "a PDF" },
  { bytes: [0x1f, 0x8b], kind: "a gzip archive" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: "an old Office file (.xls)" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], kind: "a JPEG image" },
];

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

export type DecodedCsv = { ok: true; text: string } | { ok: false; problem: IntakeProblem };

/**
 * The bytes of an uploaded file as CSV text, or why they are not: over 20 MB, a known binary
 * format, not UTF-8, a NUL byte, or HTML/XML. A UTF-8 byte order mark is dropped. The browser and
 * the server both call this, so a file refused on one is refused on the other.
 */
export function decodeCsv(bytes: Uint8Array, maxBytes: number = maxCsvBytes): DecodedCsv {
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      problem: {
        code: "too-large",
        message: `The file is ${formatBytes(bytes.length)}; the most Trillet accepts is ${formatBytes(maxBytes)}.`,
      },
    };
  }
  for (const { bytes: prefix, kind } of binaryStarts) {
    if (startsWith(bytes, prefix)) return notText(`The file is ${kind}, not a CSV text file.`);
  }
  // UTF-16 byte order marks: spreadsheet "Unicode text" exports; ask for UTF-8 instead of guessing.
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return notText("The file is UTF-16 text; save it as CSV UTF-8.");
  }
  if (bytes.includes(0)) return notText("The file holds binary data (a NUL byte), not CSV text.");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return notText("The file is not UTF-8 text; save it as CSV UTF-8.");
  }
  return checkText(text);
}

/** Text already decoded (a string in the browser's tests, for example): BOM dropped, HTML refused. */
export function checkText(text: string): DecodedCsv {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^\s*</.test(body.slice(0, 1024))) {
    return notText("The file looks like HTML or XML (it starts with “<”), not CSV.");
  }
  return { ok: true, text: body };
}

function notText(message: string): DecodedCsv {
  return { ok: false, problem: { code: "not-text", message } };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
