import type { Actor } from '../registry/actor';
import type { Organisation } from '../registry/registry';
import {
  refuse,
  refuseFields,
  refusalMessages,
  succeed,
  type Bilingual,
  type Result,
} from '../shared/result';
import { normaliseLine } from '../shared/text';
import { localDateOf, toIsoInstant, type IsoInstant } from '../time/amsterdam';
import { formatDutchShortDate } from '../time/dutch';
import { daysBetween, parseLocalDate, type LocalDate } from '../time/localDate';
import {
  contactCapacityFor,
  contactRecord,
  gemeenteRecord,
  isGemeente,
  requireGemeente,
  requireKnownActor,
  type ActorRecord,
} from '../voorstellen/acting';
import { checkText, FieldProblems } from '../voorstellen/textRules';

/**
 * Pilots [002 art. 10]: one or more aanbieders may deviate from the agreements for a time to innovate. They submit
 * a plan with at least a bounded period, a limited number of participating aanbieders, how it relates to
 * innovation and a research question with a clearly stated expected result (10.3). The gemeente consents or
 * declines (10.4); an approved pilot is tracked (start, end, result) and can be linked to the voortgangsrapportage
 * of an ontwikkeltafel that reports on it. Its results may lead to changed agreements (10.5).
 */

export const PILOT_LIMITS = {
  titleMin: 3,
  titleMax: 200,
  /** "een beperkt aantal deelnemende aanbieders" (10.3): the requester included. */
  organisationsMax: 5,
  innovationMax: 4000,
  researchQuestionMax: 2000,
  expectedResultMax: 2000,
  deviationMax: 2000,
  reasonMax: 2000,
  resultMax: 4000,
  /** "een afgebakende tijdperiode": at most two years. */
  maxDays: 731,
  reportLinksMax: 10,
} as const;

export const PILOT_AANVRAAG_STATUSES = [
  'aangevraagd',
  'goedgekeurd',
  'afgewezen',
  'gestart',
  'afgerond',
] as const;
export type PilotAanvraagStatus = (typeof PILOT_AANVRAAG_STATUSES)[number];

export type PilotDecisionKind = 'instemming' | 'afwijzing';

export interface PilotParticipant {
  readonly organisationId: string;
  readonly name: string;
}

export interface PilotDecision {
  readonly kind: PilotDecisionKind;
  /** Required when declining; optional conditions when consenting. */
  readonly reason: string | null;
  readonly by: ActorRecord;
  readonly at: IsoInstant;
}

export interface PilotTracking {
  readonly startedOn: LocalDate | null;
  readonly endedOn: LocalDate | null;
  readonly result: string | null;
  readonly updatedAt: IsoInstant;
  readonly updatedBy: ActorRecord;
}

export interface PilotReportLink {
  readonly reportId: string;
  /** How people recognise the report (table and period), copied when linked. */
  readonly title: string;
  readonly ontwikkeltafelId: string | null;
  readonly linkedAt: IsoInstant;
  readonly linkedBy: ActorRecord;
}

export interface PilotAanvraag {
  readonly id: string;
  readonly title: string;
  /** The planned period, inclusive. */
  readonly start: LocalDate;
  readonly end: LocalDate;
  /** The requesting aanbieder first, then the other participants. */
  readonly organisations: readonly PilotParticipant[];
  readonly innovation: string;
  readonly researchQuestion: string;
  readonly expectedResult: string;
  /** What in the agreements or the contract the pilot deviates from (10.1); may be empty. */
  readonly deviation: string;
  readonly requestedBy: ActorRecord;
  readonly requestedAt: IsoInstant;
  readonly updatedAt: IsoInstant;
  readonly status: PilotAanvraagStatus;
  readonly decision: PilotDecision | null;
  readonly tracking: PilotTracking | null;
  readonly reportLinks: readonly PilotReportLink[];
  /** The voorstel made from the pilot's result [002 art. 10.5]; absent on pilots stored before. */
  readonly voorstelId?: string | null;
}

export interface PilotInput {
  readonly title?: unknown;
  readonly start?: unknown;
  readonly end?: unknown;
  /** Ids of the other participating aanbieders ("a,b" or a list). */
  readonly participantIds?: unknown;
  readonly innovation?: unknown;
  readonly researchQuestion?: unknown;
  readonly expectedResult?: unknown;
  readonly deviation?: unknown;
}

