import {
  currentPublishedVersion,
  type Ontwikkeltafel,
  type ReportKind,
  type ScheduledReport,
  type ScheduledState,
  type Voortgangsrapportage,
  type VoortgangStatus,
} from '../../domain/ontwikkeltafels';
import { PERCEEL_NAMES, PERCELEN, type Perceel } from '../../domain/registry/registry';
import { fromIsoInstant, localDateOf, type IsoInstant } from '../../domain/time/amsterdam';
import { formatShortDate, monthName } from '../../domain/time/english';
import type { LocalDate } from '../../domain/time/localDate';
import {
  format,
  renderCard,
  stringsFor,
  type AdaptiveCard,
  type Locale,
  type RenderInput,
} from '../renderCard';

/**
 * View models of the ontwikkeltafel cards: the portfolio, the form to set a table up, the table itself with its
 * report schedule, the invitation and reminders (the report cards are in rapportageViews). User text goes into
 * `view` (escaped) or `form` (raw, for inputs and action data) only.
 */

type Strings = Record<string, string>;

/** The strings of one card (the report views use these helpers too). */
export function strings(locale: Locale, section: string): Strings {
  return stringsFor(section, locale) as Strings;
}

/** A string of the feature's message section with {placeholders} filled in and escaped, for card text. */
export function ontwikkeltafelsText(
  locale: Locale,
  key: string,
  values: Readonly<Record<string, string | number>> = {},
  section = 'ontwikkeltafels',
): string {
  const text = strings(locale, section)[key];
  if (typeof text !== 'string') throw new Error(`Missing string ${section}.${key}`);
  return format(text, values);
}

