import type { EmailFailure } from '../../domain/delivery/emailFailure';

/**
 * How an e-mail leaves Tafelbot: SMTP (a gemeente's relay, MailDev locally) or Azure Communication Services.
 * A transport sends one message to one recipient and either returns its id or throws EmailSendError with a
 * classified failure; it never logs the address.
 */

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly lang: 'nl' | 'en';
  /**
   * Deterministic per broadcast and recipient: the Message-ID (SMTP) and the operation id (ACS), so a message
   * sent again after a crash is recognisably the same message.
   */
  readonly idempotencyKey: string;
  /**
   * When the broadcast was written, sent as the Date header. The same on every attempt: a mailbox store that
   * recognises duplicates by Message-ID and submit time (Exchange does) keeps one copy of a message sent again
   * after a crash left its first send unrecorded.
   */
  readonly submittedAt: Date;
}

export interface EmailTransport {
  readonly name: 'smtp' | 'acs';
  send(email: OutgoingEmail): Promise<{ readonly messageId: string }>;
  close(): Promise<void>;
}

export class EmailSendError extends Error {
  constructor(readonly failure: EmailFailure) {
    super(`${failure.code}${failure.status ? ` ${failure.status}` : ''}`);
    this.name = 'EmailSendError';
  }
}
