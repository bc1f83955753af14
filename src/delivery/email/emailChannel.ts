import { stringsFor, type Locale } from '../../cards/renderCard';
import { messageIn, recipientLocale } from '../recipientLocale';
import type { BroadcastMessage } from '../../domain/delivery/broadcast';
import { composeEmail, teamsChatUrl, type EmailStrings } from '../../domain/delivery/emailContent';
import { addressProblem } from '../../domain/delivery/emailFailure';
import { SlidingWindowLimiter, type RateWindow } from '../../domain/delivery/rateLimits';
import type { RegistryRepository } from '../../storage/registryRepository';
import { EmailSendError, type EmailTransport } from './emailTransport';

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
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface EmailDelivery {
  readonly broadcastId: string;
  readonly personId: string;
  readonly title: string;
  readonly message: BroadcastMessage;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class EmailChannel {
  private readonly limiter: SlidingWindowLimiter;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;
  /** Slots reserved for deferred recipients (broadcast.person -> time); in memory, so per instance. */
  private readonly reserved = new Map<string, number>();

  constructor(private readonly options: EmailChannelOptions) {
    this.limiter = new SlidingWindowLimiter(options.windows);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
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

    const locale = await this.localeOf(person.value.aadObjectId);
    const strings = stringsFor('email', locale) as unknown as EmailStrings;
    const email = composeEmail({
      title: delivery.title,
      card: messageIn(delivery.message, locale).card,
      strings,
      recipientName: person.value.name,
      teamsChatUrl: teamsChatUrl(this.options.botAppId),
      publicUrl: await this.publicUrl(delivery.message),
      lang: locale,
    });
    const key = `${delivery.broadcastId}.${delivery.personId}`;
    await this.throttle(key);
    return this.options.transport.send({ to: address, ...email, lang: locale, idempotencyKey: key });
  }

  /** The language the person chose in Tafelbot (`taal`), else their Teams locale, else Dutch. */
  private async localeOf(aadObjectId: string | null): Promise<Locale> {
    if (!aadObjectId) return 'nl';
    const user = await this.options.registry.getTeamsUser(aadObjectId);
    return recipientLocale(user?.value);
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
    if (at - now > this.maxWaitMs) {
      this.forgetOldReservations(now);
      this.reserved.set(key, at);
      throw new EmailDeferred(at);
    }
    if (at > now) await this.sleep(at - now);
  }

  /** Reservations of recipients that never came back (taken over by another instance) are dropped. */
  private forgetOldReservations(now: number): void {
    if (this.reserved.size < 10_000) return;
    for (const [key, at] of this.reserved) if (at < now - 3_600_000) this.reserved.delete(key);
  }
}
