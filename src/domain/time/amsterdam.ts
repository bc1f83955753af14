import { DateTime } from 'luxon';
import { refuse, succeed, type Result } from '../shared/result';
import { isLocalDate, localDateParts, type LocalDate } from './localDate';

/**
 * Every date and time people see or type in Tafelbot is Dutch wall-clock time. State stores instants
 * (UTC ISO strings); these helpers translate between the two, including across daylight-saving changes.
 */
export const AMSTERDAM = 'Europe/Amsterdam';

/** An instant as stored in state: 'YYYY-MM-DDTHH:mm:ss.sssZ' (what Date.prototype.toISOString gives). */
export type IsoInstant = string;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function toIsoInstant(instant: Date): IsoInstant {
  assertValidDate(instant);
  return instant.toISOString();
}

export function fromIsoInstant(value: IsoInstant): Date {
  const instant = new Date(value);
  if (!ISO_INSTANT.test(value) || Number.isNaN(instant.getTime()))
    throw new RangeError(`Not an ISO instant: ${value}`);
  return instant;
}

export function isIsoInstant(value: unknown): value is IsoInstant {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(new Date(value).getTime());
}

export function assertValidDate(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
}

function inAmsterdam(instant: Date): DateTime {
  assertValidDate(instant);
  return DateTime.fromJSDate(instant, { zone: AMSTERDAM });
}

export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
}

type LocalResolution = { readonly kind: 'exact'; readonly instant: Date } | { readonly kind: 'nonexistent' };

/**
 * Resolves a wall-clock time in Amsterdam. On the last Sunday of October 02:00-02:59 happens twice: we take the
 * first occurrence (summer time), as most calendar software does. On the last Sunday of March 02:00-02:59 does
 * not exist at all, which we report instead of silently shifting it.
 */
function resolveLocal(date: LocalDate, time: LocalTime): LocalResolution {
  const { year, month, day } = localDateParts(date);
  const second = time.second ?? 0;
  const candidate = DateTime.fromObject(
    { year, month, day, hour: time.hour, minute: time.minute, second },
    { zone: AMSTERDAM },
  );
  if (
    !candidate.isValid ||
    candidate.hour !== time.hour ||
    candidate.minute !== time.minute ||
    candidate.day !== day
  ) {
    return { kind: 'nonexistent' };
  }
  const oneHourEarlier = candidate.minus({ hours: 1 });
  const sameWallClock =
    oneHourEarlier.day === candidate.day &&
    oneHourEarlier.hour === candidate.hour &&
    oneHourEarlier.minute === candidate.minute;
  return { kind: 'exact', instant: (sameWallClock ? oneHourEarlier : candidate).toJSDate() };
}

function validTime(time: LocalTime): boolean {
  const second = time.second ?? 0;
  return (
    Number.isInteger(time.hour) &&
    Number.isInteger(time.minute) &&
    Number.isInteger(second) &&
    time.hour >= 0 &&
    time.hour <= 23 &&
    time.minute >= 0 &&
    time.minute <= 59 &&
    second >= 0 &&
    second <= 59
  );
}

