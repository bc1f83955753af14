import { PERCEEL_NAMES, PERCELEN, type Perceel } from '../../domain/registry/registry';
import {
  ONDERWERPEN,
  SENTIMENTEN,
  statusOf,
  type Onderwerp,
  type PublicSignaal,
  type Sentiment,
  type Signaal,
  type SignaalStatus,
  type SignaalSummary,
  type WachtlijstRow,
} from '../../domain/signalen';
import { fromIsoInstant } from '../../domain/time/amsterdam';
import { formatDateTime, formatShortDate } from '../../domain/time/english';
import { escapeCardText, type Locale, type RenderInput } from '../renderCard';
import {
  BAR_UNITS,
  dateOf,
  fill,
  label,
  noticeOf,
  onderwerpLabel,
  sentimentLabel,
  strings,
  type Choice,
  type Notice,
  type Strings,
} from './signalenLabels';

/**
 * View models of the signalen cards (the pilot cards are in pilotViews). User text (signalen, answers,
 * organisation names) goes through `view` (escaped) or is escaped here before it goes into `trusted` next to raw
 * ids for Action data. The broadcast view (signaalBerichtView) takes the domain's public view only, so a
 * confidential signaal's text cannot reach a broadcast by accident.
 */

/** Choice values for "no perceel" and "every onderwerp" (a choice cannot have an empty value). */
export const NO_PERCEEL = 'geen';
export const ALL_ONDERWERPEN = 'alle';
/** Signalen listed on one card: each costs about 1.3 kB, and Teams refuses cards above about 28 kB. */
const MAX_ITEMS = 10;

function statusLabel(status: SignaalStatus, locale: Locale): string {
  return label(locale, `status_${status}`);
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
    date: escapeCardText(dateOf(signaal.raisedAt, locale)),
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
        { title: text.raisedAt, value: formatDateTime(fromIsoInstant(signaal.raisedAt), locale) },
        { title: text.onderwerp, value: onderwerpLabel(signaal.onderwerp, locale) },
        { title: text.sentiment, value: sentimentLabel(signaal.sentiment, locale) },
        { title: text.perceel, value: perceelLabel(signaal.perceel, locale) },
        { title: text.status, value: statusLabel(status, locale) },
      ],
      text: signaal.text,
      hasWachtlijst: w !== null,
      wachtlijst: w
        ? [
            { title: text.allocationDate, value: formatShortDate(w.allocationDate, locale) },
            { title: text.startDeadline, value: formatShortDate(w.startDeadline, locale) },
            {
              title: text.expectedStart,
              value: w.expectedStartDate
                ? `${formatShortDate(w.expectedStartDate, locale)} (${fill(text.workingDays ?? '', { days: w.expectedWorkingDays ?? 0 })})`
                : (text.unknown ?? ''),
            },
            { title: text.clients, value: String(w.clients) },
          ]
        : [],
      answers: signaal.answers.map((a) => ({
        text: a.text,
        meta: `${a.by.personName} · ${formatDateTime(fromIsoInstant(a.at), locale)}`,
      })),
      hasAnswers: signaal.answers.length > 0,
      agenda: agendaText(signaal, text, locale),
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

function agendaText(signaal: Signaal, text: Strings, locale: Locale): string {
  const agenda = signaal.agenda;
  if (!agenda) return '';
  if (agenda.meeting) {
    return fill(text.agendaMeeting ?? '', {
      meeting: agenda.meeting.title,
      date: formatDateTime(fromIsoInstant(agenda.meeting.start), locale),
      title: agenda.agendaTitle,
    });
  }
  return fill(text.agenda ?? '', { date: dateOf(agenda.requestedAt, locale), title: agenda.agendaTitle });
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
        date: dateOf(signaal.raisedAt, locale),
      }),
      sentimentStyle: SENTIMENT_STYLE[signaal.sentiment],
      sentiment: sentimentLabel(signaal.sentiment, locale),
      facts: [
        { title: text.from, value: organisation },
        { title: text.onderwerp, value: onderwerp },
        { title: text.raisedAt, value: dateOf(signaal.raisedAt, locale) },
      ],
      quote: signaal.excerpt ?? text.confidentialNote ?? '',
      isConfidential: signaal.confidential,
      answer: answer ?? '',
      hasAnswer: answer !== null,
    },
    form: { signaalId: signaal.id, organisationId: signaal.organisationId },
  };
}