export interface RequestPilot {
  readonly id: string;
  readonly input: PilotInput;
  readonly onBehalfOfOrganisationId: string | undefined;
  /** The registry's organisations, to check the participants. */
  readonly organisations: readonly Organisation[];
}

function idsOf(value: unknown): string[] | undefined {
  const parts: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : value === undefined || value === null
        ? []
        : [value];
  const ids = parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== '');
  if (!ids.every((id) => typeof id === 'string')) return undefined;
  return [...new Set(ids as string[])];
}

function checkPeriod(
  problems: FieldProblems,
  startValue: unknown,
  endValue: unknown,
  today: LocalDate,
): { start: LocalDate; end: LocalDate } | undefined {
  const start = parseLocalDate(startValue);
  const end = parseLocalDate(endValue);
  if (!start.ok) {
    problems.add(
      'start',
      normaliseLine(startValue)
        ? {
            nl: `De startdatum: ${start.messages[0]}`,
            en: `The start date: ${refusalMessages(start, 'en')[0]}`,
          }
        : { nl: 'Vul de startdatum van de pilot in.', en: 'Fill in the start date of the pilot.' },
    );
  } else if (start.value < today) {
    problems.add('start', {
      nl: 'De startdatum van een nieuwe pilot ligt niet in het verleden.',
      en: 'The start date of a new pilot cannot be in the past.',
    });
  }
  if (!end.ok) {
    problems.add(
      'end',
      normaliseLine(endValue)
        ? { nl: `De einddatum: ${end.messages[0]}`, en: `The end date: ${refusalMessages(end, 'en')[0]}` }
        : { nl: 'Vul de einddatum van de pilot in.', en: 'Fill in the end date of the pilot.' },
    );
  }
  if (!start.ok || !end.ok) return undefined;
  if (end.value <= start.value) {
    problems.add('end', {
      nl: 'De einddatum ligt na de startdatum: een pilot heeft een afgebakende periode.',
      en: 'The end date must be after the start date: a pilot has a limited period.',
    });
    return undefined;
  }
  if (daysBetween(start.value, end.value) > PILOT_LIMITS.maxDays) {
    problems.add('end', {
      nl: 'Een pilot duurt maximaal twee jaar: kies een eerdere einddatum.',
      en: 'A pilot lasts at most two years: choose an earlier end date.',
    });
    return undefined;
  }
  return { start: start.value, end: end.value };
}

/**
 * A contactpersoon or vervanger of a contracted aanbieder requests a pilot for that aanbieder, with up to four other
 * contracted aanbieders (10.2, 10.3). Every field is checked, all problems are reported at once.
 */
