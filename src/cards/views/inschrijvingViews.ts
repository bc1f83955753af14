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
  describeReasonEn,
  unmetRuleMessages,
  describeDeviation,
  frameworkDeviations,
  type DrawRecord,
  type DistributionFramework,
} from '../../domain/lottery';
import { PERCEEL_NAMES, PERCELEN, type Organisation, type Perceel } from '../../domain/registry/registry';
import { addDays, formatDateTime, localDateOf, localYearOf } from '../../domain/time';
import { escapeCardText, format, stringsFor, type Locale, type RenderInput } from '../renderCard';
import { categoryLabel, classificationLabel, perceelWord } from './classificationLabels';

/**
 * View models of the Overlegtafel registration cards: the gemeente's round form, live overview, draw form,
 * outcome and composition form; the aanbieder's invitation, registration form and status; the publications.
 * User text (organisation names, contact details, motivations, reasons) always goes through `view` (escaped).
 */

const BAR_UNITS = 20;
const MAX_REGISTRANTS_SHOWN = 25;
const MAX_RESERVE_SHOWN = 15;
const MAX_PROBABILITIES_SHOWN = 50;

type Strings = Record<string, string>;

function strings(section: string, locale: Locale): Strings {
  return stringsFor(section, locale) as Strings;
}

function perceelLabel(perceel: Perceel): string {
  return `${perceel}. ${PERCEEL_NAMES[perceel]}`;
}

function bar(count: number, largest: number): { barFilled: number; barEmpty: number } {
  const filled = count === 0 ? 0 : Math.max(1, Math.round((count / Math.max(1, largest)) * BAR_UNITS));
  return { barFilled: filled, barEmpty: BAR_UNITS - filled };
}

