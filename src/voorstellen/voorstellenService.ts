import { createHash } from 'node:crypto';
import type { DeliveryService } from '../delivery/deliveryService';
import type { Actor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import { refuse, succeed, type Result } from '../domain/shared/result';
import { localYearOf } from '../domain/time/amsterdam';
import {
  decideVoorstel,
  isDueForAutomaticClose,
  recordAdoption as recordAdoptionRule,
  reportOntwikkeling as reportOntwikkelingRule,
  openReactieperiode as openReactieperiodeRule,
  openStemming as openStemmingRule,
  requireGemeente,
  SCHEDULER,
  submitReaction,
  submitVoorstel,
  type Reaction,
  type Voorstel,
  type VoorstelChange,
  type VoorstelInput,
  type VoorstelSource,
} from '../domain/voorstellen';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError, StaleDocumentError } from '../storage/documentStore';
import type { RegistryRepository } from '../storage/registryRepository';
import {
  toDocument,
  toVoorstel,
  VoorstellenRepository,
  type OverlegtafelParties,
  type ViewerLoad,
  type VoorstelDocument,
} from '../storage/voorstellenRepository';
import { OntwikkeltafelsService } from '../ontwikkeltafels/ontwikkeltafelsService';
import { VoorstelAddendum } from './addendum';
import { mergeOutbox, outboxEntries, VoorstelOutbox, WRITE_ATTEMPTS as ATTEMPTS } from './outbox';
import { VoorstelViewing } from './viewing';
import { personIdOf, VoorstelVotes, type VoteOutcome } from './votes';

export type { VoteOutcome } from './votes';

/**
 * The voorstel use cases: each one loads the stored state, asks the domain, writes with If-Match (retrying
 * from a fresh read when someone else wrote first) and records the broadcasts it causes in the voorstel's
 * outbox in the same write (see outbox.ts). What a person sees of a voorstel, and the steps that start from
 * their card, are in viewing.ts.
 */

export interface VoorstellenDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
  readonly logger: Logger;
}

const NOT_FOUND = { nl: 'Dit voorstel bestaat niet (meer).', en: 'This proposal does not exist (any more).' };

export function voorstelIdFor(idempotencyKey: string): string {
  return `vs-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 12)}`;
}

export class VoorstellenService {
  readonly repo: VoorstellenRepository;
  /** What each person sees of a voorstel and may do from there (see viewing.ts). */
  readonly viewing: VoorstelViewing;
  private readonly outbox: VoorstelOutbox;
  private readonly votes: VoorstelVotes;
  /** The answers of the aanbieders to the addendum of an adopted contractwijziging (see addendum.ts). */
  readonly addendum: VoorstelAddendum;

  constructor(private readonly deps: VoorstellenDeps) {
    this.repo = new VoorstellenRepository(deps.db);
    this.viewing = new VoorstelViewing(deps, this.repo, this);
    this.outbox = new VoorstelOutbox({ ...deps, tafels: new OntwikkeltafelsService(deps) }, this.repo);
    this.votes = new VoorstelVotes({
      repo: this.repo,
      now: () => this.now(),
      logger: deps.logger,
      audit: (id, actorPersonId, action, details) => this.audit(id, actorPersonId, action, details),
      flushOutbox: (id) => this.flushOutbox(id),
    });
    this.addendum = new VoorstelAddendum({
      repo: this.repo,
      now: () => this.now(),
      audit: (id, actorPersonId, action, details) => this.audit(id, actorPersonId, action, details),
    });
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
    source?: VoorstelSource,
  ): Promise<Result<Voorstel>> {
    const id = voorstelIdFor(idempotencyKey);
    const result = submitVoorstel({ id, input, onBehalfOfOrganisationId, source }, actor, this.now());
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
      return refuse('voorstel.duplicate', {
        nl: 'Dit voorstel kon niet worden opgeslagen. Probeer het opnieuw.',
        en: 'This proposal could not be saved. Please try again.',
      });
    }
    await this.audit(id, voorstel.submittedBy.personId, 'voorstel.ingediend', {
      title: voorstel.title,
      ...(voorstel.source ? { pilotId: voorstel.source.pilotId } : {}),
    });
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

  /** A window shorter than two weeks needs `shortReason`, which the trail and the voorstel keep. */
  openReactieperiode(
    actor: Actor,
    id: string,
    days: number | undefined,
    shortReason?: string,
  ): Promise<Result<Voorstel>> {
    return this.change(
      id,
      (voorstel) => openReactieperiodeRule(voorstel, { days, shortReason }, actor, this.now()),
      'reactieperiode.geopend',
      personIdOf(actor),
      (opened) => ({
        closesAt: opened.reactionWindow?.closesAt ?? null,
        shortReason: opened.reactionWindow?.shortReason ?? null,
      }),
    );
  }

