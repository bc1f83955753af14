import type { Actor } from '../registry/actor';
import { ORGANISATION_TYPES } from '../registry/registry';
import { refuse, refuseFields, succeed, type Bilingual, type Refusal, type Result } from '../shared/result';
import { normaliseLine } from '../shared/text';
import { fromIsoInstant, isPastDeadline, toIsoInstant, type IsoInstant } from '../time/amsterdam';
import { dateTimeInBoth } from '../time/english';
import {
  contactCapacityFor,
  contactRecord,
  gemeenteRecord,
  requireGemeente,
  requireKnownActor,
  type ActorRecord,
} from './acting';
import { hasReactionWindowEnded } from './reacties';
import { checkText, FieldProblems } from './textRules';
import {
  KEUZES,
  type Ballot,
  type ClosureReason,
  type Keuze,
  type Party,
  type StemCategorie,
  type Stemming,
  type Stemverhouding,
  type Voorstel,
  type VoorstelChange,
  type VoorstelEvent,
} from './types';

export {
  KEUZES,
  type Ballot,
  type ClosureReason,
  type Keuze,
  type Party,
  type StemCategorie,
  type Stemming,
  type StemmingClosure,
  type Stemverhouding,
} from './types';

/**
 * The vote of the parties at the Overlegtafel on a voorstel [domain §2, 002 art. 9.1]. One current vote per
 * party (organisation), cast by its contactpersoon or vervanger, changeable until the deadline; every ballot is
 * kept as history. Unanimity (every party voor) makes the voorstel uitgewerkt; otherwise the gemeente decides.
 */

export function isKeuze(value: unknown): value is Keuze {
  return typeof value === 'string' && (KEUZES as readonly string[]).includes(value);
}

export const STEMMING_LIMITS = {
  parties: 100,
  idempotencyKeyMax: 200,
  reasonMin: 20,
  reasonMax: 2000,
} as const;

export interface OpenStemming {
  readonly deadline: Date;
  /** The year's selected aanbieders, the gemeenten and the lokale toegang, as resolved by the caller now. */
  readonly parties: readonly Party[];
}

export function openStemming(
  voorstel: Voorstel,
  command: OpenStemming,
  actor: Actor,
  now: Date,
): Result<VoorstelChange> {
  const gemeente = requireGemeente(actor, { nl: 'de stemming openen', en: 'open the vote' });
  if (!gemeente.ok) return gemeente;
  if (voorstel.status !== 'reactieperiode') {
    return voorstel.status === 'concept'
      ? refuse('stemming.reactieperiode-first', {
          nl: 'Open eerst de reactieperiode, zodat alle aanbieders kunnen reageren.',
          en: 'Open the reaction period first, so that all providers can react.',
        })
      : refuse('stemming.already-opened', {
          nl: 'De stemming over dit voorstel is al geopend.',
          en: 'The vote on this proposal has already been opened.',
        });
  }
  if (!hasReactionWindowEnded(voorstel, now) && voorstel.reactionWindow) {
    const closesAt = dateTimeInBoth(fromIsoInstant(voorstel.reactionWindow.closesAt));
    return refuse('stemming.reactieperiode-running', {
      nl: `De reactieperiode loopt nog tot ${closesAt.nl}. Open de stemming daarna.`,
      en: `The reaction period runs until ${closesAt.en}. Open the vote after that.`,
    });
  }
  if (!(command.deadline instanceof Date) || Number.isNaN(command.deadline.getTime())) {
    return refuseFields('stemming.invalid-deadline', {
      deadline: {
        nl: 'Vul een geldige datum en tijd in voor de deadline.',
        en: 'Enter a valid date and time for the deadline.',
      },
    });
  }
  if (command.deadline.getTime() <= now.getTime()) {
    return refuseFields('stemming.deadline-in-past', {
      deadline: {
        nl: 'De deadline van de stemming moet in de toekomst liggen.',
        en: 'The deadline of the vote must be in the future.',
      },
    });
  }
  const parties = checkParties(command.parties);
  if (!parties.ok) return parties;
  const at = toIsoInstant(now);
  const deadline = toIsoInstant(command.deadline);
  const stemming: Stemming = {
    openedAt: at,
    openedBy: gemeenteRecord(gemeente.value),
    deadline,
    parties: parties.value,
    ballots: [],
    closure: null,
    result: null,
  };
  return succeed({
    voorstel: { ...voorstel, status: 'stemming', stemming, updatedAt: at },
    events: [
      {
        type: 'stemming.geopend',
        voorstelId: voorstel.id,
        deadline,
        partyIds: parties.value.map((p) => p.organisationId),
      },
    ],
  });
}

