import type { Actor } from '../registry/actor';
import { parsePercelen, type Organisation, type Perceel } from '../registry/registry';
import { refuse, refuseFields, refusalMessages, succeed, type Result } from '../shared/result';
import { normaliseLine } from '../shared/text';
import { localDateOf, toIsoInstant, type IsoInstant } from '../time/amsterdam';
import { formatDutchShortDate } from '../time/dutch';
import { parseLocalDate, type LocalDate } from '../time/localDate';
import { addWorkingDays, workingDaysBetween } from '../time/workingDays';
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
import { formatEnglishShortDate } from '../time/english';

/**
 * Signalen [002 art. 5.5]: any party raises a signal about the execution of the contract (bedrijfsvoering,
 * wijk/buurt, inwoners, wachtlijst, overig), positive, neutral or negative, optionally confidential
 * [002 art. 5.7]. The gemeente answers the sender and can put a signaal on the agenda or turn it into a voorstel.
 * A wachtlijst signaal is a provider's report that it cannot start care within 14 working days of an allocation.
 */

export const SENTIMENTEN = ['positief', 'neutraal', 'negatief'] as const;
export type Sentiment = (typeof SENTIMENTEN)[number];

export const ONDERWERPEN = ['bedrijfsvoering', 'wijk-buurt', 'inwoners', 'wachtlijst', 'overig'] as const;
export type Onderwerp = (typeof ONDERWERPEN)[number];

export const ONDERWERP_LABELS: Readonly<Record<Onderwerp, string>> = {
  bedrijfsvoering: 'Bedrijfsvoering',
  'wijk-buurt': 'Wijk of buurt',
  inwoners: 'Inwoners',
  wachtlijst: 'Wachtlijst',
  overig: 'Overig',
};

/** The working days within which care should start after an allocation; later is a wachtlijst signaal. */
export const START_WITHIN_WORKING_DAYS = 14;

export const SIGNAAL_LIMITS = {
  textMax: 4000,
  answerMax: 2000,
  answersMax: 20,
  clientsMax: 999,
  excerpt: 160,
} as const;

/** Where a signaal raised by a gemeente admin without an organisation role is stored (the partition key). */
export const GEMEENTE_PARTITION = 'gemeente';

export interface WachtlijstMelding {
  readonly perceel: Perceel;
  /** The day the lokale toegang allocated the care (toewijzing). */
  readonly allocationDate: LocalDate;
  /** When the provider expects to start; null when it cannot say yet. */
  readonly expectedStartDate: LocalDate | null;
  readonly clients: number;
  /** The last day care should have started: 14 working days after the allocation. */
  readonly startDeadline: LocalDate;
  /** Working days from the allocation to the expected start; null when the start is unknown. */
  readonly expectedWorkingDays: number | null;
}

export interface SignaalAntwoord {
  readonly id: string;
  readonly text: string;
  readonly by: ActorRecord;
  readonly at: IsoInstant;
}

/** The planned Overlegtafel meeting (issue 7) whose agenda took the signaal. */
export interface AgendaMeeting {
  readonly meetingId: string;
  readonly title: string;
  readonly start: IsoInstant;
  readonly agendaItemId: string | null;
}

/**
 * The gemeente asked for the signaal to be discussed at the Overlegtafel: it is on the agenda of the next planned
 * meeting, or, while none is planned, kept here "voor de agenda" for the gemeente to take into the next one.
 */
export interface AgendaVerzoek {
  readonly requestedAt: IsoInstant;
  readonly requestedBy: ActorRecord;
  /** What goes on the agenda: built from the public view, so a confidential signaal's text never does. */
  readonly agendaTitle: string;
  /** Null while no meeting was planned ("voor de agenda"); absent in documents stored before meetings existed. */
  readonly meeting?: AgendaMeeting | null;
}

export interface Signaal {
  readonly id: string;
  /** The organisation it was raised for, or GEMEENTE_PARTITION; the partition key of the store. */
  readonly organisationId: string;
  readonly sentiment: Sentiment;
  readonly onderwerp: Onderwerp;
  readonly perceel: Perceel | null;
  readonly text: string;
  /** Confidential [002 art. 5.7]: for the gemeente only, never broadcast or published. */
  readonly confidential: boolean;
  readonly raisedBy: ActorRecord;
  readonly raisedAt: IsoInstant;
  readonly updatedAt: IsoInstant;
  readonly wachtlijst: WachtlijstMelding | null;
  readonly answers: readonly SignaalAntwoord[];
  readonly agenda: AgendaVerzoek | null;
  readonly voorstelId: string | null;
}

