/**
 * The import's closing line, in Dutch and English with the right singular or plural ("1 organisatie geldig",
 * "2 regels met fouten"): the CLI has no person's language to go by, so it says both.
 */

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export interface ImportCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export function dryRunSummary(valid: number, lineErrors: number): string {
  return [
    `Proefrun: ${count(valid, 'organisatie', 'organisaties')} geldig, ${count(lineErrors, 'regel', 'regels')} met fouten. Er is niets opgeslagen.`,
    `Dry run: ${count(valid, 'valid organisation', 'valid organisations')}, ${count(lineErrors, 'line', 'lines')} with errors. Nothing was saved.`,
  ].join('\n');
}

export function importSummary(done: ImportCounts, lineErrors: number): string {
  return [
    `Klaar: ${done.created} nieuw, ${done.updated} bijgewerkt, ${done.unchanged} ongewijzigd, ${count(lineErrors, 'regel', 'regels')} met fouten.`,
    `Done: ${done.created} new, ${done.updated} updated, ${done.unchanged} unchanged, ${count(lineErrors, 'line', 'lines')} with errors.`,
  ].join('\n');
}
