import { isRetriable, type SendFailure } from './retryPolicy';

/**
 * Which channel a recipient of a broadcast gets: Teams where it can, e-mail where Teams cannot. Pure, so the
 * worker's part is small and every branch is tested without a store or a network.
 *
 * - A recipient starts on Teams. Once e-mail was chosen it stays e-mail (recorded on the ledger before the
 *   e-mail goes out), so a retried or taken-over claim never tries Teams again and never sends on both.
 * - Teams fails "for good" when the sender says there is no route (status 0: never linked, no conversation),
 *   Teams answers 403/404 (app not installed, conversation gone), any other refusal that is not worth
 *   retrying, or the retries ran out. Only then is e-mail tried, and only when a transport is configured.
 */

export type DeliveryChannel = 'teams' | 'email';

export type TeamsFailureDecision =
  | { readonly next: 'retry' }
  | { readonly next: 'email' }
  | { readonly next: 'fail' };

export function channelForAttempt(recorded: DeliveryChannel | null | undefined): DeliveryChannel {
  return recorded ?? 'teams';
}

/** True when Teams cannot carry this message to this person, whatever we try later in this broadcast. */
export function isFinalTeamsFailure(failure: SendFailure, attempts: number, maxAttempts: number): boolean {
  if (failure.status === 0) return true;
  return !isRetriable(failure) || attempts >= maxAttempts;
}

export function afterTeamsFailure(
  failure: SendFailure,
  context: { readonly attempts: number; readonly maxAttempts: number; readonly emailEnabled: boolean },
): TeamsFailureDecision {
  if (!isFinalTeamsFailure(failure, context.attempts, context.maxAttempts)) return { next: 'retry' };
  return context.emailEnabled ? { next: 'email' } : { next: 'fail' };
}