/** The same without escaping, for the plain text of a notification (never shown as markdown). */
export function ontwikkeltafelsPlainText(
  locale: Locale,
  key: string,
  values: Readonly<Record<string, string | number>> = {},
): string {
  const text = strings(locale, 'ontwikkeltafels')[key];
  if (typeof text !== 'string') throw new Error(`Missing string ontwikkeltafels.${key}`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Renders a card of this feature; kept in one place so the service and the handlers render alike. */
export function renderOntwikkeltafelCard(name: string, locale: Locale, input: RenderInput): AdaptiveCard {
  return renderCard(name, locale, input);
}

/** A line on top of a card: what just happened, or why it did not. Shown escaped. */
export interface Notice {
  readonly title: string;
  readonly text: string;
  readonly style: 'good' | 'attention' | 'accent' | 'warning';
}

export function noticeView(notice: Notice | undefined) {
  return {
    hasNotice: notice !== undefined,
    noticeTitle: notice?.title ?? '',
    noticeText: notice?.text ?? '',
    noticeStyle: notice?.style ?? 'default',
  };
}

// Labels --------------------------------------------------------------------------------------------------------

export function periodRange(start: LocalDate, end: LocalDate, locale: Locale): string {
  const through = locale === 'en' ? 'to' : 't/m';
  return `${formatShortDate(start, locale)} ${through} ${formatShortDate(end, locale)}`;
}

export function day(instant: IsoInstant, locale: Locale): string {
  return formatShortDate(localDateOf(fromIsoInstant(instant)), locale);
}

export function kindLabel(kind: ReportKind, locale: Locale): string {
  const text = strings(locale, 'ontwikkeltafels');
  return (kind === 'eindevaluatie' ? text.kindEindevaluatie : text.kindVoortgang) ?? kind;
}

const STATUS_KEYS: Readonly<Record<VoortgangStatus, string>> = {
  'op schema': 'statusOpSchema',
  'aandacht nodig': 'statusAandacht',
  achter: 'statusAchter',
};

export function statusLabel(status: VoortgangStatus | null, locale: Locale): string {
  const text = strings(locale, 'ontwikkeltafels');
  return (status ? text[STATUS_KEYS[status]] : text.statusNone) ?? String(status);
}

/** Colours people already read: green on schedule, amber when it needs attention, red when behind or overdue. */
export function statusColour(status: VoortgangStatus | null): 'Good' | 'Warning' | 'Attention' | 'Default' {
  if (status === 'op schema') return 'Good';
  if (status === 'aandacht nodig') return 'Warning';
  if (status === 'achter') return 'Attention';
  return 'Default';
}

function containerStyle(colour: ReturnType<typeof statusColour>): string {
  return colour === 'Default' ? 'default' : colour.toLowerCase();
}

export function pilotStatusLabel(status: string, locale: Locale): string {
  return strings(locale, 'ontwikkeltafels')[`pilot${status[0]?.toUpperCase()}${status.slice(1)}`] ?? status;
}

function percelenLabel(percelen: readonly Perceel[]): string {
  return percelen.map((p) => `${p} (${PERCEEL_NAMES[p]})`).join(', ');
}

function scheduleLabel(tafel: Ontwikkeltafel, locale: Locale): string {
  const ends = tafel.schedule.periodEnds.map((e) => `${e.day} ${monthName(e.month, locale)}`).join(', ');
  return ontwikkeltafelsText(locale, 'scheduleText', {
    ends,
    grace: tafel.schedule.graceDays,
    reminders:
      new Intl.ListFormat(locale === 'en' ? 'en-GB' : 'nl', { type: 'conjunction' }).format(
        tafel.schedule.reminderDaysBefore.map(String),
      ) || '-',
  });
}

// The portfolio ---------------------------------------------------------------------------------------------------

export interface PortfolioRow {
  readonly tafel: Ontwikkeltafel;
  /** The latest published report (voortgang or eindevaluatie), by period end. */
  readonly lastReport: Voortgangsrapportage | null;
  readonly next: ScheduledReport | null;
  readonly overdue: readonly ScheduledReport[];
  /** Only the table, its percelen and trekkers: for aanbieders outside the Overlegtafel. */
  readonly restricted: boolean;
  readonly canJoin: boolean;
}

export function portfolioView(
  rows: readonly PortfolioRow[],
  options: {
    readonly full: boolean;
    readonly isGemeente: boolean;
    readonly canExport: boolean;
    readonly notice?: Notice;
  },
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'ontwikkeltafelPortfolio');
  return {
    view: {
      ...noticeView(options.notice),
      intro: options.full ? text.introFull : text.introRestricted,
      empty: rows.length === 0,
      isGemeente: options.isGemeente,
      canExport: options.canExport,
      rows: rows.map((row) => {
        const t = row.tafel;
        const version = row.lastReport ? currentPublishedVersion(row.lastReport) : null;
        const status = version?.content.status ?? null;
        const colour = row.overdue.length > 0 ? 'Attention' : statusColour(status);
        const first = row.overdue[0];
        return {
          name: t.name,
          meta: [
            t.status === 'actief' ? text.active : text.ended,
            `${text.percelen} ${t.percelen.join(', ')}`,
            `${text.trekkers} ${t.trekkers.map((x) => x.name).join(', ')}`,
          ].join(' · '),
          full: !row.restricted,
          style: containerStyle(colour),
          statusLabel: statusLabel(status, locale),
          statusColour: statusColour(status),
          lastReport: row.lastReport
            ? format(text.lastReport ?? '', {
                kind: kindLabel(row.lastReport.kind, locale),
                period: periodRange(row.lastReport.periodStart, row.lastReport.periodEnd, locale),
                date: day(row.lastReport.publishedAt ?? row.lastReport.updatedAt, locale),
              })
            : (text.noReport ?? ''),
          nextDue: row.next
            ? format(text.nextDue ?? '', {
                kind: kindLabel(row.next.period.kind, locale),
                end: formatShortDate(row.next.period.end, locale),
                due: formatShortDate(row.next.period.dueDate, locale),
              })
            : (text.nothingDue ?? ''),
          overdue: row.overdue.length > 0,
          overdueText: first
            ? format(text.overdue ?? '', {
                count: row.overdue.length,
                due: formatShortDate(first.period.dueDate, locale),
              })
            : '',
          canJoin: row.canJoin,
        };
      }),
    },
    form: { ids: rows.map((r) => r.tafel.id) },
  };
}

// The form to set up a table ----------------------------------------------------------------------------------------

export interface TafelFormValues {
  readonly name: string;
  readonly opdracht: string;
  readonly doel: string;
  /** "3,4" as the multi-select sends it. */
  readonly percelen: string;
  /** Person ids, comma-separated. */
  readonly trekkers: string;
  readonly start: string;
  readonly expectedEnd: string;
  /** "30-06, 31-12". */
  readonly periodEnds: string;
  readonly graceDays: string;
  /** "14, 3". */
  readonly reminderDays: string;
  /** Why the gemeente sets the table up directly instead of by a voorstel. */
  readonly reason: string;
}

export function emptyTafelForm(today: LocalDate): TafelFormValues {
  return {
    name: '',
    opdracht: '',
    doel: '',
    percelen: '',
    trekkers: '',
    start: today,
    expectedEnd: '',
    periodEnds: '30-06, 31-12',
    graceDays: '30',
    reminderDays: '14, 3',
    reason: '',
  };
}

export interface PersonChoice {
  readonly id: string;
  readonly label: string;
}

export function tafelFormView(
  values: TafelFormValues,
  people: readonly PersonChoice[],
  errors: readonly string[],
): RenderInput {
  return {
    view: { errors: [...errors] },
    // Choice titles are plain text in Teams (no markdown), so names go unescaped.
    form: {
      ...values,
      perceelChoices: PERCELEN.map((p) => ({ title: `${p}. ${PERCEEL_NAMES[p]}`, value: String(p) })),
      personChoices: people.map((p) => ({ title: p.label, value: p.id })),
    },
  };
}

// The table ----------------------------------------------------------------------------------------------------------

export interface ScheduleRow {
  readonly scheduled: ScheduledReport;
  /** The report of the period (a draft or published), if one was started. */
  readonly report: Voortgangsrapportage | null;
}

export interface DetailOptions {
  /** The viewer is a trekker of this table: may write. */
  readonly canWrite: boolean;
  /** The viewer may read published reports of this table. */
  readonly canRead: boolean;
  readonly isGemeente: boolean;
  /** Organisations the viewer may join for; more than one gives a chooser. */
  readonly joinFor: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly notice?: Notice;
  readonly today: LocalDate;
  /** For the gemeente: partners from the voorliggend veld it may add as guests. */
  readonly guestCandidates?: ReadonlyArray<{ readonly id: string; readonly name: string }>;
}

const STATE_COLOURS: Readonly<Record<ScheduledState | 'concept', string>> = {
  lopend: 'Default',
  open: 'Warning',
  concept: 'Accent',
  achterstallig: 'Attention',
  gepubliceerd: 'Good',
};

export function tafelDetailView(
  tafel: Ontwikkeltafel,
  schedule: readonly ScheduleRow[],
  options: DetailOptions,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'ontwikkeltafelDetail');
  const messages = strings(locale, 'ontwikkeltafels');
  const rows = [...schedule].reverse();
  return {
    view: {
      ...noticeView(options.notice),
      name: tafel.name,
      statusText:
        tafel.status === 'actief'
          ? (text.active ?? '')
          : format(text.endedOn ?? '', { date: formatShortDate(tafel.endedOn ?? tafel.expectedEnd, locale) }),
      opdracht: tafel.opdracht,
      doel: tafel.doel,
      percelen: percelenLabel(tafel.percelen),
      trekkers: tafel.trekkers.map((t) => t.name).join(', '),
      participants: tafel.participants.map((p) => p.name).join(', ') || (text.noParticipants ?? ''),
      guests: (tafel.guests ?? []).map((g) => g.name).join(', ') || (text.noGuests ?? ''),
      canAddGuest:
        options.isGemeente && tafel.status === 'actief' && (options.guestCandidates?.length ?? 0) > 0,
      period: periodRange(tafel.start, tafel.endedOn ?? tafel.expectedEnd, locale),
      schedule: scheduleLabel(tafel, locale),
      hasRows: rows.length > 0,
      rows: rows.map(({ scheduled, report }) => {
        const published = scheduled.state === 'gepubliceerd';
        const state: ScheduledState | 'concept' =
          !published && report !== null && scheduled.state !== 'achterstallig' ? 'concept' : scheduled.state;
        const stateText = messages[`state${state[0]?.toUpperCase()}${state.slice(1)}`] ?? state;
        const draftNote =
          !published && report !== null && state === 'achterstallig' ? ` (${messages.stateConcept})` : '';
        return {
          label: `${kindLabel(scheduled.period.kind, locale)} ${periodRange(scheduled.period.start, scheduled.period.end, locale)}`,
          state: `${stateText}${draftNote}`,
          stateColour: STATE_COLOURS[state],
          due: format(text.due ?? '', { date: formatShortDate(scheduled.period.dueDate, locale) }),
          canWrite: options.canWrite && !published,
          writeTitle: report ? (text.continueDraft ?? '') : (text.write ?? ''),
          canView: published && (options.canRead || options.canWrite),
        };
      }),
      canJoin: options.joinFor.length > 0,
      chooseOrganisation: options.joinFor.length > 1,
      canEnd: options.isGemeente && tafel.status === 'actief',
    },
    form: {
      tafelId: tafel.id,
      periodIds: rows.map((r) => r.scheduled.period.id),
      reportIds: rows.map((r) => r.report?.id ?? ''),
      organisationId: options.joinFor[0]?.id ?? '',
      organisationChoices: options.joinFor.map((o) => ({ title: o.name, value: o.id })),
      endedOn: options.today,
      guestChoices: (options.guestCandidates ?? []).map((o) => ({ title: o.name, value: o.id })),
    },
  };
}

// Broadcast cards ------------------------------------------------------------------------------------------------------

export function invitationView(tafel: Ontwikkeltafel, locale: Locale): RenderInput {
  return {
    view: {
      title: format(strings(locale, 'ontwikkeltafelUitnodiging').heading ?? '', { name: tafel.name }),
      opdracht: tafel.opdracht,
      doel: tafel.doel,
      percelen: percelenLabel(tafel.percelen),
      trekkers: tafel.trekkers.map((t) => t.name).join(', '),
      period: periodRange(tafel.start, tafel.expectedEnd, locale),
    },
    form: { tafelId: tafel.id },
  };
}

export function meldingView(
  tafel: Ontwikkeltafel,
  melding: { readonly title: string; readonly lines: readonly string[]; readonly style: Notice['style'] },
): RenderInput {
  return {
    view: { name: tafel.name, title: melding.title, lines: [...melding.lines], style: melding.style },
    form: { tafelId: tafel.id },
  };
}
