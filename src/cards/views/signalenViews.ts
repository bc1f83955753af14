import { PERCEEL_NAMES, PERCELEN, type Perceel } from '../../domain/registry/registry';
import {
  ONDERWERPEN,
  SENTIMENTEN,
  periodText,
  statusOf,
  type Onderwerp,
  type PilotAanvraag,
  type PilotAanvraagStatus,
  type PublicPilot,
  type PublicSignaal,
  type Sentiment,
  type Signaal,
  type SignaalStatus,
  type SignaalSummary,
  type WachtlijstRow,
} from '../../domain/signalen';
import { fromIsoInstant, localDateOf } from '../../domain/time/amsterdam';
import { formatDutchDateTime, formatDutchShortDate } from '../../domain/time/dutch';
import { daysBetween, type LocalDate } from '../../domain/time/localDate';
import { escapeCardText, stringsFor, type Locale, type RenderInput } from '../renderCard';

/**
 * View models of the signalen and pilot cards. User text (signalen, answers, plans, organisation names) goes
 * through `view` (escaped) or is escaped here before it goes into `trusted` next to raw ids for Action data.
 * The broadcast views (signaalBerichtView, pilotBerichtView) take the domain's public views only, so a
 * confidential signaal's text or a pilot plan cannot reach a broadcast by accident.
 */

type Strings = Record<string, string>;

const BAR_UNITS = 20;
/** Choice values for "no perceel" and "every onderwerp" (a choice cannot have an empty value). */
export const NO_PERCEEL = 'geen';
export const ALL_ONDERWERPEN = 'alle';
/** Signalen listed on one card: each costs about 1.3 kB, and Teams refuses cards above about 28 kB. */
const MAX_ITEMS = 10;

/**
 * Fills {placeholders} without escaping: for text that goes into `view`, which the renderer escapes once (the
 * renderer's `format` escapes too, for `trusted` text, and would escape twice here).
 */
function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

function strings(section: string, locale: Locale): Strings {
  return stringsFor(section, locale) as Strings;
}

function label(locale: Locale, key: string): string {
  return strings('signalen', locale)[key] ?? key;
}

/** A sentence from the `signalen` strings, filled but not escaped: for notices (which go into `view`). */
export function signalenText(
  locale: Locale,
  key: string,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return fill(label(locale, key), values);
}

export function sentimentLabel(sentiment: Sentiment, locale: Locale): string {
  return label(locale, `sentiment_${sentiment}`);
}

export function onderwerpLabel(onderwerp: Onderwerp, locale: Locale): string {
  return label(locale, `onderwerp_${onderwerp}`);
}

function statusLabel(status: SignaalStatus, locale: Locale): string {
  return label(locale, `status_${status}`);
}

export function pilotStatusLabel(status: PilotAanvraagStatus, locale: Locale): string {
  return label(locale, `pilot_${status}`);
}

function perceelLabel(perceel: Perceel | null, locale: Locale): string {
  return perceel === null ? label(locale, 'noPerceel') : `${perceel}. ${PERCEEL_NAMES[perceel]}`;
}

/** Container styles and TextBlock colours per sentiment: the same colours in the table, the bars and the badges. */
const SENTIMENT_STYLE: Readonly<Record<Sentiment, string>> = {
  positief: 'good',
  neutraal: 'accent',
  negatief: 'attention',
};
const SENTIMENT_COLOR: Readonly<Record<Sentiment, string>> = {
  positief: 'Good',
  neutraal: 'Accent',
  negatief: 'Attention',
};
const STATUS_COLOR: Readonly<Record<SignaalStatus, string>> = {
  nieuw: 'Warning',
  beantwoord: 'Good',
  agenda: 'Accent',
  voorstel: 'Accent',
};
const PILOT_STYLE: Readonly<Record<PilotAanvraagStatus, string>> = {
  aangevraagd: 'warning',
  goedgekeurd: 'good',
  afgewezen: 'attention',
  gestart: 'accent',
  afgerond: 'emphasis',
};

