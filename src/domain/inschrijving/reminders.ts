import { daysBefore, fromIsoInstant, isPastDeadline } from '../time/amsterdam';
import type { Round, RoundRegistration } from './types';

/**
 * Reminders before the registration deadline (issue 19): 7 days and 2 days before it, at the same Dutch
 * wall-clock time, to the contracted aanbieders that have not registered (a withdrawn registration counts as not
 * registered). Only the latest slot that is due counts, so a scheduler that was down for days sends one reminder,
 * not a burst; a slot that lay before the round opened is skipped. Each slot has its own broadcast id, so every
 * reminder moment is sent at most once.
 */

export const REGISTRATION_REMINDER_DAYS_BEFORE: readonly number[] = [7, 2];

/** The reminder slot (days before the deadline) due at `now`, or undefined. */
export function dueRegistrationReminder(round: Round, now: Date): number | undefined {
  if (round.status !== 'open') return undefined;
  const deadline = fromIsoInstant(round.deadline);
  if (isPastDeadline(now, deadline)) return undefined;
  const opened = fromIsoInstant(round.openedAt).getTime();
  for (const days of [...REGISTRATION_REMINDER_DAYS_BEFORE].sort((a, b) => a - b)) {
    const at = daysBefore(deadline, days).getTime();
    if (at <= now.getTime()) return at > opened ? days : undefined;
  }
  return undefined;
}

export function registrationReminderId(round: Round, days: number): string {
  return `${round.id}-herinnering-${days}d`;
}

/** The invited organisations without an active registration, in the order they were given. */
export function notRegistered(
  invited: readonly string[],
  registrations: readonly RoundRegistration[],
): string[] {
  const registered = new Set(
    registrations.filter((r) => r.status === 'ingeschreven').map((r) => r.organisationId),
  );
  return invited.filter((id) => !registered.has(id));
}