export function requestPilot(
  command: RequestPilot,
  actor: Actor,
  now: Date,
): Result<{ pilot: PilotAanvraag }> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (command.onBehalfOfOrganisationId === undefined) {
    return refuse('pilot.organisation-required', {
      nl: 'Kies namens welke aanbieder u de pilot aanvraagt.',
      en: 'Choose on behalf of which provider you request the pilot.',
    });
  }
  const capacity = contactCapacityFor(actor, command.onBehalfOfOrganisationId);
  if (!capacity || capacity.organisation.type !== 'aanbieder' || !capacity.organisation.contracted) {
    return refuse('pilot.not-allowed', {
      nl: 'Een pilot vraagt de contactpersoon of vervanger van een gecontracteerde aanbieder aan, namens die aanbieder.',
      en: 'A pilot is requested by the contact person or substitute of a contracted provider, on behalf of that provider.',
    });
  }
  const requester = capacity.organisation;
  const { input } = command;
  const problems = new FieldProblems();
  const L = PILOT_LIMITS;
  const title = checkText(problems, 'title', input.title, {
    label: { nl: 'De titel', en: 'The title' },
    min: L.titleMin,
    max: L.titleMax,
  });
  const period = checkPeriod(problems, input.start, input.end, localDateOf(now));

  const participants: PilotParticipant[] = [{ organisationId: requester.id, name: requester.name }];
  const ids = idsOf(input.participantIds);
  if (!ids)
    problems.add('participantIds', {
      nl: 'De deelnemende aanbieders zijn niet leesbaar. Kies ze uit de lijst.',
      en: 'The participating providers cannot be read. Choose them from the list.',
    });
  else {
    const byId = new Map(command.organisations.map((o) => [o.id, o]));
    for (const id of ids.filter((i) => i !== requester.id)) {
      const organisation = byId.get(id);
      if (!organisation || organisation.type !== 'aanbieder' || !organisation.contracted) {
        problems.add('participantIds', {
          nl: 'Alleen gecontracteerde aanbieders kunnen deelnemen aan een pilot.',
          en: 'Only contracted providers can take part in a pilot.',
        });
        break;
      }
      participants.push({ organisationId: organisation.id, name: organisation.name });
    }
    if (participants.length > L.organisationsMax) {
      problems.add('participantIds', {
        nl: `Een pilot heeft een beperkt aantal deelnemers: maximaal ${L.organisationsMax} aanbieders, uw eigen organisatie meegeteld (nu ${participants.length}).`,
        en: `A pilot has a limited number of participants: at most ${L.organisationsMax} providers, counting your own organisation (now ${participants.length}).`,
      });
    }
  }
  const innovation = checkText(problems, 'innovation', input.innovation, {
    label: { nl: 'De relatie tot innovatie', en: 'The relation to innovation' },
    min: 1,
    max: L.innovationMax,
    multiline: true,
  });
  const researchQuestion = checkText(problems, 'researchQuestion', input.researchQuestion, {
    label: { nl: 'De onderzoeksvraag', en: 'The research question' },
    min: 1,
    max: L.researchQuestionMax,
    multiline: true,
  });
  const expectedResult = checkText(problems, 'expectedResult', input.expectedResult, {
    label: { nl: 'Het verwachte onderzoeksresultaat', en: 'The expected research result' },
    min: 1,
    max: L.expectedResultMax,
    multiline: true,
  });
  const deviation = checkText(problems, 'deviation', input.deviation, {
    label: { nl: 'De afwijking van de afspraken', en: 'The deviation from the agreements' },
    max: L.deviationMax,
    multiline: true,
  });
  if (problems.any || !period) return refuseFields('pilot.invalid', problems.all);
  const at = toIsoInstant(now);
  return succeed({
    pilot: {
      id: command.id,
      title,
      start: period.start,
      end: period.end,
      organisations: participants,
      innovation,
      researchQuestion,
      expectedResult,
      deviation,
      requestedBy: contactRecord(known.value, capacity),
      requestedAt: at,
      updatedAt: at,
      status: 'aangevraagd',
      decision: null,
      tracking: null,
      reportLinks: [],
    },
  });
}

/** The gemeente sees every pilot; a contact sees those of the organisations they act for. */
export function maySeePilot(actor: Actor, pilot: Pick<PilotAanvraag, 'organisations'>): boolean {
  if (actor.kind !== 'person') return false;
  return actor.person.isAdmin || isParticipantContact(actor, pilot);
}

function isParticipantContact(actor: Actor, pilot: Pick<PilotAanvraag, 'organisations'>): boolean {
  if (actor.kind !== 'person') return false;
  const mine = new Set(actor.roles.map((r) => r.organisation.id));
  return pilot.organisations.some((o) => mine.has(o.organisationId));
}

/** The gemeente consents or declines (10.4); a decline needs a reason, and a decision is final. */
export function decidePilot(
  pilot: PilotAanvraag,
  command: { readonly kind: PilotDecisionKind; readonly reason: unknown },
  actor: Actor,
  now: Date,
): Result<PilotAanvraag> {
  const gemeente = requireGemeente(actor, { nl: 'over een pilot besluiten', en: 'decide on a pilot' });
  if (!gemeente.ok) return gemeente;
  if (pilot.status !== 'aangevraagd') {
    return refuse('pilot.decided', {
      nl: `Over deze pilot is al besloten (${pilot.decision?.kind === 'afwijzing' ? 'afgewezen' : 'ingestemd'}).`,
      en: `This pilot has already been decided (${pilot.decision?.kind === 'afwijzing' ? 'rejected' : 'approved'}).`,
    });
  }
  const problems = new FieldProblems();
  const reason = checkText(problems, 'reason', command.reason, {
    label:
      command.kind === 'afwijzing'
        ? { nl: 'De reden van de afwijzing', en: 'The reason for the rejection' }
        : { nl: 'De toelichting', en: 'The explanation' },
    min: command.kind === 'afwijzing' ? 1 : 0,
    max: PILOT_LIMITS.reasonMax,
    multiline: true,
  });
  if (problems.any) return refuseFields('pilot.decision-invalid', problems.all);
  const at = toIsoInstant(now);
  return succeed({
    ...pilot,
    status: command.kind === 'instemming' ? 'goedgekeurd' : 'afgewezen',
    decision: { kind: command.kind, reason: reason || null, by: gemeenteRecord(gemeente.value), at },
    updatedAt: at,
  });
}

