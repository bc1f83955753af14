import {
  activeRegistrations,
  deadlineText,
  type ClassificationFlag,
  registrationCounts,
  roundPhase,
  type OpenRoundInput,
  type RegistrationInput,
  type Round,
  type RoundPhase,
  type RoundRegistration,
} from '../../domain/inschrijving';
import {
  defaultFramework,
  describeDeviation,
  frameworkDeviations,
  type DistributionFramework,
} from '../../domain/lottery';
import { PERCEEL_NAMES, PERCELEN, type Organisation, type Perceel } from '../../domain/registry/registry';
import { addDays, formatDateTime, localDateOf, localYearOf } from '../../domain/time';
import { escapeCardText, format, stringsFor, type Locale, type RenderInput } from '../renderCard';
import { classificationLabel, perceelWord } from './classificationLabels';

/**
 * View models of the Overlegtafel registration cards: the gemeente's round form and live overview; the
 * aanbieder's invitation, registration form and status. The draw, the composition and the publications are in
 * drawViews.ts.
 * User text (organisation names, contact details, motivations, reasons) always goes through `view` (escaped).
 */

const BAR_UNITS = 20;
const MAX_REGISTRANTS_SHOWN = 25;
export const MAX_RESERVE_SHOWN = 15;
export const MAX_PROBABILITIES_SHOWN = 50;

export type Strings = Record<string, string>;

export function strings(section: string, locale: Locale): Strings {
  return stringsFor(section, locale) as Strings;
}

export function perceelLabel(perceel: Perceel): string {
  return `${perceel}. ${PERCEEL_NAMES[perceel]}`;
}

export function bar(count: number, largest: number): { barFilled: number; barEmpty: number } {
  const filled = count === 0 ? 0 : Math.max(1, Math.round((count / Math.max(1, largest)) * BAR_UNITS));
  return { barFilled: filled, barEmpty: BAR_UNITS - filled };
}

export function percent(value: number, locale: Locale, digits = 1): string {
  const text = (value * 100).toFixed(digits);
  return locale === 'nl' ? `${text.replace('.', ',')}%` : `${text}%`;
}

const PHASE_LABEL: Readonly<Record<Locale, Record<RoundPhase, string>>> = {
  nl: {
    open: 'open',
    gesloten: 'gesloten, loting nog niet uitgevoerd',
    geloot: 'geloot, nog niet gepubliceerd',
    gepubliceerd: 'gepubliceerd',
  },
  en: {
    open: 'open',
    gesloten: 'closed, draw not yet run',
    geloot: 'drawn, not yet published',
    gepubliceerd: 'published',
  },
};

const PHASE_STYLE: Readonly<Record<RoundPhase, string>> = {
  open: 'good',
  gesloten: 'warning',
  geloot: 'accent',
  gepubliceerd: 'emphasis',
};

/** "12 zetels; perceel 1-4 min. 2, perceel 5 min. 1; verschillende grootte; lokale aanbieder; 3 terugkerend, 3 nieuw". */
export function frameworkLines(framework: DistributionFramework, locale: Locale): string[] {
  const m = framework.minimumPerPerceel;
  const minimums = PERCELEN.map((p) => `${p}: ${m[p]}`).join(' · ');
  if (locale === 'en') {
    return [
      `At most ${framework.seats} providers`,
      `Minimum per lot: ${minimums}`,
      ...(framework.differentGrootteWithinPerceel ? ['Per lot two providers of different size'] : []),
      ...(framework.atLeastOneLokaalPerPerceel
        ? ['At least one local provider per lot, where one registered']
        : []),
      `Continuity: at least ${framework.continuity.minimumReturning} returning; inflow: at least ${framework.inflow.minimumNewcomers} new`,
    ];
  }
  return [
    `Maximaal ${framework.seats} aanbieders`,
    `Minimum per perceel: ${minimums}`,
    ...(framework.differentGrootteWithinPerceel
      ? ['Per perceel twee aanbieders van verschillende grootte']
      : []),
    ...(framework.atLeastOneLokaalPerPerceel
      ? ['Minimaal één lokale aanbieder per perceel, indien ingeschreven']
      : []),
    `Continuïteit: minimaal ${framework.continuity.minimumReturning} terugkerend; instroom: minimaal ${framework.inflow.minimumNewcomers} nieuw`,
  ];
}