/** What the form sends; every field is checked, nothing is trusted. */
export interface SignaalInput {
  readonly sentiment?: unknown;
  readonly onderwerp?: unknown;
  readonly text?: unknown;
  readonly confidential?: unknown;
  readonly perceel?: unknown;
  readonly allocationDate?: unknown;
  readonly expectedStartDate?: unknown;
  readonly clients?: unknown;
}

export interface RaiseSignaal {
  /** Chosen by the caller (from the invoke), so a redelivered submission finds the same signaal. */
  readonly id: string;
  readonly input: SignaalInput;
  /** The organisation a contact raises it for; a gemeente admin may leave it out. */
  readonly onBehalfOfOrganisationId?: string;
}

export function isSentiment(value: unknown): value is Sentiment {
  return typeof value === 'string' && (SENTIMENTEN as readonly string[]).includes(value);
}

export function isOnderwerp(value: unknown): value is Onderwerp {
  return typeof value === 'string' && (ONDERWERPEN as readonly string[]).includes(value);
}

/** Input.Toggle sends 'true'/'false'; a tampered card may send anything else, which counts as not confidential. */
function parseFlag(value: unknown): boolean {
  return value === true || value === 'true' || value === 'ja';
}

/** The last day care should start for an allocation on `allocationDate`. */
export function startDeadlineFor(allocationDate: LocalDate): LocalDate {
  return addWorkingDays(allocationDate, START_WITHIN_WORKING_DAYS);
}

/**
 * Who raises it: the gemeente (its admins), or a contactpersoon/vervanger of a contracted organisation for that
 * organisation [002 art. 5.5, domain: who may do what].
 */
function raiserOf(
  actor: Actor,
  onBehalfOfOrganisationId: string | undefined,
): Result<{ record: ActorRecord; organisation: Organisation | null }> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (onBehalfOfOrganisationId === undefined) {
    if (isGemeente(actor)) return succeed({ record: gemeenteRecord(known.value), organisation: null });
    return refuse('signaal.organisation-required', {
      nl: 'Kies namens welke organisatie u het signaal afgeeft.',
      en: 'Choose on behalf of which organisation you give the signal.',
    });
  }
  const capacity = contactCapacityFor(actor, onBehalfOfOrganisationId);
  if (!capacity) {
    return refuse('signaal.not-your-organisation', {
      nl: 'U kunt alleen een signaal afgeven namens een organisatie waarvan u contactpersoon of vervanger bent.',
      en: 'You can only give a signal on behalf of an organisation whose contact person or substitute you are.',
    });
  }
  if (!capacity.organisation.contracted) {
    return refuse('signaal.not-contracted', {
      nl: `${capacity.organisation.name} is niet (meer) gecontracteerd.`,
      en: `${capacity.organisation.name} is not contracted (any more).`,
    });
  }
  return succeed({ record: contactRecord(known.value, capacity), organisation: capacity.organisation });
}

interface ValidSignaal {
  readonly sentiment: Sentiment;
  readonly onderwerp: Onderwerp;
  readonly perceel: Perceel | null;
  readonly text: string;
  readonly confidential: boolean;
  readonly wachtlijst: WachtlijstMelding | null;
}

function parsePerceel(value: unknown): Perceel | null | undefined {
  const text = normaliseLine(typeof value === 'number' ? String(value) : value);
  if (!text) return null;
  const parsed = parsePercelen(text);
  return parsed && parsed.length === 1 ? parsed[0] : undefined;
}

function parseClients(value: unknown): number | undefined {
  const text = normaliseLine(typeof value === 'number' ? String(value) : value);
  if (!text) return 1;
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const clients = Number(text);
  return clients >= 1 && clients <= SIGNAAL_LIMITS.clientsMax ? clients : undefined;
}

