import { createHash } from 'node:crypto';
import { EmailClient, KnownEmailSendStatus } from '@azure/communication-email';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { classifyAcsFailure } from '../../domain/delivery/emailFailure';
import { parseRetryAfter } from '../../domain/delivery/retryPolicy';
import { EmailSendError, type EmailTransport, type OutgoingEmail } from './emailTransport';

/**
 * Azure Communication Services Email with the bot's managed identity (no connection string, no key).
 * The SDK's own retries are off: like Teams, every 429 and its Retry-After is ours to account for.
 */

export interface AcsSettings {
  readonly endpoint: string;
  /** The sender address of the verified domain, e.g. DoNotReply@<guid>.azurecomm.net. */
  readonly from: string;
  /** Client id of the user-assigned managed identity; without it DefaultAzureCredential (developer sign-in). */
  readonly managedIdentityClientId: string | undefined;
  /** How often to ask whether an accepted e-mail was sent (ACS sends asynchronously). */
  readonly pollIntervalMs?: number;
}

/** A UUID-shaped id derived from the idempotency key: ACS takes it as the operation id. */
export function operationIdFor(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface RestErrorShape {
  readonly statusCode?: number;
  readonly code?: string;
  readonly response?: { readonly headers?: { get(name: string): string | undefined } };
}

export class AcsTransport implements EmailTransport {
  readonly name = 'acs';
  private readonly client: EmailClient;

  constructor(
    private readonly settings: AcsSettings,
    /** Tests only: another credential (the bot always uses its managed identity). */
    credential?: TokenCredential | Extract<ConstructorParameters<typeof EmailClient>[1], { key: string }>,
  ) {
    const identity =
      credential ??
      (settings.managedIdentityClientId
        ? new ManagedIdentityCredential({ clientId: settings.managedIdentityClientId })
        : new DefaultAzureCredential());
    this.client = new EmailClient(settings.endpoint, identity, {
      retryOptions: { maxRetries: 0 },
      // Plain http only to a loopback fake in tests; configuration accepts https endpoints only.
      allowInsecureConnection: /^http:\/\/127\.0\.0\.1[:/]/.test(settings.endpoint),
    });
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const operationId = operationIdFor(email.idempotencyKey);
    try {
      const poller = await this.client.beginSend(
        {
          senderAddress: this.settings.from,
          recipients: { to: [{ address: email.to }] },
          content: { subject: email.subject, plainText: email.text, html: email.html },
          headers: { 'Content-Language': email.lang, 'Auto-Submitted': 'auto-generated' },
          disableUserEngagementTracking: true,
        },
        { operationId, updateIntervalInMs: this.settings.pollIntervalMs ?? 2_000 },
      );
      const result = await poller.pollUntilDone();
      if (result.status !== KnownEmailSendStatus.Succeeded) {
        throw new EmailSendError(
          classifyAcsFailure(
            400,
            `${result.status}: ${result.error?.code ?? ''} ${result.error?.message ?? ''}`,
            undefined,
          ),
        );
      }
      return { messageId: result.id || operationId };
    } catch (error) {
      if (error instanceof EmailSendError) throw error;
      // core-lro reports an operation that ended Failed or Canceled as a plain Error with this message (no
      // status code): ACS accepted the request and then refused this message, which is permanent.
      const message = (error as Error).message ?? '';
      const ended = /^The long-running operation has (?:failed|been canceled)\.?\s*(.*)$/s.exec(message);
      if (ended) throw new EmailSendError(classifyAcsFailure(400, ended[1] ?? '', undefined));
      const e = error as RestErrorShape;
      const retryAfter = parseRetryAfter(e.response?.headers?.get('retry-after'), Date.now());
      throw new EmailSendError(classifyAcsFailure(e.statusCode, e.code ?? 'ACS', retryAfter));
    }
  }

  async close(): Promise<void> {
    // The client holds no connections of its own.
  }
}