/** The framework of a round, then each departure from Bijlage 9 with the gemeente's reason (escaped). */
export function roundFrameworkLines(round: Round, locale: Locale): string[] {
  const deviations = frameworkDeviations(round.framework);
  if (deviations.length === 0) return frameworkLines(round.framework, locale);
  // View data is escaped by the renderer.
  const reason =
    round.deviationReason || (locale === 'en' ? '(no reason recorded)' : '(geen reden vastgelegd)');
  return [
    ...frameworkLines(round.framework, locale),
    ...deviations.map((d) => describeDeviation(d, locale)),
    locale === 'en'
      ? `Reason for departing from Bijlage 9: ${reason}`
      : `Reden van afwijking van Bijlage 9: ${reason}`,
  ];
}

/**
 * The seed as announced. A commit–reveal round shows only its commitment and the public value with its date (the
 * secret is not on the round at all); older rounds show their source or their published seed.
 */
export function seedText(round: Round, locale: Locale): string {
  if (round.draw) return `${round.draw.seed} (${round.draw.seedSource})`;
  if (round.seed.mode === 'toezegging') {
    const source = round.seed.source;
    return locale === 'en'
      ? `commit–reveal: Tafelbot committed to a secret with SHA-256 ${round.seed.commitment}; the seed combines it with the public value "${source}" of ${round.seed.publicValueDate}, after the deadline. Both are revealed at the draw.`
      : `toezegging: Tafelbot legde een geheim vast met SHA-256 ${round.seed.commitment}; de seed combineert het met de openbare waarde "${source}" van ${round.seed.publicValueDate}, na de sluitingstermijn. Beide worden bij de loting onthuld.`;
  }
  if (round.seed.mode === 'gegenereerd') {
    return locale === 'en'
      ? `${round.seed.seed ?? ''} (generated by Tafelbot, published in the invitation)`
      : `${round.seed.seed ?? ''} (gegenereerd door Tafelbot, gepubliceerd in de uitnodiging)`;
  }
  return locale === 'en'
    ? `announced source: ${round.seed.source} (the value is entered at the draw)`
    : `aangekondigde bron: ${round.seed.source} (de waarde wordt bij de loting ingevuld)`;
}

// The gemeente opens a round ---------------------------------------------------------------------------------

export function defaultOpenRoundInput(now: Date): OpenRoundInput {
  const framework = defaultFramework();
  const m = framework.minimumPerPerceel;
  return {
    year: String(localYearOf(now) + 1),
    deadlineDate: addDays(localDateOf(now), 42),
    deadlineTime: '12:00',
    seats: String(framework.seats),
    minimum1: String(m[1]),
    minimum2: String(m[2]),
    minimum3: String(m[3]),
    minimum4: String(m[4]),
    minimum5: String(m[5]),
    differentGrootte: String(framework.differentGrootteWithinPerceel),
    atLeastOneLokaal: String(framework.atLeastOneLokaalPerPerceel),
    minimumReturning: String(framework.continuity.minimumReturning),
    minimumNewcomers: String(framework.inflow.minimumNewcomers),
    seedSource: '',
    publicValueDate: addDays(localDateOf(now), 43),
    deviationReason: '',
  };
}

function numberOrNull(text: string): number | null {
  return /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : null;
}