/** Who records progress: the gemeente, or a contact of a participating aanbieder. */
function trackerRecord(actor: Actor, pilot: PilotAanvraag, action: Bilingual): Result<ActorRecord> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (isGemeente(actor)) return succeed(gemeenteRecord(known.value));
  for (const participant of pilot.organisations) {
    const capacity = contactCapacityFor(actor, participant.organisationId);
    if (capacity) return succeed(contactRecord(known.value, capacity));
  }
  return refuse('pilot.not-participant', {
    nl: `Alleen de gemeente en de contactpersonen van de deelnemende aanbieders kunnen ${action.nl}.`,
    en: `Only the gemeente and the contact persons of the participating providers can ${action.en}.`,
  });
}

export interface PilotTrackingInput {
  readonly startedOn?: unknown;
  readonly endedOn?: unknown;
  readonly result?: unknown;
}

/**
 * Records when an approved pilot actually started and ended, and its result. An end needs a start and a result;
 * a recorded end closes the pilot (afgerond), after which nothing changes.
 */
export function trackPilot(
  pilot: PilotAanvraag,
  input: PilotTrackingInput,
  actor: Actor,
  now: Date,
): Result<PilotAanvraag> {
  const record = trackerRecord(actor, pilot, {
    nl: 'de voortgang van de pilot bijhouden',
    en: 'keep track of the progress of the pilot',
  });
  if (!record.ok) return record;
  if (pilot.status === 'aangevraagd' || pilot.status === 'afgewezen') {
    return refuse('pilot.not-approved', {
      nl: 'Alleen van een goedgekeurde pilot wordt de voortgang bijgehouden.',
      en: 'Progress is only tracked for an approved pilot.',
    });
  }
  if (pilot.status === 'afgerond') {
    return refuse('pilot.finished', {
      nl: 'Deze pilot is afgerond; het resultaat is vastgelegd.',
      en: 'This pilot has been completed; the result has been recorded.',
    });
  }
  const today = localDateOf(now);
  const problems = new FieldProblems();
  const started = parseLocalDate(input.startedOn);
  if (!started.ok) {
    problems.add(
      'startedOn',
      normaliseLine(input.startedOn)
        ? {
            nl: `De startdatum: ${started.messages[0]}`,
            en: `The start date: ${refusalMessages(started, 'en')[0]}`,
          }
        : { nl: 'Vul in op welke dag de pilot is gestart.', en: 'Fill in the day the pilot started.' },
    );
  } else if (started.value > today) {
    problems.add('startedOn', {
      nl: 'Een pilot die nog moet starten, heeft nog geen startdatum: die ligt niet in de toekomst.',
      en: 'A pilot that has yet to start has no start date yet: it cannot be in the future.',
    });
  }
  let endedOn: LocalDate | null = null;
  if (normaliseLine(input.endedOn)) {
    const ended = parseLocalDate(input.endedOn);
    if (!ended.ok)
      problems.add('endedOn', {
        nl: `De einddatum: ${ended.messages[0]}`,
        en: `The end date: ${refusalMessages(ended, 'en')[0]}`,
      });
    else if (ended.value > today)
      problems.add('endedOn', {
        nl: 'De einddatum ligt niet in de toekomst.',
        en: 'The end date cannot be in the future.',
      });
    else if (started.ok && ended.value < started.value)
      problems.add('endedOn', {
        nl: 'De einddatum ligt niet vóór de startdatum.',
        en: 'The end date cannot be before the start date.',
      });
    else endedOn = ended.value;
  }
  const result = checkText(problems, 'result', input.result, {
    label: { nl: 'Het resultaat', en: 'The result' },
    max: PILOT_LIMITS.resultMax,
    multiline: true,
  });
  if (endedOn !== null && !result) {
    problems.add('result', {
      nl: 'Beschrijf het resultaat van de pilot: dat hoort bij een afgeronde pilot.',
      en: 'Describe the result of the pilot: a completed pilot needs one.',
    });
  }
  if (problems.any || !started.ok) return refuseFields('pilot.tracking-invalid', problems.all);
  const at = toIsoInstant(now);
  return succeed({
    ...pilot,
    status: endedOn !== null ? 'afgerond' : 'gestart',
    tracking: {
      startedOn: started.value,
      endedOn,
      result: result || null,
      updatedAt: at,
      updatedBy: record.value,
    },
    updatedAt: at,
  });
}

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9:_-]{0,127}$/;

