import type { Actor } from '../registry/actor';
import { parsePercelen, type Organisation, type Perceel } from '../registry/registry';
import { refuse, refuseFields, succeed, type Bilingual, type Result } from '../shared/result';
import { normaliseLine, normaliseMultiline } from '../shared/text';
import { localDateOf, toIsoInstant, type IsoInstant } from '../time/amsterdam';
import { formatDutchShortDate } from '../time/dutch';
import { addDays, daysInMonth, isLocalDate, type LocalDate } from '../time/localDate';
import {
  contactCapacityFor,
  gemeenteRecord,
  requireGemeente,
  requireKnownActor,
  type ActorRecord,
} from '../voorstellen/acting';
import { characterCount, checkText, FieldProblems } from '../voorstellen/textRules';
import type { Voorstel } from '../voorstellen/types';
import { formatEnglishShortDate } from '../time/english';

/**
 * An ontwikkeltafel: a thematic development table set up by the Overlegtafel, with an opdracht and a doel,
 * led by trekkers, reporting progress at least twice a year and an eindevaluatie when done [domain §3, 000 §2].
 */

export const TAFEL_STATUSES = ['actief', 'beeindigd'] as const;
export type TafelStatus = (typeof TAFEL_STATUSES)[number];

/** A day of the year on which a report period ends, e.g. { month: 6, day: 30 }. */
export interface MonthDay {
  readonly month: number;
  readonly day: number;
}

export interface RapportageSchema {
  /** Period ends in the year; at least two, so a table reports at least twice a year. */
  readonly periodEnds: readonly MonthDay[];
  /** Calendar days after a period ends until its report is due (end of that Dutch day). */
  readonly graceDays: number;
  /** Remind the trekkers this many calendar days before the due date, e.g. [14, 3]. */
  readonly reminderDaysBefore: readonly number[];
}

export const DEFAULT_SCHEMA: RapportageSchema = {
  periodEnds: [
    { month: 6, day: 30 },
    { month: 12, day: 31 },
  ],
  graceDays: 30,
  reminderDaysBefore: [14, 3],
};

export interface Trekker {
  readonly personId: string;
  readonly name: string;
  readonly organisationId: string | null;
}

export interface Deelnemer {
  readonly organisationId: string;
  readonly name: string;
  readonly joinedAt: IsoInstant;
}

export interface Ontwikkeltafel {
  readonly id: string;
  readonly name: string;
  readonly opdracht: string;
  readonly doel: string;
  readonly percelen: readonly Perceel[];
  readonly trekkers: readonly Trekker[];
  readonly participants: readonly Deelnemer[];
  readonly start: LocalDate;
  readonly expectedEnd: LocalDate;
  readonly status: TafelStatus;
  readonly endedOn: LocalDate | null;
  readonly schedule: RapportageSchema;
  readonly createdAt: IsoInstant;
  readonly createdBy: ActorRecord;
  readonly updatedAt: IsoInstant;
  /**
   * How the table came to be [000 §2]: set up by an adopted voorstel of the Overlegtafel, or directly by the
   * gemeente with a stated reason. Absent on tables stored before this was recorded.
   */
  readonly origin?: TafelOrigin;
  /**
   * Partners from the voorliggend veld (not contracted) who take part as guests [000 §2]: they read and join the
   * table's work, but are no party at the Overlegtafel. Absent on tables stored before.
   */
  readonly guests?: readonly Gast[];
}

export interface Gast {
  readonly organisationId: string;
  readonly name: string;
  readonly addedAt: IsoInstant;
  readonly addedBy: ActorRecord;
}

export type TafelOrigin =
  | { readonly kind: 'voorstel'; readonly voorstelId: string }
  | { readonly kind: 'direct'; readonly reason: string };

export type OntwikkeltafelEvent =
  | {
      readonly type: 'ontwikkeltafel.ingesteld';
      readonly tafelId: string;
      readonly percelen: readonly Perceel[];
    }
  | {
      readonly type: 'ontwikkeltafel.deelnemer-toegevoegd';
      readonly tafelId: string;
      readonly organisationId: string;
    }
  | { readonly type: 'ontwikkeltafel.beeindigd'; readonly tafelId: string; readonly endedOn: LocalDate };

export interface OntwikkeltafelChange {
  readonly tafel: Ontwikkeltafel;
  readonly events: readonly OntwikkeltafelEvent[];
}

export const TAFEL_LIMITS = {
  nameMin: 3,
  nameMax: 120,
  opdrachtMax: 2000,
  doelMax: 2000,
  trekkers: 5,
  periodEndsMax: 12,
  graceDaysMax: 120,
  reminderDaysMax: 90,
  reminders: 5,
} as const;

