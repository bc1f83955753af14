import type { Actor } from '../registry/actor';
import { parsePercelen, type Perceel } from '../registry/registry';
import { refuse, refuseFields, succeed, type Result } from '../shared/result';
import { normaliseLine } from '../shared/text';
import { toIsoInstant } from '../time/amsterdam';
import {
  contactCapacityFor,
  contactRecord,
  gemeenteRecord,
  isGemeente,
  requireKnownActor,
  type ActorRecord,
} from './acting';
import { checkTafelOpzet, type TafelOpzet, type TafelOpzetInput } from './tafelVoorstel';
import { checkHttpsUrl, checkText, FieldProblems } from './textRules';
import {
  VOORSTEL_TYPES,
  type ConfidentialPart,
  type Voorstel,
  type VoorstelChange,
  type VoorstelOrigin,
  type VoorstelSource,
  type VoorstelType,
} from './types';

export {
  VOORSTEL_STATUSES,
  VOORSTEL_TYPES,
  type ConfidentialPart,
  type DecisionKind,
  type ReactionWindow,
  type Voorstel,
  type VoorstelChange,
  type VoorstelDecision,
  type VoorstelEvent,
  type VoorstelOrigin,
  type VoorstelSource,
  type VoorstelStatus,
  type VoorstelType,
} from './types';

/**
 * A voorstel (proposal) and its lifecycle [domain §2, 002 art. 5.4-5.7, 9]:
 * concept -> reactieperiode -> stemming -> gesloten -> uitgewerkt | afgewezen.
 * A stemming that ends unanimously goes straight from stemming to uitgewerkt.
 * All state is plain JSON; every command returns a new Voorstel and the events it caused, or a refusal.
 */

export const VOORSTEL_LIMITS = {
  titleMin: 3,
  titleMax: 200,
  summaryMax: 1000,
  textMax: 20_000,
  confidentialParts: 10,
  confidentialTitleMax: 200,
  confidentialTextMax: 20_000,
  ontwikkeltafelIdMax: 100,
} as const;

/** What a submission form or card sends; every field is checked, nothing is trusted. */
export interface VoorstelInput {
  readonly title?: unknown;
  readonly summary?: unknown;
  readonly text?: unknown;
  readonly link?: unknown;
  readonly type?: unknown;
  readonly percelen?: unknown;
  readonly origin?: unknown;
  readonly confidentialParts?: unknown;
  /** Only for a voorstel "ontwikkeltafel instellen": its opdracht, doel and trekkers. */
  readonly tafel?: TafelOpzetInput;
}

export interface ValidVoorstelInput {
  readonly title: string;
  readonly summary: string;
  readonly text: string | null;
  readonly link: string | null;
  readonly type: VoorstelType;
  readonly percelen: readonly Perceel[];
  readonly origin: VoorstelOrigin;
  readonly confidentialParts: readonly ConfidentialPart[];
  readonly tafel: TafelOpzet | null;
}

/** Checks every field and reports all problems at once, each in Dutch, keyed by field. */
export function validateVoorstelInput(input: VoorstelInput): Result<ValidVoorstelInput> {
  const problems = new FieldProblems();
  const L = VOORSTEL_LIMITS;
  const title = checkText(problems, 'title', input.title, {
    label: { nl: 'De titel', en: 'The title' },
    min: L.titleMin,
    max: L.titleMax,
  });
  const summary = checkText(problems, 'summary', input.summary, {
    label: { nl: 'De samenvatting', en: 'The summary' },
    min: 1,
    max: L.summaryMax,
    multiline: true,
  });
  const text = checkText(problems, 'text', input.text, {
    label: { nl: 'De tekst', en: 'The text' },
    max: L.textMax,
    multiline: true,
  });
  const link = checkHttpsUrl(problems, 'link', input.link, { nl: 'De link', en: 'The link' });
  if (!text && !link && !problems.all.text && !problems.all.link) {
    problems.add('text', {
      nl: 'Geef de tekst van het voorstel of een link naar het document.',
      en: 'Give the text of the proposal or a link to the document.',
    });
  }

  const typeText = normaliseLine(input.type).toLowerCase();
  const type = (VOORSTEL_TYPES as readonly string[]).includes(typeText)
    ? (typeText as VoorstelType)
    : undefined;
  if (!type)
    problems.add('type', {
      nl: 'Kies het soort voorstel: contractwijziging, werkafspraak, pilot of overig.',
      en: 'Choose the type of proposal: contract change, working agreement, pilot or other.',
    });

  const percelen = parsePercelen(input.percelen);
  if (!percelen)
    problems.add('percelen', {
      nl: 'Percelen moeten nummers van 1 tot en met 5 zijn.',
      en: 'Lots must be numbers from 1 to 5.',
    });
  else if (percelen.length === 0)
    problems.add('percelen', {
      nl: 'Kies minstens één perceel waarop het voorstel betrekking heeft.',
      en: 'Choose at least one lot the proposal concerns.',
    });

  const origin = parseOrigin(input.origin);
  if (!origin)
    problems.add('origin', {
      nl: 'Kies de herkomst: de Overlegtafel of een ontwikkeltafel.',
      en: 'Choose the origin: the Overlegtafel or an ontwikkeltafel.',
    });

  const confidentialParts = checkConfidentialParts(problems, input.confidentialParts);
  const tafel = checkTafelOpzet(type, input.tafel, title);

  if (problems.any || Object.keys(tafel.problems).length > 0 || !type || !percelen || !origin)
    return refuseFields('voorstel.invalid', { ...tafel.problems, ...problems.all });
  return succeed({
    title,
    summary,
    text: text || null,
    link: link || null,
    type,
    percelen,
    origin,
    confidentialParts,
    tafel: tafel.value,
  });
}

