import { stringsFor } from '../../cards/renderCard';
import { titleIn, type BroadcastMessage } from '../../domain/delivery/broadcast';
import { composeEmail, teamsChatUrl, type EmailStrings } from '../../domain/delivery/emailContent';
import { addressProblem } from '../../domain/delivery/emailFailure';
import { SlidingWindowLimiter, type RateWindow } from '../../domain/delivery/rateLimits';
import type { RegistryRepository } from '../../storage/registryRepository';
import { messageIn, recipientLocale } from '../recipientLocale';
import { withRecipientNote } from '../recipientNote';
import { DocumentConflictError, StaleDocumentError } from '../../storage/documentStore';
import { EmailSendError, type EmailTransport } from './emailTransport';
import { emailRateDocumentId, type EmailRateDocument, type EmailRateStore } from './emailRateStore';

/**
 * The e-mail channel of the delivery worker: finds the person's address and language, turns the broadcast's
 * card into an e-mail (src/domain/delivery/emailContent), keeps to the transport's rate and sends.
 *
 * The rate is enforced here with the same sliding windows as Teams. A recipient whose slot is further away
 * than `maxWaitMs` is not waited for while holding a claim (the claim would expire and be taken over): its
 * slot is reserved, and the worker puts it back in the queue until that time without counting an attempt
 * (EmailDeferred). When it comes back it uses its reservation, so a long queue is deferred once per
 * recipient, not once per pass.
 */

export class EmailDeferred extends Error {
  constructor(readonly untilMs: number) {
    super('e-mail rate limit: deferred');
    this.name = 'EmailDeferred';
  }
}