  /**
   * Opens the vote for the parties at the Overlegtafel of this year (see VoorstellenRepository
   * .overlegtafelParties). Refused while no composition has been published: a vote without the aanbieders of the
   * table would not be a vote of the Overlegtafel.
   */
  async openStemming(actor: Actor, id: string, deadline: Date): Promise<Result<Voorstel>> {
    const gemeente = requireGemeente(actor, { nl: 'de stemming openen', en: 'open the vote' });
    if (!gemeente.ok) return gemeente;
    const now = this.now();
    const parties = await this.parties(now);
    if (parties.aanbieders === 0) {
      return refuse('stemming.geen-samenstelling', {
        nl: `Voor ${parties.source.year} is nog geen samenstelling van de Overlegtafel gepubliceerd. Publiceer eerst de samenstelling (inschrijving en loting); daarna kunt u de stemming openen.`,
        en: `No composition of the Overlegtafel has been published for ${parties.source.year} yet. Publish the composition first (registration and lottery); then you can open the vote.`,
      });
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

  // Adoption and afterwards [002 art. 9.2-9.4] --------------------------------------------------------------

  /**
   * Records the bestuur's adoption (vastgesteld) or decline (afgewezen) of an uitgewerkt voorstel. For an adopted
   * contractwijziging the contracted aanbieders of its percelen, as the registry has them now, are asked to join.
   */
  async recordAdoption(
    actor: Actor,
    id: string,
    input: { outcome: unknown; reason: unknown; decisionDate: unknown; addendumDeadline?: unknown },
  ): Promise<Result<Voorstel>> {
    const organisations = await this.deps.registry.listOrganisations();
    return this.change(
      id,
      (voorstel) => recordAdoptionRule(voorstel, { ...input, organisations }, actor, this.now()),
      'voorstel.vaststelling',
      personIdOf(actor),
      (adopted) => ({
        outcome: adopted.adoption?.outcome ?? null,
        reason: adopted.adoption?.reason ?? null,
        decisionDate: adopted.adoption?.decisionDate ?? null,
        addendumDeadline: adopted.adoption?.addendum?.deadline ?? null,
        addendumOrganisationIds: adopted.adoption?.addendum?.organisations.map((o) => o.organisationId) ?? [],
      }),
    );
  }

  /**
   * Reports an unexpected development after adoption; every party hears it. The id comes from the invoke, so a
   * redelivered report adds nothing.
   */
  reportOntwikkeling(
    actor: Actor,
    id: string,
    text: unknown,
    organisationId: string | undefined,
    idempotencyKey: string,
  ): Promise<Result<Voorstel>> {
    const ontwikkelingId = `ow-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 12)}`;
    return this.change(
      id,
      (voorstel) =>
        reportOntwikkelingRule(voorstel, { id: ontwikkelingId, text, organisationId }, actor, this.now()),
      'ontwikkeling.gemeld',
      personIdOf(actor),
      () => ({ ontwikkelingId, organisationId: organisationId ?? null }),
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
      if (!reaction)
        return refuse('reactie.not-allowed', {
          nl: 'Deze reactie kon niet worden opgeslagen.',
          en: 'This reaction could not be saved.',
        });
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

  // Votes (see votes.ts) ---------------------------------------------------------------------------------------

  /**
   * Casts or changes a party's vote; a redelivered invoke changes nothing, and a ballot that a racing close did
   * not count is taken back (the voter is told so).
   */
  castVote(
    actor: Actor,
    id: string,
    partyId: string,
    choice: unknown,
    idempotencyKey: string,
  ): Promise<Result<{ voorstel: Voorstel; outcome: VoteOutcome }>> {
    return this.votes.castVote(actor, id, partyId, choice, idempotencyKey);
  }

  /** Closes the vote: by the scheduler at the deadline, or by the gemeente (early only once every party voted). */
  closeStemming(closer: Actor | typeof SCHEDULER, id: string): Promise<Result<Voorstel>> {
    return this.votes.closeStemming(closer, id);
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
    await this.outbox.sendReminders(now);
  }

  /** Enqueues the broadcasts in the voorstel's outbox, removing each entry once it is enqueued. */
  private async flushOutbox(id: string): Promise<void> {
    await this.outbox.flush(id);
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