function dateOf(instant: string): string {
  return formatDutchShortDate(localDateOf(fromIsoInstant(instant)));
}

/** A banner above a card (Tafelbot's own text; escaped here like everything in `view`). */
export interface Notice {
  readonly title: string;
  readonly messages: readonly string[];
  readonly style: 'good' | 'warning' | 'attention' | 'accent';
}

function noticeOf(notice: Notice | undefined): Record<string, unknown> | null {
  return notice ? { title: notice.title, messages: [...notice.messages], style: notice.style } : null;
}

/**
 * Widths of a stacked bar: each part proportional within the row, the row proportional to the largest row, every
 * non-zero part at least one unit so a single signaal stays visible; the last width is the empty rest.
 */
export function stackedBar(parts: readonly number[], largest: number, units = BAR_UNITS): number[] {
  const total = parts.reduce((sum, p) => sum + p, 0);
  if (total === 0 || largest <= 0) return [...parts.map(() => 0), units];
  const nonZero = parts.filter((p) => p > 0).length;
  const rowUnits = Math.min(units, Math.max(nonZero, Math.round((total / largest) * units)));
  const exact = parts.map((p) => (p / total) * rowUnits);
  const widths = exact.map((x, i) => (parts[i]! > 0 ? Math.max(1, Math.floor(x)) : 0));
  let rest = rowUnits - widths.reduce((sum, w) => sum + w, 0);
  const byFraction = exact
    .map((x, i) => ({ i, fraction: x - Math.floor(x) }))
    .filter(({ i }) => parts[i]! > 0)
    .sort((a, b) => b.fraction - a.fraction);
  for (let k = 0; rest > 0 && byFraction.length > 0; k++, rest--)
    widths[byFraction[k % byFraction.length]!.i]! += 1;
  while (rest < 0) {
    const widest = widths.indexOf(Math.max(...widths));
    widths[widest]! -= 1;
    rest++;
  }
  return [...widths, units - widths.reduce((sum, w) => sum + w, 0)];
}

// Choices ------------------------------------------------------------------------------------------------------

export interface Choice {
  readonly title: string;
  readonly value: string;
}

function sentimentChoices(locale: Locale): Choice[] {
  return SENTIMENTEN.map((s) => ({ title: sentimentLabel(s, locale), value: s }));
}

function onderwerpChoices(locale: Locale): Choice[] {
  return ONDERWERPEN.map((o) => ({ title: onderwerpLabel(o, locale), value: o }));
}

function perceelChoices(locale: Locale): Choice[] {
  return [
    // A choice needs a non-empty value: NO_PERCEEL stands for "geen perceel".
    { title: label(locale, 'noPerceel'), value: NO_PERCEEL },
    ...PERCELEN.map((p) => ({ title: perceelLabel(p, locale), value: String(p) })),
  ];
}

// The contact's start card -----------------------------------------------------------------------------------

function signaalRow(signaal: Signaal, locale: Locale) {
  const status = statusOf(signaal);
  return {
    date: escapeCardText(dateOf(signaal.raisedAt)),
    onderwerp: escapeCardText(onderwerpLabel(signaal.onderwerp, locale)),
    sentiment: escapeCardText(sentimentLabel(signaal.sentiment, locale)),
    sentimentStyle: SENTIMENT_STYLE[signaal.sentiment],
    status: escapeCardText(statusLabel(status, locale)),
    statusColor: STATUS_COLOR[status],
    from: escapeCardText(signaal.raisedBy.organisationName ?? label(locale, 'gemeente')),
    // Shown only to the gemeente and the sender's own organisation (see maySeeSignaal), never broadcast.
    excerpt: escapeCardText(excerpt(signaal.text)),
    flag: signaal.confidential ? escapeCardText(label(locale, 'confidential')) : '',
    signaalId: signaal.id,
    organisationId: signaal.organisationId,
  };
}

