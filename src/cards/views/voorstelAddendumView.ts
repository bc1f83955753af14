import type { AddendumRound, AddendumTally } from '../../domain/voorstellen';
import type { Locale, RenderInput } from '../renderCard';
import { csvParts } from './voorstelExportView';
import { BAR_UNITS, fill, strings, when } from './voorstelViewsCommon';

/**
 * The gemeente's tally of the addendum of an adopted contractwijziging [002 art. 9.3]: who joins, who does not,
 * who has not answered, as bars with the names; and the answers as CSV, in parts small enough for a card.
 */

const TALLY = [
  { key: 'doetMee', style: 'good' },
  { key: 'doetNietMee', style: 'attention' },
  { key: 'geenAntwoord', style: 'emphasis' },
] as const;

export function voorstelAddendumView(
  input: {
    readonly title: string;
    readonly voorstelId: string;
    readonly round: AddendumRound;
    readonly tally: AddendumTally;
  },
  csv: { readonly text: string; readonly part: number; readonly max: number } | null,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'voorstelAddendum');
  const total = input.round.organisations.length;
  const parts = csv ? csvParts(csv.text, csv.max) : [];
  const part = csv ? Math.min(Math.max(1, csv.part), parts.length) : 0;
  return {
    view: {
      title: input.title,
      deadlineLine: fill(text.deadline ?? '', { deadline: when(input.round.deadline, locale) }),
      totalLine: fill(text.total ?? '', {
        answered: total - input.tally.geenAntwoord.length,
        total,
      }),
      tally: TALLY.map(({ key, style }) => {
        const organisations = input.tally[key];
        const count = organisations.length;
        const filled = count === 0 ? 0 : Math.max(1, Math.round((count / Math.max(1, total)) * BAR_UNITS));
        return {
          label: text[key] ?? key,
          count: String(count),
          barFilled: filled,
          barEmpty: BAR_UNITS - filled,
          style,
          names: organisations.map((o) => o.name).join(', '),
        };
      }),
      hasCsv: csv !== null,
      partLabel: csv ? fill(text.part ?? '', { part, parts: parts.length }) : '',
      hasPrevious: csv !== null && part > 1,
      hasNext: csv !== null && part < parts.length,
    },
    form: {
      voorstelId: input.voorstelId,
      csv: csv ? (parts[part - 1] ?? '') : '',
      previous: part - 1,
      next: part + 1,
    },
  };
}
