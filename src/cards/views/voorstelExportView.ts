import type { Voorstel } from '../../domain/voorstellen';
import type { Locale, RenderInput } from '../renderCard';
import { fill, strings } from './voorstelViewsCommon';

/** The export of the votes and reactions as CSV, in parts small enough for a card each. */

/** Splits CSV text at line ends into parts of at most `max` characters (a line longer than that stays whole). */
export function csvParts(csv: string, max: number): string[] {
  const lines = csv.split(/(?<=\r\n)/);
  const parts: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length > max) {
      parts.push(current);
      current = '';
    }
    current += line;
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}

export interface ExportPart {
  readonly kind: 'votes' | 'reactions';
  readonly csv: string;
}

/** The export as parts small enough for one card each: the votes first, then the reactions. */
export function exportParts(votesCsv: string, reactionsCsv: string, max: number): ExportPart[] {
  return [
    ...csvParts(votesCsv, max).map((csv) => ({ kind: 'votes' as const, csv })),
    ...csvParts(reactionsCsv, max).map((csv) => ({ kind: 'reactions' as const, csv })),
  ];
}

export function voorstelExportView(
  voorstel: Pick<Voorstel, 'id' | 'title'>,
  parts: readonly ExportPart[],
  partNumber: number,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'voorstelExport');
  const index = Math.min(Math.max(1, partNumber), parts.length) - 1;
  const part = parts[index] ?? { kind: 'votes', csv: '' };
  return {
    view: {
      title: voorstel.title,
      kindLabel: part.kind === 'votes' ? text.votes : text.reactions,
      partLabel: fill(text.part ?? '', { part: index + 1, parts: parts.length }),
      hasNext: index + 1 < parts.length,
      hasPrevious: index > 0,
    },
    form: { voorstelId: voorstel.id, csv: part.csv, next: index + 2, previous: index },
  };
}
