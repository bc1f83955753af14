import { daysBefore, fromIsoInstant, isPastDeadline, type IsoInstant } from '../domain/time/amsterdam';

/**
 * When the parties that have not voted are reminded: 3 days and 1 day before the deadline, at the same Dutch
 * wall-clock time (so a daylight-saving change in between does not shift it by an hour). Only the latest slot
 * that is due counts: a scheduler that was down for days sends one reminder, not a burst. A slot before the
 * vote opened is skipped.
 */
export const REMINDER_DAYS_BEFORE: readonly number[] = [3, 1];

export interface RemindableStemming {
  readonly openedAt: IsoInstant;
  readonly deadline: IsoInstant;
  readonly closure: unknown;
}

/** The reminder slot (days before the deadline) due at `now`, or undefined. */
export function dueReminderSlot(stemming: RemindableStemming, now: Date): number | undefined {
  if (stemming.closure) return undefined;
  const deadline = fromIsoInstant(stemming.deadline);
  if (isPastDeadline(now, deadline)) return undefined;
  const opened = fromIsoInstant(stemming.openedAt).getTime();
  for (const days of [...REMINDER_DAYS_BEFORE].sort((a, b) => a - b)) {
    const at = daysBefore(deadline, days).getTime();
    if (at <= now.getTime()) return at > opened ? days : undefined;
  }
  return undefined;
}

export function reminderBroadcastId(voorstelId: string, days: number): string {
  return `${voorstelId}-herinnering-${days}d`;
}
