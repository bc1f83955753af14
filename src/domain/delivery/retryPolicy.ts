/**
 * Which failures of the Teams service are worth retrying, and when. Retries 429, 412, 502, 503 and 504 (and
 * network errors), honouring Retry-After; otherwise exponential back-off with full jitter. Bounded attempts.
 */

export const RETRIABLE_STATUS = new Set([429, 412, 502, 503, 504]);

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

export interface SendFailure {
  /** HTTP status, or undefined for a network error or timeout. */
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** Dutch, as the report shows it to a Dutch reader. */
  readonly reason: string;
  /** The same in English, where Tafelbot wrote the reason itself (absent: Teams' own text, shown as is). */
  readonly reasonEn?: string;
}

export function isRetriable(failure: SendFailure): boolean {
  return failure.status === undefined || RETRIABLE_STATUS.has(failure.status);
}

/** Delay before attempt number `attempt + 1`, after `attempt` failed attempts; random in [0, 1). */
export function retryDelayMs(
  failure: SendFailure,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs >= 0)
    return Math.min(failure.retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Parses Retry-After: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A reason for the report: Dutch, short, with the technical status for the admin. */
/** Why Teams failed for good, for the delivery report, in the reader's language. */
export function describeFailure(failure: SendFailure, locale: 'nl' | 'en' = 'nl'): string {
  if (locale === 'en') return describeFailureEn(failure);
  switch (failure.status) {
    case 403:
      return `Geen toegang: de app is waarschijnlijk niet (meer) geïnstalleerd voor deze persoon (403). ${failure.reason}`.trim();
    case 404:
      return `Gesprek niet gevonden: de app is niet geïnstalleerd of het gesprek bestaat niet meer (404). ${failure.reason}`.trim();
    case 429:
      if (failure.reason.startsWith('Microsoft Graph'))
        return 'Microsoft Graph bleef de installatie afremmen (429); later opnieuw versturen.';
      return 'Teams bleef de verzending afremmen (429); later opnieuw versturen.';
    case undefined:
      return `Teams was niet bereikbaar: ${failure.reason}`;
    default:
      return `Teams weigerde het bericht (${failure.status}). ${failure.reason}`.trim();
  }
}

function describeFailureEn(failure: SendFailure): string {
  const reason = failure.reasonEn ?? failure.reason;
  switch (failure.status) {
    case 0:
      return reason;
    case 403:
      return `No access: the app is probably not installed (any more) for this person (403). ${reason}`.trim();
    case 404:
      return `Conversation not found: the app is not installed or the conversation no longer exists (404). ${reason}`.trim();
    case 429:
      if (failure.reason.startsWith('Microsoft Graph'))
        return 'Microsoft Graph kept throttling the installation (429); send again later.';
      return 'Teams kept throttling the delivery (429); send again later.';
    case undefined:
      return `Teams could not be reached: ${reason}`;
    default:
      return `Teams refused the message (${failure.status}). ${reason}`.trim();
  }
}