function checkParties(parties: readonly Party[]): Result<Party[]> {
  if (!Array.isArray(parties) || parties.length === 0) {
    return refuse('stemming.no-parties', {
      nl: 'Er zijn geen partijen om te laten stemmen. Stel eerst de Overlegtafel samen.',
      en: 'There are no parties to vote. Compose the Overlegtafel first.',
    });
  }
  if (parties.length > STEMMING_LIMITS.parties) {
    return refuse('stemming.too-many-parties', {
      nl: `Maximaal ${STEMMING_LIMITS.parties} partijen per stemming.`,
      en: `At most ${STEMMING_LIMITS.parties} parties per vote.`,
    });
  }
  const seen = new Set<string>();
  const clean: Party[] = [];
  for (const party of parties) {
    const organisationId = normaliseLine(party.organisationId);
    const name = normaliseLine(party.name);
    if (!organisationId || !name || !(ORGANISATION_TYPES as readonly string[]).includes(party.type)) {
      return refuse('stemming.invalid-party', {
        nl: 'Een partij mist een organisatie, naam of soort.',
        en: 'A party is missing an organisation, name or type.',
      });
    }
    if (seen.has(organisationId)) {
      return refuse('stemming.duplicate-party', {
        nl: `${name} staat twee keer in de lijst van partijen.`,
        en: `${name} appears twice in the list of parties.`,
      });
    }
    seen.add(organisationId);
    clean.push({ organisationId, name, type: party.type });
  }
  return succeed(clean);
}

export interface CastVote {
  /** The party the card says the vote is for; checked against who the actor really is. */
  readonly partyId: string;
  readonly choice: unknown;
  readonly idempotencyKey: string;
}

/** The order of ballots in history: by time cast, then by idempotency key (the same on every instance). */
export function compareBallots(a: Ballot, b: Ballot): number {
  if (a.castAt !== b.castAt) return a.castAt < b.castAt ? -1 : 1;
  return a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0;
}

function closedMessage(stemming: Stemming): Bilingual {
  const since =
    stemming.closure && stemming.closure.reason !== 'deadline' ? stemming.closure.at : stemming.deadline;
  const at = dateTimeInBoth(fromIsoInstant(since));
  return { nl: `De stemming is gesloten sinds ${at.nl}.`, en: `The vote has been closed since ${at.en}.` };
}

/**
 * Casts or changes the vote of a party. A redelivered invoke (same key, same voter, same choice) changes nothing
 * and is accepted even after the deadline, because it was accepted the first time.
 */
