import { createHash } from 'node:crypto';
import type { Organisation } from '../domain/registry/registry';
import {
  compareBallots,
  type AddendumAnswer,
  type Ballot,
  type Party,
  type Reaction,
  type Stemming,
  type Voorstel,
  type VoorstelEvent,
} from '../domain/voorstellen';
import type { TafelbotDatabase } from './cosmosClient';
import { currentOverlegtafelMembers } from './inschrijvingRepository';
import { DocumentConflictError, DocumentStore, StaleDocumentError, type Versioned } from './documentStore';

/**
 * Voorstellen in three containers:
 *
 * - `voorstellen` (pk /id): the voorstel without its reactions and ballots, plus the bookkeeping of the
 *   close protocol and an outbox of broadcasts still to enqueue;
 * - `voorstelReactions` (pk /voorstelId): one document per organisation (id = organisation id), so 500
 *   aanbieders reacting at once never write the same document;
 * - `voorstelVotes` (pk /voorstelId): every ballot (id derived from the invoke's idempotency key, so a
 *   redelivered invoke finds its own ballot instead of adding one) and the current vote per party
 *   (id = organisation id), kept equal to the party's latest ballot.
 *
 * Queries into one voorstel's partition filter the partition key in WHERE as well.
 */

export type StoredStemming = Omit<Stemming, 'ballots'>;

/** A domain event whose broadcast still has to be enqueued (transactional outbox: written with the change). */
export interface OutboxEntry {
  readonly id: string;
  readonly event: VoorstelEvent;
}

export interface VoorstelDocument extends Omit<Voorstel, 'reactions' | 'stemming'> {
  readonly kind: 'voorstel';
  readonly stemming: StoredStemming | null;
  /**
   * Set while the vote is being closed: from this moment no ballot is accepted, and ballots that raced with the
   * close are checked against `countedBallotIds`. Ignored when older than CLOSING_MARKER_MS (a crashed closer).
   */
  readonly closingSince: string | null;
  /** The ballot documents the closure counted; null until closed. */
  readonly countedBallotIds: readonly string[] | null;
  readonly outbox: readonly OutboxEntry[];
  /** Broadcasts sent for this voorstel, for in-place updates (e.g. the vote cards when the vote closes). */
  readonly broadcasts: readonly string[];
}

export interface ReactionDocument extends Reaction {
  /** = organisationId. */
  readonly id: string;
  readonly voorstelId: string;
  readonly kind: 'reaction';
}

export interface BallotDocument {
  readonly id: string;
  readonly voorstelId: string;
  readonly kind: 'ballot';
  readonly ballot: Ballot;
}

export interface CurrentVoteDocument {
  /** = the party's organisation id. */
  readonly id: string;
  readonly voorstelId: string;
  readonly kind: 'current';
  readonly ballotId: string;
  readonly ballot: Ballot;
}

/** One aanbieder's answer to the addendum of an adopted voorstel (id = `addendum-<organisation id>`). */
export interface AddendumAnswerDocument {
  readonly id: string;
  readonly voorstelId: string;
  readonly kind: 'addendum';
  readonly answer: AddendumAnswer;
}

type VoteDocument = BallotDocument | CurrentVoteDocument | AddendumAnswerDocument;

export function addendumAnswerIdFor(organisationId: string): string {
  return `addendum-${organisationId}`;
}

export const CLOSING_MARKER_MS = 120_000;