export interface OntwikkeltafelInput {
  readonly name?: unknown;
  readonly opdracht?: unknown;
  readonly doel?: unknown;
  readonly percelen?: unknown;
  /** People as resolved by the caller from the registry. */
  readonly trekkers?: readonly Trekker[];
  readonly start?: unknown;
  readonly expectedEnd?: unknown;
  readonly schedule?: Partial<RapportageSchema>;
}

export interface ValidOntwikkeltafelInput {
  readonly name: string;
  readonly opdracht: string;
  readonly doel: string;
  readonly percelen: readonly Perceel[];
  readonly trekkers: readonly Trekker[];
  readonly start: LocalDate;
  readonly expectedEnd: LocalDate;
  readonly schedule: RapportageSchema;
}

export function validateOntwikkeltafelInput(input: OntwikkeltafelInput): Result<ValidOntwikkeltafelInput> {
  const problems = new FieldProblems();
  const L = TAFEL_LIMITS;
  const name = checkText(problems, 'name', input.name, {
    label: { nl: 'De naam', en: 'The name' },
    min: L.nameMin,
    max: L.nameMax,
  });
  const opdracht = checkText(problems, 'opdracht', input.opdracht, {
    label: { nl: 'De opdracht', en: 'The assignment' },
    min: 1,
    max: L.opdrachtMax,
    multiline: true,
  });
  const doel = checkText(problems, 'doel', input.doel, {
    label: { nl: 'Het doel', en: 'The goal' },
    min: 1,
    max: L.doelMax,
    multiline: true,
  });

  const percelen = parsePercelen(input.percelen);
  if (!percelen)
    problems.add('percelen', {
      nl: 'Percelen moeten nummers van 1 tot en met 5 zijn.',
      en: 'Lots must be numbers from 1 to 5.',
    });
  else if (percelen.length === 0)
    problems.add('percelen', {
      nl: 'Kies minstens één perceel voor deze ontwikkeltafel.',
      en: 'Choose at least one lot for this ontwikkeltafel.',
    });

  const trekkers = checkTrekkers(problems, input.trekkers);

  const start = typeof input.start === 'string' ? input.start.trim() : '';
  const expectedEnd = typeof input.expectedEnd === 'string' ? input.expectedEnd.trim() : '';
  if (!isLocalDate(start))
    problems.add('start', {
      nl: 'Vul een geldige startdatum in (JJJJ-MM-DD).',
      en: 'Enter a valid start date (YYYY-MM-DD).',
    });
  if (!isLocalDate(expectedEnd))
    problems.add('expectedEnd', {
      nl: 'Vul een geldige verwachte einddatum in (JJJJ-MM-DD).',
      en: 'Enter a valid expected end date (YYYY-MM-DD).',
    });
  else if (isLocalDate(start) && expectedEnd <= start) {
    problems.add('expectedEnd', {
      nl: 'De verwachte einddatum moet na de startdatum liggen.',
      en: 'The expected end date must be after the start date.',
    });
  }

  const schedule = checkSchedule(problems, { ...DEFAULT_SCHEMA, ...input.schedule });
  // Only when the schedule is otherwise acceptable, so one message per field.
  const spacing = problems.all.schedule ? null : checkReportSpacing(schedule.periodEnds);

  if (problems.any || spacing || !percelen) {
    return refuseFields('ontwikkeltafel.invalid', {
      ...problems.all,
      ...(spacing ? { schedule: spacing } : {}),
    });
  }
  return succeed({ name, opdracht, doel, percelen, trekkers, start, expectedEnd, schedule });
}

function checkTrekkers(problems: FieldProblems, value: readonly Trekker[] | undefined): Trekker[] {
  if (!Array.isArray(value) || value.length === 0) {
    problems.add('trekkers', { nl: 'Wijs minstens één trekker aan.', en: 'Appoint at least one lead.' });
    return [];
  }
  if (value.length > TAFEL_LIMITS.trekkers) {
    problems.add('trekkers', {
      nl: `Maximaal ${TAFEL_LIMITS.trekkers} trekkers per ontwikkeltafel.`,
      en: `At most ${TAFEL_LIMITS.trekkers} leads per ontwikkeltafel.`,
    });
    return [];
  }
  const seen = new Set<string>();
  const trekkers: Trekker[] = [];
  for (const t of value) {
    const personId = normaliseLine(t?.personId);
    const name = normaliseLine(t?.name);
    if (!personId || !name) {
      problems.add('trekkers', {
        nl: 'Van elke trekker is een persoon met naam nodig.',
        en: 'Each lead must be a person with a name.',
      });
      return [];
    }
    if (!seen.has(personId))
      trekkers.push({ personId, name, organisationId: normaliseLine(t.organisationId) || null });
    seen.add(personId);
  }
  return trekkers;
}

