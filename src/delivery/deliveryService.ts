import { cardProblems } from '../cards/cardValidator';
import {
  countStatuses,
  validateBroadcastMessage,
  type BroadcastAudience,
  type BroadcastMessage,
  type BroadcastTitle,
  type DeliveryCounts,
} from '../domain/delivery/broadcast';
import { channelForAttempt, type DeliveryChannel } from '../domain/delivery/channel';
import { planRecipients, type PlannedRecipient } from '../domain/delivery/recipients';
import { installFailureReason } from '../domain/reach/installation';
import { refuse, succeed, type Result } from '../domain/shared/result';
import { DocumentConflictError, StaleDocumentError } from '../storage/documentStore';
import type { PersonDocument, RegistryRepository } from '../storage/registryRepository';
import {
  recipientIdFor,
  type BroadcastJobDocument,
  type DeliveryRepository,
  type RecipientDocument,
} from './deliveryRepository';

/**
 * The one path for proactive messages. A feature enqueues a broadcast; the delivery worker (any instance)
 * sends it within Teams' limits, with retries, and records the outcome per recipient.
 *
 * Enqueueing is idempotent per broadcastId: features derive the id from the event (e.g. `voorstel-42-stemming`),
 * so a retried request does not send twice.
 */

export interface EnqueueRequest {
  readonly broadcastId: string;
  /** Both languages: the fixed part translated, any user text in it (a meeting's name) kept as is. */
  readonly title: BroadcastTitle;
  readonly topic: string;
  readonly message: BroadcastMessage;
  readonly audience: BroadcastAudience;
  readonly requestedByPersonId: string | null;
  /** Who gets the live delivery report card (usually the gemeente admin who started it). */
  readonly reportToPersonId?: string | null;
}

export interface EnqueueResult {
  readonly broadcastId: string;
  readonly recipients: number;
  readonly alreadyQueued: boolean;
}

export interface RecipientOutcome {
  readonly name: string;
  readonly organisations: string;
  readonly status: RecipientDocument['status'];
  readonly channel: DeliveryChannel;
  /** Dutch, as recorded; the report translates e-mail failures from `failureCode`. */
  readonly reason: string;
  /** The Teams reason in English, when recorded. */
  readonly reasonEn?: string;
  readonly failureCode: string | null;
  readonly failureStatus: number | null;
  readonly failureDetail: string;
  /** An earlier attempt was cut off by a crash, with an unknown outcome (see RecipientDocument). */
  readonly interrupted: boolean;
}

export interface BroadcastStatus {
  readonly job: BroadcastJobDocument;
  readonly counts: DeliveryCounts;
  /** Sent per channel. */
  readonly sentBy: Readonly<Record<DeliveryChannel, number>>;
  /** Sent after an attempt a crash cut off: may have arrived twice. */
  readonly possiblyTwice: number;
  readonly failures: readonly RecipientOutcome[];
  /** Every recipient with the channel used and the outcome, by name. */
  readonly recipients: readonly RecipientOutcome[];
}

const BROADCAST_ID = /^[a-z0-9][a-z0-9-]{2,100}$/;
const WRITE_PARALLELISM = 16;

async function inBatches<T>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