export function castVote(
  voorstel: Voorstel,
  command: CastVote,
  actor: Actor,
  now: Date,
): Result<VoorstelChange> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  const stemming = voorstel.stemming;
  if (!stemming)
    return refuse('vote.not-open', {
      nl: 'Over dit voorstel wordt (nog) niet gestemd.',
      en: 'There is no vote on this proposal (yet).',
    });

  const key = typeof command.idempotencyKey === 'string' ? command.idempotencyKey.trim() : '';
  if (!key || key.length > STEMMING_LIMITS.idempotencyKeyMax) {
    return refuse('vote.invalid-request', {
      nl: 'Deze stem kon niet worden verwerkt. Vernieuw de kaart en probeer het opnieuw.',
      en: 'This vote could not be processed. Refresh the card and try again.',
    });
  }
  // A redelivered invoke is only confirmed to someone who may still vote for that party: after a revocation the
  // replay gets the refusal any other action of theirs gets, never "your vote is recorded".
  const mayStillVote = stemming.parties.some(
    (p) => p.organisationId === command.partyId && contactCapacityFor(actor, p.organisationId),
  );
  const earlier = stemming.ballots.find((b) => b.idempotencyKey === key);
  if (earlier && !mayStillVote) return notYourPartyOrNotAParty(stemming, command.partyId);
  if (earlier) {
    const same =
      earlier.partyId === command.partyId &&
      earlier.castBy.personId === known.value.person.id &&
      earlier.choice === command.choice;
    return same
      ? succeed({ voorstel, events: [] })
      : refuse('vote.idempotency-conflict', {
          nl: 'Deze stem kon niet worden verwerkt. Vernieuw de kaart en probeer het opnieuw.',
          en: 'This vote could not be processed. Refresh the card and try again.',
        });
  }

  if (voorstel.status !== 'stemming' || stemming.closure)
    return refuse('vote.closed', closedMessage(stemming));
  if (isPastDeadline(now, fromIsoInstant(stemming.deadline)))
    return refuse('vote.closed', closedMessage(stemming));

  const party = stemming.parties.find((p) => p.organisationId === command.partyId);
  const capacity = party && contactCapacityFor(actor, party.organisationId);
  if (!party || !capacity) return notYourPartyOrNotAParty(stemming, command.partyId);
  if (!isKeuze(command.choice)) {
    return refuse('vote.unknown-choice', {
      nl: 'Kies voor, tegen of onthouding.',
      en: 'Choose for, against or abstain.',
    });
  }

  const previous = currentVote(stemming, party.organisationId);
  const ballot: Ballot = {
    partyId: party.organisationId,
    choice: command.choice,
    castBy: contactRecord(known.value, capacity),
    castAt: toIsoInstant(now),
    idempotencyKey: key,
  };
  const ballots = [...stemming.ballots, ballot].sort(compareBallots);
  return succeed({
    // The later of the two, so concurrent ballots applied in either order leave identical state.
    voorstel: {
      ...voorstel,
      stemming: { ...stemming, ballots },
      updatedAt: later(voorstel.updatedAt, ballot.castAt),
    },
    events: [
      {
        type: 'stem.uitgebracht',
        voorstelId: voorstel.id,
        partyId: party.organisationId,
        choice: ballot.choice,
        previousChoice: previous?.choice ?? null,
      },
    ],
  });
}

function notYourPartyOrNotAParty(stemming: Stemming, partyId: unknown): Refusal {
  const party = stemming.parties.find((p) => p.organisationId === partyId);
  if (!party)
    return refuse('vote.not-a-party', {
      nl: 'Deze organisatie is geen partij bij deze stemming.',
      en: 'This organisation is not a party in this vote.',
    });
  return refuse('vote.not-your-party', {
    nl: `Alleen de contactpersoon of vervanger van ${party.name} kan namens ${party.name} stemmen.`,
    en: `Only the contact person or substitute of ${party.name} can vote on behalf of ${party.name}.`,
  });
}

function later(a: IsoInstant, b: IsoInstant): IsoInstant {
  return a > b ? a : b;
}

/** The vote that counts for a party: its latest ballot, or null when it has not voted. */
export function currentVote(stemming: Stemming, partyId: string): Ballot | null {
  for (let i = stemming.ballots.length - 1; i >= 0; i -= 1) {
    const ballot = stemming.ballots[i];
    if (ballot && ballot.partyId === partyId) return ballot;
  }
  return null;
}

