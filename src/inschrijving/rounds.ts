import { randomBytes } from 'node:crypto';
import type { EnqueueResult } from '../delivery/deliveryService';
import {
  applyDraw,
  applyPublication,
  changeComposition,
  checkDrawAllowed,
  drawRegistrations,
  mayManageRounds,
  publicationPlan,
  roundPhase,
  validateDrawRequest,
  validateOpenRound,
  classificationFlags,
  decideClassification,
  drawClassifications,
  type ClassificationDecisionInput,
  type ClassificationFlag,
  type CompositionChangeInput,
  type DrawSeedRequest,
  type RegistryClassification,
  type OpenRoundInput,
  type Round,
  type RoundRegistration,
} from '../domain/inschrijving';
import {
  buildDrawRecord,
  commitmentOf,
  deviationsWithReason,
  LotteryInputError,
  type DrawRecord,
  type DrawRecordInput,
} from '../domain/lottery';
import type { Actor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import {
  type LocalisedMessages,
  localised,
  messagesOf,
  NO_MESSAGES,
  refuse,
  type Result,
} from '../domain/shared/result';
import { DocumentConflictError, StaleDocumentError } from '../storage/documentStore';
import { currentOverlegtafelMembers } from '../storage/inschrijvingRepository';
import { invitationBroadcast, publicationBroadcasts, type PublicationPart } from './broadcasts';
import {
  NOT_ALLOWED,
  personIdOf,
  UNKNOWN_ROUND,
  type InschrijvingDeps,
  type InschrijvingRecords,
  type NotAllowed,
  type Refused,
  type UnknownRound,
} from './inschrijvingRecords';

/**
 * The gemeente's side of the open invitation: open a round and invite, follow the registrations, run the draw,
 * change and publish the composition. Round management is the gemeente's: every use case checks it first.
 */

/** What the gemeente's overview of a round shows. */
export interface RoundOverview {
  readonly round: Round;
  readonly registrations: readonly RoundRegistration[];
  readonly contractedAanbieders: number;
  /** Registrations whose grootte or herkomst differs from the registry, for the gemeente to decide. */
  readonly classificationFlags: readonly ClassificationFlag[];
}

/** Whether the invitation was queued, and to how many people. */
export type InvitationOutcome = Result<EnqueueResult>;

export type Overview = {
  readonly kind: 'overview';
  readonly overview: RoundOverview;
  readonly invitation?: InvitationOutcome;
};

/** A drawn round and its lotingsverslag (undefined should the record be missing). */
export type DrawOutcome = { readonly kind: 'outcome'; readonly round: Round; readonly record?: DrawRecord };

export type DrawForm = {
  readonly kind: 'draw-form';
  readonly round: Round;
  readonly activeRegistrations: number;
  readonly errors: LocalisedMessages;
};

export type CompositionForm = {
  readonly kind: 'composition-form';
  readonly round: Round;
  readonly registrations: readonly RoundRegistration[];
  /** The round's ETag the change will be written with. */
  readonly etag: string;
  readonly errors: LocalisedMessages;
};

/** One message of a publication: queued (to how many) or refused by the delivery (why). */
export interface PublishedPart {
  readonly part: PublicationPart;
  readonly result: Result<EnqueueResult>;
}

export type PublishOutcome =
  | NotAllowed
  | UnknownRound
  | Refused
  | { readonly kind: 'no-record' }
  /** The message to all aanbieders could not be queued, so nothing is published. */
  | { readonly kind: 'not-published'; readonly parts: readonly PublishedPart[] }
  | { readonly kind: 'published'; readonly version: number; readonly parts: readonly PublishedPart[] };

export class RoundService {
  constructor(
    private readonly deps: InschrijvingDeps,
    private readonly records: InschrijvingRecords,
  ) {}

  /**
   * Whether the actor manages rounds. Every use case below checks it again; the handlers ask first so that
   * someone without the right is told so before their card data is even read.
   */
  mayManageRounds(actor: Actor): boolean {
    return mayManageRounds(actor);
  }

  private async contractedAanbieders(): Promise<Organisation[]> {
    const organisations = await this.deps.registry.listOrganisations();
    return organisations.filter((o) => o.type === 'aanbieder' && o.contracted);
  }

  /** The registry's grootte and herkomst of every organisation, by id. */
  private async registryClassifications(): Promise<Map<string, RegistryClassification>> {
    const organisations = await this.deps.registry.listOrganisations();
    return new Map(organisations.map((o) => [o.id, { grootte: o.grootte, herkomst: o.herkomst }]));
  }

  private async overviewOf(round: Round, invitation?: InvitationOutcome): Promise<Overview> {
    const [registrations, aanbieders, registry] = await Promise.all([
      this.records.repo.listRegistrations(round.id),
      this.contractedAanbieders(),
      this.registryClassifications(),
    ]);
    const values = registrations.map((r) => r.value);
    return {
      kind: 'overview',
      overview: {
        round,
        registrations: values,
        contractedAanbieders: aanbieders.length,
        classificationFlags: round.status === 'open' ? classificationFlags(values, registry) : [],
      },
      invitation,
    };
  }

  private async outcomeOf(round: Round): Promise<DrawOutcome> {
    return { kind: 'outcome', round, record: await this.records.repo.getDrawRecord(round.id) };
  }

  /** Queues the invitation to every contact of every contracted aanbieder; idempotent per round. */
  private async sendInvitation(actor: Actor, round: Round): Promise<InvitationOutcome> {
    const aanbieders = await this.contractedAanbieders();
    return this.deps.delivery.enqueue(
      invitationBroadcast(
        round,
        aanbieders.map((o) => o.id),
        personIdOf(actor) || null,
      ),
    );
  }

  // Rounds ----------------------------------------------------------------------------------------------------

  /** The round's overview, or (before the first round) nothing to show but the form to open one. */
  async roundHome(
    actor: Actor,
    roundId: string | undefined,
  ): Promise<NotAllowed | { kind: 'no-round' } | Overview> {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const round = await this.records.loadRound(roundId);
    return round ? this.overviewOf(round.value) : { kind: 'no-round' };
  }

  /** Opens the round of a year (one per year) and sends the invitation. */
  async openRound(
    actor: Actor,
    input: OpenRoundInput,
  ): Promise<
    | NotAllowed
    | { readonly kind: 'invalid'; readonly messages: LocalisedMessages }
    | { readonly kind: 'exists'; readonly year: number }
    | Overview
  > {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const fresh = randomBytes(32).toString('hex');
    const opened = validateOpenRound(input, {
      now: this.deps.now(),
      personId: personIdOf(actor),
      secret: fresh,
    });
    if (!opened.ok) return { kind: 'invalid', messages: messagesOf(opened) };
    let round = opened.value;
    if (round.seed.mode === 'toezegging') {
      // Stored before the round; a retried opening keeps the secret stored first, so commitment and secret match.
      const secret = await this.records.repo.claimRoundSecret({ roundId: round.id, secret: fresh });
      round = { ...round, seed: { ...round.seed, commitment: commitmentOf(secret) } };
    }
    try {
      await this.records.repo.createRound(round);
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      return { kind: 'exists', year: round.year };
    }
    await this.records.audit(actor, round, 'ronde.geopend', round.id, {
      year: round.year,
      deadline: round.deadline,
      framework: round.framework,
      deviationReason: round.deviationReason,
      // Only the commitment: the secret is in no audit entry before the draw.
      seed: round.seed,
    });
    return this.overviewOf(round, await this.sendInvitation(actor, round));
  }

  /** Sends the invitation again (to contacts added since); only while the round is open. */
  async resendInvitation(
    actor: Actor,
    roundId: string | undefined,
  ): Promise<NotAllowed | UnknownRound | Overview> {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const round = await this.records.loadRound(roundId);
    if (!round) return UNKNOWN_ROUND;
    if (roundPhase(round.value, this.deps.now()) !== 'open') return this.overviewOf(round.value);
    return this.overviewOf(round.value, await this.sendInvitation(actor, round.value));
  }

  // The draw --------------------------------------------------------------------------------------------------

  async drawForm(
    actor: Actor,
    roundId: string | undefined,
  ): Promise<NotAllowed | UnknownRound | DrawOutcome | Refused | DrawForm> {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const round = await this.records.loadRound(roundId);
    if (!round) return UNKNOWN_ROUND;
    if (round.value.status !== 'open') return this.outcomeOf(round.value);
    const allowed = checkDrawAllowed(round.value, this.deps.now());
    if (!allowed.ok) return { kind: 'refused', refusal: allowed };
    const registrations = await this.records.repo.listRegistrations(round.value.id, { activeOnly: true });
    return {
      kind: 'draw-form',
      round: round.value,
      activeRegistrations: registrations.length,
      errors: NO_MESSAGES,
    };
  }

  /**
   * Draws the composition with the verifiable lottery. The record is written first and only once (its id is the
   * round's): a second draw, even on another instance at the same moment, finds it and shows that outcome.
   */
  async draw(
    actor: Actor,
    roundId: string | undefined,
    enteredSeed: string,
  ): Promise<
    | NotAllowed
    | UnknownRound
    | DrawOutcome
    | DrawForm
    | { readonly kind: 'lottery-refused'; readonly problems: LocalisedMessages }
  > {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const current = await this.records.loadRound(roundId);
    if (!current) return UNKNOWN_ROUND;
    const round = current.value;
    const now = this.deps.now();
    if (round.status !== 'open') return this.outcomeOf(round);
    const request = validateDrawRequest(round, now, enteredSeed);
    const registrations = (await this.records.repo.listRegistrations(round.id, { activeOnly: true })).map(
      (r) => r.value,
    );
    if (!request.ok) {
      return {
        kind: 'draw-form',
        round,
        activeRegistrations: registrations.length,
        errors: messagesOf(request),
      };
    }
    const classified = drawClassifications(registrations, await this.registryClassifications());
    if (!classified.ok) {
      return {
        kind: 'draw-form',
        round,
        activeRegistrations: registrations.length,
        errors: messagesOf(classified),
      };
    }
    const previous = await currentOverlegtafelMembers(this.deps.db, round.year - 1);
    const seedParts = await this.seedParts(round, request.value);
    if ('problems' in seedParts) return { kind: 'lottery-refused', problems: seedParts.problems };
    let record: DrawRecord;
    try {
      record = buildDrawRecord({
        registrations: drawRegistrations(
          classified.value.registrations,
          new Set(previous.map((m) => m.organisationId)),
        ),
        framework: round.framework,
        ...seedParts,
        ...('seedCommitment' in seedParts ? { classifications: classified.value.classifications } : {}),
        seedSource: request.value.seedSource,
        title: `Loting Overlegtafel ${round.year}`,
        createdAt: now,
      });
    } catch (error) {
      if (!(error instanceof LotteryInputError)) throw error;
      return { kind: 'lottery-refused', problems: localised(error.problems.map((p) => p.message)) };
    }
    try {
      await this.records.repo.createDrawRecord(round.id, record);
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      record = (await this.records.repo.getDrawRecord(round.id)) ?? record;
    }
    const stored = record;
    const updated = await this.records.repo.updateRound(round.id, (r) => {
      const applied = applyDraw(r, stored, personIdOf(actor), now);
      return applied.ok ? applied.value : r;
    });
    await this.records.audit(actor, round, 'loting.uitgevoerd', round.id, {
      recordSha256: stored.recordSha256,
      seatsFilled: stored.outcome.seatsFilled,
      unmetRules: stored.unmetRules.length,
    });
    return { kind: 'outcome', round: updated?.value ?? round, record: stored };
  }

  /**
   * The seed of the record: for a commit–reveal round the stored secret (checked against the published
   * commitment) and the public value entered now, with the deviations from Bijlage 9 and their reason; for a round
   * of the older kinds the seed itself (a version-1 record).
   */
  private async seedParts(
    round: Round,
    request: DrawSeedRequest,
  ): Promise<
    | { readonly seed: string }
    | Pick<DrawRecordInput, 'seedCommitment' | 'deviations'>
    | { readonly problems: LocalisedMessages }
  > {
    if (request.kind === 'seed' || round.seed.mode !== 'toezegging') {
      return { seed: request.kind === 'seed' ? request.seed : request.publicValue };
    }
    const secret = await this.records.repo.getRoundSecret(round.id);
    if (secret === undefined || commitmentOf(secret) !== round.seed.commitment) {
      return {
        problems: localised([
          {
            nl: 'Het geheim van deze ronde ontbreekt of past niet bij de gepubliceerde toezegging; de loting kan zo niet eerlijk worden uitgevoerd. Neem contact op met de beheerder.',
            en: "This round's secret is missing or does not match the published commitment, so the draw cannot be run fairly. Please contact the administrator.",
          },
        ]),
      };
    }
    return {
      seedCommitment: {
        commitment: round.seed.commitment,
        secret,
        publicValue: request.publicValue,
        publicValueSource: round.seed.source,
        publicValueDate: round.seed.publicValueDate,
        registrationDeadline: round.deadline,
        committedAt: round.seed.announcedAt,
      },
      deviations: deviationsWithReason(round.framework, round.deviationReason ?? ''),
    };
  }

  /** The outcome of the draw, or the overview while the round is still open. */
  async outcome(
    actor: Actor,
    roundId: string | undefined,
  ): Promise<NotAllowed | UnknownRound | Overview | DrawOutcome> {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const round = await this.records.loadRound(roundId);
    if (!round) return UNKNOWN_ROUND;
    return round.value.status === 'open' ? this.overviewOf(round.value) : this.outcomeOf(round.value);
  }

  // Classification ----------------------------------------------------------------------------------------------

  /**
   * The gemeente decides a registration whose grootte or herkomst differs from the registry: confirm the registry,
   * or correct the registry to the registration's claim. With a reason, in the round's audit trail (and, for a
   * correction, the registry's own). Before the draw only.
   */
  async decideClassification(
    actor: Actor,
    roundId: string | undefined,
    organisationId: string,
    input: ClassificationDecisionInput,
  ): Promise<NotAllowed | UnknownRound | Refused | Overview> {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const round = await this.records.loadRound(roundId);
    if (!round) return UNKNOWN_ROUND;
    const [registration, organisation] = await Promise.all([
      this.records.repo.getRegistration(round.value.id, organisationId),
      this.deps.registry.getOrganisation(organisationId),
    ]);
    if (!registration || !organisation) {
      return {
        kind: 'refused',
        refusal: refuse('classificatie.onbekend', {
          nl: 'Deze inschrijving bestaat niet (meer).',
          en: 'This registration does not exist (any more).',
        }),
      };
    }
    const registry = { grootte: organisation.value.grootte, herkomst: organisation.value.herkomst };
    const decided = decideClassification(
      round.value,
      registration.value,
      registry,
      input,
      personIdOf(actor),
      this.deps.now(),
    );
    if (!decided.ok) return { kind: 'refused', refusal: decided };
    // The registration first (If-Match): a registration changed meanwhile is refused, and the registry untouched.
    try {
      await this.records.repo.replaceRegistration(decided.value.registration, registration.etag);
    } catch (error) {
      if (!(error instanceof StaleDocumentError)) throw error;
      return {
        kind: 'refused',
        refusal: refuse('classificatie.verouderd', {
          nl: 'De inschrijving is intussen gewijzigd; er is niets opgeslagen. Bekijk het overzicht opnieuw.',
          en: 'The registration was changed meanwhile; nothing was saved. Look at the overview again.',
        }),
      };
    }
    if (decided.value.correctedRegistry) {
      await this.deps.registry.replaceOrganisation(
        organisation,
        { ...organisation.value, ...decided.value.correctedRegistry },
        personIdOf(actor) || null,
      );
    }
    const decision = decided.value.registration.classificationDecision;
    await this.records.audit(
      actor,
      round.value,
      `classificatie.${decision?.decision ?? 'besloten'}`,
      organisationId,
      {
        registry,
        declared: decision?.declared,
        reason: decision?.reason,
      },
    );
    return this.overviewOf(round.value);
  }

  // The composition -------------------------------------------------------------------------------------------

  async compositionForm(
    actor: Actor,
    roundId: string | undefined,
  ): Promise<NotAllowed | UnknownRound | CompositionForm> {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const round = await this.records.loadRound(roundId);
    if (!round) return UNKNOWN_ROUND;
    const registrations = await this.records.repo.listRegistrations(round.value.id);
    return {
      kind: 'composition-form',
      round: round.value,
      registrations: registrations.map((r) => r.value),
      etag: round.etag,
      errors: NO_MESSAGES,
    };
  }

  /**
   * Changes the composition with a reason. `etag` is the one the form was rendered with ('' for the stored one):
   * a change made meanwhile is refused (If-Match), never overwritten.
   */
  async changeComposition(
    actor: Actor,
    roundId: string | undefined,
    input: CompositionChangeInput,
    etag: string,
  ): Promise<NotAllowed | UnknownRound | Refused | CompositionForm | DrawOutcome> {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const round = await this.records.loadRound(roundId);
    if (!round) return UNKNOWN_ROUND;
    const ifMatch = etag || round.etag;
    const registrations = (await this.records.repo.listRegistrations(round.value.id)).map((r) => r.value);
    const changed = changeComposition(round.value, registrations, input, personIdOf(actor), this.deps.now());
    if (!changed.ok) {
      if (!changed.fieldErrors) return { kind: 'refused', refusal: changed };
      return {
        kind: 'composition-form',
        round: round.value,
        registrations,
        etag: ifMatch,
        errors: messagesOf(changed),
      };
    }
    const saved = await this.records.repo.replaceRound(changed.value, ifMatch);
    const change = changed.value.composition?.changes.at(-1);
    await this.records.audit(actor, round.value, 'samenstelling.gewijzigd', round.value.id, {
      version: change?.version,
      removed: change?.removed?.organisationId ?? null,
      added: change?.added?.organisationId ?? null,
      reason: change?.reason,
    });
    return this.outcomeOf(saved.value);
  }

  /**
   * Publishes the current composition: to all aanbieders, and personally to those whose seat changed. Published
   * once the message to all aanbieders is queued; a personal message that failed is reported, not hidden.
   */
  async publish(actor: Actor, roundId: string | undefined): Promise<PublishOutcome> {
    if (!this.mayManageRounds(actor)) return NOT_ALLOWED;
    const current = await this.records.loadRound(roundId);
    if (!current) return UNKNOWN_ROUND;
    const round = current.value;
    const [record, registrations, aanbieders] = await Promise.all([
      this.records.repo.getDrawRecord(round.id),
      this.records.repo.listRegistrations(round.id),
      this.contractedAanbieders(),
    ]);
    if (!record) return { kind: 'no-record' };
    const plan = publicationPlan(
      round,
      registrations.map((r) => r.value),
    );
    if (!plan.ok) return { kind: 'refused', refusal: plan };
    const broadcasts = publicationBroadcasts(
      round,
      record,
      plan.value,
      aanbieders.map((o) => o.id),
      personIdOf(actor) || null,
    );
    const parts: PublishedPart[] = [];
    for (const { part, request } of broadcasts) {
      parts.push({ part, result: await this.deps.delivery.enqueue(request) });
    }
    const queuedIds = broadcasts.filter((_b, i) => parts[i]?.result.ok).map((b) => b.request.broadcastId);
    if (!parts.some((p) => p.part === 'all' && p.result.ok)) return { kind: 'not-published', parts };
    await this.records.repo.updateRound(round.id, (r) =>
      applyPublication(r, plan.value, queuedIds, personIdOf(actor), this.deps.now()),
    );
    await this.records.audit(actor, round, 'samenstelling.gepubliceerd', round.id, {
      version: plan.value.version,
      broadcastIds: queuedIds,
    });
    return { kind: 'published', version: plan.value.version, parts };
  }
}