/** Report dates lie at least this many calendar months apart, also across the turn of the year. */
export const MIN_MONTHS_BETWEEN_REPORTS = 4;

/** The same day `months` later in a year without 29 February, clamped to the month's end (31-01 + 1 = 28-02). */
function monthsLater(from: MonthDay, months: number): { month: number; day: number; wraps: boolean } {
  const index = from.month - 1 + months;
  const month = (index % 12) + 1;
  return { month, day: Math.min(from.day, daysInMonth(2027, month)), wraps: index >= 12 };
}

/**
 * Two report dates one day apart would in effect be one report a year: consecutive period ends (sorted, and the
 * last to the first of the next year) must lie at least four months apart. Null when they do; else the problem.
 */
export function checkReportSpacing(periodEnds: readonly MonthDay[]): Bilingual | null {
  const sorted = [...periodEnds].sort((a, b) => a.month * 100 + a.day - (b.month * 100 + b.day));
  for (let i = 0; i < sorted.length && sorted.length >= 2; i++) {
    const from = sorted[i] as MonthDay;
    const to = sorted[(i + 1) % sorted.length] as MonthDay;
    const earliest = monthsLater(from, MIN_MONTHS_BETWEEN_REPORTS);
    const toWraps = i + 1 === sorted.length;
    const key = (d: { month: number; day: number }, wraps: boolean) =>
      (wraps ? 1300 : 0) + d.month * 100 + d.day;
    if (key(to, toWraps) < key(earliest, earliest.wraps)) {
      const pair = `${dayMonth(from)} en ${dayMonth(to)}`;
      return {
        nl: `Rapportagemomenten liggen minstens ${MIN_MONTHS_BETWEEN_REPORTS} maanden uit elkaar; ${pair} liggen te dicht bij elkaar.`,
        en: `Report dates are at least ${MIN_MONTHS_BETWEEN_REPORTS} months apart; ${dayMonth(from)} and ${dayMonth(to)} are too close together.`,
      };
    }
  }
  return null;
}

function dayMonth(value: MonthDay): string {
  return `${String(value.day).padStart(2, '0')}-${String(value.month).padStart(2, '0')}`;
}

function isMonthDay(value: MonthDay): boolean {
  // 29 February is refused: a period end that exists only in leap years would skip a report three years in four.
  return (
    Number.isInteger(value?.month) &&
    Number.isInteger(value?.day) &&
    value.month >= 1 &&
    value.month <= 12 &&
    value.day >= 1 &&
    value.day <= daysInMonth(2027, value.month)
  );
}

function checkSchedule(problems: FieldProblems, schedule: RapportageSchema): RapportageSchema {
  const L = TAFEL_LIMITS;
  const ends = Array.isArray(schedule.periodEnds) ? schedule.periodEnds : [];
  if (!ends.every(isMonthDay)) {
    problems.add('schedule', {
      nl: 'Een periode-einde is geen bestaande dag van het jaar (29 februari kan niet).',
      en: 'A period end is not an existing day of the year (29 February is not possible).',
    });
  }
  const unique = [...new Map(ends.filter(isMonthDay).map((e) => [e.month * 100 + e.day, e])).values()].sort(
    (a, b) => a.month * 100 + a.day - (b.month * 100 + b.day),
  );
  if (unique.length < 2)
    problems.add('schedule', {
      nl: 'Een ontwikkeltafel rapporteert minstens twee keer per jaar.',
      en: 'An ontwikkeltafel reports at least twice a year.',
    });
  if (unique.length > L.periodEndsMax)
    problems.add('schedule', {
      nl: `Maximaal ${L.periodEndsMax} rapportagemomenten per jaar.`,
      en: `At most ${L.periodEndsMax} reporting moments per year.`,
    });

  const graceDays = schedule.graceDays;
  if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > L.graceDaysMax) {
    problems.add('schedule', {
      nl: `De termijn na het einde van een periode is 0 tot en met ${L.graceDaysMax} dagen.`,
      en: `The period after the end of a reporting period is 0 to ${L.graceDaysMax} days.`,
    });
  }
  const reminders = Array.isArray(schedule.reminderDaysBefore) ? schedule.reminderDaysBefore : [];
  if (
    reminders.length > L.reminders ||
    !reminders.every((d) => Number.isInteger(d) && d >= 0 && d <= L.reminderDaysMax)
  ) {
    problems.add('schedule', {
      nl: `Herinneringen: maximaal ${L.reminders}, elk 0 tot en met ${L.reminderDaysMax} dagen vooraf.`,
      en: `Reminders: at most ${L.reminders}, each 0 to ${L.reminderDaysMax} days before.`,
    });
  }
  return {
    periodEnds: unique.map((e) => ({ month: e.month, day: e.day })),
    graceDays,
    reminderDaysBefore: [...new Set(reminders)].sort((a, b) => b - a),
  };
}