export function voteHistory(stemming: Stemming, partyId: string): Ballot[] {
  return stemming.ballots.filter((b) => b.partyId === partyId);
}

export function stemverhouding(stemming: Stemming): Stemverhouding {
  const partijen: Record<StemCategorie, Party[]> = { voor: [], tegen: [], onthouding: [], nietGestemd: [] };
  for (const party of stemming.parties) {
    partijen[currentVote(stemming, party.organisationId)?.choice ?? 'nietGestemd'].push(party);
  }
  return {
    voor: partijen.voor.length,
    tegen: partijen.tegen.length,
    onthouding: partijen.onthouding.length,
    nietGestemd: partijen.nietGestemd.length,
    partijen,
  };
}

/** Unanimity: every party voted voor. A tegen, an onthouding or a missing vote breaks it [domain §2]. */
export function isUnanimous(verhouding: Stemverhouding): boolean {
  return (
    verhouding.voor > 0 &&
    verhouding.tegen === 0 &&
    verhouding.onthouding === 0 &&
    verhouding.nietGestemd === 0
  );
}

/** Reminders go only to parties that have not voted yet. */
export function partiesWithoutVote(voorstel: Voorstel): Party[] {
  if (voorstel.status !== 'stemming' || !voorstel.stemming) return [];
  return [...stemverhouding(voorstel.stemming).partijen.nietGestemd];
}

/** The gemeente may close before the deadline only once every party has voted. */
export function canCloseEarly(voorstel: Voorstel): boolean {
  return (
    voorstel.status === 'stemming' &&
    voorstel.stemming !== null &&
    voorstel.stemming.parties.every(
      (p) => currentVote(voorstel.stemming as Stemming, p.organisationId) !== null,
    )
  );
}

export function isDueForAutomaticClose(voorstel: Voorstel, now: Date): boolean {
  return (
    voorstel.status === 'stemming' &&
    voorstel.stemming !== null &&
    isPastDeadline(now, fromIsoInstant(voorstel.stemming.deadline))
  );
}

/** The scheduled job that closes votes at their deadline, as opposed to a person. */
export const SCHEDULER = 'scheduler' as const;

/**
 * Closes the vote: at the deadline (scheduler or gemeente), or earlier by the gemeente once every party voted.
 * Closing an already closed vote changes nothing, so several scheduler instances racing is harmless.
 */
export function closeStemming(
  voorstel: Voorstel,
  closer: Actor | typeof SCHEDULER,
  now: Date,
): Result<VoorstelChange> {
  let by: ActorRecord | null = null;
  if (closer !== SCHEDULER) {
    const gemeente = requireGemeente(closer, { nl: 'de stemming sluiten', en: 'close the vote' });
    if (!gemeente.ok) return gemeente;
    by = gemeenteRecord(gemeente.value);
  }
  const stemming = voorstel.stemming;
  if (stemming?.closure) return succeed({ voorstel, events: [] });
  if (voorstel.status !== 'stemming' || !stemming) {
    return refuse('stemming.not-open', {
      nl: 'Over dit voorstel wordt (nog) niet gestemd.',
      en: 'There is no vote on this proposal (yet).',
    });
  }
  const pastDeadline = isPastDeadline(now, fromIsoInstant(stemming.deadline));
  let reason: ClosureReason;
  if (pastDeadline) reason = 'deadline';
  else if (closer === SCHEDULER) {
    return refuse('stemming.deadline-not-reached', {
      nl: 'De deadline van de stemming is nog niet verstreken.',
      en: 'The deadline of the vote has not passed yet.',
    });
  } else if (canCloseEarly(voorstel)) reason = 'alle-partijen-gestemd';
  else {
    const missing = partiesWithoutVote(voorstel).map((p) => p.name);
    return refuse('stemming.not-all-voted', {
      nl: `De stemming kan pas vóór de deadline worden gesloten als alle partijen hebben gestemd. Nog niet gestemd: ${missing.join(', ')}.`,
      en: `The vote can only be closed before the deadline when all parties have voted. Not voted yet: ${missing.join(', ')}.`,
    });
  }

  const at = toIsoInstant(now);
  const result = stemverhouding(stemming);
  const unanimous = isUnanimous(result);
  const events: VoorstelEvent[] = [{ type: 'stemming.gesloten', voorstelId: voorstel.id, reason, unanimous }];
  if (unanimous) {
    events.push({
      type: 'voorstel.uitgewerkt',
      voorstelId: voorstel.id,
      basis: 'unaniem',
      percelen: voorstel.percelen,
    });
  }
  return succeed({
    voorstel: {
      ...voorstel,
      status: unanimous ? 'uitgewerkt' : 'gesloten',
      stemming: { ...stemming, closure: { at, reason, by }, result },
      decision: unanimous ? { kind: 'unaniem', at, by: null, reason: null } : null,
      updatedAt: at,
    },
    events,
  });
}

