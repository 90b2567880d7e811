// RFC 4180: a cell holding a comma, quote or line break is quoted, quotes doubled; so is one that
// starts or ends with whitespace, which some readers trim.
const needsQuotes = /[",\r\n]|^\s|\s$/;

/** One cell as CSV, exactly its text: what Trillet receives (a cell starting "=" is a value, kept). */
export function csvCell(value: string): string {
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record, CRLF-terminated, cells kept exactly (the file sent to Trillet). */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

// Cells a spreadsheet would evaluate (OWASP CSV injection), as lib/export/csv.ts guards its downloads.
const formulaStart = /^[=+\-@\t\r\u0000]/;
const harmlessNumber = /^(?:\+\d{6,15}|-?\d+(?:\.\d+)?)$/;

/** A cell for a file people open in a spreadsheet: a formula-looking cell gets a leading ' and stays text. */
export function spreadsheetCell(value: string): string {
  return csvCell(formulaStart.test(value) && !harmlessNumber.test(value) ? `'${value}` : value);
}

/** One record for a spreadsheet download (the invalid rows' list), formulas neutralised. */
export function spreadsheetLine(cells: readonly string[]): string {
  return `${cells.map(spreadsheetCell).join(",")}\r\n`;
}

/** UTF-8 length of a string without encoding it (the 20 MB check on what will be sent). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