/** A ballot's document id: derived from the idempotency key of the invoke that carried it. */
export function ballotIdFor(idempotencyKey: string): string {
  return `b-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;
}

export function toDocument(
  voorstel: Voorstel,
  previous?: Pick<VoorstelDocument, 'closingSince' | 'countedBallotIds' | 'outbox' | 'broadcasts'>,
): VoorstelDocument {
  const { reactions: _reactions, stemming, ...rest } = voorstel;
  let stored: StoredStemming | null = null;
  if (stemming) {
    const { ballots: _ballots, ...withoutBallots } = stemming;
    stored = withoutBallots;
  }
  return {
    ...rest,
    kind: 'voorstel',
    stemming: stored,
    closingSince: previous?.closingSince ?? null,
    countedBallotIds: previous?.countedBallotIds ?? null,
    outbox: previous?.outbox ?? [],
    broadcasts: previous?.broadcasts ?? [],
  };
}

/** The domain's Voorstel from the stored parts. After closure only the counted ballots are part of it. */
export function toVoorstel(
  doc: VoorstelDocument,
  reactions: readonly Reaction[] = [],
  ballots: readonly BallotDocument[] = [],
): Voorstel {
  const {
    kind: _kind,
    closingSince: _closing,
    countedBallotIds,
    outbox: _outbox,
    broadcasts: _broadcasts,
    stemming,
    ...rest
  } = doc;
  const counted = countedBallotIds ? new Set(countedBallotIds) : undefined;
  const included = counted ? ballots.filter((b) => counted.has(b.id)) : ballots;
  return {
    ...rest,
    reactions: [...reactions].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)),
    stemming: stemming ? { ...stemming, ballots: included.map((b) => b.ballot).sort(compareBallots) } : null,
  };
}

export function isClosing(doc: VoorstelDocument, now: Date): boolean {
  return (
    doc.closingSince !== null &&
    doc.stemming?.closure == null &&
    now.getTime() - Date.parse(doc.closingSince) < CLOSING_MARKER_MS
  );
}

/** Where the parties at the Overlegtafel came from; shown to the gemeente when it opens a vote. */
export type PartySource =
  | { readonly kind: 'samenstelling'; readonly year: number }
  | { readonly kind: 'geen-samenstelling'; readonly year: number };

export interface OverlegtafelParties {
  readonly parties: Party[];
  /** The aanbieders among them; empty when no composition has been published. */
  readonly aanbieders: number;
  readonly source: PartySource;
}

/** What `loadForViewer` read: the voorstel document and, per organisation asked for, its reaction (if any). */
export interface ViewerLoad {
  readonly doc: Versioned<VoorstelDocument>;
  readonly voorstel: Voorstel;
  readonly reactions: ReadonlyMap<string, Versioned<ReactionDocument> | undefined>;
}

export class VoorstellenRepository {
  readonly voorstellen: DocumentStore<VoorstelDocument>;
  readonly reactions: DocumentStore<ReactionDocument>;
  readonly votes: DocumentStore<VoteDocument>;
  constructor(private readonly db: TafelbotDatabase) {
    this.voorstellen = new DocumentStore(db.container('voorstellen'), (d) => d.id);
    this.reactions = new DocumentStore(db.container('voorstelReactions'), (d) => d.voorstelId);
    this.votes = new DocumentStore(db.container('voorstelVotes'), (d) => d.voorstelId);
  }

  // Voorstellen -----------------------------------------------------------------------------------------------

  get(id: string): Promise<Versioned<VoorstelDocument> | undefined> {
    return this.voorstellen.read(id);
  }

  create(doc: VoorstelDocument): Promise<Versioned<VoorstelDocument>> {
    return this.voorstellen.create(doc);
  }

  replace(doc: VoorstelDocument, etag: string): Promise<Versioned<VoorstelDocument>> {
    return this.voorstellen.replace(doc, etag);
  }

  /** Every voorstel, newest first; a small cross-partition query (a region has tens per year). */
  async list(statuses?: readonly string[]): Promise<VoorstelDocument[]> {
    const parameters = (statuses ?? []).map((s, i) => ({ name: `@s${i}`, value: s }));
    const filter = statuses ? ` AND c.status IN (${parameters.map((p) => p.name).join(', ')})` : '';
    const found = await this.voorstellen.query(
      `SELECT * FROM c WHERE c.kind = 'voorstel'${filter}`,
      parameters,
    );
    return found.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  }

  /** Voorstellen with broadcasts still to enqueue (the scheduler finishes what a crashed turn left). */
  withPendingOutbox(): Promise<VoorstelDocument[]> {
    return this.voorstellen.query("SELECT * FROM c WHERE c.kind = 'voorstel' AND ARRAY_LENGTH(c.outbox) > 0");
  }

  /** The whole voorstel as the domain sees it: document, reactions and ballots. */
  async load(
    id: string,
  ): Promise<
    { doc: Versioned<VoorstelDocument>; voorstel: Voorstel; ballots: BallotDocument[] } | undefined
  > {
    const doc = await this.get(id);
    if (!doc) return undefined;
    const [reactions, ballots] = await Promise.all([this.listReactions(id), this.listBallots(id)]);
    return { doc, voorstel: toVoorstel(doc.value, reactions, ballots), ballots };
  }

  /**
   * The voorstel with only the ballots: what a vote needs. Reactions are left out, so a vote costs the same with
   * 500 reactions as with none.
   */
  async loadForVote(
    id: string,
  ): Promise<
    { doc: Versioned<VoorstelDocument>; voorstel: Voorstel; ballots: BallotDocument[] } | undefined
  > {
    const [doc, ballots] = await Promise.all([this.get(id), this.listBallots(id)]);
    if (!doc) return undefined;
    return { doc, voorstel: toVoorstel(doc.value, [], ballots), ballots };
  }

  /**
   * The voorstel as one viewer sees it on the detail card: only the reactions of the viewer's own organisations
   * (point reads), no ballots. Used by every turn of the reaction window, which must not grow with the number of
   * reactions.
   */
  async loadForViewer(id: string, organisationIds: readonly string[]): Promise<ViewerLoad | undefined> {
    const [doc, ...found] = await Promise.all([
      this.get(id),
      ...organisationIds.map((organisationId) => this.getReaction(id, organisationId)),
    ]);
    if (!doc) return undefined;
    const reactions = new Map(organisationIds.map((organisationId, i) => [organisationId, found[i]]));
    const own = found.flatMap((r) => (r ? [r.value] : []));
    return { doc, voorstel: toVoorstel(doc.value, own), reactions };
  }

  // Reactions -------------------------------------------------------------------------------------------------

  getReaction(voorstelId: string, organisationId: string): Promise<Versioned<ReactionDocument> | undefined> {
    return this.reactions.read(organisationId, voorstelId);
  }

  async listReactions(voorstelId: string): Promise<ReactionDocument[]> {
    return this.reactions.query(
      "SELECT * FROM c WHERE c.voorstelId = @v AND c.kind = 'reaction'",
      [{ name: '@v', value: voorstelId }],
      voorstelId,
    );
  }

  /** How many organisations reacted (the gemeente's list shows it for every voorstel). */
  countReactions(voorstelId: string): Promise<number> {
    return this.reactions.count(
      "c.voorstelId = @v AND c.kind = 'reaction'",
      [{ name: '@v', value: voorstelId }],
      voorstelId,
    );
  }

  /** Creates or replaces (If-Match) the reaction of one organisation. */
  saveReaction(
    voorstelId: string,
    reaction: Reaction,
    etag: string | undefined,
  ): Promise<Versioned<ReactionDocument>> {
    const doc: ReactionDocument = { ...reaction, id: reaction.organisationId, voorstelId, kind: 'reaction' };
    return etag === undefined ? this.reactions.create(doc) : this.reactions.replace(doc, etag);
  }

  // Votes -----------------------------------------------------------------------------------------------------

  async listBallots(voorstelId: string, partyId?: string): Promise<BallotDocument[]> {
    const parameters = [{ name: '@v', value: voorstelId }];
    let filter = '';
    if (partyId !== undefined) {
      filter = ' AND c.ballot.partyId = @p';
      parameters.push({ name: '@p', value: partyId });
    }
    const found = await this.votes.query(
      `SELECT * FROM c WHERE c.voorstelId = @v AND c.kind = 'ballot'${filter}`,
      parameters,
      voorstelId,
    );
    return found as BallotDocument[];
  }

  async listCurrentVotes(voorstelId: string): Promise<CurrentVoteDocument[]> {
    const found = await this.votes.query(
      "SELECT * FROM c WHERE c.voorstelId = @v AND c.kind = 'current'",
      [{ name: '@v', value: voorstelId }],
      voorstelId,
    );
    return found as CurrentVoteDocument[];
  }

  /** How many parties have a current vote. */
  countCurrentVotes(voorstelId: string): Promise<number> {
    return this.votes.count(
      "c.voorstelId = @v AND c.kind = 'current'",
      [{ name: '@v', value: voorstelId }],
      voorstelId,
    );
  }

  async getBallot(voorstelId: string, ballotId: string): Promise<BallotDocument | undefined> {
    const found = await this.votes.read(ballotId, voorstelId);
    return found?.value.kind === 'ballot' ? found.value : undefined;
  }

  /**
   * Adds a ballot to the history. Returns 'exists' when a ballot with the same id (the same invoke) is already
   * there: a redelivery, or the first delivery still in flight on another instance.
   */
  async addBallot(voorstelId: string, ballot: Ballot): Promise<{ id: string; created: boolean }> {
    const id = ballotIdFor(ballot.idempotencyKey);
    try {
      await this.votes.create({ id, voorstelId, kind: 'ballot', ballot });
      return { id, created: true };
    } catch (error) {
      if (error instanceof DocumentConflictError) return { id, created: false };
      throw error;
    }
  }

  async removeBallot(voorstelId: string, ballotId: string): Promise<void> {
    await this.votes.delete(ballotId, voorstelId);
  }

  /**
   * Makes the party's current-vote document equal to its latest ballot in history. Safe to run concurrently:
   * it only moves the current vote forward (or away from a ballot that no longer exists), with If-Match, and
   * re-reads on every conflict, so concurrent voters converge on the latest ballot.
   */
  async reconcileCurrentVote(voorstelId: string, partyId: string): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const ballots = await this.listBallots(voorstelId, partyId);
      const latest = ballots.sort((a, b) => compareBallots(a.ballot, b.ballot)).at(-1);
      const current = await this.votes.read(partyId, voorstelId);
      const currentDoc = current?.value.kind === 'current' ? current.value : undefined;
      try {
        if (!latest) {
          if (current) await this.votes.delete(partyId, voorstelId, current.etag);
          return;
        }
        const wanted: CurrentVoteDocument = {
          id: partyId,
          voorstelId,
          kind: 'current',
          ballotId: latest.id,
          ballot: latest.ballot,
        };
        if (!current || !currentDoc) {
          await this.votes.create(wanted);
          return;
        }
        if (currentDoc.ballotId === latest.id) return;
        const currentStillExists = ballots.some((b) => b.id === currentDoc.ballotId);
        if (currentStillExists && compareBallots(currentDoc.ballot, latest.ballot) > 0) return;
        await this.votes.replace(wanted, current.etag);
        return;
      } catch (error) {
        if (!(error instanceof StaleDocumentError) && !(error instanceof DocumentConflictError)) throw error;
      }
    }
    throw new StaleDocumentError(`${voorstelId}/${partyId}`);
  }

  // Addendum answers ------------------------------------------------------------------------------------------

  /**
   * The answers of the aanbieders to the addendum, in the voorstel's partition of `voorstelVotes`: one document
   * per organisation, so aanbieders answering at once never write the same document.
   */
  async listAddendumAnswers(voorstelId: string): Promise<AddendumAnswer[]> {
    const found = await this.votes.query(
      "SELECT * FROM c WHERE c.voorstelId = @v AND c.kind = 'addendum'",
      [{ name: '@v', value: voorstelId }],
      voorstelId,
    );
    return (found as AddendumAnswerDocument[]).map((d) => d.answer);
  }

  async getAddendumAnswer(
    voorstelId: string,
    organisationId: string,
  ): Promise<Versioned<AddendumAnswerDocument> | undefined> {
    const found = await this.votes.read(addendumAnswerIdFor(organisationId), voorstelId);
    return found?.value.kind === 'addendum' ? (found as Versioned<AddendumAnswerDocument>) : undefined;
  }

  /** Creates or replaces (If-Match) one organisation's answer. */
  async saveAddendumAnswer(
    voorstelId: string,
    answer: AddendumAnswer,
    etag: string | undefined,
  ): Promise<void> {
    const doc: AddendumAnswerDocument = {
      id: addendumAnswerIdFor(answer.organisationId),
      voorstelId,
      kind: 'addendum',
      answer,
    };
    if (etag === undefined) await this.votes.create(doc);
    else await this.votes.replace(doc, etag);
  }

  // Parties ---------------------------------------------------------------------------------------------------

  /**
   * The parties at the Overlegtafel in `year` [domain §2]: the aanbieders of the composition issue 4 published
   * for that year (currentOverlegtafelMembers: round `ronde-<year>` once 'gepubliceerd'), or, before the new composition is
   * published, the one of the year before (the table stays seated until it is replaced); plus every gemeente and
   * the lokale toegang from the registry. Without any published composition there are no aanbieder parties, and
   * opening a vote is refused (see VoorstellenService.openStemming): a vote without the aanbieders would not be
   * a vote of the Overlegtafel.
   */
  async overlegtafelParties(
    year: number,
    organisations: readonly Organisation[],
  ): Promise<OverlegtafelParties> {
    const byId = new Map(organisations.map((o) => [o.id, o]));
    const { memberIds, source } = await this.seatedAanbieders(year);
    const aanbieders = [...new Set(memberIds)]
      .map((id) => byId.get(id))
      .filter((o): o is Organisation => o !== undefined && o.type === 'aanbieder');
    const publicBodies = organisations.filter((o) => o.type === 'gemeente' || o.type === 'lokale-toegang');
    const parties = [...publicBodies, ...aanbieders].map((o) => ({
      organisationId: o.id,
      name: o.name,
      type: o.type,
    }));
    return { parties, aanbieders: aanbieders.length, source };
  }

  /**
   * Whether any of `organisations` (which exist in the registry) is a party in `year`: a gemeente or the lokale
   * toegang, or an aanbieder seated by the composition that `overlegtafelParties` would use.
   */
  async isOverlegtafelParty(year: number, organisations: readonly Organisation[]): Promise<boolean> {
    if (organisations.some((o) => o.type === 'gemeente' || o.type === 'lokale-toegang')) return true;
    const aanbieders = organisations.filter((o) => o.type === 'aanbieder').map((o) => o.id);
    if (aanbieders.length === 0) return false;
    const { memberIds } = await this.seatedAanbieders(year);
    return aanbieders.some((id) => memberIds.includes(id));
  }

  /** The composition seated in `year`: that year's once published, until then the one of the year before. */
  private async seatedAanbieders(year: number): Promise<{ memberIds: string[]; source: PartySource }> {
    for (const candidate of [year, year - 1]) {
      const members = await this.publishedMembers(candidate);
      if (members.length > 0)
        return { memberIds: members, source: { kind: 'samenstelling', year: candidate } };
    }
    return { memberIds: [], source: { kind: 'geen-samenstelling', year } };
  }

  /** Issue 4's rule: the members of the round's composition once it is published (with recorded changes). */
  private async publishedMembers(year: number): Promise<string[]> {
    return (await currentOverlegtafelMembers(this.db, year)).map((m) => m.organisationId);
  }
}
