import { refuse, succeed, type Result } from '../domain/shared/result';
import { toIsoInstant } from '../domain/time/amsterdam';
import {
  castVote as castVoteRule,
  closeStemming as closeStemmingRule,
  SCHEDULER,
  type Ballot,
  type Voorstel,
} from '../domain/voorstellen';
import type { Actor } from '../domain/registry/actor';
import type { Logger } from '../observability/logger';
import { StaleDocumentError } from '../storage/documentStore';
import {
  isClosing,
  toDocument,
  toVoorstel,
  type VoorstellenRepository,
} from '../storage/voorstellenRepository';
import { mergeOutbox, outboxEntries, WRITE_ATTEMPTS as ATTEMPTS } from './outbox';

/**
 * The vote on a voorstel: ballots cast at the same moment by hundreds of parties, and a close (at the deadline
 * or by the gemeente) that may race with them. Ballots are separate documents, so voters never conflict with
 * each other; the close marks the voorstel first and records exactly which ballots it counted.
 */

/** What the vote needs of the voorstel service it belongs to. */
export interface VoteContext {
  readonly repo: VoorstellenRepository;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly audit: (
    id: string,
    actorPersonId: string | null,
    action: string,
    details: Record<string, unknown>,
  ) => Promise<void>;
  readonly flushOutbox: (id: string) => Promise<void>;
}

export type VoteOutcome = 'recorded' | 'unchanged';

const NOT_FOUND = { nl: 'Dit voorstel bestaat niet (meer).', en: 'This proposal does not exist (any more).' };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function personIdOf(actor: Actor | typeof SCHEDULER): string | null {
  return actor !== SCHEDULER && actor.kind === 'person' ? actor.person.id : null;
}

function sameBallot(a: Ballot, b: Ballot): boolean {
  return a.partyId === b.partyId && a.choice === b.choice && a.castBy.personId === b.castBy.personId;
}

export class VoorstelVotes {
  private readonly repo: VoorstellenRepository;

  constructor(private readonly context: VoteContext) {
    this.repo = context.repo;
  }

  /**
   * Casts or changes a party's vote. The ballot goes into the history under an id derived from the idempotency
   * key (a redelivered invoke finds it and changes nothing), then the party's current vote moves forward to its
   * latest ballot. Finally the vote is checked for a close that raced with this ballot: a ballot the closure did
   * not count is taken back and the voter is told so.
   */
  async castVote(
    actor: Actor,
    id: string,
    partyId: string,
    choice: unknown,
    idempotencyKey: string,
  ): Promise<Result<{ voorstel: Voorstel; outcome: VoteOutcome }>> {
    const loaded = await this.repo.loadForVote(id);
    if (!loaded) return refuse('voorstel.not-found', NOT_FOUND);
    const now = this.context.now();
    const result = castVoteRule(loaded.voorstel, { partyId, choice, idempotencyKey }, actor, now);
    if (!result.ok) return result;
    if (result.value.events.length === 0) {
      // A redelivered invoke: make sure the first delivery's effect is complete, change nothing else.
      await this.repo.reconcileCurrentVote(id, partyId);
      return succeed({ voorstel: loaded.voorstel, outcome: 'unchanged' });
    }
    if (isClosing(loaded.doc.value, now)) {
      return refuse('vote.closed', {
        nl: 'De stemming wordt op dit moment gesloten. Er worden geen stemmen meer aangenomen.',
        en: 'The vote is being closed right now. No more votes are accepted.',
      });
    }
    const ballot = result.value.voorstel.stemming?.ballots.find((b) => b.idempotencyKey === idempotencyKey);
    if (!ballot) throw new Error('castVote accepted a ballot it did not record');
    const added = await this.repo.addBallot(id, ballot);
    if (!added.created) {
      const earlier = await this.repo.getBallot(id, added.id);
      if (!earlier || !sameBallot(earlier.ballot, ballot)) {
        return refuse('vote.idempotency-conflict', {
          nl: 'Deze stem kon niet worden verwerkt. Vernieuw de kaart en probeer het opnieuw.',
          en: 'This vote could not be processed. Refresh the card and try again.',
        });
      }
    }
    await this.repo.reconcileCurrentVote(id, ballot.partyId);
    const counted = await this.wasCounted(id, added.id);
    if (counted === 'niet-meegeteld') {
      await this.repo.removeBallot(id, added.id);
      await this.repo.reconcileCurrentVote(id, ballot.partyId);
      return refuse('vote.closed-meanwhile', {
        nl: 'De stemming werd gesloten terwijl uw stem binnenkwam. Uw stem is niet meegeteld.',
        en: 'The vote was closed while your vote came in. Your vote was not counted.',
      });
    }
    if (counted === 'onbekend') {
      this.context.logger.warn('ballot cast while a close was in progress', { voorstelId: id });
    }
    // Every counted ballot is in the audit trail once (a redelivered invoke wrote nothing new above).
    if (added.created) {
      await this.context.audit(id, personIdOf(actor), 'stem.uitgebracht', {
        ballotId: added.id,
        partyId: ballot.partyId,
        choice: ballot.choice,
      });
    }
    const fresh = await this.repo.loadForVote(id);
    return succeed({ voorstel: fresh?.voorstel ?? result.value.voorstel, outcome: 'recorded' });
  }

