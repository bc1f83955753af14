import { localised, messagesOf, type LocalisedMessages } from '../shared/result';
import { validateOrganisation, type Organisation } from './registry';

/**
 * Import of the contracted organisations from a CSV export (the gemeente's contract administration).
 * Columns (header names, case-insensitive, ; or , separated): naam, soort, percelen, grootte, herkomst, kvk,
 * gecontracteerd. Each line is validated on its own; a bad line is reported with its number and skipped.
 */

export interface ImportLineError {
  readonly line: number;
  /** What is wrong with the line, in both languages (the CLI says it in the terminal's). */
  readonly messages: LocalisedMessages;
}

export interface ParsedImport {
  readonly organisations: Organisation[];
  readonly errors: ImportLineError[];
}

const COLUMNS: Readonly<Record<string, string>> = {
  naam: 'name',
  name: 'name',
  soort: 'type',
  type: 'type',
  percelen: 'percelen',
  perceel: 'percelen',
  grootte: 'grootte',
  herkomst: 'herkomst',
  kvk: 'kvkNumber',
  kvknummer: 'kvkNumber',
  'kvk-nummer': 'kvkNumber',
  gecontracteerd: 'contracted',
};

/** RFC 4180 fields with either separator; quotes may contain separators, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g) ?? []).length > (firstLine.match(/,/g) ?? []).length ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i];
    if (quoted) {
      if (ch === '"' && clean[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && clean[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

export function parseOrganisationsCsv(text: string): ParsedImport {
  const [header, ...lines] = parseCsv(text);
  if (!header) {
    return {
      organisations: [],
      errors: [{ line: 1, messages: localised([{ nl: 'Het bestand is leeg.', en: 'The file is empty.' }]) }],
    };
  }
  const fields = header.map((h) => COLUMNS[h.trim().toLowerCase()]);
  if (!fields.includes('name') || !fields.includes('type')) {
    return {
      organisations: [],
      errors: [
        {
          line: 1,
          messages: localised([
            {
              nl: 'De kopregel moet minstens de kolommen "naam" en "soort" bevatten.',
              en: 'The header row must have at least the columns "naam" and "soort".',
            },
          ]),
        },
      ],
    };
  }
  const organisations: Organisation[] = [];
  const errors: ImportLineError[] = [];
  const seen = new Map<string, number>();
  lines.forEach((cells, index) => {
    const line = index + 2;
    const input: Record<string, string> = {};
    fields.forEach((field, i) => {
      if (field) input[field] = cells[i] ?? '';
    });
    const result = validateOrganisation({ ...input, name: input.name, type: input.type });
    if (!result.ok) {
      errors.push({ line, messages: messagesOf(result) });
      return;
    }
    const earlier = seen.get(result.value.id);
    if (earlier !== undefined) {
      errors.push({
        line,
        messages: localised([
          {
            nl: `Dezelfde organisatie staat al op regel ${earlier}.`,
            en: `The same organisation is already on line ${earlier}.`,
          },
        ]),
      });
      return;
    }
    seen.set(result.value.id, line);
    organisations.push(result.value);
  });
  return { organisations, errors };
}