export interface CreateOntwikkeltafel {
  readonly id: string;
  readonly input: OntwikkeltafelInput;
  readonly origin?: TafelOrigin;
}

export const DIRECT_REASON_LIMITS = { min: 20, max: 2000 } as const;

/**
 * The Overlegtafel sets up ontwikkeltafels by voorstel; the gemeente may still start one directly, but says why
 * (kept with the table and in the audit trail).
 */
export function checkDirectReason(value: unknown): Result<string> {
  const reason = typeof value === 'string' ? normaliseMultiline(value) : '';
  const length = characterCount(reason);
  const { min, max } = DIRECT_REASON_LIMITS;
  if (length < min || length > max) {
    return refuseFields('ontwikkeltafel.reason-required', {
      reason: {
        nl: `Een ontwikkeltafel stelt de Overlegtafel in met een voorstel. Wilt u er direct een instellen, geef dan de reden (${min} tot ${max} tekens).`,
        en: `The Overlegtafel sets up an ontwikkeltafel with a voorstel. To set one up directly, give the reason (${min} to ${max} characters).`,
      },
    });
  }
  return succeed(reason);
}

/** The gemeente sets up a table on behalf of the Overlegtafel. */
export function createOntwikkeltafel(
  command: CreateOntwikkeltafel,
  actor: Actor,
  now: Date,
): Result<OntwikkeltafelChange> {
  const gemeente = requireGemeente(actor, {
    nl: 'een ontwikkeltafel instellen',
    en: 'set up an ontwikkeltafel',
  });
  if (!gemeente.ok) return gemeente;
  const valid = validateOntwikkeltafelInput(command.input);
  if (!valid.ok) return valid;
  const at = toIsoInstant(now);
  const tafel: Ontwikkeltafel = {
    id: command.id,
    ...valid.value,
    participants: [],
    status: 'actief',
    endedOn: null,
    createdAt: at,
    createdBy: gemeenteRecord(gemeente.value),
    updatedAt: at,
    ...(command.origin ? { origin: command.origin } : {}),
  };
  return succeed({
    tafel,
    events: [{ type: 'ontwikkeltafel.ingesteld', tafelId: tafel.id, percelen: tafel.percelen }],
  });
}

/** A table lasts this long unless the Overlegtafel ends it earlier (the gemeente ends it with a date). */
export const TAFEL_FROM_VOORSTEL_YEARS = 2;

export interface TafelFromVoorstel {
  readonly id: string;
  readonly voorstel: Pick<Voorstel, 'id' | 'title' | 'type' | 'status' | 'percelen' | 'tafel' | 'adoption'>;
}

/**
 * The table an adopted voorstel "ontwikkeltafel instellen" sets up [000 §2]: its title as name, its opdracht,
 * doel, percelen and trekkers, starting today and expected to run two years, with the default half-yearly
 * schedule; recorded as created by whoever recorded the adoption.
 */
export function ontwikkeltafelFromVoorstel(
  command: TafelFromVoorstel,
  now: Date,
): Result<OntwikkeltafelChange> {
  const { voorstel } = command;
  const adoption = voorstel.adoption;
  if (
    voorstel.type !== 'ontwikkeltafel' ||
    !voorstel.tafel ||
    voorstel.status !== 'vastgesteld' ||
    adoption?.outcome !== 'vastgesteld'
  ) {
    return refuse('ontwikkeltafel.voorstel-not-adopted', {
      nl: 'Een ontwikkeltafel wordt ingesteld met een voorstel "ontwikkeltafel instellen" dat het bestuur heeft vastgesteld.',
      en: 'An ontwikkeltafel is set up by a voorstel "set up an ontwikkeltafel" that the bestuur has adopted.',
    });
  }
  const start = localDateOf(now);
  const valid = validateOntwikkeltafelInput({
    name: voorstel.title,
    opdracht: voorstel.tafel.opdracht,
    doel: voorstel.tafel.doel,
    percelen: voorstel.percelen,
    trekkers: voorstel.tafel.trekkers,
    start,
    expectedEnd: addDays(start, TAFEL_FROM_VOORSTEL_YEARS * 365),
  });
  if (!valid.ok) return valid;
  const at = toIsoInstant(now);
  const tafel: Ontwikkeltafel = {
    id: command.id,
    ...valid.value,
    participants: [],
    status: 'actief',
    endedOn: null,
    createdAt: at,
    createdBy: adoption.recordedBy,
    updatedAt: at,
    origin: { kind: 'voorstel', voorstelId: voorstel.id },
  };
  return succeed({
    tafel,
    events: [{ type: 'ontwikkeltafel.ingesteld', tafelId: tafel.id, percelen: tafel.percelen }],
  });
}

