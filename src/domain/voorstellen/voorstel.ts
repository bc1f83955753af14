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
    label: 'De titel',
    min: L.titleMin,
    max: L.titleMax,
  });
  const summary = checkText(problems, 'summary', input.summary, {
    label: 'De samenvatting',
    min: 1,
    max: L.summaryMax,
    multiline: true,
  });
  const text = checkText(problems, 'text', input.text, {
    label: 'De tekst',
    max: L.textMax,
    multiline: true,
  });
  const link = checkHttpsUrl(problems, 'link', input.link, 'De link');
  if (!text && !link && !problems.all.text && !problems.all.link) {
    problems.add('text', 'Geef de tekst van het voorstel of een link naar het document.');
  }

  const typeText = normaliseLine(input.type).toLowerCase();
  const type = (VOORSTEL_TYPES as readonly string[]).includes(typeText)
    ? (typeText as VoorstelType)
    : undefined;
  if (!type)
    problems.add('type', 'Kies het soort voorstel: contractwijziging, werkafspraak, pilot of overig.');

  const percelen = parsePercelen(input.percelen);
  if (!percelen) problems.add('percelen', 'Percelen moeten nummers van 1 tot en met 5 zijn.');
  else if (percelen.length === 0)
    problems.add('percelen', 'Kies minstens één perceel waarop het voorstel betrekking heeft.');

  const origin = parseOrigin(input.origin);
  if (!origin) problems.add('origin', 'Kies de herkomst: de Overlegtafel of een ontwikkeltafel.');

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
    problems.add('confidentialParts', 'De vertrouwelijke delen moeten een lijst zijn.');
    return [];
  }
  if (value.length > VOORSTEL_LIMITS.confidentialParts) {
    problems.add('confidentialParts', `Maximaal ${VOORSTEL_LIMITS.confidentialParts} vertrouwelijke delen.`);
    return [];
  }
  return value.map((part: unknown, index) => {
    const record = (typeof part === 'object' && part !== null ? part : {}) as Record<string, unknown>;
    const n = index + 1;
    const title = checkText(problems, 'confidentialParts', record.title, {
      label: `De titel van vertrouwelijk deel ${n}`,
      min: 1,
      max: VOORSTEL_LIMITS.confidentialTitleMax,
    });
    const text = checkText(problems, 'confidentialParts', record.text, {
      label: `De tekst van vertrouwelijk deel ${n}`,
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
    return refuse('voorstel.organisation-required', 'Kies namens welke organisatie u het voorstel indient.');
  }
  const capacity = contactCapacityFor(actor, onBehalfOfOrganisationId);
  if (!capacity) {
    return refuse(
      'voorstel.not-your-organisation',
      'U kunt alleen een voorstel indienen namens een organisatie waarvan u contactpersoon of vervanger bent.',
    );
  }
  if (capacity.organisation.type === 'aanbieder' && !capacity.organisation.contracted) {
    return refuse('voorstel.not-contracted', `${capacity.organisation.name} is niet (meer) gecontracteerd.`);
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
    return refuse(
      'voorstel.not-concept',
      'Dit voorstel is al gedeeld met de aanbieders en kan niet meer worden gewijzigd. Dien zo nodig een nieuw voorstel in.',
    );
  }
  if (!isGemeente(actor) && known.value.person.id !== voorstel.submittedBy.personId) {
    return refuse('voorstel.not-submitter', 'Alleen de indiener en de gemeente kunnen dit concept wijzigen.');
  }
  const valid = validateVoorstelInput(input);
  if (!valid.ok) return valid;
  return succeed({
    voorstel: { ...voorstel, ...valid.value, updatedAt: toIsoInstant(now) },
    events: [{ type: 'voorstel.gewijzigd', voorstelId: voorstel.id }],
  });
}
