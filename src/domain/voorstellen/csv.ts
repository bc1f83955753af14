/**
 * CSV as RFC 4180 describes it: fields separated by a comma (or a semicolon, which Dutch Excel expects), quoted
 * with double quotes when they contain the separator, a quote or a line break, quotes doubled, CRLF line ends.
 * Cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return that some
 * spreadsheets skip before such a character) get a leading apostrophe, so a reaction like "=HYPERLINK(...)"
 * stays text (CSV injection).
 */
export type CsvSeparator = ',' | ';';

export interface CsvOptions {
  readonly separator?: CsvSeparator;
  /** Start with a UTF-8 byte order mark so Excel reads accents (é, ë) correctly. Default false. */
  readonly byteOrderMark?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string, separator: CsvSeparator = ','): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  const needsQuotes = safe.includes(separator) || /["\r\n]/.test(safe);
  return needsQuotes ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  const separator = options.separator ?? ',';
  const body = rows
    .map((row) => row.map((cell) => csvCell(cell, separator)).join(separator) + '\r\n')
    .join('');
  return (options.byteOrderMark ? '\uFEFF' : '') + body;
}