  /** Whether a ballot written just now is part of the vote, given a close that may have raced with it. */
  private async wasCounted(
    id: string,
    ballotId: string,
  ): Promise<'open' | 'meegeteld' | 'niet-meegeteld' | 'onbekend'> {
    for (let poll = 0; poll < 30; poll++) {
      const doc = await this.repo.get(id);
      if (!doc) return 'niet-meegeteld';
      if (doc.value.stemming?.closure) {
        return doc.value.countedBallotIds?.includes(ballotId) ? 'meegeteld' : 'niet-meegeteld';
      }
      // No marker: the close (if any) has not read the ballots yet, so it will count this one.
      if (!isClosing(doc.value, this.context.now())) return 'open';
      await sleep(100);
    }
    return 'onbekend';
  }

  /**
   * Closes the vote: by the scheduler at the deadline, or by the gemeente (early only once every party voted).
   * Two phases: a marker first (from then on no ballot is accepted), then the ballots are read and the result
   * written with the ids of the ballots it counted. A ballot that slipped in between is detected by its voter.
   */
  async closeStemming(closer: Actor | typeof SCHEDULER, id: string): Promise<Result<Voorstel>> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.repo.loadForVote(id);
      if (!loaded) return refuse('voorstel.not-found', NOT_FOUND);
      const now = this.context.now();
      const check = closeStemmingRule(loaded.voorstel, closer, now);
      if (!check.ok) return check;
      if (check.value.events.length === 0) return succeed(loaded.voorstel);
      try {
        const marked = await this.repo.replace(
          { ...loaded.doc.value, closingSince: toIsoInstant(now) },
          loaded.doc.etag,
        );
        const ballots = await this.repo.listBallots(id);
        const closed = closeStemmingRule(toVoorstel(marked.value, [], ballots), closer, now);
        if (!closed.ok) {
          await this.repo
            .replace({ ...marked.value, closingSince: null }, marked.etag)
            .catch(() => undefined);
          return closed;
        }
        await this.repo.replace(
          toDocument(closed.value.voorstel, {
            ...marked.value,
            countedBallotIds: ballots.map((b) => b.id),
            outbox: mergeOutbox(marked.value.outbox, outboxEntries(closed.value.events)),
          }),
          marked.etag,
        );
        await this.context.audit(id, personIdOf(closer), 'stemming.gesloten', {
          result: closed.value.voorstel.stemming?.result
            ? {
                voor: closed.value.voorstel.stemming.result.voor,
                tegen: closed.value.voorstel.stemming.result.tegen,
                onthouding: closed.value.voorstel.stemming.result.onthouding,
                nietGestemd: closed.value.voorstel.stemming.result.nietGestemd,
              }
            : null,
        });
        await this.context.flushOutbox(id);
        const fresh = await this.repo.loadForVote(id);
        return succeed(fresh?.voorstel ?? closed.value.voorstel);
      } catch (error) {
        if (!(error instanceof StaleDocumentError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
