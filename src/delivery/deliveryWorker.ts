import { countStatuses, isFinished, type BroadcastMessage } from '../domain/delivery/broadcast';
import {
  PER_CONVERSATION_WINDOWS,
  PER_TENANT_WINDOWS,
  SlidingWindowLimiter,
  type RateWindow,
} from '../domain/delivery/rateLimits';
import {
  DEFAULT_RETRY_POLICY,
  describeFailure,
  retryDelayMs,
  type RetryPolicy,
} from '../domain/delivery/retryPolicy';
import { afterTeamsFailure, channelForAttempt } from '../domain/delivery/channel';
import type { Locale } from '../cards/renderCard';
import type { Logger } from '../observability/logger';
import { StaleDocumentError, type Versioned } from '../storage/documentStore';
import type { Lease, LeaseManager } from '../storage/leases';
import type { RegistryRepository } from '../storage/registryRepository';
import type { BroadcastJobDocument, DeliveryRepository, RecipientDocument } from './deliveryRepository';
import { SendError, type MessageSender, type SendTarget } from './messageSender';
import type { EmailChannel } from './email/emailChannel';
import { withRecipientNote } from './recipientNote';
import { ReportCards, type RenderReport } from './reportCards';
import { EMAIL_OFF, settleEmail, type EmailAttempt } from './email/emailOutcome';
import { EmailSendError } from './email/emailTransport';
import { messageIn, recipientLocale } from './recipientLocale';

/**
 * Sends queued broadcasts. Runs in every instance; the work is shared safely:
 *
 * - Sending capacity is split into `slots` leases ("delivery-slot-0..n"); an instance sends only while it holds
 *   one, at (per-tenant limit / slots) requests per second. So the instances together never exceed Teams'
 *   50 requests per second per tenant, and a dead instance's slot is taken over when its lease expires.
 * - Each recipient is claimed with an ETag replace (pending -> sending) before its message goes out, and marked
 *   sent or failed afterwards. Two instances never claim the same recipient.
 * - Crash safety: a claim has an expiry. If the process dies after claiming and before recording the outcome,
 *   the claim expires and the recipient is sent again. That is the only way to get a duplicate: a message that
 *   was in flight at the moment of the crash (at most `concurrency` of them). Nothing else is lost or repeated.
 */

export interface DeliveryWorkerOptions {
  readonly instanceId: string;
  readonly slots: number;
  readonly concurrency: number;
  readonly claimMs: number;
  readonly leaseMs: number;
  readonly idlePollMs: number;
  readonly reportEveryMs: number;
  /**
   * Also send the finished report as a new message (a summary), besides updating the card in place: for clients
   * that do not show updates of a sent card (the local Agents Playground).
   */
  readonly finalSummary: boolean;
  readonly retry: RetryPolicy;
  readonly tenantWindows: readonly RateWindow[];
  readonly conversationWindows: readonly RateWindow[];
}

export const DEFAULT_WORKER_OPTIONS: Omit<DeliveryWorkerOptions, 'instanceId'> = {
  slots: 1,
  concurrency: 8,
  claimMs: 120_000,
  leaseMs: 15_000,
  idlePollMs: 1_000,
  reportEveryMs: 2_000,
  finalSummary: false,
  retry: DEFAULT_RETRY_POLICY,
  tenantWindows: PER_TENANT_WINDOWS,
  conversationWindows: PER_CONVERSATION_WINDOWS,
};

export interface DeliveryWorkerDependencies {
  readonly deliveries: DeliveryRepository;
  readonly registry: RegistryRepository;
  readonly leases: LeaseManager;
  readonly sender: MessageSender;
  /** E-mail for recipients Teams cannot reach; absent when EMAIL_TRANSPORT=none. */
  readonly email?: EmailChannel;
  readonly logger: Logger;
  /**
   * Renders the live report card for a broadcast, in the language of the person it goes to (kept outside so the
   * worker knows no card layout); `final` asks for the text of the finished broadcast's summary.
   */
  readonly renderReport?: RenderReport;
  readonly now?: () => number;
  /**
   * The clock of Teams' rate limits: always real time, also when `now` (the clock of claims and back-off) is a
   * test's or a demo's clock; a stopped clock would otherwise wait for ever once a window is full.
   */
  readonly rateNow?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface TenantHint {
  readonly serviceUrl: string | null;
  readonly tenantId: string | null;
}

const NO_HINT: TenantHint = { serviceUrl: null, tenantId: null };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Our share of each window: the limit divided over the slots, and the window stretched by a small margin,
 * because Teams counts a request when it arrives, a little after we counted it when it left.
 */
export const WINDOW_MARGIN_MS = 25;

function scaled(windows: readonly RateWindow[], slots: number): RateWindow[] {
  return windows.map((w) => ({
    limit: Math.max(1, Math.floor(w.limit / slots)),
    windowMs: w.windowMs + WINDOW_MARGIN_MS,
  }));
}

export class DeliveryWorker {
  private readonly options: DeliveryWorkerOptions;
  private readonly now: () => number;
  private readonly rateNow: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly tenantLimiter: SlidingWindowLimiter;
  private readonly conversationLimiters = new Map<string, SlidingWindowLimiter>();
  private lease: Lease | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly reports: ReportCards;
  /** Counters for benches and tests. */
  readonly stats = { sent: 0, failed: 0, retried: 0, claimsLost: 0, emailed: 0 };

