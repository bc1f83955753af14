import type { ImportLineError } from '../domain/registry/csvImport';
import type { CliLocale } from './cliLanguage';

/**
 * What `import:organisations` says, in the terminal's language (see cliLanguage), with the right singular or
 * plural ("1 organisatie geldig", "1 valid organisation", "2 regels met fouten", "2 lines with errors").
 */

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export interface ImportCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export function dryRunSummary(valid: number, lineErrors: number, locale: CliLocale): string {
  return locale === 'nl'
    ? `Proefrun: ${count(valid, 'organisatie', 'organisaties')} geldig, ${count(lineErrors, 'regel', 'regels')} met fouten. Er is niets opgeslagen.`
    : `Dry run: ${count(valid, 'valid organisation', 'valid organisations')}, ${count(lineErrors, 'line', 'lines')} with errors. Nothing was saved.`;
}

export function importSummary(done: ImportCounts, lineErrors: number, locale: CliLocale): string {
  return locale === 'nl'
    ? `Klaar: ${done.created} nieuw, ${done.updated} bijgewerkt, ${done.unchanged} ongewijzigd, ${count(lineErrors, 'regel', 'regels')} met fouten.`
    : `Done: ${done.created} new, ${done.updated} updated, ${done.unchanged} unchanged, ${count(lineErrors, 'line', 'lines')} with errors.`;
}

/** One bad line of the CSV, by number, with everything wrong with it. */
export function lineErrorText(error: ImportLineError, locale: CliLocale): string {
  return `${locale === 'nl' ? 'Regel' : 'Line'} ${error.line}: ${error.messages[locale].join(' ')}`;
}

export const IMPORT_TEXT = {
  nl: {
    usage: 'Gebruik: npm run import:organisations -- <bestand.csv> [--dry-run] [--lang nl|en]',
    cannotRead: (file: string, why: string) => `Kan ${file} niet lezen: ${why}`,
    failed: (why: string) => `Import mislukt: ${why}`,
  },
  en: {
    usage: 'Usage: npm run import:organisations -- <file.csv> [--dry-run] [--lang nl|en]',
    cannotRead: (file: string, why: string) => `Cannot read ${file}: ${why}`,
    failed: (why: string) => `Import failed: ${why}`,
  },
} as const;
