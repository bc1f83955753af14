import {
  currentPublishedVersion,
  PILOT_STATUSES,
  RAPPORT_LIMITS,
  VOORTGANG_STATUSES,
  type Ontwikkeltafel,
  type Pilot,
  type RapportContent,
  type ReportKind,
  type ScheduledReport,
  type ScheduledState,
  type Voortgangsrapportage,
  type VoortgangStatus,
} from '../../domain/ontwikkeltafels';
import { PERCEEL_NAMES, PERCELEN, type Perceel } from '../../domain/registry/registry';
import { fromIsoInstant, localDateOf, type IsoInstant } from '../../domain/time/amsterdam';
import { dutchMonthName, formatDutchShortDate } from '../../domain/time/dutch';
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
 * report schedule, the invitation, reminders, the report form, the report, a reader's question and the Markdown
 * export. User text goes into `view` (escaped) or `form` (raw, for inputs and action data) only.
 */

type Strings = Record<string, string>;

function strings(locale: Locale, section: string): Strings {
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

function noticeView(notice: Notice | undefined) {
  return {
    hasNotice: notice !== undefined,
    noticeTitle: notice?.title ?? '',
    noticeText: notice?.text ?? '',
    noticeStyle: notice?.style ?? 'default',
  };
}

// Labels --------------------------------------------------------------------------------------------------------

export function periodRange(start: LocalDate, end: LocalDate): string {
  return `${formatDutchShortDate(start)} t/m ${formatDutchShortDate(end)}`;
}

function day(instant: IsoInstant): string {
  return formatDutchShortDate(localDateOf(fromIsoInstant(instant)));
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

function pilotStatusLabel(status: string, locale: Locale): string {
  return strings(locale, 'ontwikkeltafels')[`pilot${status[0]?.toUpperCase()}${status.slice(1)}`] ?? status;
}

function percelenLabel(percelen: readonly Perceel[]): string {
  return percelen.map((p) => `${p} (${PERCEEL_NAMES[p]})`).join(', ');
}

function scheduleLabel(tafel: Ontwikkeltafel, locale: Locale): string {
  const ends = tafel.schedule.periodEnds.map((e) => `${e.day} ${dutchMonthName(e.month)}`).join(', ');
  return ontwikkeltafelsText(locale, 'scheduleText', {
    ends,
    grace: tafel.schedule.graceDays,
    reminders: tafel.schedule.reminderDaysBefore.join(' en ') || '-',
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
                period: periodRange(row.lastReport.periodStart, row.lastReport.periodEnd),
                date: day(row.lastReport.publishedAt ?? row.lastReport.updatedAt),
              })
            : (text.noReport ?? ''),
          nextDue: row.next
            ? format(text.nextDue ?? '', {
                kind: kindLabel(row.next.period.kind, locale),
                end: formatDutchShortDate(row.next.period.end),
                due: formatDutchShortDate(row.next.period.dueDate),
              })
            : (text.nothingDue ?? ''),
          overdue: row.overdue.length > 0,
          overdueText: first
            ? format(text.overdue ?? '', {
                count: row.overdue.length,
                due: formatDutchShortDate(first.period.dueDate),
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
          : format(text.endedOn ?? '', { date: formatDutchShortDate(tafel.endedOn ?? tafel.expectedEnd) }),
      opdracht: tafel.opdracht,
      doel: tafel.doel,
      percelen: percelenLabel(tafel.percelen),
      trekkers: tafel.trekkers.map((t) => t.name).join(', '),
      participants: tafel.participants.map((p) => p.name).join(', ') || (text.noParticipants ?? ''),
      period: periodRange(tafel.start, tafel.endedOn ?? tafel.expectedEnd),
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
          label: `${kindLabel(scheduled.period.kind, locale)} ${periodRange(scheduled.period.start, scheduled.period.end)}`,
          state: `${stateText}${draftNote}`,
          stateColour: STATE_COLOURS[state],
          due: format(text.due ?? '', { date: formatDutchShortDate(scheduled.period.dueDate) }),
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
      period: periodRange(tafel.start, tafel.expectedEnd),
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

// The report form ----------------------------------------------------------------------------------------------------

export interface PilotFormValues {
  readonly name: string;
  readonly start: string;
  readonly end: string;
  readonly researchQuestion: string;
  readonly status: string;
}

export interface DecisionFormValues {
  /** The domain's id of a decision already in the report; '' for a new one. */
  readonly id: string;
  readonly title: string;
  readonly explanation: string;
}

export interface RapportFormValues {
  readonly status: string;
  readonly progress: string;
  readonly results: string;
  readonly problems: string;
  readonly nextSteps: string;
  readonly pilots: readonly PilotFormValues[];
  readonly decisions: readonly DecisionFormValues[];
  readonly reason: string;
}

export function rapportFormValues(content: RapportContent | null): RapportFormValues {
  return {
    status: content?.status ?? '',
    progress: content?.progress ?? '',
    results: content?.results ?? '',
    problems: content?.problems ?? '',
    nextSteps: content?.nextSteps ?? '',
    pilots: (content?.pilots ?? []).map((p: Pilot) => ({
      name: p.name,
      start: p.start,
      end: p.end,
      researchQuestion: p.researchQuestion,
      status: p.status,
    })),
    decisions: (content?.decisionsRequested ?? []).map((d) => ({
      id: d.id,
      title: d.title,
      explanation: d.explanation,
    })),
    reason: '',
  };
}

export function isEmptyPilot(p: PilotFormValues): boolean {
  return !p.name.trim() && !p.start.trim() && !p.end.trim() && !p.researchQuestion.trim();
}

export function isEmptyDecision(d: DecisionFormValues): boolean {
  return !d.title.trim() && !d.explanation.trim();
}

export interface RapportFormContext {
  readonly tafel: Ontwikkeltafel;
  readonly kind: ReportKind;
  readonly periodId: string;
  readonly periodStart: LocalDate;
  readonly periodEnd: LocalDate;
  readonly dueDate: LocalDate;
  readonly reportId: string;
  readonly etag: string;
  /** A published report is corrected (with a reason), not edited. */
  readonly mode: 'concept' | 'correctie';
}

export function rapportFormView(
  context: RapportFormContext,
  values: RapportFormValues,
  errors: readonly string[],
  locale: Locale,
  notice?: Notice,
): RenderInput {
  const messages = strings(locale, 'ontwikkeltafels');
  // One empty slot below what is filled in: a trekker adds a pilot or a decision by filling it and saving.
  const pilots = [...values.pilots.filter((p) => !isEmptyPilot(p))];
  if (pilots.length < RAPPORT_LIMITS.pilots)
    pilots.push({ name: '', start: '', end: '', researchQuestion: '', status: 'gepland' });
  const decisions = [...values.decisions.filter((d) => !isEmptyDecision(d))];
  if (decisions.length < RAPPORT_LIMITS.decisions) decisions.push({ id: '', title: '', explanation: '' });
  return {
    view: {
      ...noticeView(notice),
      errors: [...errors],
      heading: `${kindLabel(context.kind, locale)} ${context.tafel.name}`,
      period: periodRange(context.periodStart, context.periodEnd),
      due: formatDutchShortDate(context.dueDate),
      correction: context.mode === 'correctie',
    },
    form: {
      tafelId: context.tafel.id,
      periodId: context.periodId,
      reportId: context.reportId,
      etag: context.etag,
      status: values.status,
      progress: values.progress,
      results: values.results,
      problems: values.problems,
      nextSteps: values.nextSteps,
      reason: values.reason,
      statusChoices: VOORTGANG_STATUSES.map((s) => ({ title: statusLabel(s, locale), value: s })),
      pilotStatusChoices: PILOT_STATUSES.map((s) => ({ title: pilotStatusLabel(s, locale), value: s })),
      pilotSlots: pilots.map((p, i) => ({
        ...p,
        heading: `${messages.pilot ?? 'Pilot'} ${i + 1}`,
        nameId: `pilot${i}Name`,
        startId: `pilot${i}Start`,
        endId: `pilot${i}End`,
        questionId: `pilot${i}Question`,
        statusId: `pilot${i}Status`,
      })),
      decisionSlots: decisions.map((d, i) => ({
        ...d,
        heading: `${messages.decision ?? 'Besluit'} ${i + 1}`,
        titleId: `decision${i}Title`,
        explanationId: `decision${i}Explanation`,
      })),
      pilotCount: pilots.length,
      decisionCount: decisions.length,
      decisionIds: decisions.map((d) => d.id).join(','),
    },
  };
}

// The report ---------------------------------------------------------------------------------------------------------

export interface RapportCardOptions {
  readonly mode: 'broadcast' | 'detail';
  readonly notice?: Notice;
  /** Detail: the viewer may turn requested decisions into voorstellen (gemeente, trekker). */
  readonly canMakeVoorstel?: boolean;
  /** Detail: the viewer is a trekker of the table. */
  readonly canCorrect?: boolean;
  /** Detail: the gemeente may still share it with every aanbieder. */
  readonly canShare?: boolean;
  /** The viewer may ask the trekkers a question (always on a broadcast card: the server checks on submit). */
  readonly canAsk: boolean;
}

export function rapportCardView(
  tafel: Ontwikkeltafel,
  report: Voortgangsrapportage,
  options: RapportCardOptions,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'rapportageCard');
  const version = currentPublishedVersion(report);
  const content = version?.content ?? report.content;
  const first = report.versions[0];
  const detail = options.mode === 'detail';
  const sections = [
    { title: text.progress, text: content.progress },
    { title: text.results, text: content.results },
    { title: text.problems, text: content.problems },
    { title: text.nextSteps, text: content.nextSteps },
  ].filter((s) => s.text);
  const decisions = content.decisionsRequested;
  return {
    view: {
      ...noticeView(options.notice),
      heading: `${kindLabel(report.kind, locale)} ${tafel.name}`,
      period: periodRange(report.periodStart, report.periodEnd),
      statusLabel: statusLabel(content.status, locale),
      statusColour: statusColour(content.status),
      published: first
        ? format(text.publishedOn ?? '', { date: day(first.publishedAt), by: first.publishedBy.personName })
        : (text.draft ?? ''),
      corrected: version !== null && version.version > 1,
      correctedText:
        version && version.version > 1
          ? format(text.correctedOn ?? '', { version: version.version, date: day(version.publishedAt) })
          : '',
      trekkers: tafel.trekkers.map((t) => t.name).join(', '),
      sections,
      hasPilots: content.pilots.length > 0,
      pilots: content.pilots.map((p) => ({
        title: `${p.name} (${pilotStatusLabel(p.status, locale)})`,
        detail: `${periodRange(p.start, p.end)} · ${p.researchQuestion}`,
      })),
      hasDecisions: decisions.length > 0,
      decisions: decisions.map((d) => ({
        title: d.title,
        explanation: d.explanation,
        voorstel: d.voorstelId ? format(text.hasVoorstel ?? '', { id: d.voorstelId }) : '',
        canMake: detail && Boolean(options.canMakeVoorstel) && d.voorstelId === null,
        canOpen: detail && d.voorstelId !== null,
      })),
      hasHistory: detail && report.versions.length > 1,
      history: report.versions.map((v) => ({
        label: format(text.versionLine ?? '', {
          version: v.version,
          date: day(v.publishedAt),
          by: v.publishedBy.personName,
        }),
        reason: v.correctionReason ?? '',
      })),
      canAsk: options.canAsk,
      canCorrect: detail && Boolean(options.canCorrect),
      canShare: detail && Boolean(options.canShare),
      detail,
    },
    form: {
      tafelId: tafel.id,
      reportId: report.id,
      periodId: report.periodId,
      decisionIds: decisions.map((d) => d.id),
      voorstelIds: decisions.map((d) => d.voorstelId ?? ''),
    },
  };
}

export function vraagView(
  tafel: Ontwikkeltafel,
  report: Voortgangsrapportage,
  question: {
    readonly text: string;
    readonly askedBy: string;
    readonly organisation: string;
    readonly email: string;
  },
  locale: Locale,
): RenderInput {
  return {
    view: {
      heading: `${kindLabel(report.kind, locale)} ${tafel.name}`,
      period: periodRange(report.periodStart, report.periodEnd),
      question: question.text,
      askedBy: question.organisation ? `${question.askedBy} (${question.organisation})` : question.askedBy,
      email: question.email,
    },
    form: { tafelId: tafel.id, reportId: report.id },
  };
}

// The export ------------------------------------------------------------------------------------------------------------

/** Characters of Markdown per export card: the card stays well under Teams' ~28 KB. */
export const EXPORT_PART_CHARS = 12_000;

/** Splits the export at line ends into parts of at most `size` characters (a longer single line is cut). */
export function exportParts(markdown: string, size = EXPORT_PART_CHARS): string[] {
  const parts: string[] = [];
  let current = '';
  // Each piece keeps its own line end, so the parts join back to exactly the export.
  for (const piece of markdown.split(/(?<=\n)/)) {
    if (current && current.length + piece.length > size) {
      parts.push(current);
      current = '';
    }
    if (piece.length > size) {
      for (let i = 0; i < piece.length; i += size) parts.push(piece.slice(i, i + size));
      continue;
    }
    current += piece;
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}

export function exportView(
  range: { readonly from: string; readonly to: string },
  result: { readonly parts: readonly string[]; readonly part: number; readonly reports: number } | null,
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'rapportageExport');
  const part = result?.part ?? 0;
  const total = result?.parts.length ?? 0;
  return {
    view: {
      errors: [...errors],
      hasResult: result !== null,
      summary: result
        ? format(text.summary ?? '', {
            count: result.reports,
            from: formatDutchShortDate(range.from),
            to: formatDutchShortDate(range.to),
          })
        : '',
      partLabel: total > 1 ? format(text.partLabel ?? '', { part: part + 1, total }) : '',
      hasPrevious: part > 0,
      hasNext: part + 1 < total,
    },
    form: {
      from: range.from,
      to: range.to,
      markdown: result?.parts[part] ?? '',
      previous: String(part - 1),
      next: String(part + 1),
    },
  };
}