/** Checks every field and reports all problems at once, each in Dutch, keyed by field. */
export function validateSignaal(
  input: SignaalInput,
  organisation: Organisation | null,
  today: LocalDate,
): Result<ValidSignaal> {
  const problems = new FieldProblems();
  const sentiment = normaliseLine(input.sentiment).toLowerCase();
  if (!isSentiment(sentiment))
    problems.add('sentiment', {
      nl: 'Kies of het signaal positief, neutraal of negatief is.',
      en: 'Choose whether the signal is positive, neutral or negative.',
    });
  const onderwerp = normaliseLine(input.onderwerp).toLowerCase();
  if (!isOnderwerp(onderwerp)) {
    problems.add('onderwerp', {
      nl: 'Kies het onderwerp: bedrijfsvoering, wijk/buurt, inwoners, wachtlijst of overig.',
      en: 'Choose the subject: operations, neighbourhood, residents, waiting list or other.',
    });
  }
  const text = checkText(problems, 'text', input.text, {
    label: { nl: 'De tekst van het signaal', en: 'The text of the signal' },
    min: 1,
    max: SIGNAAL_LIMITS.textMax,
    multiline: true,
  });
  const perceel = parsePerceel(input.perceel);
  if (perceel === undefined)
    problems.add('perceel', {
      nl: 'Een perceel is een nummer van 1 tot en met 5.',
      en: 'A lot is a number from 1 to 5.',
    });

  let wachtlijst: WachtlijstMelding | null = null;
  if (onderwerp === 'wachtlijst') {
    wachtlijst = validateWachtlijst(problems, input, perceel ?? null, organisation, today);
  }
  if (problems.any || !isSentiment(sentiment) || !isOnderwerp(onderwerp) || perceel === undefined) {
    return refuseFields('signaal.invalid', problems.all);
  }
  return succeed({
    sentiment,
    onderwerp,
    perceel,
    text,
    confidential: parseFlag(input.confidential),
    wachtlijst,
  });
}

/**
 * A waiting-list report: a contracted provider, for a perceel it is contracted for, says that care allocated on a
 * day cannot start within 14 working days (national holidays excluded) [issue 10].
 */
function validateWachtlijst(
  problems: FieldProblems,
  input: SignaalInput,
  perceel: Perceel | null,
  organisation: Organisation | null,
  today: LocalDate,
): WachtlijstMelding | null {
  if (!organisation || organisation.type !== 'aanbieder') {
    problems.add('onderwerp', {
      nl: 'Een wachtlijstsignaal geeft een aanbieder af: kies de aanbieder namens wie u het signaal afgeeft.',
      en: 'A waiting list signal is given by a provider: choose the provider on whose behalf you give the signal.',
    });
    return null;
  }
  if (perceel === null)
    problems.add('perceel', {
      nl: 'Kies het perceel waarvoor de zorg is toegewezen.',
      en: 'Choose the lot for which the care was allocated.',
    });
  else if (!organisation.percelen.includes(perceel)) {
    problems.add('perceel', {
      nl: `${organisation.name} is niet gecontracteerd voor perceel ${perceel}.`,
      en: `${organisation.name} is not contracted for lot ${perceel}.`,
    });
  }
  const allocation = parseLocalDate(input.allocationDate);
  if (!allocation.ok) {
    problems.add(
      'allocationDate',
      normaliseLine(input.allocationDate)
        ? {
            nl: `De datum van de toewijzing: ${allocation.messages[0]}`,
            en: `The allocation date: ${refusalMessages(allocation, 'en')[0]}`,
          }
        : { nl: 'Vul de datum van de toewijzing in.', en: 'Fill in the allocation date.' },
    );
  } else if (allocation.value > today) {
    problems.add('allocationDate', {
      nl: 'De datum van de toewijzing kan niet in de toekomst liggen.',
      en: 'The allocation date cannot be in the future.',
    });
  }
  const startText = normaliseLine(input.expectedStartDate);
  let expectedStartDate: LocalDate | null = null;
  if (startText) {
    const start = parseLocalDate(startText);
    if (!start.ok)
      problems.add('expectedStartDate', {
        nl: `De verwachte startdatum: ${start.messages[0]}`,
        en: `The expected start date: ${refusalMessages(start, 'en')[0]}`,
      });
    else expectedStartDate = start.value;
  }
  const clients = parseClients(input.clients);
  if (clients === undefined) {
    problems.add('clients', {
      nl: `Het aantal cliënten is een heel getal van 1 tot en met ${SIGNAAL_LIMITS.clientsMax}.`,
      en: `The number of clients is a whole number from 1 to ${SIGNAAL_LIMITS.clientsMax}.`,
    });
  }
  if (!allocation.ok || allocation.value > today || perceel === null || clients === undefined) return null;

  const startDeadline = startDeadlineFor(allocation.value);
  let expectedWorkingDays: number | null = null;
  if (expectedStartDate !== null) {
    if (expectedStartDate <= allocation.value) {
      problems.add('expectedStartDate', {
        nl: 'De verwachte startdatum ligt na de datum van de toewijzing.',
        en: 'The expected start date must be after the allocation date.',
      });
      return null;
    }
    expectedWorkingDays = workingDaysBetween(allocation.value, expectedStartDate);
    if (expectedStartDate <= startDeadline) {
      problems.add('expectedStartDate', {
        nl: `Een start op ${formatDutchShortDate(expectedStartDate)} is binnen ${START_WITHIN_WORKING_DAYS} werkdagen na de toewijzing (uiterlijk ${formatDutchShortDate(startDeadline)}): dat is geen wachtlijst.`,
        en: `A start on ${formatEnglishShortDate(expectedStartDate)} is within ${START_WITHIN_WORKING_DAYS} working days of the allocation (by ${formatEnglishShortDate(startDeadline)} at the latest): that is not a waiting list.`,
      });
      return null;
    }
  }
  return {
    perceel,
    allocationDate: allocation.value,
    expectedStartDate,
    clients,
    startDeadline,
    expectedWorkingDays,
  };
}

