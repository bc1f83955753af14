import type { BroadcastMessage } from '../domain/delivery/broadcast';
import type { SendFailure } from '../domain/delivery/retryPolicy';
import type { StoredConversationReference } from '../storage/registryRepository';

/**
 * How the delivery worker reaches Teams. The implementation lives in src/bot/ (it needs the Bot Framework
 * adapter); tests use a fake Teams service behind the real implementation.
 */

export interface SendTarget {
  readonly personId: string;
  /** The saved 1:1 conversation, when the person ever talked to the bot or installed it. */
  readonly reference: StoredConversationReference | null;
  /** For creating a 1:1 conversation when there is no saved one. */
  readonly aadObjectId: string | null;
  readonly tenantId: string | null;
  readonly serviceUrl: string | null;
  /** Set by `prepare` once the app is installed for the person (proactive installation). */
  readonly installed?: 'installed' | 'already-installed';
  /** The recipient's language (see recipientLocale): which version of a bilingual message they get. */
  readonly locale: 'nl' | 'en';
}

export interface SentMessage {
  readonly activityId: string;
  readonly conversationId: string;
  /** Operations used against Teams' limits (2 when a conversation had to be created first). */
  readonly operations: number;
  /** The reference of a newly created conversation, to save for next time. */
  readonly createdReference: StoredConversationReference | null;
}

export class SendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.reason);
    this.name = 'SendError';
  }
}

export interface MessageSender {
  /**
   * Work before Teams is called (finding the person in the tenant, installing the app): done before the worker
   * spends Teams requests on the recipient, so someone who turns out to be unreachable costs none. Throws a
   * SendError like send does.
   */
  prepare?(target: SendTarget): Promise<SendTarget>;
  send(target: SendTarget, message: BroadcastMessage): Promise<SentMessage>;
  update(target: SendTarget, activityId: string, message: BroadcastMessage): Promise<void>;
}