export interface EmailChannelOptions {
  readonly transport: EmailTransport;
  readonly registry: RegistryRepository;
  readonly windows: readonly RateWindow[];
  readonly botAppId: string | undefined;
  /** Where /openbaar lives (PUBLIC_BASE_URL); without it no public link is given. */
  readonly publicBaseUrl: string | undefined;
  /** Whether an item is published on /openbaar now (the gemeente decides per item). */
  readonly isPublished?: (kind: string, sourceId: string) => Promise<string | undefined>;
  readonly maxWaitMs?: number;
  /** Keeps the window per sending slot in the store; without it the window lives in this instance only. */
  readonly rateStore?: EmailRateStore;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface EmailDelivery {
  readonly broadcastId: string;
  readonly personId: string;
  /** The Dutch title; the English one when the broadcast has it (the subject follows the recipient's language). */
  readonly title: string;
  readonly titleEn?: string;
  readonly message: BroadcastMessage;
  /** When the broadcast was written (the e-mail's Date on every attempt). */
  readonly submittedAt: Date;
  /** The organisations the person receives it for (named in the message when more than one). */
  readonly organisationNames?: readonly string[];
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class EmailChannel {
  private limiter: SlidingWindowLimiter;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;
  /** Slots reserved for deferred recipients (broadcast.person -> time); kept with the window in the store. */
  private readonly reserved = new Map<string, number>();
  /** The sending slot whose window this instance keeps, and the version of its document. */
  private slot: string | undefined;
  private windowEtag: string | undefined;
  private pendingWrite: Promise<void> | undefined;
  private activeWrite: Promise<void> | undefined;

  constructor(private readonly options: EmailChannelOptions) {
    this.limiter = new SlidingWindowLimiter(options.windows);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  /**
   * Takes over the window of the sending slot the worker just acquired: the sends and reservations the previous
   * holder recorded still count, so a takeover after a crash does not start with a fresh quota.
   */
  async bindSlot(slot: string): Promise<void> {
    const store = this.options.rateStore;
    if (!store) return;
    await this.activeWrite?.catch(() => undefined);
    const saved = await store.load(slot);
    if (slot !== this.slot) {
      this.limiter = new SlidingWindowLimiter(this.options.windows);
      this.reserved.clear();
    }
    // The same slot again (the lease lapsed and was taken back): lanes kept reserving while the document was
    // read, so merge instead of replacing; a time already counted is not counted twice.
    const now = this.now();
    const counted = new Set(this.limiter.recent(now));
    for (const at of saved?.value.sends ?? []) if (!counted.has(at)) this.limiter.record(at);
    // Only a reservation still in the future is surely unused (nothing is sent before its slot): its recipient
    // gets it back. One whose time has passed may have been used just before a crash, so its recipient takes a
    // new slot: the rate errs on the slow side rather than over the limit.
    for (const [key, at] of Object.entries(saved?.value.reservations ?? {}))
      if (at > now && !this.reserved.has(key)) this.reserved.set(key, at);
    this.slot = slot;
    this.windowEtag = saved?.etag;
  }

  get transportName(): string {
    return this.options.transport.name;
  }

  close(): Promise<void> {
    return this.options.transport.close();
  }

  /** Sends the broadcast to one person by e-mail; throws EmailSendError (classified) or EmailDeferred. */
  async deliver(delivery: EmailDelivery): Promise<{ messageId: string }> {
    const person = await this.options.registry.getPerson(delivery.personId);
    const address = person?.value.email?.trim() ?? '';
    const problem = addressProblem(address);
    if (problem) throw new EmailSendError(problem);
    if (!person)
      throw new EmailSendError({
        code: 'no-address',
        status: undefined,
        retryAfterMs: undefined,
        detail: '',
      });

    const locale = recipientLocale(
      person.value.aadObjectId
        ? (await this.options.registry.getTeamsUser(person.value.aadObjectId))?.value
        : undefined,
    );
    const strings = stringsFor('email', locale) as unknown as EmailStrings;
    const email = composeEmail({
      title: titleIn(delivery, locale),
      card: withRecipientNote(messageIn(delivery.message, locale), delivery.organisationNames ?? [], locale)
        .card,
      strings,
      recipientName: person.value.name,
      teamsChatUrl: teamsChatUrl(this.options.botAppId),
      publicUrl: await this.publicUrl(delivery.message),
      lang: locale,
    });
    const key = `${delivery.broadcastId}.${delivery.personId}`;
    await this.throttle(key);
    return this.options.transport.send({
      to: address,
      ...email,
      lang: locale,
      idempotencyKey: key,
      submittedAt: delivery.submittedAt,
    });
  }

  private async publicUrl(message: BroadcastMessage): Promise<string | undefined> {
    const base = this.options.publicBaseUrl;
    if (!base || !message.publication || !this.options.isPublished) return undefined;
    const path = await this.options.isPublished(message.publication.kind, message.publication.sourceId);
    return path ? `${base.replace(/\/+$/, '')}${path}` : undefined;
  }

  private async throttle(key: string): Promise<void> {
    const now = this.now();
    const reservation = this.reserved.get(key);
    if (reservation !== undefined) {
      // Back too early (the queue's not-before was cleared): keep the slot and wait for it again.
      if (reservation - now > this.maxWaitMs) throw new EmailDeferred(reservation);
      this.reserved.delete(key);
      if (reservation > now) await this.sleep(reservation - now);
      return; // the slot was recorded when it was reserved
    }
    const at = this.limiter.reserve(now);
    this.forgetOldReservations(now);
    // Written ahead, with the recipient's key: if this instance dies while waiting for a slot still ahead, the
    // instance that takes the recipient over finds the slot and uses it, instead of counting the e-mail twice.
    this.reserved.set(key, at);
    await this.saveWindow();
    if (at - now > this.maxWaitMs) throw new EmailDeferred(at);
    this.reserved.delete(key); // used now; the next write forgets it
    if (at > now) await this.sleep(at - now);
  }

  /**
   * Writes the window before the send it allows. Writes are grouped: while one is on its way, every reservation
   * made meanwhile waits for the next one, which carries them all.
   */
  private saveWindow(): Promise<void> {
    if (!this.options.rateStore || !this.slot) return Promise.resolve();
    if (this.pendingWrite) return this.pendingWrite;
    const previous = this.activeWrite ?? Promise.resolve();
    const write: Promise<void> = previous
      .catch(() => undefined)
      .then(() => {
        this.pendingWrite = undefined;
        this.activeWrite = write;
        return this.writeWindow();
      })
      .finally(() => {
        if (this.activeWrite === write) this.activeWrite = undefined;
      });
    this.pendingWrite = write;
    return write;
  }

  private async writeWindow(): Promise<void> {
    const store = this.options.rateStore;
    const slot = this.slot;
    if (!store || !slot) return;
    const now = this.now();
    const document = (): EmailRateDocument => ({
      id: emailRateDocumentId(slot),
      slot,
      sends: this.limiter.recent(now),
      reservations: Object.fromEntries([...this.reserved].filter(([, at]) => at > now - 3_600_000)),
      updatedAt: new Date(now).toISOString(),
    });
    try {
      this.windowEtag = (await store.save(document(), this.windowEtag)).etag;
    } catch (error) {
      if (!(error instanceof StaleDocumentError) && !(error instanceof DocumentConflictError)) throw error;
      // Another instance wrote this slot's window (it held the slot while we did not know): count its sends too.
      const theirs = await store.load(slot);
      for (const at of theirs?.value.sends ?? []) this.limiter.record(at);
      this.windowEtag = (await store.save(document(), theirs?.etag)).etag;
    }
  }

  /** Reservations of recipients that never came back (taken over by another instance) are dropped. */
  private forgetOldReservations(now: number): void {
    if (this.reserved.size < 10_000) return;
    for (const [key, at] of this.reserved) if (at < now - 3_600_000) this.reserved.delete(key);
  }
}