export function isTrekker(tafel: Ontwikkeltafel, actor: Actor): boolean {
  return actor.kind === 'person' && tafel.trekkers.some((t) => t.personId === actor.person.id);
}

/** Invitations go only to contracted aanbieders in at least one perceel of the table [000 §3]. */
export function mayBeInvited(tafel: Ontwikkeltafel, organisation: Organisation): boolean {
  return (
    organisation.type === 'aanbieder' &&
    organisation.contracted &&
    organisation.percelen.some((p) => tafel.percelen.includes(p))
  );
}

/** A contact of an invited aanbieder joins on behalf of it; joining twice changes nothing. */
export function joinOntwikkeltafel(
  tafel: Ontwikkeltafel,
  organisationId: string,
  actor: Actor,
  now: Date,
): Result<OntwikkeltafelChange> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  const capacity = contactCapacityFor(actor, organisationId);
  if (!capacity) {
    return refuse('ontwikkeltafel.not-your-organisation', {
      nl: 'U kunt alleen deelnemen namens een organisatie waarvan u contactpersoon of vervanger bent.',
      en: 'You can only take part on behalf of an organisation whose contact person or substitute you are.',
    });
  }
  if (tafel.status !== 'actief')
    return refuse('ontwikkeltafel.ended', {
      nl: `${tafel.name} is beëindigd.`,
      en: `${tafel.name} has ended.`,
    });
  if (!mayBeInvited(tafel, capacity.organisation)) {
    return refuse('ontwikkeltafel.not-invited', {
      nl: `${capacity.organisation.name} is niet gecontracteerd voor de percelen van ${tafel.name} en kan niet deelnemen.`,
      en: `${capacity.organisation.name} is not contracted for the lots of ${tafel.name} and cannot take part.`,
    });
  }
  if (tafel.participants.some((p) => p.organisationId === organisationId))
    return succeed({ tafel, events: [] });
  const at = toIsoInstant(now);
  return succeed({
    tafel: {
      ...tafel,
      participants: [
        ...tafel.participants,
        { organisationId, name: capacity.organisation.name, joinedAt: at },
      ],
      updatedAt: at,
    },
    events: [{ type: 'ontwikkeltafel.deelnemer-toegevoegd', tafelId: tafel.id, organisationId }],
  });
}

/** The gemeente ends a table; from then on only its eindevaluatie can be written. */
export function endOntwikkeltafel(
  tafel: Ontwikkeltafel,
  endedOn: unknown,
  actor: Actor,
  now: Date,
): Result<OntwikkeltafelChange> {
  const gemeente = requireGemeente(actor, {
    nl: 'een ontwikkeltafel beëindigen',
    en: 'end an ontwikkeltafel',
  });
  if (!gemeente.ok) return gemeente;
  if (tafel.status === 'beeindigd')
    return refuse('ontwikkeltafel.ended', {
      nl: `${tafel.name} is al beëindigd.`,
      en: `${tafel.name} has already ended.`,
    });
  if (!isLocalDate(endedOn))
    return refuseFields('ontwikkeltafel.invalid', {
      endedOn: {
        nl: 'Vul een geldige einddatum in (JJJJ-MM-DD).',
        en: 'Enter a valid end date (YYYY-MM-DD).',
      },
    });
  const today = localDateOf(now);
  if (endedOn < tafel.start || endedOn > today) {
    return refuseFields('ontwikkeltafel.invalid', {
      endedOn: {
        nl: `De einddatum ligt tussen de start (${formatDutchShortDate(tafel.start)}) en vandaag.`,
        en: `The end date lies between the start (${formatEnglishShortDate(tafel.start)}) and today.`,
      },
    });
  }
  return succeed({
    tafel: { ...tafel, status: 'beeindigd', endedOn, updatedAt: toIsoInstant(now) },
    events: [{ type: 'ontwikkeltafel.beeindigd', tafelId: tafel.id, endedOn }],
  });
}
