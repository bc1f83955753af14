import type { ReachCounts, ReachState } from '../../domain/reach/reach';
import type { ReachOverview } from '../../reach/reachService';
import { format, stringsFor, type Locale, type RenderInput } from '../renderCard';
import { csvParts } from './voorstellenViews';

/** The gemeente's reach overview (counts and a bar per organisation) and its CSV, in parts that fit a card. */

const BAR_UNITS = 20;
/** Rows on the card; a region has hundreds of organisations, the CSV has them all. */
export const MAX_REACH_ROWS = 25;
/** Characters of CSV per card (the card stays well under Teams' ~28 KB). */
export const REACH_CSV_PART_CHARS = 12_000;

const STYLE: Readonly<Record<ReachState, string>> = {
  teams: 'good',
  'teams-installable': 'accent',
  'email-only': 'warning',
  unreachable: 'attention',
};

function labels(locale: Locale): Record<ReachState, string> {
  const text = stringsFor('reach', locale) as Record<string, string>;
  return {
    teams: text.teams ?? '',
    'teams-installable': text.installable ?? '',
    'email-only': text.email ?? '',
    unreachable: text.unreachable ?? '',
  };
}

/** Bar segments in units of BAR_UNITS; a state with any contact gets at least one unit, so it stays visible. */
function bar(counts: ReachCounts): Record<'teams' | 'installable' | 'email' | 'unreachable', number> {
  const unit = (n: number) =>
    counts.total === 0 || n === 0 ? 0 : Math.max(1, Math.round((n / counts.total) * BAR_UNITS));
  return {
    teams: unit(counts.teams),
    installable: unit(counts['teams-installable']),
    email: unit(counts['email-only']),
    // An organisation without contacts is unreachable: a full red bar.
    unreachable: counts.total === 0 ? BAR_UNITS : unit(counts.unreachable),
  };
}

function countsLine(counts: ReachCounts, names: Record<ReachState, string>): string {
  return (['teams', 'teams-installable', 'email-only', 'unreachable'] as const)
    .map((s) => `${names[s]} ${counts[s]}`)
    .join(' · ');
}

export function reachOverviewView(overview: ReachOverview, locale: Locale): RenderInput {
  const text = stringsFor('reach', locale) as Record<string, string>;
  const own = stringsFor('reachOverview', locale) as Record<string, string>;
  const names = labels(locale);
  const { totals, rows, unchecked } = overview.summary;
  const notes: string[] = [];
  if (!overview.installEnabled) notes.push(text.installOff ?? '');
  if (overview.lookedUp > 0) notes.push(format(text.lookedUp ?? '', { count: overview.lookedUp }));
  if (overview.lookupProblem) notes.push(text[overview.lookupProblem] ?? '');
  if (unchecked > 0) notes.push(format(text.unchecked ?? '', { count: unchecked }));
  const shown = rows.slice(0, MAX_REACH_ROWS);
  return {
    view: {
      totals: (['teams', 'teams-installable', 'email-only', 'unreachable'] as const).map((s) => ({
        value: String(totals[s]),
        label: names[s],
        style: STYLE[s],
      })),
      totalLine: `${totals.total} ${own.total ?? ''}`,
      legend: [
        { label: names.teams, description: own.legendTeams ?? '' },
        { label: names['teams-installable'], description: own.legendInstallable ?? '' },
        { label: names['email-only'], description: own.legendEmail ?? '' },
        { label: names.unreachable, description: own.legendUnreachable ?? '' },
      ],
      rows: shown.map((r) => ({ name: r.name, countsLine: countsLine(r.counts, names), ...bar(r.counts) })),
    },
    // Composed from our own strings; the numbers are escaped by format.
    trusted: {
      notes: notes.map((t) => ({ text: t })),
      more: rows.length > shown.length ? format(text.more ?? '', { count: rows.length - shown.length }) : '',
    },
  };
}

export function reachCsvView(csv: string, partNumber: number, locale: Locale): RenderInput {
  const text = stringsFor('reach', locale) as Record<string, string>;
  const parts = csvParts(csv, REACH_CSV_PART_CHARS);
  const index = Math.min(Math.max(1, partNumber), parts.length) - 1;
  return {
    view: {
      partLabel: format(text.part ?? '', { part: index + 1, parts: parts.length }),
      hasNext: index + 1 < parts.length,
      hasPrevious: index > 0,
    },
    form: { csv: parts[index] ?? '', next: index + 2, previous: index },
  };
}