  constructor(
    private readonly deps: DeliveryWorkerDependencies,
    options: Partial<DeliveryWorkerOptions> & { instanceId: string },
  ) {
    this.options = { ...DEFAULT_WORKER_OPTIONS, ...options };
    this.now = deps.now ?? Date.now;
    this.rateNow = deps.rateNow ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? defaultSleep;
    this.tenantLimiter = new SlidingWindowLimiter(scaled(this.options.tenantWindows, this.options.slots));
    this.reports = new ReportCards(
      {
        deliveries: deps.deliveries,
        logger: deps.logger,
        renderReport: deps.renderReport,
        channel: {
          send: (personId, message) => this.sendToPerson(personId, message),
          update: (personId, activityId, message) => this.updateForPerson(personId, activityId, message),
        },
        now: this.now,
      },
      this.options,
    );
  }

  start(): void {
    this.stopping = false;
    this.loop ??= this.run().finally(() => {
      this.loop = undefined;
    });
  }

  /** Graceful stop: claims nothing new, finishes the messages in flight, and hands the slot back. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    await this.releaseSlot();
  }

  /** Hands the sending slot back so another instance can take it now rather than after the lease expires. */
  async releaseSlot(): Promise<void> {
    if (this.lease) await this.deps.leases.release(this.lease).catch(() => undefined);
    this.lease = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (error) {
        this.deps.logger.error('delivery round failed', { error: (error as Error).message });
      }
      if (!worked && !this.stopping) await this.sleep(this.options.idlePollMs);
    }
  }

  private slotCheck: Promise<boolean> | undefined;

  /** Holds (or takes) a sending slot; false when all slots are held by other instances. Serialised per instance. */
  private holdSlot(): Promise<boolean> {
    this.slotCheck ??= this.checkSlot().finally(() => {
      this.slotCheck = undefined;
    });
    return this.slotCheck;
  }

  private async checkSlot(): Promise<boolean> {
    if (this.lease && this.lease.expiresAt.getTime() - this.now() > this.options.leaseMs / 2) return true;
    if (this.lease) {
      this.lease = await this.deps.leases.renew(this.lease, this.options.leaseMs);
      if (this.lease) return true;
    }
    for (let slot = 0; slot < this.options.slots; slot++) {
      this.lease = await this.deps.leases.acquire(`delivery-slot-${slot}`, this.options.leaseMs);
      if (this.lease) {
        // The slot's e-mail window comes with it: what the previous holder sent still counts.
        await this.deps.email?.bindSlot(this.lease.name);
        return true;
      }
    }
    return false;
  }

  /** One pass over every active broadcast. Returns whether anything was sent or settled. */
  async runOnce(): Promise<boolean> {
    if (!(await this.holdSlot())) return false;
    let worked = false;
    for (const broadcastId of await this.deps.deliveries.activeBroadcastIds()) {
      if (this.stopping) break;
      worked = (await this.processBroadcast(broadcastId)) || worked;
    }
    return worked;
  }