export const GEMEENTE_BESLUITEN = ['aannemen', 'afwijzen'] as const;
export type GemeenteBesluit = (typeof GEMEENTE_BESLUITEN)[number];

export interface DecideVoorstel {
  readonly decision: unknown;
  readonly reason: unknown;
}

/**
 * Without unanimity the gemeente decides, with a recorded reason ("beargumenteerd", 002 art. 9.1), to adopt the
 * voorstel (uitgewerkt) or to reject it.
 */
export function decideVoorstel(
  voorstel: Voorstel,
  command: DecideVoorstel,
  actor: Actor,
  now: Date,
): Result<VoorstelChange> {
  const gemeente = requireGemeente(actor, { nl: 'over een voorstel besluiten', en: 'decide on a proposal' });
  if (!gemeente.ok) return gemeente;
  if (
    voorstel.status === 'uitgewerkt' ||
    voorstel.status === 'vastgesteld' ||
    voorstel.status === 'afgewezen'
  ) {
    return refuse('besluit.already-decided', {
      nl: `Over dit voorstel is al besloten: het is ${voorstel.status}.`,
      en: `A decision on this proposal has already been made: it was ${voorstel.status === 'afgewezen' ? 'rejected' : 'adopted'}.`,
    });
  }
  if (voorstel.status !== 'gesloten') {
    return refuse('besluit.vote-not-closed', {
      nl: 'Er kan pas worden besloten als de stemming is gesloten.',
      en: 'A decision can only be made once the vote is closed.',
    });
  }
  const problems = new FieldProblems();
  const decision = (GEMEENTE_BESLUITEN as readonly unknown[]).includes(command.decision)
    ? (command.decision as GemeenteBesluit)
    : undefined;
  if (!decision)
    problems.add('decision', { nl: 'Kies aannemen of afwijzen.', en: 'Choose adopt or reject.' });
  const reason = checkText(problems, 'reason', command.reason, {
    label: { nl: 'De onderbouwing van het besluit', en: 'The reasoning for the decision' },
    min: STEMMING_LIMITS.reasonMin,
    max: STEMMING_LIMITS.reasonMax,
    multiline: true,
  });
  if (problems.any || !decision) return refuseFields('besluit.invalid', problems.all);

  const at = toIsoInstant(now);
  const adopted = decision === 'aannemen';
  return succeed({
    voorstel: {
      ...voorstel,
      status: adopted ? 'uitgewerkt' : 'afgewezen',
      decision: {
        kind: adopted ? 'aangenomen' : 'afgewezen',
        at,
        by: gemeenteRecord(gemeente.value),
        reason,
      },
      updatedAt: at,
    },
    events: [
      adopted
        ? {
            type: 'voorstel.uitgewerkt',
            voorstelId: voorstel.id,
            basis: 'besluit-gemeente',
            percelen: voorstel.percelen,
          }
        : { type: 'voorstel.afgewezen', voorstelId: voorstel.id },
    ],
  });
}