/** The instant of a Dutch wall-clock time; throws for a time that does not exist (use parseLocalDateTime for input). */
export function amsterdamInstant(date: LocalDate, time: LocalTime): Date {
  if (!validTime(time)) throw new RangeError(`Not a time of day: ${JSON.stringify(time)}`);
  const resolved = resolveLocal(date, time);
  if (resolved.kind === 'nonexistent') {
    throw new RangeError(`${date} ${time.hour}:${time.minute} does not exist in ${AMSTERDAM}`);
  }
  return resolved.instant;
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Parses what a person types or a card sends, "2027-03-28 12:00" (also "2027-03-28T12:00" and with seconds),
 * as Amsterdam wall-clock time. Refuses malformed text and times that do not exist because the clock jumps.
 */
export function parseLocalDateTime(value: unknown): Result<Date> {
  const text = typeof value === 'string' ? value.trim() : '';
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) {
    return refuse('datetime.format', {
      nl: 'Vul een datum en tijd in als JJJJ-MM-DD UU:MM, bijvoorbeeld 2027-03-28 12:00.',
      en: 'Enter a date and time as YYYY-MM-DD HH:MM, for example 2027-03-28 12:00.',
    });
  }
  const datePart = match[1] ?? '';
  const time: LocalTime = { hour: Number(match[2]), minute: Number(match[3]), second: Number(match[4] ?? 0) };
  const shown = `${datePart} ${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
  if (!isLocalDate(datePart))
    return refuse('datetime.nonexistent', {
      nl: `De datum ${datePart} bestaat niet.`,
      en: `The date ${datePart} does not exist.`,
    });
  if (!validTime(time))
    return refuse('datetime.format', {
      nl: `${shown} is geen geldige tijd.`,
      en: `${shown} is not a valid time.`,
    });
  const resolved = resolveLocal(datePart, time);
  if (resolved.kind === 'nonexistent') {
    return refuse('datetime.dst-gap', {
      nl: `${shown} bestaat niet: die nacht gaat de klok een uur vooruit. Kies een ander tijdstip.`,
      en: `${shown} does not exist: the clocks go forward an hour that night. Choose another time.`,
    });
  }
  return succeed(resolved.instant);
}

/**
 * "2027-03-28 12:00": the form parseLocalDateTime accepts, for prefilling inputs. With seconds for exports and
 * audit lines, where two votes in the same minute must stay distinguishable.
 */
export function formatLocalDateTime(instant: Date, options: { seconds?: boolean } = {}): string {
  return inAmsterdam(instant).toFormat(options.seconds ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm');
}

/** The Dutch calendar date on which an instant falls. */
export function localDateOf(instant: Date): LocalDate {
  return inAmsterdam(instant).toFormat('yyyy-MM-dd');
}

export function localYearOf(instant: Date): number {
  return inAmsterdam(instant).year;
}

export function startOfLocalDay(date: LocalDate): Date {
  return amsterdamInstant(date, { hour: 0, minute: 0 });
}

/**
 * The last second of a Dutch calendar day (23:59:59). "Vóór 30 juni" in a letter means up to and including that
 * day; with inclusive deadlines (see isWithinDeadline) this covers the whole day and nothing of the next.
 */
export function endOfLocalDay(date: LocalDate): Date {
  return amsterdamInstant(date, { hour: 23, minute: 59, second: 59 });
}

/**
 * True while `now` is not later than the deadline, counted in whole seconds: a deadline of 12:00:00 accepts
 * 12:00:00.999 and refuses 12:00:01. People state deadlines to the minute or second, never to the millisecond.
 */
export function isWithinDeadline(now: Date, deadline: Date): boolean {
  assertValidDate(now);
  assertValidDate(deadline);
  return Math.floor(now.getTime() / 1000) <= Math.floor(deadline.getTime() / 1000);
}

export function isPastDeadline(now: Date, deadline: Date): boolean {
  return !isWithinDeadline(now, deadline);
}

/**
 * The same Dutch wall-clock time `days` calendar days earlier, e.g. for "remind 3 days before". Subtracting
 * 3 x 24 hours would be an hour off when a daylight-saving change lies in between.
 */
export function daysBefore(instant: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`Days before must be a whole number >= 0, got ${days}`);
  return inAmsterdam(instant).minus({ days }).toJSDate();
}

export function daysAfter(instant: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`Days after must be a whole number >= 0, got ${days}`);
  return inAmsterdam(instant).plus({ days }).toJSDate();
}

/** The offset of Amsterdam from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function amsterdamOffsetMinutes(instant: Date): number {
  return inAmsterdam(instant).offset;
}

/** Wall-clock parts of an instant in Amsterdam, for formatting outside luxon (e.g. iCalendar). */
export function amsterdamParts(instant: Date): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
} {
  const local = inAmsterdam(instant);
  return {
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
    second: local.second,
    weekday: local.weekday,
  };
}