  /** Sends everything of one broadcast that is due now; finishes the job when nothing is left. */
  async processBroadcast(broadcastId: string): Promise<boolean> {
    const job = await this.deps.deliveries.getJob(broadcastId);
    if (!job || job.value.status !== 'active') return false;
    await this.reports.ensureReportCard(job);
    let worked = false;
    for (;;) {
      if (this.stopping || !(await this.holdSlot())) break;
      const now = this.now();
      const open = await this.deps.deliveries.recipients(broadcastId, ['pending', 'sending']);
      const due = open.filter((r) => this.isDue(r.value, now));
      if (due.length === 0) {
        if (open.length === 0) await this.finish(job.value.broadcastId);
        else
          await this.sleep(
            Math.min(
              this.options.idlePollMs,
              this.untilNextDue(
                open.map((r) => r.value),
                now,
              ),
            ),
          );
        break;
      }
      const tenantServiceUrl = await this.serviceUrlHint();
      // E-mail and Teams each get their own lanes: e-mail must not wait in line behind Teams' rate, nor Teams
      // behind e-mail's. (Who is on e-mail is on the ledger: known outside the tenant, or Teams failed.)
      const onEmail = due.filter(
        (r) => job.value.mode === 'send' && channelForAttempt(r.value.channel) === 'email',
      );
      const onTeams = due.filter((r) => !onEmail.includes(r));
      const deliver = (recipient: Versioned<RecipientDocument>): Promise<void> =>
        this.deliver(job.value, recipient, tenantServiceUrl);
      await Promise.all([
        this.runWithConcurrency(onTeams, deliver),
        this.runWithConcurrency(onEmail, deliver),
      ]);
      worked = true;
      await this.reports.maybeReport(job.value, false);
    }
    return worked;
  }

  private isDue(r: RecipientDocument, now: number): boolean {
    if (r.status === 'pending') return !r.notBefore || Date.parse(r.notBefore) <= now;
    return r.status === 'sending' && (!r.claimedUntil || Date.parse(r.claimedUntil) <= now);
  }

  private untilNextDue(open: RecipientDocument[], now: number): number {
    const times = open
      .map((r) => Date.parse((r.status === 'pending' ? r.notBefore : r.claimedUntil) ?? '') - now)
      .filter((t) => t > 0);
    return times.length > 0 ? Math.min(...times) : this.options.idlePollMs;
  }

