import type { Actor } from '../registry/actor';
import type { Organisation } from '../registry/registry';
import { refuse, refuseFields, succeed, type Bilingual, type Result } from '../shared/result';
import { normaliseLine, normaliseMultiline } from '../shared/text';
import {
  endOfLocalDay,
  fromIsoInstant,
  isPastDeadline,
  localDateOf,
  toIsoInstant,
  type IsoInstant,
} from '../time/amsterdam';
import { formatDutchDate, formatDutchDateTime } from '../time/dutch';
import { addDays, compareLocalDates, isLocalDate } from '../time/localDate';
import {
  contactCapacityFor,
  contactRecord,
  gemeenteRecord,
  isGemeente,
  requireGemeente,
  requireKnownActor,
  type ActorRecord,
} from './acting';
import { toCsv, type CsvOptions } from './csv';
import { characterCount } from './textRules';
import {
  ADDENDUM_KEUZES,
  ADOPTION_OUTCOMES,
  type AddendumAnswer,
  type AddendumKeuze,
  type AddendumOrganisation,
  type AddendumRound,
  type AdoptionOutcome,
  type Ontwikkeling,
  type Voorstel,
  type VoorstelAdoption,
  type VoorstelChange,
} from './types';

export {
  ADDENDUM_KEUZES,
  ADOPTION_OUTCOMES,
  type AddendumAnswer,
  type AddendumKeuze,
  type AddendumOrganisation,
  type AddendumRound,
  type AdoptionOutcome,
  type Ontwikkeling,
  type VoorstelAdoption,
} from './types';

/**
 * After the vote: an uitgewerkt voorstel waits for the gemeente's bestuur, which adopts (vastgesteld) or declines
 * it, with a reason and the date of its decision, even after a unanimous vote [002 art. 9.1-9.2]. An adopted
 * contractwijziging becomes an addendum: each contracted aanbieder of its percelen answers before a date whether
 * it joins [002 art. 9.3]. Unexpected developments after adoption are reported to all parties [002 art. 9.4].
 */

export const VASTSTELLING_LIMITS = {
  reasonMin: 20,
  reasonMax: 2000,
  /** The latest answer date the gemeente may set, in days after today. */
  addendumDaysMax: 180,
  ontwikkelingMin: 10,
  ontwikkelingMax: 2000,
  ontwikkelingen: 50,
} as const;

function bilingualDate(date: string): Bilingual {
  return { nl: formatDutchDate(date), en: date };
}

/** A text field checked for length, with the problem in both languages. */
function checkBilingualText(
  problems: Record<string, Bilingual>,
  field: string,
  value: unknown,
  label: Bilingual,
  limits: { readonly min: number; readonly max: number },
): string {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    problems[field] = { nl: `${label.nl} moet tekst zijn.`, en: `${label.en} must be text.` };
    return '';
  }
  const text = normaliseMultiline(value);
  const length = characterCount(text);
  if (length === 0) problems[field] = { nl: `${label.nl} is verplicht.`, en: `${label.en} is required.` };
  else if (length < limits.min) {
    problems[field] = {
      nl: `${label.nl} is te kort (minstens ${limits.min} tekens).`,
      en: `${label.en} is too short (at least ${limits.min} characters).`,
    };
  } else if (length > limits.max) {
    problems[field] = {
      nl: `${label.nl} is te lang: ${length} tekens, maximaal ${limits.max}.`,
      en: `${label.en} is too long: ${length} characters, at most ${limits.max}.`,
    };
  }
  return text;
}

export function isAdoptionOutcome(value: unknown): value is AdoptionOutcome {
  return typeof value === 'string' && (ADOPTION_OUTCOMES as readonly string[]).includes(value);
}

export function isAddendumKeuze(value: unknown): value is AddendumKeuze {
  return typeof value === 'string' && (ADDENDUM_KEUZES as readonly string[]).includes(value);
}

