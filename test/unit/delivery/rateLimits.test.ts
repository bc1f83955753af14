import fc from 'fast-check';
import {
  PER_CONVERSATION_WINDOWS,
  PER_TENANT_WINDOWS,
  SlidingWindowLimiter,
  type RateWindow,
} from '../../../src/domain/delivery/rateLimits';
import {
  describeFailure,
  isRetriable,
  parseRetryAfter,
  retryDelayMs,
  DEFAULT_RETRY_POLICY,
} from '../../../src/domain/delivery/retryPolicy';
import { countStatuses, validateBroadcastMessage } from '../../../src/domain/delivery/broadcast';

function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (j < times.length && times[j]! - times[i]! < windowMs) j++;
    max = Math.max(max, j - i);
  }
  return max;
}

function respects(times: number[], windows: readonly RateWindow[]): boolean {
  const sorted = [...times].sort((a, b) => a - b);
  return windows.every((w) => maxInWindow(sorted, w.windowMs) <= w.limit);
}

describe('sliding-window limiter', () => {
  it('never lets any window exceed its limit, whatever the arrival pattern', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }), (gaps) => {
        const limiter = new SlidingWindowLimiter(PER_CONVERSATION_WINDOWS);
        let clock = 0;
        const starts: number[] = [];
        for (const gap of gaps) {
          clock += gap;
          const at = limiter.reserve(clock);
          expect(at).toBeGreaterThanOrEqual(clock);
          starts.push(at);
        }
        return respects(starts, PER_CONVERSATION_WINDOWS);
      }),
      { numRuns: 200 },
    );
  });

  it('is as fast as the limits allow: 50 per second per tenant, 7 then 8-per-2s per conversation', () => {
    const tenant = new SlidingWindowLimiter(PER_TENANT_WINDOWS);
    const starts = Array.from({ length: 1000 }, () => tenant.reserve(0));
    expect(starts[49]).toBe(0);
    expect(starts[50]).toBe(1000);
    expect(starts[999]).toBe(19_000);
    const conversation = new SlidingWindowLimiter(PER_CONVERSATION_WINDOWS);
    const c = Array.from({ length: 9 }, () => conversation.reserve(0));
    expect(c.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(c[7]).toBe(1000); // the 7 per second window
    expect(c[8]).toBe(2000); // the 8 per 2 seconds window
  });

  it('keeps what a later check needs when asked about a future time', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 2, windowMs: 1000 }]);
    limiter.record(0);
    limiter.record(10);
    expect(limiter.nextAllowedAt(20)).toBe(1000);
    expect(limiter.nextAllowedAt(30)).toBe(1000);
  });
});

describe('retry policy', () => {
  it('retries exactly 429, 412, 502, 503, 504 and network errors', () => {
    for (const status of [429, 412, 502, 503, 504, undefined])
      expect(isRetriable({ status, retryAfterMs: undefined, reason: '' })).toBe(true);
    for (const status of [400, 401, 403, 404, 500])
      expect(isRetriable({ status, retryAfterMs: undefined, reason: '' })).toBe(false);
  });

  it('honours Retry-After, else backs off exponentially with jitter under a ceiling', () => {
    expect(
      retryDelayMs({ status: 429, retryAfterMs: 3000, reason: '' }, 1, DEFAULT_RETRY_POLICY, () => 0.5),
    ).toBe(3000);
    expect(
      retryDelayMs(
        { status: 503, retryAfterMs: undefined, reason: '' },
        1,
        DEFAULT_RETRY_POLICY,
        () => 0.999,
      ),
    ).toBeLessThan(500);
    expect(
      retryDelayMs(
        { status: 503, retryAfterMs: undefined, reason: '' },
        4,
        DEFAULT_RETRY_POLICY,
        () => 0.999,
      ),
    ).toBeLessThan(4000);
    expect(
      retryDelayMs(
        { status: 503, retryAfterMs: undefined, reason: '' },
        30,
        DEFAULT_RETRY_POLICY,
        () => 0.999,
      ),
    ).toBeLessThanOrEqual(60_000);
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(5000).toUTCString(), 1000)).toBe(4000);
    expect(parseRetryAfter('onzin', 0)).toBeUndefined();
  });

  it('explains failures in Dutch', () => {
    expect(describeFailure({ status: 403, retryAfterMs: undefined, reason: '' })).toContain(
      'niet (meer) geïnstalleerd',
    );
    expect(describeFailure({ status: undefined, retryAfterMs: undefined, reason: 'ECONNRESET' })).toBe(
      'Teams was niet bereikbaar: ECONNRESET',
    );
  });
});

describe('broadcast rules', () => {
  const card = { type: 'AdaptiveCard', version: '1.5', body: [] };
  const T = { nl: 'T', en: 'T' };
  it('refuses a missing title (in either language) or text and an oversized card', () => {
    expect(validateBroadcastMessage({ nl: '', en: 'T' }, { card, text: 'x' }).ok).toBe(false);
    expect(validateBroadcastMessage({ nl: 'T', en: ' ' }, { card, text: 'x' }).ok).toBe(false);
    expect(validateBroadcastMessage({ nl: 'T', en: 'x'.repeat(201) }, { card, text: 'x' }).ok).toBe(false);
    expect(validateBroadcastMessage(T, { card, text: ' ' }).ok).toBe(false);
    expect(
      validateBroadcastMessage(T, {
        card: { ...card, body: [{ type: 'TextBlock', text: 'x'.repeat(30_000) }] },
        text: 'x',
      }).ok,
    ).toBe(false);
    expect(validateBroadcastMessage(T, { card, text: 'x' }).ok).toBe(true);
  });
  it('counts statuses', () => {
    expect(countStatuses(['sent', 'sent', 'failed', 'pending', 'sending'])).toEqual({
      total: 5,
      sent: 2,
      failed: 1,
      pending: 1,
      sending: 1,
    });
  });
});