  private async runWithConcurrency<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const lanes = Array.from({ length: Math.min(this.options.concurrency, items.length) }, async () => {
      while (next < items.length && !this.stopping) {
        const item = items[next++]!;
        await run(item);
      }
    });
    await Promise.all(lanes);
  }

  /**
   * Where to create a conversation for someone who never talked to the bot: Teams' service URL and tenant as
   * the most recent user showed them (one region is one tenant).
   */
  private async serviceUrlHint(): Promise<TenantHint> {
    const users = await this.deps.registry.teamsUsers.query(
      'SELECT TOP 1 * FROM c WHERE IS_DEFINED(c.reference.serviceUrl) ORDER BY c.updatedAt DESC',
    );
    return {
      serviceUrl: users[0]?.reference?.serviceUrl ?? null,
      tenantId: users[0]?.tenantId ?? users[0]?.reference?.conversation.tenantId ?? null,
    };
  }

  private conversationLimiter(conversationId: string): SlidingWindowLimiter {
    let limiter = this.conversationLimiters.get(conversationId);
    if (!limiter) {
      if (this.conversationLimiters.size > 10_000) this.conversationLimiters.clear();
      limiter = new SlidingWindowLimiter(scaled(this.options.conversationWindows, 1));
      this.conversationLimiters.set(conversationId, limiter);
    }
    return limiter;
  }

  /** Waits for a slot in the tenant window and the conversation window, then reserves both. */
  private async throttle(conversationKey: string, operations: number): Promise<void> {
    const conversation = this.conversationLimiter(conversationKey);
    for (let i = 0; i < operations; i++) {
      for (;;) {
        const now = this.rateNow();
        const at = Math.max(this.tenantLimiter.nextAllowedAt(now), conversation.nextAllowedAt(now));
        if (at <= now) {
          this.tenantLimiter.record(now);
          conversation.record(now);
          break;
        }
        await this.sleep(at - now);
      }
    }
  }

  private async deliver(
    job: BroadcastJobDocument,
    candidate: Versioned<RecipientDocument>,
    hint: TenantHint,
  ): Promise<void> {
    // A long batch outlives the lease: renew it as we go, and stop claiming if another instance took the slot.
    if (!(await this.holdSlot())) return;
    const claimedAt = this.now();
    let claimed: Versioned<RecipientDocument>;
    try {
      claimed = await this.deps.deliveries.replaceRecipient(
        {
          ...candidate.value,
          status: 'sending',
          attempts: candidate.value.attempts + 1,
          ...(candidate.value.status === 'sending'
            ? { interruptedAttempts: (candidate.value.interruptedAttempts ?? 0) + 1 }
            : {}),
          claimedBy: this.options.instanceId,
          claimedUntil: new Date(claimedAt + this.options.claimMs).toISOString(),
          updatedAt: new Date(claimedAt).toISOString(),
        },
        candidate.etag,
      );
    } catch (error) {
      if (error instanceof StaleDocumentError) {
        this.stats.claimsLost++;
        return; // another instance claimed it first
      }
      throw error;
    }

    const recipient = claimed.value;
    if (job.mode === 'send' && channelForAttempt(recipient.channel) === 'email') {
      await this.deliverByEmail(job, claimed);
      return;
    }
    const found = await this.targetFor(recipient.personId, hint);
    let target = found;
    try {
      // Tenant lookup and installation first: a recipient Teams cannot reach costs no Teams request.
      if (job.mode === 'send' && this.deps.sender.prepare)
        target = { ...(await this.deps.sender.prepare(found)), locale: found.locale };
      const conversationKey = target.reference?.conversation.id ?? `new:${recipient.personId}`;
      if (job.mode === 'update') {
        await this.throttle(conversationKey, 1);
        await this.deps.sender.update(
          target,
          recipient.targetActivityId ?? '',
          messageIn(job.message, target.locale),
        );
        await this.settle(claimed, {
          status: 'sent',
          activityId: recipient.targetActivityId,
          conversationId: target.reference?.conversation.id ?? null,
        });
      } else {
        await this.throttle(conversationKey, target.reference ? 1 : 2);
        const message = withRecipientNote(
          messageIn(job.message, target.locale),
          recipient.organisationNames,
          target.locale,
        );
        const sent = await this.deps.sender.send(target, message);
        if (sent.createdReference) {
          const user = await this.deps.registry.getTeamsUser(target.aadObjectId ?? '');
          await this.deps.registry
            .saveTeamsUser(target.aadObjectId ?? '', user, {
              reference: sent.createdReference,
              personId: recipient.personId,
              tenantId: target.tenantId,
            })
            .catch(() => undefined);
        }
        await this.settle(claimed, {
          status: 'sent',
          activityId: sent.activityId,
          conversationId: sent.conversationId,
        });
      }
      this.stats.sent++;
    } catch (error) {
      const failure =
        error instanceof SendError
          ? error.failure
          : { status: undefined, retryAfterMs: undefined, reason: (error as Error).message };
      const decision = afterTeamsFailure(failure, {
        attempts: recipient.attempts,
        maxAttempts: this.options.retry.maxAttempts,
        emailEnabled: job.mode === 'send' && this.deps.email !== undefined,
      });
      if (decision.next === 'email') {
        await this.switchToEmail(
          job,
          claimed,
          failure.status === 0 ? failure.reason : describeFailure(failure),
        );
      } else if (decision.next === 'retry') {
        this.stats.retried++;
        const delay = retryDelayMs(failure, recipient.attempts, this.options.retry, this.random);
        await this.settle(claimed, {
          status: 'pending',
          notBefore: new Date(this.now() + delay).toISOString(),
        });
      } else {
        this.stats.failed++;
        await this.settle(claimed, {
          status: 'failed',
          failure: failure.status === 0 ? failure.reason : describeFailure(failure),
          failureEn: describeFailure(failure, 'en'),
        });
      }
    }
  }

  /**
   * Teams cannot reach this person: record that e-mail is the channel (with Teams' reason) before anything is
   * sent, so a crash from here on resumes on e-mail and never tries Teams again.
   */
  private async switchToEmail(
    job: BroadcastJobDocument,
    claimed: Versioned<RecipientDocument>,
    teamsFailure: string,
  ): Promise<void> {
    let switched: Versioned<RecipientDocument>;
    try {
      switched = await this.deps.deliveries.replaceRecipient(
        // E-mail gets attempts of its own: Teams may have used them all up on 429s or outages.
        {
          ...claimed.value,
          channel: 'email',
          teamsFailure,
          attempts: 1,
          updatedAt: new Date(this.now()).toISOString(),
        },
        claimed.etag,
      );
    } catch (error) {
      if (!(error instanceof StaleDocumentError)) throw error;
      this.stats.claimsLost++;
      return; // our claim expired and someone else has this recipient now
    }
    await this.deliverByEmail(job, switched);
  }

  private async deliverByEmail(
    job: BroadcastJobDocument,
    claimed: Versioned<RecipientDocument>,
  ): Promise<void> {
    const recipient = claimed.value;
    let attempt: EmailAttempt;
    try {
      // Without a channel, e-mail was switched off after this recipient was moved to it.
      if (!this.deps.email) throw new EmailSendError(EMAIL_OFF);
      const sent = await this.deps.email.deliver({
        broadcastId: job.broadcastId,
        personId: recipient.personId,
        title: job.title,
        titleEn: job.titleEn,
        message: job.message,
        submittedAt: new Date(job.createdAt),
        organisationNames: recipient.organisationNames,
      });
      attempt = { ok: true, messageId: sent.messageId };
    } catch (error) {
      attempt = { ok: false, error };
    }
    const outcome = settleEmail(attempt, recipient, this.options.retry, this.now(), this.random);
    if (outcome.kind === 'sent') {
      this.stats.sent++;
      this.stats.emailed++;
    } else if (outcome.kind === 'retry') {
      this.stats.retried++;
    } else if (outcome.kind === 'failed') {
      this.stats.failed++;
      // Ids and the code only: never the address.
      this.deps.logger.warn('e-mail not delivered', {
        broadcastId: recipient.broadcastId,
        personId: recipient.personId,
        code: outcome.failure?.code,
        status: outcome.failure?.status,
      });
    }
    await this.settle(claimed, outcome.change);
  }

  private async targetFor(personId: string, hint: TenantHint): Promise<SendTarget & { locale: Locale }> {
    const person = await this.deps.registry.getPerson(personId);
    const aadObjectId = person?.value.aadObjectId ?? null;
    const teamsUser = aadObjectId ? await this.deps.registry.getTeamsUser(aadObjectId) : undefined;
    return {
      personId,
      locale: recipientLocale(teamsUser?.value),
      reference: teamsUser?.value.reference ?? null,
      aadObjectId,
      tenantId: teamsUser?.value.tenantId ?? hint.tenantId,
      serviceUrl: teamsUser?.value.reference?.serviceUrl ?? hint.serviceUrl,
    };
  }

  /** Records the outcome of our claim. Losing the claim here means it expired and was taken over. */
  private async settle(
    claimed: Versioned<RecipientDocument>,
    change: Partial<RecipientDocument>,
  ): Promise<void> {
    try {
      await this.deps.deliveries.replaceRecipient(
        {
          ...claimed.value,
          ...change,
          claimedBy: null,
          claimedUntil: null,
          updatedAt: new Date(this.now()).toISOString(),
        },
        claimed.etag,
      );
    } catch (error) {
      if (!(error instanceof StaleDocumentError)) throw error;
      this.stats.claimsLost++;
      this.deps.logger.warn('delivery claim expired before the outcome was recorded', {
        broadcastId: claimed.value.broadcastId,
        personId: claimed.value.personId,
      });
    }
  }

  private async finish(broadcastId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const job = await this.deps.deliveries.getJob(broadcastId);
      if (!job || job.value.status === 'done') return;
      const counts = countStatuses(
        (await this.deps.deliveries.recipients(broadcastId)).map((r) => r.value.status),
      );
      if (!isFinished(counts)) return;
      try {
        await this.deps.deliveries.replaceJob(
          { ...job.value, status: 'done', finishedAt: new Date(this.now()).toISOString() },
          job.etag,
        );
        this.deps.logger.info('broadcast finished', {
          broadcastId,
          sent: counts.sent,
          failed: counts.failed,
        });
        await this.reports.maybeReport(job.value, true);
        return;
      } catch (error) {
        if (!(error instanceof StaleDocumentError)) throw error;
      }
    }
  }

  /** The requester's report card goes to a person like any message: their chat, within Teams' limits. */
  private async sendToPerson(personId: string, message: BroadcastMessage): Promise<{ activityId: string }> {
    const target = await this.targetFor(personId, await this.serviceUrlHint());
    await this.throttle(target.reference?.conversation.id ?? `new:${personId}`, 1);
    return this.deps.sender.send(target, message);
  }

  private async updateForPerson(
    personId: string,
    activityId: string,
    message: BroadcastMessage,
  ): Promise<void> {
    const target = await this.targetFor(personId, NO_HINT);
    await this.throttle(target.reference?.conversation.id ?? `new:${personId}`, 1);
    await this.deps.sender.update(target, activityId, message);
  }
}
