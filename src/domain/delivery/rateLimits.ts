/**
 * Teams' published limits for a bot, as sliding windows:
 * - per bot per conversation: 7 operations per second, 8 per 2 s, 60 per 30 s, 1,800 per hour;
 * - per app per tenant: 50 requests per second.
 * A limiter answers "when may the next operation start" for a set of windows, and records operations.
 * Pure and clock-free (times are passed in), so it is tested exhaustively without waiting.
 */

export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

export const PER_CONVERSATION_WINDOWS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

export const PER_TENANT_WINDOWS: readonly RateWindow[] = [{ limit: 50, windowMs: 1_000 }];

export class SlidingWindowLimiter {
  /** Start times of recent operations, oldest first. */
  private readonly starts: number[] = [];
  private readonly longest: number;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.longest = Math.max(...windows.map((w) => w.windowMs));
  }

  /** The earliest time >= now at which one more operation keeps every window within its limit. */
  nextAllowedAt(now: number): number {
    this.forget(now);
    return this.earliestFrom(now);
  }

  private earliestFrom(now: number): number {
    let earliest = now;
    for (const { limit, windowMs } of this.windows) {
      const inWindow = this.countSince(earliest - windowMs);
      if (inWindow >= limit) {
        // The (inWindow - limit + 1)-th oldest start within the window must leave it first.
        const within = this.starts.filter((t) => t > earliest - windowMs);
        const mustExpire = within[inWindow - limit];
        if (mustExpire !== undefined) earliest = Math.max(earliest, mustExpire + windowMs);
      }
    }
    // Moving later can only drop operations out of windows, so one pass plus a re-check suffices.
    // Only `now` may drop old starts: a later candidate time must still see everything a check at `now` sees.
    return earliest === now ? now : this.earliestFrom(earliest);
  }

  /** The start times that still count in some window at `now`, oldest first (to keep them across instances). */
  recent(now: number): number[] {
    this.forget(now);
    return [...this.starts];
  }

  record(at: number): void {
    let i = this.starts.length;
    while (i > 0 && (this.starts[i - 1] ?? 0) > at) i--;
    this.starts.splice(i, 0, at);
  }

  /** Takes a slot: returns when the operation may start and records it at that time. */
  reserve(now: number): number {
    const at = this.nextAllowedAt(now);
    this.record(at);
    return at;
  }

  private countSince(exclusiveStart: number): number {
    let n = 0;
    for (let i = this.starts.length - 1; i >= 0 && (this.starts[i] ?? 0) > exclusiveStart; i--) n++;
    return n;
  }

  private forget(now: number): void {
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.longest) this.starts.shift();
  }
}