export function roundFormView(values: OpenRoundInput, errors: readonly string[]): RenderInput {
  return {
    view: { errors: [...errors] },
    form: {
      ...values,
      yearNumber: numberOrNull(values.year),
      seatsNumber: numberOrNull(values.seats),
      minimums: PERCELEN.map((p) => ({
        id: `minimum${p}`,
        label: `${p}. ${PERCEEL_NAMES[p]}`,
        value: numberOrNull(values[`minimum${p}` as keyof OpenRoundInput]),
      })),
      minimumReturningNumber: numberOrNull(values.minimumReturning),
      minimumNewcomersNumber: numberOrNull(values.minimumNewcomers),
      differentGrootte: values.differentGrootte === 'false' ? 'false' : 'true',
      atLeastOneLokaal: values.atLeastOneLokaal === 'false' ? 'false' : 'true',
    },
  };
}

// The gemeente's live overview -------------------------------------------------------------------------------

/** A banner above a card: Tafelbot's own text, with any user text in it already escaped (it is rendered as trusted). */
export interface OverviewNotice {
  readonly title: string;
  readonly messages: readonly string[];
  readonly style: 'good' | 'warning' | 'attention' | 'accent';
}

function noticeOf(notice: OverviewNotice | undefined): Record<string, unknown> | null {
  return notice ? { title: notice.title, messages: [...notice.messages], style: notice.style } : null;
}

export function overviewView(
  round: Round,
  registrations: readonly RoundRegistration[],
  contractedCount: number,
  now: Date,
  locale: Locale,
  notice?: OverviewNotice,
  flags: readonly ClassificationFlag[] = [],
): RenderInput {
  const text = strings('inschrijvingOverzicht', locale);
  const phase = roundPhase(round, now);
  const active = activeRegistrations(registrations);
  const counts = registrationCounts(registrations);
  const largest = Math.max(1, ...counts.map((c) => c.total));
  const cell = (a: number, b: number): string => `${a} / ${b}`;
  const shown = active.slice(0, MAX_REGISTRANTS_SHOWN);
  return {
    view: {
      title: `${text.title} ${round.year}`,
      phase: PHASE_LABEL[locale][phase],
      phaseStyle: PHASE_STYLE[phase],
      deadline: deadlineText(round, locale),
      seats: String(round.framework.seats),
      seed: seedText(round, locale),
      framework: roundFrameworkLines(round, locale),
      totals: [
        { value: String(active.length), label: text.totalRegistrations },
        { value: String(registrations.length - active.length), label: text.totalWithdrawn },
        { value: String(contractedCount), label: text.totalOrganisations },
      ],
      rows: counts.map((c) => ({
        perceel: perceelLabel(c.perceel),
        total: String(c.total),
        klein: cell(c.cells['klein-lokaal'], c.cells['klein-regionaal']),
        middel: cell(c.cells['middel-lokaal'], c.cells['middel-regionaal']),
        groot: cell(c.cells['groot-lokaal'], c.cells['groot-regionaal']),
        ...bar(c.total, largest),
      })),
      registrants: shown.map((r) => ({
        name: r.organisationName,
        summary: `${perceelWord(r.perceel, locale)} · ${classificationLabel(r, locale, ' · ')} · ${formatDateTime(new Date(r.registeredAt), locale)}`,
        contact: `${r.contactpersoon.name} (${r.contactpersoon.email}) · ${r.vervanger.name} (${r.vervanger.email})`,
      })),
      moreRegistrants:
        active.length > shown.length
          ? locale === 'en'
            ? `… and ${active.length - shown.length} more`
            : `… en nog ${active.length - shown.length}`
          : '',
      hasRegistrants: active.length > 0,
      canDraw: phase === 'gesloten',
      canInvite: phase === 'open',
      hasOutcome: phase === 'geloot' || phase === 'gepubliceerd',
      canOpenNext: phase === 'gepubliceerd',
    },
    trusted: {
      notice: noticeOf(notice),
      // Trusted because of the input ids; the organisation's name is escaped here.
      flags: flags.map((f) => ({
        text: escapeCardText(flagText(f, locale)),
        organisationId: f.organisationId,
        decisionId: `besluit-${f.organisationId}`,
        reasonId: `reden-${f.organisationId}`,
      })),
    },
    form: { roundId: round.id },
  };
}

