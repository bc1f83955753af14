/**
 * What can go wrong with an e-mail, classified once so the worker decides retry or fail and the report says
 * why in words the gemeente understands. SMTP: 4xx is temporary (greylisting, a full queue: retried), 5xx is
 * permanent (unknown mailbox, refused). Azure Communication Services: 429 is throttling (retried after
 * Retry-After), an operation that ends "Failed" is permanent.
 *
 * Reasons never contain the address: the ledger and the report are read by the gemeente, the logs by operators.
 */

export type EmailFailureCode =
  | 'no-address'
  | 'malformed-address'
  | 'rejected'
  | 'temporary'
  | 'throttled'
  | 'unreachable'
  | 'not-configured';

export interface EmailFailure {
  readonly code: EmailFailureCode;
  /** SMTP reply code or HTTP status, when there was one. */
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** A short technical detail without addresses (e.g. the SMTP enhanced status 5.1.1). */
  readonly detail: string;
}

export function isRetriableEmailFailure(failure: EmailFailure): boolean {
  return failure.code === 'temporary' || failure.code === 'throttled' || failure.code === 'unreachable';
}

/** RFC 5321 reply codes: 4yz transient negative completion, 5yz permanent. */
export function classifySmtpReply(code: number | undefined, detail: string): EmailFailure {
  const clean = stripAddresses(detail).slice(0, 200);
  if (code === undefined || !Number.isFinite(code))
    return { code: 'unreachable', status: undefined, retryAfterMs: undefined, detail: clean };
  if (code >= 400 && code < 500)
    return { code: 'temporary', status: code, retryAfterMs: undefined, detail: clean };
  return { code: 'rejected', status: code, retryAfterMs: undefined, detail: clean };
}

/** An HTTP answer of the ACS e-mail API (or a terminal operation state). */
export function classifyAcsFailure(
  status: number | undefined,
  detail: string,
  retryAfterMs: number | undefined,
): EmailFailure {
  const clean = stripAddresses(detail).slice(0, 200);
  if (status === 429) return { code: 'throttled', status, retryAfterMs, detail: clean };
  if (status === undefined || status >= 500 || status === 408)
    return { code: 'unreachable', status, retryAfterMs, detail: clean };
  return { code: 'rejected', status, retryAfterMs: undefined, detail: clean };
}

const ADDRESS = /[^\s<>()[\]",;:]+@[^\s<>()[\]",;:]+/g;

/** Servers like to quote the address back ("<x@y> unknown user"): never keep it. */
export function stripAddresses(text: string): string {
  return text.replace(ADDRESS, '…').replace(/\s+/g, ' ').trim();
}

/**
 * A deliberately plain check (one @, a dot in the domain, no spaces or control characters, sane lengths):
 * it catches typos and junk from an import without refusing unusual but valid addresses.
 */
export function isDeliverableAddress(address: string): boolean {
  if (address.length > 254 || /[\s\p{Cc},;<>()[\]"\\]/u.test(address)) return false;
  const at = address.lastIndexOf('@');
  if (at < 1 || at !== address.indexOf('@')) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  return /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(domain);
}

/** The recipient's address as a failure, or undefined when it can be used. */
export function addressProblem(address: string | null | undefined): EmailFailure | undefined {
  const trimmed = (address ?? '').trim();
  if (!trimmed) return { code: 'no-address', status: undefined, retryAfterMs: undefined, detail: '' };
  if (!isDeliverableAddress(trimmed))
    return { code: 'malformed-address', status: undefined, retryAfterMs: undefined, detail: '' };
  return undefined;
}