export class DeliveryService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly registry: RegistryRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Resolves the audience to recipients (one per person and per Teams account, see planRecipients), refusing
   * unknown ids and an empty audience before anything is stored.
   */
  async resolveAudience(audience: BroadcastAudience): Promise<Result<PlannedRecipient<PersonDocument>[]>> {
    const [people, organisations] = await Promise.all([
      this.registry.listPeople(),
      this.registry.listOrganisations(),
    ]);
    const peopleById = new Map(people.map((p) => [p.id, p]));
    const organisationNames = new Map(organisations.map((o) => [o.id, o.name]));
    const unknownPeople = (audience.personIds ?? []).filter((id) => !peopleById.has(id));
    const unknownOrganisations = (audience.organisationIds ?? []).filter((id) => !organisationNames.has(id));
    if (unknownPeople.length > 0 || unknownOrganisations.length > 0) {
      return refuse('broadcast.unknown-audience', {
        nl: `Onbekende ontvangers: ${[...unknownPeople, ...unknownOrganisations].slice(0, 10).join(', ')}. Er is niets verstuurd.`,
        en: `Unknown recipients: ${[...unknownPeople, ...unknownOrganisations].slice(0, 10).join(', ')}. Nothing was sent.`,
      });
    }
    const planned = planRecipients(people, organisationNames, audience, this.now());
    if (planned.length === 0)
      return refuse('broadcast.empty-audience', {
        nl: 'Er is niemand om dit bericht naar te sturen. Er is niets verstuurd.',
        en: 'There is nobody to send this message to. Nothing was sent.',
      });
    return succeed(planned);
  }

  async enqueue(request: EnqueueRequest): Promise<Result<EnqueueResult>> {
    if (!BROADCAST_ID.test(request.broadcastId))
      return refuse('broadcast.id', {
        nl: `Ongeldige verzending: ${request.broadcastId}`,
        en: `Invalid broadcast: ${request.broadcastId}`,
      });
    const existing = await this.deliveries.getJob(request.broadcastId);
    if (existing) {
      const recipients = await this.deliveries.recipients(request.broadcastId);
      return succeed({
        broadcastId: request.broadcastId,
        recipients: recipients.length,
        alreadyQueued: true,
      });
    }
    const valid = validateBroadcastMessage(request.title, request.message);
    if (!valid.ok) return valid;
    const problems = [
      ...cardProblems(request.message.card),
      ...(request.message.en ? cardProblems(request.message.en.card) : []),
    ];
    if (problems.length > 0)
      return refuse('broadcast.invalid-card', {
        nl: `De kaart is ongeldig en is niet verstuurd: ${problems.slice(0, 3).join('; ')}`,
        en: `The card is invalid and was not sent: ${problems.slice(0, 3).join('; ')}`,
      });
    const audience = await this.resolveAudience(request.audience);
    if (!audience.ok) return audience;

    const at = this.now().toISOString();
    // Recipients first, the job last: the worker only sees a broadcast whose ledger is complete. A crash in
    // between leaves a ledger without a job, which the retried request (same id) completes.
    await inBatches(
      audience.value,
      WRITE_PARALLELISM,
      async ({ person, organisationNames, startsOnEmail }) => {
        const recipient: RecipientDocument = {
          id: recipientIdFor(person.id),
          broadcastId: request.broadcastId,
          kind: 'recipient',
          personId: person.id,
          name: person.name,
          organisationNames,
          status: 'pending',
          attempts: 0,
          notBefore: null,
          claimedBy: null,
          claimedUntil: null,
          activityId: null,
          conversationId: null,
          failure: null,
          targetActivityId: null,
          updatedAt: at,
          // Recorded before anything is sent, like a switch after a Teams failure: the worker goes straight to e-mail.
          ...(startsOnEmail ? { channel: 'email', teamsFailure: installFailureReason('not-in-tenant') } : {}),
        };
        await this.deliveries.createRecipient(recipient).catch((error: unknown) => {
          if (!(error instanceof DocumentConflictError)) throw error;
        });
      },
    );
    try {
      await this.deliveries.createJob({
        id: 'job',
        broadcastId: request.broadcastId,
        kind: 'job',
        title: request.title.nl,
        titleEn: request.title.en,
        topic: request.topic,
        message: request.message,
        mode: 'send',
        status: 'active',
        createdAt: at,
        createdByPersonId: request.requestedByPersonId,
        report: request.reportToPersonId ? { personId: request.reportToPersonId, activityId: null } : null,
        finishedAt: null,
      });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      return succeed({
        broadcastId: request.broadcastId,
        recipients: audience.value.length,
        alreadyQueued: true,
      });
    }
    return succeed({
      broadcastId: request.broadcastId,
      recipients: audience.value.length,
      alreadyQueued: false,
    });
  }

  /**
   * Enqueues a broadcast for a feature whose audience may legitimately be empty (nobody registered yet):
   * true when queued (or already queued), false when there was nobody to send it to; any other refusal is a
   * bug in the feature and throws.
   */
  async enqueueUnlessNobody(request: EnqueueRequest): Promise<boolean> {
    const result = await this.enqueue(request);
    if (result.ok) return true;
    if (result.code === 'broadcast.empty-audience') return false;
    throw new Error(`${result.code}: ${result.messages.join(' ')}`);
  }

  async status(broadcastId: string): Promise<BroadcastStatus | undefined> {
    const job = await this.deliveries.getJob(broadcastId);
    if (!job) return undefined;
    const recipients = (await this.deliveries.recipients(broadcastId))
      .map((r) => r.value)
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    const outcomes = recipients.map(
      (r): RecipientOutcome => ({
        name: r.name,
        organisations: r.organisationNames.join(', '),
        status: r.status,
        channel: channelForAttempt(r.channel),
        reason: r.failure ?? '',
        ...(r.failureEn ? { reasonEn: r.failureEn } : {}),
        failureCode: r.failureCode ?? null,
        failureStatus: r.failureStatus ?? null,
        failureDetail: r.failureDetail ?? '',
        interrupted: (r.interruptedAttempts ?? 0) > 0,
      }),
    );
    const sent = outcomes.filter((o) => o.status === 'sent');
    return {
      job: job.value,
      counts: countStatuses(recipients.map((r) => r.status)),
      sentBy: {
        teams: sent.filter((o) => o.channel === 'teams').length,
        email: sent.filter((o) => o.channel === 'email').length,
      },
      possiblyTwice: sent.filter((o) => o.interrupted).length,
      failures: outcomes.filter((o) => o.status === 'failed'),
      recipients: outcomes,
    };
  }

  /** Puts the failed recipients back in the queue (only those), and reopens the broadcast. */
  async resendFailed(broadcastId: string): Promise<Result<number>> {
    const job = await this.deliveries.getJob(broadcastId);
    if (!job)
      return refuse('broadcast.unknown', {
        nl: 'Deze verzending bestaat niet (meer).',
        en: 'This broadcast does not exist (any more).',
      });
    const failed = await this.deliveries.recipients(broadcastId, ['failed']);
    const at = this.now().toISOString();
    let requeued = 0;
    for (const r of failed) {
      try {
        await this.deliveries.replaceRecipient(
          {
            ...r.value,
            status: 'pending',
            attempts: 0,
            notBefore: null,
            failure: null,
            claimedBy: null,
            claimedUntil: null,
            updatedAt: at,
            // Teams first again: the person may have installed the app since. Only failed recipients come
            // back, so nobody who got the e-mail gets it twice.
            channel: null,
            teamsFailure: null,
            failureCode: null,
            failureStatus: null,
            failureDetail: null,
          },
          r.etag,
        );
        requeued++;
      } catch (error) {
        if (!(error instanceof StaleDocumentError)) throw error;
      }
    }
    if (requeued > 0) await this.reopen(broadcastId);
    return succeed(requeued);
  }

  /**
   * Replaces a sent card in place for every recipient who got it (e.g. "stemming gesloten"), through the same
   * queue and limits: a new broadcast in mode 'update' that targets the stored activity ids.
   */
  async enqueueCardUpdate(
    sourceBroadcastId: string,
    updateId: string,
    message: BroadcastMessage,
  ): Promise<Result<EnqueueResult>> {
    const broadcastId = `${sourceBroadcastId}-${updateId}`.slice(0, 100);
    if (await this.deliveries.getJob(broadcastId))
      return succeed({ broadcastId, recipients: 0, alreadyQueued: true });
    const source = await this.deliveries.getJob(sourceBroadcastId);
    if (!source)
      return refuse('broadcast.unknown', {
        nl: 'De oorspronkelijke verzending bestaat niet (meer).',
        en: 'The original broadcast does not exist (any more).',
      });
    const problems = cardProblems(message.card);
    if (problems.length > 0)
      return refuse('broadcast.invalid-card', {
        nl: `De kaart is ongeldig: ${problems.slice(0, 3).join('; ')}`,
        en: `The card is invalid: ${problems.slice(0, 3).join('; ')}`,
      });
    // An e-mail cannot be changed once sent: only Teams recipients get the update in place.
    const sent = (await this.deliveries.recipients(sourceBroadcastId, ['sent']))
      .map((r) => r.value)
      .filter((r) => channelForAttempt(r.channel) === 'teams');
    const at = this.now().toISOString();
    await inBatches(sent, WRITE_PARALLELISM, async (r) => {
      await this.deliveries
        .createRecipient({
          ...r,
          broadcastId,
          status: 'pending',
          attempts: 0,
          notBefore: null,
          claimedBy: null,
          claimedUntil: null,
          activityId: null,
          failure: null,
          targetActivityId: r.activityId,
          updatedAt: at,
        })
        .catch((error: unknown) => {
          if (!(error instanceof DocumentConflictError)) throw error;
        });
    });
    await this.deliveries
      .createJob({
        ...source.value,
        broadcastId,
        message,
        mode: 'update',
        status: sent.length > 0 ? 'active' : 'done',
        createdAt: at,
        report: null,
        finishedAt: sent.length > 0 ? null : at,
      })
      .catch((error: unknown) => {
        if (!(error instanceof DocumentConflictError)) throw error;
      });
    return succeed({ broadcastId, recipients: sent.length, alreadyQueued: false });
  }

  private async reopen(broadcastId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const job = await this.deliveries.getJob(broadcastId);
      if (!job || job.value.status === 'active') return;
      try {
        await this.deliveries.replaceJob({ ...job.value, status: 'active', finishedAt: null }, job.etag);
        return;
      } catch (error) {
        if (!(error instanceof StaleDocumentError)) throw error;
      }
    }
  }
}