function excerpt(text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

export function signaalStartView(
  signalen: readonly Signaal[],
  options: { readonly canRequestPilot: boolean },
  locale: Locale,
  notice?: Notice,
): RenderInput {
  return {
    view: {
      notice: noticeOf(notice),
      hasSignalen: signalen.length > 0,
      canRequestPilot: options.canRequestPilot,
    },
    trusted: { items: signalen.slice(0, MAX_ITEMS).map((s) => signaalRow(s, locale)) },
  };
}

// The form ---------------------------------------------------------------------------------------------------

export interface SignaalFormValues {
  readonly organisationId: string;
  readonly sentiment: string;
  readonly onderwerp: string;
  readonly perceel: string;
  readonly text: string;
  readonly confidential: string;
  readonly allocationDate: string;
  readonly expectedStartDate: string;
  readonly clients: string;
}

export function emptySignaalForm(organisationId = ''): SignaalFormValues {
  return {
    organisationId,
    sentiment: '',
    onderwerp: '',
    perceel: '',
    text: '',
    confidential: 'false',
    allocationDate: '',
    expectedStartDate: '',
    clients: '1',
  };
}

export function signaalFormView(
  values: SignaalFormValues,
  organisations: readonly Choice[],
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  return {
    view: { errors: [...errors] },
    // Input values and choice titles are shown verbatim by Teams: raw.
    form: {
      ...values,
      perceel: values.perceel || NO_PERCEEL,
      confidential: values.confidential === 'true' ? 'true' : 'false',
      clientsNumber: /^\d{1,3}$/.test(values.clients) ? Number(values.clients) : null,
      organisationChoices: organisations,
      sentimentChoices: sentimentChoices(locale),
      onderwerpChoices: onderwerpChoices(locale),
      perceelChoices: perceelChoices(locale),
    },
  };
}

// The gemeente's inbox ---------------------------------------------------------------------------------------

export interface InboxOptions {
  readonly year: number;
  /** The year it is now, to offer the way back from an earlier year. */
  readonly currentYear: number;
  readonly onderwerp: Onderwerp | null;
  readonly agendaRequests: number;
}

export function signaalInboxView(
  summary: SignaalSummary,
  latest: readonly Signaal[],
  options: InboxOptions,
  locale: Locale,
  notice?: Notice,
): RenderInput {
  const text = strings('signaalInbox', locale);
  const largest = Math.max(1, ...summary.rows.map((r) => r.total));
  const count = (n: number, sentiment: Sentiment) => ({
    value: String(n),
    color: n > 0 ? SENTIMENT_COLOR[sentiment] : 'Default',
  });
  return {
    view: {
      notice: noticeOf(notice),
      title: `${text.title} ${options.year}`,
      totals: [
        { value: String(summary.totals.total), label: text.total, style: 'emphasis' },
        ...SENTIMENTEN.map((s) => ({
          value: String(summary.totals[s]),
          label: text[s],
          style: SENTIMENT_STYLE[s],
        })),
      ],
      rows: summary.rows.map((row) => {
        const [positief, neutraal, negatief, empty] = stackedBar(
          [row.positief, row.neutraal, row.negatief],
          largest,
        );
        return {
          onderwerp: onderwerpLabel(row.onderwerp, locale),
          positief: count(row.positief, 'positief'),
          neutraal: count(row.neutraal, 'neutraal'),
          negatief: count(row.negatief, 'negatief'),
          total: String(row.total),
          bar: { positief, neutraal, negatief, empty },
        };
      }),
      latestTitle: options.onderwerp
        ? fill(text.latestFiltered ?? '', { onderwerp: onderwerpLabel(options.onderwerp, locale) })
        : text.latest,
      hasLatest: latest.length > 0,
      agendaRequests: fill(text.agendaRequests ?? '', { count: options.agendaRequests }),
      hasAgendaRequests: options.agendaRequests > 0,
      isEarlierYear: options.year < options.currentYear,
    },
    trusted: { items: latest.slice(0, MAX_ITEMS).map((s) => signaalRow(s, locale)) },
    form: {
      year: options.year,
      previousYear: options.year - 1,
      onderwerp: options.onderwerp ?? ALL_ONDERWERPEN,
      filterChoices: [{ title: text.filterAll, value: ALL_ONDERWERPEN }, ...onderwerpChoices(locale)],
    },
  };
}

// One signaal ------------------------------------------------------------------------------------------------

export interface DetailOptions {
  /** The gemeente: may answer, put it on the agenda and make a voorstel. */
  readonly canManage: boolean;
}

export function signaalDetailView(
  signaal: Signaal,
  options: DetailOptions,
  locale: Locale,
  notice?: Notice,
): RenderInput {
  const text = strings('signaalDetail', locale);
  const status = statusOf(signaal);
  const w = signaal.wachtlijst;
  const person = signaal.raisedBy.personName;
  const organisation = signaal.raisedBy.organisationName ?? label(locale, 'gemeente');
  return {
    view: {
      notice: noticeOf(notice),
      title: `${onderwerpLabel(signaal.onderwerp, locale)} · ${sentimentLabel(signaal.sentiment, locale)}`,
      sentimentStyle: SENTIMENT_STYLE[signaal.sentiment],
      status: statusLabel(status, locale),
      statusColor: STATUS_COLOR[status],
      confidential: signaal.confidential,
      facts: [
        { title: text.from, value: `${person} (${organisation})` },
        { title: text.raisedAt, value: formatDutchDateTime(fromIsoInstant(signaal.raisedAt)) },
        { title: text.onderwerp, value: onderwerpLabel(signaal.onderwerp, locale) },
        { title: text.sentiment, value: sentimentLabel(signaal.sentiment, locale) },
        { title: text.perceel, value: perceelLabel(signaal.perceel, locale) },
        { title: text.status, value: statusLabel(status, locale) },
      ],
      text: signaal.text,
      hasWachtlijst: w !== null,
      wachtlijst: w
        ? [
            { title: text.allocationDate, value: formatDutchShortDate(w.allocationDate) },
            { title: text.startDeadline, value: formatDutchShortDate(w.startDeadline) },
            {
              title: text.expectedStart,
              value: w.expectedStartDate
                ? `${formatDutchShortDate(w.expectedStartDate)} (${fill(text.workingDays ?? '', { days: w.expectedWorkingDays ?? 0 })})`
                : (text.unknown ?? ''),
            },
            { title: text.clients, value: String(w.clients) },
          ]
        : [],
      answers: signaal.answers.map((a) => ({
        text: a.text,
        meta: `${a.by.personName} · ${formatDutchDateTime(fromIsoInstant(a.at))}`,
      })),
      hasAnswers: signaal.answers.length > 0,
      agenda: agendaText(signaal, text),
      hasAgenda: signaal.agenda !== null,
      hasMeeting: Boolean(options.canManage && signaal.agenda?.meeting),
      hasVoorstel: signaal.voorstelId !== null,
      canManage: options.canManage,
      canAnswer: options.canManage,
      canAgenda: options.canManage && signaal.agenda === null,
      canVoorstel: options.canManage && signaal.voorstelId === null,
    },
    form: {
      signaalId: signaal.id,
      organisationId: signaal.organisationId,
      voorstelId: signaal.voorstelId ?? '',
      meetingId: signaal.agenda?.meeting?.meetingId ?? '',
      backVerb: options.canManage ? 'signaal.inbox' : 'signalen.home',
    },
  };
}

function agendaText(signaal: Signaal, text: Strings): string {
  const agenda = signaal.agenda;
  if (!agenda) return '';
  if (agenda.meeting) {
    return fill(text.agendaMeeting ?? '', {
      meeting: agenda.meeting.title,
      date: formatDutchDateTime(fromIsoInstant(agenda.meeting.start)),
      title: agenda.agendaTitle,
    });
  }
  return fill(text.agenda ?? '', { date: dateOf(agenda.requestedAt), title: agenda.agendaTitle });
}

// Waiting lists per perceel -----------------------------------------------------------------------------------

export function signaalWachtlijstView(
  rows: readonly WachtlijstRow[],
  latest: readonly Signaal[],
  year: number,
  locale: Locale,
): RenderInput {
  const text = strings('signaalWachtlijst', locale);
  const largest = Math.max(1, ...rows.map((r) => r.clients));
  const days = (n: number | null) => (n === null ? '-' : fill(text.days ?? '', { days: n }));
  return {
    view: {
      intro: fill(text.intro ?? '', { year }),
      rows: rows.map((r) => {
        const [waiting, started, empty] = stackedBar(
          [r.clientsStillWaiting, r.clients - r.clientsStillWaiting],
          largest,
        );
        return {
          perceel: perceelLabel(r.perceel, locale),
          signalen: String(r.signalen),
          aanbieders: String(r.aanbieders),
          waiting: `${r.clientsStillWaiting} / ${r.clients}`,
          waitingColor: r.clientsStillWaiting > 0 ? 'Attention' : 'Default',
          longest: days(r.longestExpectedWorkingDays),
          unknownStart: String(r.unknownStart),
          bar: { waiting, started, empty },
        };
      }),
      hasLatest: latest.length > 0,
    },
    trusted: { items: latest.slice(0, MAX_ITEMS).map((s) => signaalRow(s, locale)) },
    form: { year },
  };
}

// Broadcasts about a signaal ---------------------------------------------------------------------------------

export type SignaalBerichtKind = 'antwoord' | 'nieuw';

/**
 * The answer to the sender and the gemeente's notice of a new signaal. Built from the public view only: a
 * confidential signaal appears as "vertrouwelijk" without any of its text.
 */
export function signaalBerichtView(
  kind: SignaalBerichtKind,
  signaal: PublicSignaal,
  answer: string | null,
  locale: Locale,
): RenderInput {
  const text = strings('signaalBericht', locale);
  const onderwerp = onderwerpLabel(signaal.onderwerp, locale);
  const organisation = signaal.organisationName ?? label(locale, 'gemeente');
  return {
    view: {
      title: fill(kind === 'antwoord' ? (text.titleAnswer ?? '') : (text.titleNew ?? ''), { onderwerp }),
      intro: fill(kind === 'antwoord' ? (text.introAnswer ?? '') : (text.introNew ?? ''), {
        organisation,
        date: dateOf(signaal.raisedAt),
      }),
      sentimentStyle: SENTIMENT_STYLE[signaal.sentiment],
      sentiment: sentimentLabel(signaal.sentiment, locale),
      facts: [
        { title: text.from, value: organisation },
        { title: text.onderwerp, value: onderwerp },
        { title: text.raisedAt, value: dateOf(signaal.raisedAt) },
      ],
      quote: signaal.excerpt ?? text.confidentialNote ?? '',
      isConfidential: signaal.confidential,
      answer: answer ?? '',
      hasAnswer: answer !== null,
    },
    form: { signaalId: signaal.id, organisationId: signaal.organisationId },
  };
}

// Pilots -----------------------------------------------------------------------------------------------------

export interface PilotFormValues {
  readonly organisationId: string;
  readonly title: string;
  readonly start: string;
  readonly end: string;
  readonly participantIds: string;
  readonly innovation: string;
  readonly researchQuestion: string;
  readonly expectedResult: string;
  readonly deviation: string;
}

export function emptyPilotForm(organisationId = ''): PilotFormValues {
  return {
    organisationId,
    title: '',
    start: '',
    end: '',
    participantIds: '',
    innovation: '',
    researchQuestion: '',
    expectedResult: '',
    deviation: '',
  };
}

export function pilotFormView(
  values: PilotFormValues,
  organisations: readonly Choice[],
  participants: readonly Choice[],
  errors: readonly string[],
): RenderInput {
  return {
    view: { errors: [...errors] },
    form: { ...values, organisationChoices: organisations, participantChoices: participants },
  };
}

function pilotRow(pilot: PilotAanvraag, locale: Locale) {
  return {
    title: escapeCardText(pilot.title),
    organisations: escapeCardText(pilot.organisations.map((o) => o.name).join(', ')),
    period: escapeCardText(periodText(pilot)),
    status: escapeCardText(pilotStatusLabel(pilot.status, locale)),
    statusStyle: PILOT_STYLE[pilot.status],
    pilotId: pilot.id,
  };
}

export function pilotOverzichtView(
  pilots: readonly PilotAanvraag[],
  options: { readonly canRequest: boolean; readonly isGemeente: boolean },
  locale: Locale,
  notice?: Notice,
): RenderInput {
  const statuses: PilotAanvraagStatus[] = ['aangevraagd', 'goedgekeurd', 'gestart', 'afgerond', 'afgewezen'];
  return {
    view: {
      notice: noticeOf(notice),
      counts: statuses.map((s) => ({
        value: String(pilots.filter((p) => p.status === s).length),
        label: pilotStatusLabel(s, locale),
        style: PILOT_STYLE[s],
      })),
      hasPilots: pilots.length > 0,
      canRequest: options.canRequest,
      isGemeente: options.isGemeente,
    },
    trusted: { items: pilots.slice(0, 30).map((p) => pilotRow(p, locale)) },
  };
}

/** Share of the planned period that has passed, 0-100. */
export function elapsedPercent(pilot: Pick<PilotAanvraag, 'start' | 'end'>, today: LocalDate): number {
  const length = daysBetween(pilot.start, pilot.end);
  const passed = daysBetween(pilot.start, today);
  return Math.round(Math.min(1, Math.max(0, passed / Math.max(1, length))) * 100);
}

export interface PilotDetailOptions {
  readonly canDecide: boolean;
  readonly canTrack: boolean;
  /** Published voortgangsrapportages to link to, value `<tafelId>|<reportId>` (see reportChoiceValue). */
  readonly reportChoices?: readonly Choice[];
}

/** The choice value of a report: the table id is the report's partition, so both travel together. */
export function reportChoiceValue(tafelId: string, reportId: string): string {
  return `${tafelId}|${reportId}`;
}

const REPORT_CHOICE = /^([A-Za-z0-9][A-Za-z0-9:_-]{0,127})\|([A-Za-z0-9][A-Za-z0-9:_-]{0,127})$/;

/** The table and report of a choice value; undefined for anything Tafelbot did not put there. */
export function parseReportChoice(value: string): { tafelId: string; reportId: string } | undefined {
  const match = REPORT_CHOICE.exec(value);
  return match ? { tafelId: match[1]!, reportId: match[2]! } : undefined;
}

export function pilotDetailView(
  pilot: PilotAanvraag,
  options: PilotDetailOptions,
  today: LocalDate,
  locale: Locale,
  notice?: Notice,
): RenderInput {
  const text = strings('pilotDetail', locale);
  const approved =
    pilot.status === 'goedgekeurd' || pilot.status === 'gestart' || pilot.status === 'afgerond';
  const percent = elapsedPercent(pilot, today);
  const filled = Math.round((percent / 100) * BAR_UNITS);
  const tracking = pilot.tracking;
  return {
    view: {
      notice: noticeOf(notice),
      title: pilot.title,
      status: pilotStatusLabel(pilot.status, locale),
      statusStyle: PILOT_STYLE[pilot.status],
      facts: [
        { title: text.period, value: periodText(pilot) },
        { title: text.organisations, value: pilot.organisations.map((o) => o.name).join(', ') },
        {
          title: text.requestedBy,
          value: `${pilot.requestedBy.personName} (${pilot.requestedBy.organisationName ?? ''}), ${dateOf(pilot.requestedAt)}`,
        },
      ],
      plan: [
        { title: text.innovation, text: pilot.innovation },
        { title: text.researchQuestion, text: pilot.researchQuestion },
        { title: text.expectedResult, text: pilot.expectedResult },
        ...(pilot.deviation ? [{ title: text.deviation, text: pilot.deviation }] : []),
      ],
      showElapsed: approved && pilot.status !== 'afgerond',
      elapsed: fill(text.elapsed ?? '', { percent }),
      elapsedBar: { filled, empty: BAR_UNITS - filled },
      hasDecision: pilot.decision !== null,
      decision: pilot.decision
        ? `${pilotStatusLabel(pilot.decision.kind === 'instemming' ? 'goedgekeurd' : 'afgewezen', locale)} · ${pilot.decision.by.personName} · ${dateOf(pilot.decision.at)}`
        : '',
      decisionReason: pilot.decision?.reason ?? '',
      hasDecisionReason: Boolean(pilot.decision?.reason),
      hasTracking: tracking !== null,
      tracking: tracking
        ? [
            {
              title: text.startedOn,
              value: tracking.startedOn ? formatDutchShortDate(tracking.startedOn) : '-',
            },
            { title: text.endedOn, value: tracking.endedOn ? formatDutchShortDate(tracking.endedOn) : '-' },
          ]
        : [],
      result: tracking?.result ?? '',
      hasResult: Boolean(tracking?.result),
      hasReportChoices: (options.reportChoices ?? []).length > 0,
      hasReports: pilot.reportLinks.length > 0,
      showReports: approved,
      canDecide: options.canDecide && pilot.status === 'aangevraagd',
      canTrack: options.canTrack && (pilot.status === 'goedgekeurd' || pilot.status === 'gestart'),
      canLink: options.canTrack && approved,
    },
    // Linked reports: the title is Tafelbot's text around user text, escaped here; the ids are raw for the button.
    trusted: {
      reports: pilot.reportLinks.map((l) => ({
        title: escapeCardText(l.title),
        detail: escapeCardText(fill(text.linkedOn ?? '', { date: dateOf(l.linkedAt) })),
        canOpen: l.ontwikkeltafelId !== null,
        tafelId: l.ontwikkeltafelId ?? '',
        reportId: l.reportId,
      })),
    },
    form: {
      pilotId: pilot.id,
      reportChoices: options.reportChoices ?? [],
      startedOn: tracking?.startedOn ?? '',
      endedOn: tracking?.endedOn ?? '',
      result: tracking?.result ?? '',
    },
  };
}

export type PilotBerichtKind = 'aanvraag' | 'instemming' | 'afwijzing' | 'resultaat';

/** The pilot broadcasts (to the gemeente, to the requesters), from the public view: never the plan itself. */
export function pilotBerichtView(kind: PilotBerichtKind, pilot: PublicPilot, locale: Locale): RenderInput {
  const text = strings('pilotBericht', locale);
  const values = { title: pilot.title, end: formatDutchShortDate(pilot.end) };
  return {
    view: {
      title: fill(text[`title_${kind}`] ?? '', values),
      intro: fill(text[`intro_${kind}`] ?? '', values),
      style: kind === 'afwijzing' ? 'attention' : kind === 'instemming' ? 'good' : 'accent',
      facts: [
        {
          title: text.period,
          value: `${formatDutchShortDate(pilot.start)} t/m ${formatDutchShortDate(pilot.end)}`,
        },
        { title: text.organisations, value: pilot.organisationNames.join(', ') },
      ],
      reason: pilot.decision?.reason ?? '',
      hasReason: kind !== 'aanvraag' && kind !== 'resultaat' && Boolean(pilot.decision?.reason),
    },
    form: { pilotId: pilot.id },
  };
}