export interface SignaalChange {
  readonly signaal: Signaal;
}

export function raiseSignaal(command: RaiseSignaal, actor: Actor, now: Date): Result<SignaalChange> {
  const raiser = raiserOf(actor, command.onBehalfOfOrganisationId);
  if (!raiser.ok) return raiser;
  const valid = validateSignaal(command.input, raiser.value.organisation, localDateOf(now));
  if (!valid.ok) return valid;
  const at = toIsoInstant(now);
  const { record } = raiser.value;
  return succeed({
    signaal: {
      id: command.id,
      organisationId: record.organisationId ?? GEMEENTE_PARTITION,
      ...valid.value,
      perceel: valid.value.wachtlijst?.perceel ?? valid.value.perceel,
      raisedBy: record,
      raisedAt: at,
      updatedAt: at,
      answers: [],
      agenda: null,
      voorstelId: null,
    },
  });
}

/** The gemeente sees every signaal; a contact sees the signalen of the organisations they act for. */
export function maySeeSignaal(actor: Actor, signaal: Pick<Signaal, 'organisationId' | 'raisedBy'>): boolean {
  if (actor.kind !== 'person') return false;
  // The gemeente acts through its admins (isGemeente would narrow the rest of this function away).
  if (actor.person.isAdmin) return true;
  if (signaal.raisedBy.personId === actor.person.id) return true;
  return actor.roles.some((r) => r.organisation.id === signaal.organisationId);
}

/** The gemeente answers the sender; the answer is kept on the signaal and delivered to the sender's contacts. */
export function answerSignaal(
  signaal: Signaal,
  command: { readonly id: string; readonly text: unknown },
  actor: Actor,
  now: Date,
): Result<{ signaal: Signaal; answer: SignaalAntwoord }> {
  const gemeente = requireGemeente(actor, { nl: 'een signaal beantwoorden', en: 'answer a signal' });
  if (!gemeente.ok) return gemeente;
  const existing = signaal.answers.find((a) => a.id === command.id);
  if (existing) return succeed({ signaal, answer: existing });
  if (signaal.answers.length >= SIGNAAL_LIMITS.answersMax) {
    return refuse('signaal.too-many-answers', {
      nl: `Dit signaal heeft al ${SIGNAAL_LIMITS.answersMax} antwoorden. Neem contact op met de afzender.`,
      en: `This signal already has ${SIGNAAL_LIMITS.answersMax} answers. Contact the sender.`,
    });
  }
  const problems = new FieldProblems();
  const text = checkText(problems, 'answer', command.text, {
    label: { nl: 'Het antwoord', en: 'The answer' },
    min: 1,
    max: SIGNAAL_LIMITS.answerMax,
    multiline: true,
  });
  if (problems.any) return refuseFields('signaal.answer-invalid', problems.all);
  const at = toIsoInstant(now);
  const answer: SignaalAntwoord = { id: command.id, text, by: gemeenteRecord(gemeente.value), at };
  return succeed({ signaal: { ...signaal, answers: [...signaal.answers, answer], updatedAt: at }, answer });
}