function flagText(flag: ClassificationFlag, locale: Locale): string {
  const registry = classificationLabel(flag.registry, locale);
  const declared = classificationLabel(flag.declared, locale);
  return locale === 'en'
    ? `${flag.organisationName}: registered as ${declared}; the registry says ${registry}`
    : `${flag.organisationName}: ingeschreven als ${declared}; het register zegt ${registry}`;
}

// The invitation (broadcast) ---------------------------------------------------------------------------------

/** The invitation; `reminder` for the one sent before the deadline to those who have not registered. */
export function invitationView(round: Round, locale: Locale, reminder = false): RenderInput {
  const text = strings('inschrijvingUitnodiging', locale);
  return {
    view: {
      reminder: reminder ? format(text.reminder ?? '', { deadline: deadlineText(round, locale) }) : '',
      title: `${text.title} ${round.year}`,
      deadline: deadlineText(round, locale),
      seats: String(round.framework.seats),
      framework: roundFrameworkLines(round, locale),
      seed: seedText(round, locale),
    },
    form: { roundId: round.id },
  };
}

// The aanbieder's registration form and status ---------------------------------------------------------------

export function registrationFormView(
  round: Round,
  organisation: Organisation,
  values: RegistrationInput,
  etag: string,
  isEdit: boolean,
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  return {
    view: {
      organisation: organisation.name,
      year: String(round.year),
      deadline: deadlineText(round, locale),
      isEdit,
      errors: [...errors],
    },
    // Choice titles are plain text in Teams, and input values are shown verbatim: raw.
    form: {
      ...values,
      roundId: round.id,
      organisationId: organisation.id,
      etag,
      perceelChoices: organisation.percelen.map((p) => ({ title: perceelLabel(p), value: String(p) })),
    },
  };
}

export interface StatusItem {
  readonly organisation: Organisation;
  readonly registration?: { readonly value: RoundRegistration; readonly etag: string };
}

export function statusView(
  round: Round,
  items: readonly StatusItem[],
  now: Date,
  locale: Locale,
  notice?: OverviewNotice,
): RenderInput {
  const text = strings('inschrijvingStatus', locale);
  const open = roundPhase(round, now) === 'open';
  const e = escapeCardText;
  const contact = (c: RoundRegistration['contactpersoon']): string =>
    `${c.name} (${c.email}${c.phone ? `, ${c.phone}` : ''})`;
  return {
    view: {
      title: `${text.title} ${round.year}`,
      deadline: deadlineText(round, locale),
      open,
    },
    // Per organisation: user text escaped here, ids and ETags raw (Tafelbot's own values, validated again on return).
    trusted: {
      notice: noticeOf(notice),
      organisations: items.map(({ organisation, registration }) => {
        const r = registration?.value;
        const status = !r ? 'none' : r.status;
        return {
          name: e(organisation.name),
          status:
            status === 'ingeschreven'
              ? text.registered
              : status === 'ingetrokken'
                ? text.withdrawn
                : text.notRegistered,
          statusColor: status === 'ingeschreven' ? 'Good' : status === 'ingetrokken' ? 'Warning' : 'Default',
          hasDetails: status === 'ingeschreven',
          perceel: r ? e(`${perceelLabel(r.perceel)} · ${classificationLabel(r, locale, ' · ')}`) : '',
          contacts: r ? e(`${contact(r.contactpersoon)} · ${contact(r.vervanger)}`) : '',
          motivation: r ? e(r.motivation) : '',
          canRegister: open && status !== 'ingeschreven',
          canChange: open && status === 'ingeschreven',
          registerTitle: status === 'ingetrokken' ? text.registerAgain : text.register,
          organisationId: organisation.id,
          etag: registration?.etag ?? '',
        };
      }),
    },
    form: { roundId: round.id },
  };
}
