import { isRetriableEmailFailure, type EmailFailure } from '../../domain/delivery/emailFailure';
import { retryDelayMs, type RetryPolicy } from '../../domain/delivery/retryPolicy';
import type { RecipientDocument } from '../deliveryRepository';
import { EmailDeferred } from './emailChannel';
import { describeEmailFailure } from './emailFailureText';
import { EmailSendError } from './emailTransport';

/**
 * What one e-mail attempt means for the recipient's ledger entry: sent, back in the queue (the rate said later,
 * which is not an attempt; or a temporary failure, with back-off), or failed with a reason the report can
 * translate. Kept apart from the worker so the worker only claims, sends and settles.
 */

export type EmailAttempt =
  | { readonly ok: true; readonly messageId: string }
  | { readonly ok: false; readonly error: unknown };

export interface EmailSettlement {
  readonly kind: 'sent' | 'deferred' | 'retry' | 'failed';
  readonly change: Partial<RecipientDocument>;
  readonly failure?: EmailFailure;
}

export const EMAIL_OFF: EmailFailure = {
  code: 'not-configured',
  status: undefined,
  retryAfterMs: undefined,
  detail: '',
};

export function settleEmail(
  attempt: EmailAttempt,
  recipient: RecipientDocument,
  policy: RetryPolicy,
  now: number,
  random: () => number,
): EmailSettlement {
  if (attempt.ok) {
    return {
      kind: 'sent',
      change: {
        status: 'sent',
        channel: 'email',
        emailMessageId: attempt.messageId,
        failure: null,
        failureCode: null,
        failureStatus: null,
        failureDetail: null,
      },
    };
  }
  const { error } = attempt;
  if (error instanceof EmailDeferred) {
    return {
      kind: 'deferred',
      change: {
        status: 'pending',
        attempts: Math.max(0, recipient.attempts - 1),
        notBefore: new Date(error.untilMs).toISOString(),
      },
    };
  }
  const failure: EmailFailure =
    error instanceof EmailSendError
      ? error.failure
      : { code: 'unreachable', status: undefined, retryAfterMs: undefined, detail: (error as Error).message };
  if (isRetriableEmailFailure(failure) && recipient.attempts < policy.maxAttempts) {
    const delay = retryDelayMs(
      { status: failure.status, retryAfterMs: failure.retryAfterMs, reason: failure.code },
      recipient.attempts,
      policy,
      random,
    );
    return {
      kind: 'retry',
      failure,
      change: { status: 'pending', notBefore: new Date(now + delay).toISOString() },
    };
  }
  return {
    kind: 'failed',
    failure,
    change: {
      status: 'failed',
      channel: 'email',
      failure: describeEmailFailure(failure, 'nl'),
      failureCode: `email.${failure.code}`,
      failureStatus: failure.status ?? null,
      failureDetail: failure.detail,
    },
  };
}