function percent(value: number, locale: Locale, digits = 1): string {
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

// The draw ---------------------------------------------------------------------------------------------------

export function drawFormView(
  round: Round,
  registrations: number,
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  const text = strings('inschrijvingLoting', locale);
  return {
    view: {
      title: `${text.title} ${round.year}`,
      registrations: String(registrations),
      announced: round.seed.mode !== 'gegenereerd',
      seedLabel: round.seed.mode === 'gegenereerd' ? text.generated : text.announced,
      seedValue:
        round.seed.mode === 'gegenereerd'
          ? (round.seed.seed ?? '')
          : round.seed.mode === 'toezegging'
            ? `${round.seed.source} (${round.seed.publicValueDate})`
            : round.seed.source,
      framework: roundFrameworkLines(round, locale),
      errors: [...errors],
    },
    form: { roundId: round.id },
  };
}

/** Where the record's seed came from; for a commit–reveal draw also what was revealed. */
function recordSeedSource(record: DrawRecord, locale: Locale): string {
  const c = record.seedCommitment;
  if (!c) {
    return locale === 'en'
      ? `${record.seedSource} (without commitment)`
      : `${record.seedSource} (zonder toezegging)`;
  }
  return locale === 'en'
    ? `Public value ${c.publicValue} (${c.publicValueSource}, ${c.publicValueDate}); revealed secret ${c.secret}, matching the commitment ${c.commitment} published ${c.committedAt}.`
    : `Openbare waarde ${c.publicValue} (${c.publicValueSource}, ${c.publicValueDate}); onthuld geheim ${c.secret}, passend bij de toezegging ${c.commitment} van ${c.committedAt}.`;
}

function chanceText(entry: DrawRecord['probabilities']['entries'][number], locale: Locale): string {
  if (entry.method === 'exact') return percent(entry.probability, locale);
  return `≈ ${percent(entry.probability, locale)} ± ${percent(entry.halfWidth95 ?? 0, locale)}`;
}

/** The gemeente's outcome card: composition per perceel, members with reasons, changes, reserves, unmet rules, chances. */
export function outcomeView(round: Round, record: DrawRecord, locale: Locale): RenderInput {
  const text = strings('inschrijvingUitkomst', locale);
  const composition = round.composition ?? { version: 1, members: [], changes: [] };
  const byId = new Map(record.registrations.map((r) => [r.organisationId, r]));
  const registrationsById = new Map(record.registrations.map((r) => [r.registrationId, r]));
  const drawn = new Map(record.outcome.selected.map((s) => [s.organisationId, s]));
  const memberIds = new Set(composition.members.map((m) => m.organisationId));
  const label = (organisationId: string, name: string): string => {
    const r = byId.get(organisationId);
    return r ? `${name} (${classificationLabel(r, locale)})` : name;
  };
  const lastPublication = round.publications[round.publications.length - 1];
  const unmetPercelen = new Set(record.unmetRules.map((u) => u.perceel).filter((p) => p !== undefined));
  const entries = record.probabilities.entries;
  const method =
    record.probabilities.method === 'exact'
      ? locale === 'en'
        ? 'Computed exactly.'
        : 'Exact berekend.'
      : locale === 'en'
        ? `Estimated with ${record.probabilities.runs} simulated draws (± = 95% interval).`
        : `Geschat met ${record.probabilities.runs} gesimuleerde lotingen (± = 95%-interval).`;
  return {
    view: {
      title: `${text.title} ${round.year}`,
      seatsFilled: `${composition.members.length} / ${round.framework.seats}`,
      seed: record.seed,
      seedSource: recordSeedSource(record, locale),
      algorithm: record.algorithmVersion,
      recordSha256: record.recordSha256,
      verify: format(text.verify ?? '', { roundId: round.id }),
      publication: lastPublication
        ? lastPublication.version === composition.version
          ? format(text.publishedVersion ?? '', { version: lastPublication.version })
          : `${text.changedSincePublication} ${format(text.publishedVersion ?? '', { version: lastPublication.version })}`
        : text.notPublished,
      canPublish: !lastPublication || lastPublication.version !== composition.version,
      perceelRows: PERCELEN.map((p) => {
        const members = composition.members.filter((m) => m.perceel === p);
        const minimum = round.framework.minimumPerPerceel[p];
        return {
          perceel: perceelLabel(p),
          minimum: String(minimum),
          organisations:
            members.length > 0
              ? members.map((m) => label(m.organisationId, m.organisationName)).join(' · ')
              : '-',
          style: members.length < minimum || unmetPercelen.has(p) ? 'attention' : 'good',
        };
      }),
      members: composition.members.map((m) => {
        const pick = drawn.get(m.organisationId);
        const change = [...composition.changes]
          .reverse()
          .find((c) => c.added?.organisationId === m.organisationId);
        return {
          rank: pick ? String(pick.rank) : '+',
          name: label(m.organisationId, m.organisationName),
          reason: pick
            ? locale === 'en'
              ? describeReasonEn(pick.reason, pick.perceel)
              : pick.reasonDescription
            : `${locale === 'en' ? 'Added by the municipality' : 'Toegevoegd door de gemeente'}: ${change?.reason ?? ''}`,
        };
      }),
      changes: composition.changes.map((c) => ({
        at: formatDateTime(new Date(c.at), locale),
        what: [
          c.removed ? `− ${c.removed.organisationName}` : '',
          c.added ? `+ ${c.added.organisationName} (${perceelWord(c.added.perceel, locale)})` : '',
        ]
          .filter(Boolean)
          .join('  '),
        reason: c.reason,
      })),
      reserve: record.outcome.reserve
        .filter((r) => !memberIds.has(r.organisationId))
        .slice(0, MAX_RESERVE_SHOWN)
        .map((r) => ({
          rank: String(r.rank),
          name: label(r.organisationId, r.organisationName),
          perceel: String(r.perceel),
        })),
      hasReserve: record.outcome.reserve.some((r) => !memberIds.has(r.organisationId)),
      unmet: unmetRuleMessages(record).map((message) => message[locale]),
      probabilities: entries.slice(0, MAX_PROBABILITIES_SHOWN).map((e) => ({
        name: e.organisationName,
        category: categoryLabel(e, registrationsById.get(e.registrationId), locale),
        chance: chanceText(e, locale),
        color: drawn.has(e.registrationId) ? 'Good' : 'Default',
      })),
      probabilityNote:
        entries.length > MAX_PROBABILITIES_SHOWN
          ? `${method} ${locale === 'en' ? `First ${MAX_PROBABILITIES_SHOWN} of ${entries.length}; the record has all.` : `Eerste ${MAX_PROBABILITIES_SHOWN} van ${entries.length}; het verslag bevat ze allemaal.`}`
          : method,
    },
    form: { roundId: round.id },
  };
}

// The gemeente changes the composition -----------------------------------------------------------------------

export interface CompositionFormValues {
  readonly remove: string;
  readonly add: string;
  readonly reason: string;
}

export function compositionFormView(
  round: Round,
  registrations: readonly RoundRegistration[],
  values: CompositionFormValues,
  etag: string,
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  const members = round.composition?.members ?? [];
  const seated = new Set(members.map((m) => m.organisationId));
  return {
    view: { title: String(round.year), errors: [...errors] },
    form: {
      ...values,
      roundId: round.id,
      etag,
      removeChoices: members.map((m) => ({
        title: `${m.organisationName} (${perceelWord(m.perceel, locale)})`,
        value: m.organisationId,
      })),
      addChoices: activeRegistrations(registrations)
        .filter((r) => !seated.has(r.organisationId))
        .map((r) => ({
          title: `${r.organisationName} (${perceelWord(r.perceel, locale)}, ${classificationLabel(r, locale)})`,
          value: r.organisationId,
        })),
    },
  };
}

// Publications (broadcasts, Dutch) ---------------------------------------------------------------------------

function compositionRows(round: Round): Array<{ perceel: string; organisations: string }> {
  const members = round.composition?.members ?? [];
  return PERCELEN.map((p) => ({
    perceel: perceelLabel(p),
    organisations:
      members
        .filter((m) => m.perceel === p)
        .map((m) => m.organisationName)
        .join(' · ') || '-',
  }));
}

/** To every contracted aanbieder: the composition, the changes with reasons, and the record's summary. */
export function publicationView(round: Round, record: DrawRecord, locale: Locale): RenderInput {
  const text = strings('inschrijvingPublicatie', locale);
  return {
    view: {
      title: `${text.title} ${round.year}`,
      rows: compositionRows(round),
      changes: (round.composition?.changes ?? []).map((c) => ({
        what: [
          c.removed ? `− ${c.removed.organisationName}` : '',
          c.added ? `+ ${c.added.organisationName}` : '',
        ]
          .filter(Boolean)
          .join('  '),
        reason: c.reason,
      })),
      unmet: unmetRuleMessages(record).map((message) => message[locale]),
      registrations: String(record.registrations.length),
      seed: record.seed,
      seedSource: recordSeedSource(record, locale),
      algorithm: record.algorithmVersion,
      hash: record.recordSha256,
    },
  };
}

export type PersonalMessageKind = 'selected' | 'notSelected' | 'removed';

/** To the selected, the not selected, or the removed organisations: one card per group (one broadcast each). */
export function personalMessageView(
  kind: PersonalMessageKind,
  round: Round,
  record: DrawRecord,
  locale: Locale,
  sincePublishedVersion = 0,
): RenderInput {
  const text = strings('inschrijvingBericht', locale);
  const year = round.year;
  const members = round.composition?.members ?? [];
  const seated = new Set(members.map((m) => m.organisationId));
  const reasons =
    kind === 'removed'
      ? (round.composition?.changes ?? [])
          .filter((c) => c.version > sincePublishedVersion && c.removed)
          .map((c) => c.reason)
      : [];
  return {
    view: {
      title: format(text[`${kind}Title`] ?? '', { year }),
      body: format(text[kind] ?? '', { year }),
      reasons,
      members: members.map((m) => `${m.organisationName} (${perceelWord(m.perceel, locale)})`),
      reserve:
        kind === 'notSelected'
          ? record.outcome.reserve
              .filter((r) => !seated.has(r.organisationId))
              .slice(0, MAX_RESERVE_SHOWN)
              .map((r) => `${r.rank}. ${r.organisationName} (${perceelWord(r.perceel, locale)})`)
          : [],
    },
  };
}
