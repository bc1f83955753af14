import {
  periodText,
  type PilotAanvraag,
  type PilotAanvraagStatus,
  type PublicPilot,
} from '../../domain/signalen';
import { formatShortDate } from '../../domain/time/english';
import { daysBetween, type LocalDate } from '../../domain/time/localDate';
import { escapeCardText, type Locale, type RenderInput } from '../renderCard';
import {
  BAR_UNITS,
  dateOf,
  fill,
  label,
  noticeOf,
  strings,
  type Choice,
  type Notice,
} from './signalenLabels';

/**
 * View models of the pilot cards. User text (plans, organisation names) goes through `view` (escaped) or is
 * escaped here before it goes into `trusted` next to raw ids for Action data. The broadcast view
 * (pilotBerichtView) takes the domain's public view only, so a pilot plan cannot reach a broadcast by accident.
 */

export function pilotStatusLabel(status: PilotAanvraagStatus, locale: Locale): string {
  return label(locale, `pilot_${status}`);
}

const PILOT_STYLE: Readonly<Record<PilotAanvraagStatus, string>> = {
  aangevraagd: 'warning',
  goedgekeurd: 'good',
  afgewezen: 'attention',
  gestart: 'accent',
  afgerond: 'emphasis',
};

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
  /** The gemeente or a participant may make a voorstel of the result [002 art. 10.5]. */
  readonly canMakeVoorstel?: boolean;
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
          value: `${pilot.requestedBy.personName} (${pilot.requestedBy.organisationName ?? ''}), ${dateOf(pilot.requestedAt, locale)}`,
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
        ? `${pilotStatusLabel(pilot.decision.kind === 'instemming' ? 'goedgekeurd' : 'afgewezen', locale)} · ${pilot.decision.by.personName} · ${dateOf(pilot.decision.at, locale)}`
        : '',
      decisionReason: pilot.decision?.reason ?? '',
      hasDecisionReason: Boolean(pilot.decision?.reason),
      hasTracking: tracking !== null,
      tracking: tracking
        ? [
            {
              title: text.startedOn,
              value: tracking.startedOn ? formatShortDate(tracking.startedOn, locale) : '-',
            },
            {
              title: text.endedOn,
              value: tracking.endedOn ? formatShortDate(tracking.endedOn, locale) : '-',
            },
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
      canMakeVoorstel: Boolean(options.canMakeVoorstel && tracking?.result && !pilot.voorstelId),
      hasVoorstel: Boolean(pilot.voorstelId),
    },
    // Linked reports: the title is Tafelbot's text around user text, escaped here; the ids are raw for the button.
    trusted: {
      reports: pilot.reportLinks.map((l) => ({
        title: escapeCardText(l.title),
        detail: escapeCardText(fill(text.linkedOn ?? '', { date: dateOf(l.linkedAt, locale) })),
        canOpen: l.ontwikkeltafelId !== null,
        tafelId: l.ontwikkeltafelId ?? '',
        reportId: l.reportId,
      })),
    },
    form: {
      pilotId: pilot.id,
      voorstelId: pilot.voorstelId ?? '',
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
  const values = { title: pilot.title, end: formatShortDate(pilot.end, locale) };
  return {
    view: {
      title: fill(text[`title_${kind}`] ?? '', values),
      intro: fill(text[`intro_${kind}`] ?? '', values),
      style: kind === 'afwijzing' ? 'attention' : kind === 'instemming' ? 'good' : 'accent',
      facts: [
        {
          title: text.period,
          value: `${formatShortDate(pilot.start, locale)} ${locale === 'en' ? 'to' : 't/m'} ${formatShortDate(pilot.end, locale)}`,
        },
        { title: text.organisations, value: pilot.organisationNames.join(', ') },
      ],
      reason: pilot.decision?.reason ?? '',
      hasReason: kind !== 'aanvraag' && kind !== 'resultaat' && Boolean(pilot.decision?.reason),
    },
    form: { pilotId: pilot.id },
  };
}
