import { createHash } from 'node:crypto';
import {
  renderVoorstelCard,
  voorstelCardView,
  voorstelOutcomeView,
  voorstellenText,
  voteCardView,
  type Notice,
} from '../cards/views/voorstellenViews';
import type { DeliveryService } from '../delivery/deliveryService';
import type { BroadcastAudience, BroadcastMessage } from '../domain/delivery/broadcast';
import type { Actor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import { refuse, succeed, type Result } from '../domain/shared/result';
import { localYearOf, toIsoInstant } from '../domain/time/amsterdam';
import {
  castVote as castVoteRule,
  closeStemming as closeStemmingRule,
  decideVoorstel,
  isDueForAutomaticClose,
  openReactieperiode as openReactieperiodeRule,
  openStemming as openStemmingRule,
  partiesWithoutVote,
  publicView,
  requireGemeente,
  SCHEDULER,
  submitReaction,
  submitVoorstel,
  type Ballot,
  type PublicVoorstel,
  type Reaction,
  type Voorstel,
  type VoorstelChange,
  type VoorstelEvent,
  type VoorstelInput,
} from '../domain/voorstellen';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError, StaleDocumentError, updateWithRetry } from '../storage/documentStore';
import type { RegistryRepository } from '../storage/registryRepository';
import {
  isClosing,
  toDocument,
  toVoorstel,
  VoorstellenRepository,
  type OutboxEntry,
  type OverlegtafelParties,
  type ViewerLoad,
  type VoorstelDocument,
} from '../storage/voorstellenRepository';
import { dueReminderSlot, reminderBroadcastId } from './reminders';

/**
 * The voorstel use cases: each one loads the stored state, asks the domain, writes with If-Match (retrying
 * from a fresh read when someone else wrote first) and records the broadcasts it causes in the voorstel's
 * outbox in the same write. The outbox is then enqueued right away and, should that fail or the process die,
 * by the scheduled task: every broadcast id is deterministic, so enqueueing twice sends once.
 */

export interface VoorstellenDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
  readonly logger: Logger;
}

const ATTEMPTS = 6;
/** Events that cause a broadcast; the others are recorded in the documents only. */
const OUTBOX_EVENTS: ReadonlySet<VoorstelEvent['type']> = new Set([
  'voorstel.ingediend',
  'reactieperiode.geopend',
  'stemming.geopend',
  'stemming.gesloten',
  'voorstel.uitgewerkt',
  'voorstel.afgewezen',
]);

const NOT_FOUND = 'Dit voorstel bestaat niet (meer).';

export function voorstelIdFor(idempotencyKey: string): string {
  return `vs-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 12)}`;
}

function outboxEntries(events: readonly VoorstelEvent[]): OutboxEntry[] {
  return events.filter((e) => OUTBOX_EVENTS.has(e.type)).map((event) => ({ id: event.type, event }));
}