/**
 * Records that the signaal goes to the Overlegtafel: on the agenda of `meeting`, or "voor de agenda" when no
 * meeting is planned. Asking twice changes nothing.
 */
export function requestAgenda(
  signaal: Signaal,
  actor: Actor,
  now: Date,
  meeting: AgendaMeeting | null = null,
): Result<Signaal> {
  const gemeente = requireGemeente(actor, {
    nl: 'een signaal op de agenda zetten',
    en: 'put a signal on the agenda',
  });
  if (!gemeente.ok) return gemeente;
  if (signaal.agenda) return succeed(signaal);
  const at = toIsoInstant(now);
  return succeed({
    ...signaal,
    agenda: {
      requestedAt: at,
      requestedBy: gemeenteRecord(gemeente.value),
      agendaTitle: agendaTitleOf(signaal),
      meeting,
    },
    updatedAt: at,
  });
}

/** Records the voorstel made from this signaal; one voorstel per signaal. */
export function linkVoorstel(signaal: Signaal, voorstelId: string, actor: Actor, now: Date): Result<Signaal> {
  const gemeente = requireGemeente(actor, {
    nl: 'van een signaal een voorstel maken',
    en: 'make a proposal from a signal',
  });
  if (!gemeente.ok) return gemeente;
  if (signaal.voorstelId === voorstelId) return succeed(signaal);
  if (signaal.voorstelId) {
    return refuse('signaal.voorstel-exists', {
      nl: 'Van dit signaal is al een voorstel gemaakt.',
      en: 'A proposal has already been made from this signal.',
    });
  }
  return succeed({ ...signaal, voorstelId, updatedAt: toIsoInstant(now) });
}

export function excerptOf(text: string, max: number = SIGNAAL_LIMITS.excerpt): string {
  const line = normaliseLine(text);
  if (line.length <= max) return line;
  return `${line.slice(0, max - 1).trimEnd()}…`;
}

/**
 * What may leave the gemeente's inbox: broadcasts (an answer, a notification) and publications (the agenda, a
 * voorstel's public part) are built from this, never from the Signaal. Built field by field from a whitelist;
 * a confidential signaal has no text here at all.
 */
export interface PublicSignaal {
  readonly id: string;
  readonly organisationId: string;
  readonly organisationName: string | null;
  readonly sentiment: Sentiment;
  readonly onderwerp: Onderwerp;
  readonly perceel: Perceel | null;
  readonly raisedAt: IsoInstant;
  readonly confidential: boolean;
  readonly text: string | null;
  readonly excerpt: string | null;
}

export function publicSignaal(signaal: Signaal): PublicSignaal {
  return {
    id: signaal.id,
    organisationId: signaal.organisationId,
    organisationName: signaal.raisedBy.organisationName,
    sentiment: signaal.sentiment,
    onderwerp: signaal.onderwerp,
    perceel: signaal.perceel,
    raisedAt: signaal.raisedAt,
    confidential: signaal.confidential,
    text: signaal.confidential ? null : signaal.text,
    excerpt: signaal.confidential ? null : excerptOf(signaal.text),
  };
}

export function agendaTitleOf(signaal: Signaal): string {
  const view = publicSignaal(signaal);
  const subject = ONDERWERP_LABELS[view.onderwerp].toLowerCase();
  const from = view.organisationName ? ` van ${view.organisationName}` : '';
  if (view.excerpt === null) return `Vertrouwelijk signaal${from} over ${subject}`;
  return `Signaal${from} over ${subject}: ${excerptOf(view.excerpt, 100)}`;
}

/** Whether the gemeente has done something with it yet. */
export type SignaalStatus = 'nieuw' | 'beantwoord' | 'agenda' | 'voorstel';

export function statusOf(signaal: Pick<Signaal, 'answers' | 'agenda' | 'voorstelId'>): SignaalStatus {
  if (signaal.voorstelId) return 'voorstel';
  if (signaal.agenda) return 'agenda';
  if (signaal.answers.length > 0) return 'beantwoord';
  return 'nieuw';
}
