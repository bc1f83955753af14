import { amsterdamParts, fromIsoInstant, localYearOf } from '../time/amsterdam';
import type { Meeting } from './meeting';

/**
 * The Overlegtafel meets at least twice a year [000 §1]. The gemeente sees on its help card when the planned and
 * held (not cancelled) Overlegtafel meetings of the current calendar year fall short, and gets one reminder per
 * year from 1 July, while there is still time to plan. One broadcast id per year keeps it to one.
 */

export const MIN_OVERLEGTAFEL_MEETINGS_PER_YEAR = 2;
/** The month (1-12) from which the year's reminder goes out when the planning falls short. */
export const YEAR_REMINDER_FROM_MONTH = 7;

export interface YearPlanning {
  readonly year: number;
  /** Overlegtafel meetings planned or held in the year, cancelled ones not counted. */
  readonly count: number;
  readonly short: boolean;
}

export function overlegtafelYearPlanning(meetings: readonly Meeting[], year: number): YearPlanning {
  const count = meetings.filter(
    (m) =>
      m.table === 'overlegtafel' && m.status === 'gepland' && localYearOf(fromIsoInstant(m.start)) === year,
  ).length;
  return { year, count, short: count < MIN_OVERLEGTAFEL_MEETINGS_PER_YEAR };
}

/** The year whose reminder is due at `now` (Dutch time), or undefined when the planning suffices or it is early. */
export function yearReminderDue(meetings: readonly Meeting[], now: Date): YearPlanning | undefined {
  const { year, month } = amsterdamParts(now);
  if (month < YEAR_REMINDER_FROM_MONTH) return undefined;
  const planning = overlegtafelYearPlanning(meetings, year);
  return planning.short ? planning : undefined;
}

export function yearReminderId(year: number): string {
  return `overlegtafel-jaarplanning-${year}`;
}