/** Whether the voorstel waits for the bestuur's adoption (also one stored before adoption was recorded). */
export function awaitsAdoption(voorstel: Pick<Voorstel, 'status' | 'adoption'>): boolean {
  return voorstel.status === 'uitgewerkt' && !voorstel.adoption;
}

/** The contracted aanbieders of the voorstel's percelen: those an adopted contractwijziging asks to join. */
export function addendumOrganisations(
  voorstel: Pick<Voorstel, 'percelen'>,
  organisations: readonly Organisation[],
): AddendumOrganisation[] {
  return organisations
    .filter(
      (o) => o.type === 'aanbieder' && o.contracted && o.percelen.some((p) => voorstel.percelen.includes(p)),
    )
    .map((o) => ({ organisationId: o.id, name: o.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

export interface RecordAdoption {
  readonly outcome: unknown;
  readonly reason: unknown;
  /** The date of the bestuur's decision, yyyy-mm-dd. */
  readonly decisionDate: unknown;
  /** For an adopted contractwijziging: the last day to answer, yyyy-mm-dd. Ignored otherwise. */
  readonly addendumDeadline?: unknown;
  /** The organisations in the registry now; the aanbieders of the percelen are taken from them. */
  readonly organisations: readonly Organisation[];
}

/** Records the bestuur's adoption (vastgesteld) or decline (afgewezen) of an uitgewerkt voorstel. */
export function recordAdoption(
  voorstel: Voorstel,
  command: RecordAdoption,
  actor: Actor,
  now: Date,
): Result<VoorstelChange> {
  const gemeente = requireGemeente(actor, {
    nl: 'de vaststelling van een voorstel vastleggen',
    en: 'record the adoption of a proposal',
  });
  if (!gemeente.ok) return gemeente;
  if (voorstel.adoption || voorstel.status === 'vastgesteld') {
    return refuse('vaststelling.already-recorded', {
      nl: 'Het besluit van het bestuur over dit voorstel is al vastgelegd.',
      en: "The bestuur's decision on this voorstel has already been recorded.",
    });
  }
  if (voorstel.status !== 'uitgewerkt') {
    return refuse('vaststelling.not-uitgewerkt', {
      nl: 'Alleen een uitgewerkt voorstel gaat ter vaststelling naar het bestuur.',
      en: 'Only a voorstel that is uitgewerkt goes to the bestuur for adoption.',
    });
  }
  const problems: Record<string, Bilingual> = {};
  const outcome = isAdoptionOutcome(command.outcome) ? command.outcome : undefined;
  if (!outcome) {
    problems.outcome = {
      nl: 'Kies vastgesteld of afgewezen.',
      en: 'Choose vastgesteld (adopted) or afgewezen (declined).',
    };
  }
  const reason = checkBilingualText(
    problems,
    'reason',
    command.reason,
    { nl: 'De onderbouwing van het bestuur', en: "The bestuur's reason" },
    { min: VASTSTELLING_LIMITS.reasonMin, max: VASTSTELLING_LIMITS.reasonMax },
  );
  const today = localDateOf(now);
  const decisionDate = normaliseLine(command.decisionDate);
  const uitgewerktOn = voorstel.decision ? localDateOf(fromIsoInstant(voorstel.decision.at)) : null;
  if (!isLocalDate(decisionDate)) {
    problems.decisionDate = {
      nl: 'Vul de datum van het besluit van het bestuur in (jjjj-mm-dd).',
      en: "Fill in the date of the bestuur's decision (yyyy-mm-dd).",
    };
  } else if (compareLocalDates(decisionDate, today) > 0) {
    problems.decisionDate = {
      nl: 'De datum van het besluit ligt in de toekomst. Leg het besluit vast nadat het bestuur heeft besloten.',
      en: 'The date of the decision is in the future. Record it after the bestuur has decided.',
    };
  } else if (uitgewerktOn && compareLocalDates(decisionDate, uitgewerktOn) < 0) {
    const on = bilingualDate(uitgewerktOn);
    problems.decisionDate = {
      nl: `Het bestuur kan pas besluiten nadat het voorstel is uitgewerkt (${on.nl}).`,
      en: `The bestuur can only decide after the voorstel became uitgewerkt (${on.en}).`,
    };
  }
  const asksAddendum = outcome === 'vastgesteld' && voorstel.type === 'contractwijziging';
  let addendum: AddendumRound | null = null;
  if (asksAddendum) {
    const deadline = normaliseLine(command.addendumDeadline);
    const latest = addDays(today, VASTSTELLING_LIMITS.addendumDaysMax);
    if (!isLocalDate(deadline)) {
      problems.addendumDeadline = {
        nl: 'Vul de datum in tot wanneer aanbieders kunnen laten weten of zij meedoen (jjjj-mm-dd).',
        en: 'Fill in the date until which aanbieders can say whether they join (yyyy-mm-dd).',
      };
    } else if (compareLocalDates(deadline, today) <= 0) {
      problems.addendumDeadline = {
        nl: 'De datum om te antwoorden moet na vandaag liggen.',
        en: 'The date to answer by must be after today.',
      };
    } else if (compareLocalDates(deadline, latest) > 0) {
      problems.addendumDeadline = {
        nl: `De datum om te antwoorden ligt hoogstens ${VASTSTELLING_LIMITS.addendumDaysMax} dagen na vandaag.`,
        en: `The date to answer by is at most ${VASTSTELLING_LIMITS.addendumDaysMax} days after today.`,
      };
    } else {
      addendum = {
        deadline: toIsoInstant(endOfLocalDay(deadline)),
        organisations: addendumOrganisations(voorstel, command.organisations),
      };
    }
  }
  if (Object.keys(problems).length > 0 || !outcome) return refuseFields('vaststelling.invalid', problems);

  const at = toIsoInstant(now);
  const adoption: VoorstelAdoption = {
    outcome,
    reason,
    decisionDate,
    recordedAt: at,
    recordedBy: gemeenteRecord(gemeente.value),
    addendum,
  };
  const adopted = outcome === 'vastgesteld';
  return succeed({
    voorstel: { ...voorstel, status: adopted ? 'vastgesteld' : 'afgewezen', adoption, updatedAt: at },
    events: [
      adopted
        ? {
            type: 'voorstel.vastgesteld',
            voorstelId: voorstel.id,
            percelen: voorstel.percelen,
            addendum: addendum !== null && addendum.organisations.length > 0,
          }
        : { type: 'voorstel.niet-vastgesteld', voorstelId: voorstel.id },
    ],
  });
}

export function isAddendumOpen(voorstel: Pick<Voorstel, 'status' | 'adoption'>, now: Date): boolean {
  const round = voorstel.status === 'vastgesteld' ? voorstel.adoption?.addendum : undefined;
  return Boolean(round) && !isPastDeadline(now, fromIsoInstant((round as AddendumRound).deadline));
}

/** The aanbieders of the addendum this person answers for: their own organisations that were asked. */
export function addendumOrganisationsOf(
  actor: Actor,
  voorstel: Pick<Voorstel, 'adoption'>,
): AddendumOrganisation[] {
  if (actor.kind !== 'person') return [];
  const mine = new Set(actor.roles.map((r) => r.organisation.id));
  return (voorstel.adoption?.addendum?.organisations ?? []).filter((o) => mine.has(o.organisationId));
}

export interface AnswerAddendum {
  readonly organisationId: string;
  readonly choice: unknown;
  /** The organisation's answer so far, if any (stored apart from the voorstel). */
  readonly current: AddendumAnswer | null;
}

export interface AddendumAnswered {
  readonly answer: AddendumAnswer;
  readonly changed: boolean;
  readonly event: {
    readonly type: 'addendum.beantwoord';
    readonly voorstelId: string;
    readonly organisationId: string;
    readonly choice: AddendumKeuze;
    readonly previousChoice: AddendumKeuze | null;
  };
}

function addendumClosedMessage(deadline: IsoInstant): Bilingual {
  const at = formatDutchDateTime(fromIsoInstant(deadline));
  return {
    nl: `Antwoorden op het addendum kon tot ${at}.`,
    en: `Answers to the addendum were accepted until ${at} (Dutch time).`,
  };
}

/** An aanbieder of the percelen answers "ik doe mee" or "ik doe niet mee"; it may change until the deadline. */
export function answerAddendum(
  voorstel: Voorstel,
  command: AnswerAddendum,
  actor: Actor,
  now: Date,
): Result<AddendumAnswered> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  const round = voorstel.status === 'vastgesteld' ? voorstel.adoption?.addendum : null;
  if (!round) {
    return refuse('addendum.none', {
      nl: 'Bij dit voorstel hoort geen addendum om op te antwoorden.',
      en: 'There is no addendum to answer for this voorstel.',
    });
  }
  if (isPastDeadline(now, fromIsoInstant(round.deadline))) {
    return refuse('addendum.closed', addendumClosedMessage(round.deadline));
  }
  const asked = round.organisations.find((o) => o.organisationId === command.organisationId);
  const capacity = asked && contactCapacityFor(actor, asked.organisationId);
  if (!asked || !capacity) {
    return refuse('addendum.not-yours', {
      nl: 'Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder in de percelen van dit voorstel kan antwoorden.',
      en: 'Only the contact person or substitute of a contracted provider in the lots of this proposal can answer.',
    });
  }
  if (!isAddendumKeuze(command.choice)) {
    return refuseFields('addendum.invalid', {
      choice: { nl: 'Kies "ik doe mee" of "ik doe niet mee".', en: 'Choose "I join" or "I do not join".' },
    });
  }
  const choice = command.choice;
  const current = command.current;
  const previousChoice = current?.choice ?? null;
  const event = {
    type: 'addendum.beantwoord' as const,
    voorstelId: voorstel.id,
    organisationId: asked.organisationId,
    choice,
    previousChoice,
  };
  if (current && current.choice === choice) return succeed({ answer: current, changed: false, event });
  const answer: AddendumAnswer = {
    organisationId: asked.organisationId,
    organisationName: asked.name,
    choice,
    answeredAt: toIsoInstant(now),
    answeredBy: contactRecord(known.value, capacity),
    revision: (current?.revision ?? 0) + 1,
  };
  return succeed({ answer, changed: true, event });
}

export interface AddendumTally {
  readonly doetMee: readonly AddendumOrganisation[];
  readonly doetNietMee: readonly AddendumOrganisation[];
  readonly geenAntwoord: readonly AddendumOrganisation[];
}

/** Who joins, who does not and who has not answered, among the aanbieders asked (answers of others ignored). */
export function addendumTally(round: AddendumRound, answers: readonly AddendumAnswer[]): AddendumTally {
  const byOrganisation = new Map(answers.map((a) => [a.organisationId, a.choice]));
  const tally = { doetMee: [], doetNietMee: [], geenAntwoord: [] } as {
    doetMee: AddendumOrganisation[];
    doetNietMee: AddendumOrganisation[];
    geenAntwoord: AddendumOrganisation[];
  };
  for (const organisation of round.organisations) {
    const choice = byOrganisation.get(organisation.organisationId);
    if (choice === 'doet-mee') tally.doetMee.push(organisation);
    else if (choice === 'doet-niet-mee') tally.doetNietMee.push(organisation);
    else tally.geenAntwoord.push(organisation);
  }
  return tally;
}

/** The answers as CSV for the gemeente: one line per aanbieder asked, in the order of the round. */
export function addendumCsv(
  round: AddendumRound,
  answers: readonly AddendumAnswer[],
  options: CsvOptions = {},
): string {
  const byOrganisation = new Map(answers.map((a) => [a.organisationId, a]));
  const rows: string[][] = [['Aanbieder', 'Antwoord', 'Door', 'Rol', 'Tijdstip (Amsterdam)', 'Versie']];
  for (const organisation of round.organisations) {
    const answer = byOrganisation.get(organisation.organisationId);
    rows.push(
      answer
        ? [
            organisation.name,
            answer.choice === 'doet-mee' ? 'doet mee' : 'doet niet mee',
            answer.answeredBy.personName,
            answer.answeredBy.capacity,
            formatDutchDateTime(fromIsoInstant(answer.answeredAt)),
            String(answer.revision),
          ]
        : [organisation.name, 'geen antwoord', '', '', '', ''],
    );
  }
  return toCsv(rows, options);
}

export interface ReportOntwikkeling {
  /** Chosen by the caller (from the invoke), so a redelivered report adds nothing. */
  readonly id: string;
  readonly text: unknown;
  /** The organisation a contact reports for; the gemeente may leave it out. */
  readonly organisationId?: string;
}

/**
 * Reports an unexpected development after adoption [002 art. 9.4]: the gemeente, or a contact of a party (a
 * contracted aanbieder, a gemeente or the lokale toegang), so every party hears it.
 */
export function reportOntwikkeling(
  voorstel: Voorstel,
  command: ReportOntwikkeling,
  actor: Actor,
  now: Date,
): Result<VoorstelChange> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (voorstel.status !== 'vastgesteld') {
    return refuse('ontwikkeling.not-adopted', {
      nl: 'Ontwikkelingen meldt u bij een voorstel dat door het bestuur is vastgesteld.',
      en: 'Developments are reported on a voorstel the bestuur has adopted.',
    });
  }
  const existing = voorstel.ontwikkelingen ?? [];
  if (existing.some((o) => o.id === command.id)) return succeed({ voorstel, events: [] });
  let reportedBy: ActorRecord;
  const capacity =
    command.organisationId !== undefined ? contactCapacityFor(actor, command.organisationId) : undefined;
  if (capacity && (capacity.organisation.type !== 'aanbieder' || capacity.organisation.contracted)) {
    reportedBy = contactRecord(known.value, capacity);
  } else if (isGemeente(actor) && command.organisationId === undefined) {
    reportedBy = gemeenteRecord(known.value);
  } else {
    return refuse('ontwikkeling.not-allowed', {
      nl: 'Een ontwikkeling meldt de gemeente, of de contactpersoon of vervanger van een partij namens die partij.',
      en: 'A development is reported by the gemeente, or by the contactpersoon or vervanger of a party on its behalf.',
    });
  }
  if (existing.length >= VASTSTELLING_LIMITS.ontwikkelingen) {
    return refuse('ontwikkeling.too-many', {
      nl: `Bij dit voorstel staan al ${VASTSTELLING_LIMITS.ontwikkelingen} meldingen. Neem contact op met de gemeente.`,
      en: `This voorstel already has ${VASTSTELLING_LIMITS.ontwikkelingen} reports. Please contact the gemeente.`,
    });
  }
  const problems: Record<string, Bilingual> = {};
  const text = checkBilingualText(
    problems,
    'text',
    command.text,
    { nl: 'De melding', en: 'The report' },
    { min: VASTSTELLING_LIMITS.ontwikkelingMin, max: VASTSTELLING_LIMITS.ontwikkelingMax },
  );
  if (Object.keys(problems).length > 0) return refuseFields('ontwikkeling.invalid', problems);
  const at = toIsoInstant(now);
  const ontwikkeling: Ontwikkeling = { id: command.id, text, reportedAt: at, reportedBy };
  return succeed({
    voorstel: { ...voorstel, ontwikkelingen: [...existing, ontwikkeling], updatedAt: at },
    events: [{ type: 'ontwikkeling.gemeld', voorstelId: voorstel.id, ontwikkelingId: ontwikkeling.id }],
  });
}