function parseOrigin(value: unknown): VoorstelOrigin | undefined {
  if (value === 'overlegtafel') return 'overlegtafel';
  if (typeof value === 'object' && value !== null && 'ontwikkeltafelId' in value) {
    const id = normaliseLine((value as { ontwikkeltafelId: unknown }).ontwikkeltafelId);
    if (id && id.length <= VOORSTEL_LIMITS.ontwikkeltafelIdMax) return { ontwikkeltafelId: id };
  }
  return undefined;
}

function checkConfidentialParts(problems: FieldProblems, value: unknown): ConfidentialPart[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add('confidentialParts', {
      nl: 'De vertrouwelijke delen moeten een lijst zijn.',
      en: 'The confidential parts must be a list.',
    });
    return [];
  }
  if (value.length > VOORSTEL_LIMITS.confidentialParts) {
    problems.add('confidentialParts', {
      nl: `Maximaal ${VOORSTEL_LIMITS.confidentialParts} vertrouwelijke delen.`,
      en: `At most ${VOORSTEL_LIMITS.confidentialParts} confidential parts.`,
    });
    return [];
  }
  return value.map((part: unknown, index) => {
    const record = (typeof part === 'object' && part !== null ? part : {}) as Record<string, unknown>;
    const n = index + 1;
    const title = checkText(problems, 'confidentialParts', record.title, {
      label: { nl: `De titel van vertrouwelijk deel ${n}`, en: `The title of confidential part ${n}` },
      min: 1,
      max: VOORSTEL_LIMITS.confidentialTitleMax,
    });
    const text = checkText(problems, 'confidentialParts', record.text, {
      label: { nl: `De tekst van vertrouwelijk deel ${n}`, en: `The text of confidential part ${n}` },
      min: 1,
      max: VOORSTEL_LIMITS.confidentialTextMax,
      multiline: true,
    });
    return { id: `vertrouwelijk-${n}`, title, text };
  });
}

/** Who may submit: the gemeente, or a contactpersoon/vervanger of a party or contracted aanbieder [002 art. 5.4]. */
function submitterRecord(actor: Actor, onBehalfOfOrganisationId: string | undefined): Result<ActorRecord> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (onBehalfOfOrganisationId === undefined && isGemeente(actor))
    return succeed(gemeenteRecord(known.value));
  if (onBehalfOfOrganisationId === undefined) {
    return refuse('voorstel.organisation-required', {
      nl: 'Kies namens welke organisatie u het voorstel indient.',
      en: 'Choose on behalf of which organisation you submit the proposal.',
    });
  }
  const capacity = contactCapacityFor(actor, onBehalfOfOrganisationId);
  if (!capacity) {
    return refuse('voorstel.not-your-organisation', {
      nl: 'U kunt alleen een voorstel indienen namens een organisatie waarvan u contactpersoon of vervanger bent.',
      en: 'You can only submit a proposal on behalf of an organisation whose contact person or substitute you are.',
    });
  }
  if (capacity.organisation.type === 'aanbieder' && !capacity.organisation.contracted) {
    return refuse('voorstel.not-contracted', {
      nl: `${capacity.organisation.name} is niet (meer) gecontracteerd.`,
      en: `${capacity.organisation.name} is not contracted (any more).`,
    });
  }
  return succeed(contactRecord(known.value, capacity));
}

export interface SubmitVoorstel {
  /** Chosen by the caller (store), so the domain stays deterministic. */
  readonly id: string;
  readonly input: VoorstelInput;
  /** The organisation a contact submits for; a gemeente admin may leave it out. */
  readonly onBehalfOfOrganisationId?: string;
  /** The pilot the voorstel is made from, linked both ways [002 art. 10.5]. */
  readonly source?: VoorstelSource;
}

export function submitVoorstel(command: SubmitVoorstel, actor: Actor, now: Date): Result<VoorstelChange> {
  const submitter = submitterRecord(actor, command.onBehalfOfOrganisationId);
  if (!submitter.ok) return submitter;
  const valid = validateVoorstelInput(command.input);
  if (!valid.ok) return valid;
  const at = toIsoInstant(now);
  const voorstel: Voorstel = {
    id: command.id,
    ...valid.value,
    submittedBy: submitter.value,
    submittedAt: at,
    updatedAt: at,
    status: 'concept',
    reactionWindow: null,
    reactions: [],
    stemming: null,
    decision: null,
    ...(command.source ? { source: command.source } : {}),
  };
  return succeed({ voorstel, events: [{ type: 'voorstel.ingediend', voorstelId: voorstel.id }] });
}

/** A concept may be revised by whoever submitted it and by the gemeente; once shared it is fixed. */
export function reviseConcept(
  voorstel: Voorstel,
  input: VoorstelInput,
  actor: Actor,
  now: Date,
): Result<VoorstelChange> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (voorstel.status !== 'concept') {
    return refuse('voorstel.not-concept', {
      nl: 'Dit voorstel is al gedeeld met de aanbieders en kan niet meer worden gewijzigd. Dien zo nodig een nieuw voorstel in.',
      en: 'This proposal has already been shared with the providers and can no longer be changed. Submit a new proposal if needed.',
    });
  }
  if (!isGemeente(actor) && known.value.person.id !== voorstel.submittedBy.personId) {
    return refuse('voorstel.not-submitter', {
      nl: 'Alleen de indiener en de gemeente kunnen dit concept wijzigen.',
      en: 'Only the submitter and the gemeente can change this draft.',
    });
  }
  const valid = validateVoorstelInput(input);
  if (!valid.ok) return valid;
  return succeed({
    voorstel: { ...voorstel, ...valid.value, updatedAt: toIsoInstant(now) },
    events: [{ type: 'voorstel.gewijzigd', voorstelId: voorstel.id }],
  });
}