function mergeOutbox(existing: readonly OutboxEntry[], added: readonly OutboxEntry[]): OutboxEntry[] {
  const ids = new Set(existing.map((e) => e.id));
  return [...existing, ...added.filter((e) => !ids.has(e.id))];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type VoteOutcome = 'recorded' | 'unchanged';

export class VoorstellenService {
  readonly repo: VoorstellenRepository;

  constructor(private readonly deps: VoorstellenDeps) {
    this.repo = new VoorstellenRepository(deps.db);
  }

  private now(): Date {
    return this.deps.now();
  }

  // Reading ----------------------------------------------------------------------------------------------------

  async load(id: string) {
    return this.repo.load(id);
  }

  async parties(now = this.now()): Promise<OverlegtafelParties> {
    const organisations = await this.deps.registry.listOrganisations();
    return this.repo.overlegtafelParties(localYearOf(now), organisations);
  }

  /**
   * Whether one of these organisations (a person's own) is a party at this year's Overlegtafel: the same rule as
   * `parties()`, without listing the whole registry, so it stays cheap on every turn of a busy reaction window.
   */
  async isParty(organisations: readonly Organisation[], now = this.now()): Promise<boolean> {
    return this.repo.isOverlegtafelParty(localYearOf(now), organisations);
  }

  // Submitting -------------------------------------------------------------------------------------------------

  /**
   * Submits a voorstel. The id comes from the invoke's idempotency key, so a redelivered submission finds the
   * voorstel it created the first time instead of creating a second one.
   */
  async submit(
    actor: Actor,
    input: VoorstelInput,
    onBehalfOfOrganisationId: string | undefined,
    idempotencyKey: string,
  ): Promise<Result<Voorstel>> {
    const id = voorstelIdFor(idempotencyKey);
    const result = submitVoorstel({ id, input, onBehalfOfOrganisationId }, actor, this.now());
    if (!result.ok) return result;
    const { voorstel, events } = result.value;
    // The gemeente hears about a voorstel a provider submitted; its own need no message.
    const outbox = voorstel.submittedBy.capacity === 'gemeente' ? [] : outboxEntries(events);
    try {
      await this.repo.create({ ...toDocument(voorstel), outbox });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      const existing = await this.repo.get(id);
      if (existing && existing.value.submittedBy.personId === voorstel.submittedBy.personId) {
        return succeed(toVoorstel(existing.value));
      }
      return refuse('voorstel.duplicate', 'Dit voorstel kon niet worden opgeslagen. Probeer het opnieuw.');
    }
    await this.audit(id, voorstel.submittedBy.personId, 'voorstel.ingediend', { title: voorstel.title });
    await this.flushOutbox(id);
    return succeed(voorstel);
  }

  // Lifecycle steps that change only the voorstel document -------------------------------------------------

  /** Read, apply the domain rule, write with If-Match; on a conflict start again from a fresh read. */
  private async change(
    id: string,
    apply: (
      voorstel: Voorstel,
      doc: VoorstelDocument,
    ) => Result<VoorstelChange> | Promise<Result<VoorstelChange>>,
    auditAction: string,
    actorPersonId: string | null,
    auditDetails: (changed: Voorstel) => Record<string, unknown> = () => ({}),
  ): Promise<Result<Voorstel>> {
    for (let attempt = 1; ; attempt++) {
      const doc = await this.repo.get(id);
      if (!doc) return refuse('voorstel.not-found', NOT_FOUND);
      const result = await apply(toVoorstel(doc.value), doc.value);
      if (!result.ok) return result;
      if (result.value.events.length === 0) return succeed(result.value.voorstel);
      const next = toDocument(result.value.voorstel, {
        ...doc.value,
        outbox: mergeOutbox(doc.value.outbox, outboxEntries(result.value.events)),
      });
      try {
        await this.repo.replace(next, doc.etag);
      } catch (error) {
        if (!(error instanceof StaleDocumentError) || attempt >= ATTEMPTS) throw error;
        continue;
      }
      await this.audit(id, actorPersonId, auditAction, auditDetails(result.value.voorstel));
      await this.flushOutbox(id);
      return succeed(result.value.voorstel);
    }
  }

  openReactieperiode(actor: Actor, id: string, days: number | undefined): Promise<Result<Voorstel>> {
    return this.change(
      id,
      (voorstel) => openReactieperiodeRule(voorstel, { days }, actor, this.now()),
      'reactieperiode.geopend',
      personIdOf(actor),
    );
  }

  /**
   * Opens the vote for the parties at the Overlegtafel of this year (see VoorstellenRepository
   * .overlegtafelParties). Refused while no composition has been published: a vote without the aanbieders of the
   * table would not be a vote of the Overlegtafel.
   */
  async openStemming(actor: Actor, id: string, deadline: Date): Promise<Result<Voorstel>> {
    const gemeente = requireGemeente(actor, 'de stemming openen');
    if (!gemeente.ok) return gemeente;
    const now = this.now();
    const parties = await this.parties(now);
    if (parties.aanbieders === 0) {
      return refuse(
        'stemming.geen-samenstelling',
        `Voor ${parties.source.year} is nog geen samenstelling van de Overlegtafel gepubliceerd. Publiceer eerst de samenstelling (inschrijving en loting); daarna kunt u de stemming openen.`,
      );
    }
    return this.change(
      id,
      (voorstel) => openStemmingRule(voorstel, { deadline, parties: parties.parties }, actor, this.now()),
      'stemming.geopend',
      personIdOf(actor),
    );
  }

  decide(actor: Actor, id: string, decision: unknown, reason: unknown): Promise<Result<Voorstel>> {
    return this.change(
      id,
      (voorstel) => decideVoorstel(voorstel, { decision, reason }, actor, this.now()),
      'voorstel.besluit',
      personIdOf(actor),
      // The trail keeps what was decided and why, with the stemverhouding it was decided on.
      (decided) => ({ decision, reason, status: decided.status, result: decided.stemming?.result ?? null }),
    );
  }

  // Reactions --------------------------------------------------------------------------------------------------

  /**
   * One reaction per organisation, in its own document: aanbieders reacting at once never conflict. `read` is
   * what the caller already read (the voorstel and this organisation's reaction, with their ETags): the first
   * attempt uses it, and a stale one is caught by If-Match and read again.
   */
  async saveReaction(
    actor: Actor,
    id: string,
    organisationId: string,
    text: string,
    read?: ViewerLoad,
  ): Promise<Result<{ voorstel: Voorstel; reaction: Reaction; changed: boolean }>> {
    for (let attempt = 1; ; attempt++) {
      const [doc, existing] =
        attempt === 1 && read?.reactions.has(organisationId)
          ? [read.doc, read.reactions.get(organisationId)]
          : await Promise.all([this.repo.get(id), this.repo.getReaction(id, organisationId)]);
      if (!doc) return refuse('voorstel.not-found', NOT_FOUND);
      const voorstel = toVoorstel(doc.value, existing ? [existing.value] : []);
      const result = submitReaction(voorstel, { organisationId, text }, actor, this.now());
      if (!result.ok) return result;
      const reaction = result.value.voorstel.reactions.find((r) => r.organisationId === organisationId);
      if (!reaction) return refuse('reactie.not-allowed', 'Deze reactie kon niet worden opgeslagen.');
      if (result.value.events.length === 0) return succeed({ voorstel, reaction, changed: false });
      try {
        await this.repo.saveReaction(id, reaction, existing?.etag);
        return succeed({ voorstel: result.value.voorstel, reaction, changed: true });
      } catch (error) {
        const retry = error instanceof StaleDocumentError || error instanceof DocumentConflictError;
        if (!retry || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  // Votes ------------------------------------------------------------------------------------------------------

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
    const now = this.now();
    const result = castVoteRule(loaded.voorstel, { partyId, choice, idempotencyKey }, actor, now);
    if (!result.ok) return result;
    if (result.value.events.length === 0) {
      // A redelivered invoke: make sure the first delivery's effect is complete, change nothing else.
      await this.repo.reconcileCurrentVote(id, partyId);
      return succeed({ voorstel: loaded.voorstel, outcome: 'unchanged' });
    }
    if (isClosing(loaded.doc.value, now)) {
      return refuse(
        'vote.closed',
        'De stemming wordt op dit moment gesloten. Er worden geen stemmen meer aangenomen.',
      );
    }
    const ballot = result.value.voorstel.stemming?.ballots.find((b) => b.idempotencyKey === idempotencyKey);
    if (!ballot) throw new Error('castVote accepted a ballot it did not record');
    const added = await this.repo.addBallot(id, ballot);
    if (!added.created) {
      const earlier = await this.repo.getBallot(id, added.id);
      if (!earlier || !sameBallot(earlier.ballot, ballot)) {
        return refuse(
          'vote.idempotency-conflict',
          'Deze stem kon niet worden verwerkt. Vernieuw de kaart en probeer het opnieuw.',
        );
      }
    }
    await this.repo.reconcileCurrentVote(id, ballot.partyId);
    const counted = await this.wasCounted(id, added.id);
    if (counted === 'niet-meegeteld') {
      await this.repo.removeBallot(id, added.id);
      await this.repo.reconcileCurrentVote(id, ballot.partyId);
      return refuse(
        'vote.closed-meanwhile',
        'De stemming werd gesloten terwijl uw stem binnenkwam. Uw stem is niet meegeteld.',
      );
    }
    if (counted === 'onbekend') {
      this.deps.logger.warn('ballot cast while a close was in progress', { voorstelId: id });
    }
    // Every counted ballot is in the audit trail once (a redelivered invoke wrote nothing new above).
    if (added.created) {
      await this.audit(id, personIdOf(actor), 'stem.uitgebracht', {
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
      if (!isClosing(doc.value, this.now())) return 'open';
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
      const now = this.now();
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
        await this.audit(id, personIdOf(closer), 'stemming.gesloten', {
          result: closed.value.voorstel.stemming?.result
            ? {
                voor: closed.value.voorstel.stemming.result.voor,
                tegen: closed.value.voorstel.stemming.result.tegen,
                onthouding: closed.value.voorstel.stemming.result.onthouding,
                nietGestemd: closed.value.voorstel.stemming.result.nietGestemd,
              }
            : null,
        });
        await this.flushOutbox(id);
        const fresh = await this.repo.loadForVote(id);
        return succeed(fresh?.voorstel ?? closed.value.voorstel);
      } catch (error) {
        if (!(error instanceof StaleDocumentError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  // Scheduled work ---------------------------------------------------------------------------------------------

  /** Closes every vote whose deadline passed, and enqueues what earlier turns left in an outbox. */
  async runDeadlines(now: Date): Promise<void> {
    for (const doc of await this.repo.list(['stemming'])) {
      if (!isDueForAutomaticClose(toVoorstel(doc), now)) continue;
      const closed = await this.closeStemming(SCHEDULER, doc.id);
      if (!closed.ok)
        this.deps.logger.warn('automatic close refused', { voorstelId: doc.id, code: closed.code });
    }
    for (const doc of await this.repo.withPendingOutbox()) await this.flushOutbox(doc.id);
  }

  /** Reminds the parties that have not voted (only those), 3 days and 1 day before the deadline. */
  async runReminders(now: Date): Promise<void> {
    for (const doc of await this.repo.list(['stemming'])) {
      const stemming = doc.stemming;
      if (!stemming || isClosing(doc, now)) continue;
      const slot = dueReminderSlot(stemming, now);
      if (slot === undefined) continue;
      const broadcastId = reminderBroadcastId(doc.id, slot);
      if (doc.broadcasts.includes(broadcastId)) continue;
      const voorstel = toVoorstel(doc, [], await this.repo.listBallots(doc.id));
      const missing = partiesWithoutVote(voorstel).map((p) => p.organisationId);
      if (missing.length > 0) {
        const card = renderVoorstelCard(
          'voorstelVote',
          'nl',
          voteCardView(
            voorstel,
            publicView(voorstel),
            { mode: 'broadcast', reminder: true, refreshUserIds: await this.teamsUserIdsOf(missing) },
            'nl',
          ),
        );
        const sent = await this.broadcast(
          broadcastId,
          'voorstel.herinnering',
          `Herinnering stemming: ${voorstel.title}`,
          {
            card,
            text: `Herinnering: uw organisatie heeft nog niet gestemd over "${voorstel.title}".`,
          },
          { organisationIds: await this.existingOrganisations(missing) },
          null,
        );
        if (!sent) continue;
      }
      await this.recordBroadcast(doc.id, broadcastId);
    }
  }

  // The outbox -------------------------------------------------------------------------------------------------

  /** Enqueues the broadcasts in the voorstel's outbox, removing each entry once it is enqueued. */
  async flushOutbox(id: string): Promise<void> {
    try {
      const doc = await this.repo.get(id);
      for (const entry of doc?.value.outbox ?? []) {
        const current = await this.repo.get(id);
        if (!current) return;
        const broadcasts = await this.effect(current.value, entry.event);
        await this.updateDocument(id, (d) => ({
          ...d,
          outbox: d.outbox.filter((e) => e.id !== entry.id),
          broadcasts: [...new Set([...d.broadcasts, ...broadcasts])],
        }));
      }
    } catch (error) {
      // Left in the outbox: the scheduled task tries again.
      this.deps.logger.error('voorstel broadcast not enqueued yet', {
        voorstelId: id,
        error: (error as Error).message,
      });
    }
  }

  private async effect(doc: VoorstelDocument, event: VoorstelEvent): Promise<string[]> {
    const voorstel = toVoorstel(doc);
    const pub = publicView(voorstel);
    const organisations = await this.deps.registry.listOrganisations();
    const contracted = organisations.filter((o) => o.type === 'aanbieder' && o.contracted);
    const title = (prefix: string) => `${prefix}: ${voorstel.title}`.slice(0, 200);
    switch (event.type) {
      case 'voorstel.ingediend': {
        return this.notifyAdmins(pub, {
          broadcastId: `${doc.id}-ingediend`,
          topic: 'voorstel.ingediend',
          title: title('Nieuw voorstel'),
          notice: {
            title: voorstellenText('nl', 'ingediendTitle'),
            text: voorstellenText('nl', 'ingediend', {
              organisation: voorstel.submittedBy.organisationName ?? voorstel.submittedBy.personName,
              title: voorstel.title,
            }),
            style: 'accent',
          },
          text: `Nieuw voorstel ingediend: ${voorstel.title}`,
        });
      }
      case 'reactieperiode.geopend': {
        const card = renderVoorstelCard(
          'voorstelCard',
          'nl',
          voorstelCardView(pub, { mode: 'broadcast', reaction: { organisations: [], current: null } }, 'nl'),
        );
        const broadcastId = `${doc.id}-reactie`;
        const by = doc.reactionWindow?.openedBy.personId ?? null;
        await this.broadcast(
          broadcastId,
          'voorstel.reactie',
          title('Voorstel ter reactie'),
          {
            card,
            text: `Nieuw voorstel ter reactie: ${voorstel.title}`,
          },
          { organisationIds: contracted.map((o) => o.id) },
          by,
        );
        return [broadcastId];
      }
      case 'stemming.geopend': {
        const partyIds = await this.existingOrganisations(event.partyIds, organisations);
        const card = renderVoorstelCard(
          'voorstelVote',
          'nl',
          voteCardView(
            voorstel,
            pub,
            { mode: 'broadcast', refreshUserIds: await this.teamsUserIdsOf(partyIds) },
            'nl',
          ),
        );
        const broadcastId = `${doc.id}-stemming`;
        await this.broadcast(
          broadcastId,
          'voorstel.stemming',
          title('Stemming'),
          {
            card,
            text: `Stemming geopend over: ${voorstel.title}`,
          },
          { organisationIds: partyIds },
          doc.stemming?.openedBy.personId ?? null,
        );
        return [broadcastId];
      }
      case 'stemming.gesloten': {
        // Every vote card sent (the first one and the reminders) now says "gesloten", in place.
        const closedCard = renderVoorstelCard(
          'voorstelVote',
          'nl',
          voteCardView(voorstel, pub, { mode: 'broadcast', refreshUserIds: [] }, 'nl'),
        );
        const sources = [
          `${doc.id}-stemming`,
          ...doc.broadcasts.filter((b) => b.startsWith(`${doc.id}-herinnering`)),
        ];
        for (const source of sources) {
          const update = await this.deps.delivery.enqueueCardUpdate(source, 'gesloten', {
            card: closedCard,
            text: `De stemming over "${voorstel.title}" is gesloten.`,
          });
          if (!update.ok && update.code !== 'broadcast.unknown') throw new Error(update.messages.join(' '));
        }
        if (event.unanimous) return [];
        return this.notifyAdmins(pub, {
          broadcastId: `${doc.id}-besluit-nodig`,
          topic: 'voorstel.besluit-nodig',
          title: title('Besluit nodig'),
          notice: {
            title: voorstellenText('nl', 'besluitNodigTitle'),
            text: voorstellenText('nl', 'besluitNodig', { title: voorstel.title }),
            style: 'warning',
          },
          text: `Besluit nodig: de stemming over "${voorstel.title}" is gesloten zonder unanimiteit.`,
        });
      }
      case 'voorstel.uitgewerkt':
      case 'voorstel.afgewezen': {
        const adopted = event.type === 'voorstel.uitgewerkt';
        const addendumIds = adopted
          ? contracted.filter((o) => o.percelen.some((p) => voorstel.percelen.includes(p))).map((o) => o.id)
          : [];
        const partyIds = (voorstel.stemming?.parties ?? []).map((p) => p.organisationId);
        const outcomeIds = [...new Set([...partyIds, ...contracted.map((o) => o.id)])].filter(
          (o) => !addendumIds.includes(o),
        );
        const sent: string[] = [];
        if (addendumIds.length > 0) {
          const broadcastId = `${doc.id}-addendum`;
          const card = renderVoorstelCard(
            'voorstelOutcome',
            'nl',
            voorstelOutcomeView(pub, { addendum: true }, 'nl'),
          );
          await this.broadcast(
            broadcastId,
            'voorstel.addendum',
            title('Addendum'),
            {
              card,
              text: `Voorstel uitgewerkt, addendum bij uw contract: ${voorstel.title}`,
            },
            { organisationIds: addendumIds },
            null,
          );
          sent.push(broadcastId);
        }
        const existing = await this.existingOrganisations(outcomeIds, organisations);
        if (existing.length > 0) {
          const broadcastId = `${doc.id}-uitkomst`;
          const card = renderVoorstelCard(
            'voorstelOutcome',
            'nl',
            voorstelOutcomeView(pub, { addendum: false }, 'nl'),
          );
          await this.broadcast(
            broadcastId,
            'voorstel.uitkomst',
            title(adopted ? 'Uitgewerkt' : 'Afgewezen'),
            {
              card,
              text: `${adopted ? 'Voorstel uitgewerkt' : 'Voorstel afgewezen'}: ${voorstel.title}`,
            },
            { organisationIds: existing },
            null,
          );
          sent.push(broadcastId);
        }
        return sent;
      }
      default:
        return [];
    }
  }

  /** Tells the gemeente's admins about the voorstel: its card with a notice on top. No admins, no broadcast. */
  private async notifyAdmins(
    pub: PublicVoorstel,
    message: {
      broadcastId: string;
      topic: string;
      title: string;
      notice: Notice;
      text: string;
    },
  ): Promise<string[]> {
    const admins = (await this.deps.registry.listPeople()).filter((p) => p.isAdmin).map((p) => p.id);
    if (admins.length === 0) return [];
    const card = renderVoorstelCard(
      'voorstelCard',
      'nl',
      voorstelCardView(pub, { mode: 'broadcast', notice: message.notice }, 'nl'),
    );
    await this.broadcast(
      message.broadcastId,
      message.topic,
      message.title,
      { card, text: message.text },
      { personIds: admins },
      null,
    );
    return [message.broadcastId];
  }

  /**
   * Enqueues one broadcast. An audience without anyone to reach is not an error worth retrying forever: it is
   * logged and the entry is done. Anything else that is refused stays in the outbox.
   */
  private async broadcast(
    broadcastId: string,
    topic: string,
    title: string,
    message: BroadcastMessage,
    audience: BroadcastAudience,
    requestedBy: string | null,
  ): Promise<boolean> {
    const queued = await this.deps.delivery.enqueueUnlessNobody({
      broadcastId,
      title,
      topic,
      message,
      audience,
      requestedByPersonId: requestedBy,
      reportToPersonId: requestedBy,
    });
    if (!queued) this.deps.logger.warn('voorstel broadcast without recipients', { broadcastId });
    return queued;
  }

  private async recordBroadcast(id: string, broadcastId: string): Promise<void> {
    await this.updateDocument(id, (d) => ({
      ...d,
      broadcasts: [...new Set([...d.broadcasts, broadcastId])],
    }));
  }

  private async updateDocument(
    id: string,
    change: (doc: VoorstelDocument) => VoorstelDocument,
  ): Promise<void> {
    await updateWithRetry(this.repo.voorstellen, id, change, { attempts: ATTEMPTS });
  }

  /** Organisation ids that still exist (the delivery refuses unknown ones). */
  private async existingOrganisations(
    ids: readonly string[],
    known?: readonly Organisation[],
  ): Promise<string[]> {
    const organisations = known ?? (await this.deps.registry.listOrganisations());
    const existing = new Set(organisations.map((o) => o.id));
    return ids.filter((id) => existing.has(id));
  }

  /** The Teams user ids (MRIs) of the contacts of these organisations, for a card's per-user refresh (max 60). */
  async teamsUserIdsOf(organisationIds: readonly string[]): Promise<string[]> {
    const wanted = new Set(organisationIds);
    const people = (await this.deps.registry.listPeople()).filter(
      (p) => p.aadObjectId && p.memberships.some((m) => wanted.has(m.organisationId)),
    );
    const users = await Promise.all(
      people.slice(0, 60).map((p) => this.deps.registry.getTeamsUser(p.aadObjectId ?? '')),
    );
    return users.map((u) => u?.value.reference?.user?.id).filter((id): id is string => Boolean(id));
  }

  private async audit(
    id: string,
    actorPersonId: string | null,
    action: string,
    details: Record<string, unknown>,
  ) {
    await this.deps.registry
      .recordAudit({ stream: `voorstel-${id}`, actorPersonId, action, subjectId: id, details })
      .catch((error: unknown) =>
        this.deps.logger.warn('audit entry not written', { voorstelId: id, error: (error as Error).message }),
      );
  }
}

function personIdOf(actor: Actor | typeof SCHEDULER): string | null {
  return actor !== SCHEDULER && actor.kind === 'person' ? actor.person.id : null;
}

function sameBallot(a: Ballot, b: Ballot): boolean {
  return a.partyId === b.partyId && a.choice === b.choice && a.castBy.personId === b.castBy.personId;
}