/** Links an approved pilot to the voortgangsrapportage of an ontwikkeltafel that reports on it. */
export function linkPilotReport(
  pilot: PilotAanvraag,
  input: { readonly reportId?: unknown; readonly ontwikkeltafelId?: unknown; readonly title?: unknown },
  actor: Actor,
  now: Date,
): Result<PilotAanvraag> {
  const record = trackerRecord(actor, pilot, {
    nl: 'een rapportage aan de pilot koppelen',
    en: 'link a report to the pilot',
  });
  if (!record.ok) return record;
  if (pilot.status === 'aangevraagd' || pilot.status === 'afgewezen') {
    return refuse('pilot.not-approved', {
      nl: 'Alleen een goedgekeurde pilot kan aan een rapportage worden gekoppeld.',
      en: 'Only an approved pilot can be linked to a report.',
    });
  }
  const reportId = normaliseLine(input.reportId);
  const tafelId = normaliseLine(input.ontwikkeltafelId);
  const problems = new FieldProblems();
  if (!REFERENCE.test(reportId)) {
    problems.add('reportId', {
      nl: 'Vul de code van de voortgangsrapportage in (letters, cijfers, - of _).',
      en: 'Fill in the code of the progress report (letters, digits, - or _).',
    });
  }
  if (tafelId && !REFERENCE.test(tafelId)) {
    problems.add('ontwikkeltafelId', {
      nl: 'De code van de ontwikkeltafel bestaat uit letters, cijfers, - of _.',
      en: 'The code of the ontwikkeltafel consists of letters, digits, - or _.',
    });
  }
  if (problems.any) return refuseFields('pilot.link-invalid', problems.all);
  if (pilot.reportLinks.some((l) => l.reportId === reportId)) return succeed(pilot);
  if (pilot.reportLinks.length >= PILOT_LIMITS.reportLinksMax) {
    return refuse('pilot.too-many-links', {
      nl: `Een pilot kan aan maximaal ${PILOT_LIMITS.reportLinksMax} rapportages worden gekoppeld.`,
      en: `A pilot can be linked to at most ${PILOT_LIMITS.reportLinksMax} reports.`,
    });
  }
  const at = toIsoInstant(now);
  return succeed({
    ...pilot,
    reportLinks: [
      ...pilot.reportLinks,
      {
        reportId,
        title: normaliseLine(input.title).slice(0, PILOT_LIMITS.titleMax) || reportId,
        ontwikkeltafelId: tafelId || null,
        linkedAt: at,
        linkedBy: record.value,
      },
    ],
    updatedAt: at,
  });
}

/** An approved pilot whose planned end has passed without a recorded result: time to ask for it. */
export function isResultDue(pilot: PilotAanvraag, now: Date): boolean {
  return (pilot.status === 'goedgekeurd' || pilot.status === 'gestart') && pilot.end < localDateOf(now);
}

/**
 * What a pilot broadcast may contain (the decision to the requesters, a reminder): title, participants, period,
 * status and the decision. The plan itself (innovation, research question, expected result, deviation) may hold
 * innovative ideas a provider wants kept confidential [002 art. 5.7] and stays in Tafelbot.
 */
export interface PublicPilot {
  readonly id: string;
  readonly title: string;
  readonly organisationNames: readonly string[];
  readonly start: LocalDate;
  readonly end: LocalDate;
  readonly status: PilotAanvraagStatus;
  readonly decision: { readonly kind: PilotDecisionKind; readonly reason: string | null } | null;
}

export function publicPilot(pilot: PilotAanvraag): PublicPilot {
  return {
    id: pilot.id,
    title: pilot.title,
    organisationNames: pilot.organisations.map((o) => o.name),
    start: pilot.start,
    end: pilot.end,
    status: pilot.status,
    decision: pilot.decision ? { kind: pilot.decision.kind, reason: pilot.decision.reason } : null,
  };
}

export function periodText(pilot: Pick<PilotAanvraag, 'start' | 'end'>): string {
  return `${formatDutchShortDate(pilot.start)} t/m ${formatDutchShortDate(pilot.end)}`;
}
