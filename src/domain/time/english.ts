import type { Bilingual } from '../shared/result';
import { amsterdamParts } from './amsterdam';
import {
  dutchMonthName,
  formatDutchDate,
  formatDutchDateTime,
  formatDutchShortDate,
  formatDutchTime,
} from './dutch';
import { isoWeekday, localDateParts, type LocalDate } from './localDate';

/**
 * English renderings for the user interface, British order ("Sunday 28 March 2027 at 12:00") and still in
 * Amsterdam time. Spelled out like the Dutch ones, so the output does not depend on the Node build's ICU data.
 */
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export type DateLocale = 'nl' | 'en';

export function englishMonthName(month: number): string {
  const name = MONTHS[month - 1];
  if (!name) throw new RangeError(`No month ${month}`);
  return name;
}

export function englishWeekdayName(isoWeekdayNumber: number): string {
  const name = WEEKDAYS[isoWeekdayNumber - 1];
  if (!name) throw new RangeError(`No ISO weekday ${isoWeekdayNumber}`);
  return name;
}

/** "Sunday 28 March 2027" for a calendar date. */
export function formatEnglishDate(date: LocalDate): string {
  const { year, month, day } = localDateParts(date);
  return `${englishWeekdayName(isoWeekday(date))} ${day} ${englishMonthName(month)} ${year}`;
}

/** "28 March 2027", without the weekday. */
export function formatEnglishShortDate(date: LocalDate): string {
  const { year, month, day } = localDateParts(date);
  return `${day} ${englishMonthName(month)} ${year}`;
}

/** "Sunday 28 March 2027 at 12:00" in Amsterdam time. */
export function formatEnglishDateTime(instant: Date): string {
  const p = amsterdamParts(instant);
  const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return `${englishWeekdayName(p.weekday)} ${p.day} ${englishMonthName(p.month)} ${p.year} at ${time}`;
}

/** A calendar date with its weekday in the person's language. */
export function formatDate(date: LocalDate, locale: DateLocale): string {
  return locale === 'en' ? formatEnglishDate(date) : formatDutchDate(date);
}

/** A calendar date without the weekday in the person's language. */
export function formatShortDate(date: LocalDate, locale: DateLocale): string {
  return locale === 'en' ? formatEnglishShortDate(date) : formatDutchShortDate(date);
}

/** Date and time in Amsterdam time in the person's language. */
export function formatDateTime(instant: Date, locale: DateLocale): string {
  return locale === 'en' ? formatEnglishDateTime(instant) : formatDutchDateTime(instant);
}

/** "12:00" in Amsterdam time; the same in both languages. */
export function formatTime(instant: Date): string {
  return formatDutchTime(instant);
}

/** Date and time in both languages, for a bilingual message built in the domain. */
export function dateTimeInBoth(instant: Date): Bilingual {
  return { nl: formatDutchDateTime(instant), en: formatEnglishDateTime(instant) };
}

/** A calendar date (with weekday) in both languages. */
export function dateInBoth(date: LocalDate): Bilingual {
  return { nl: formatDutchDate(date), en: formatEnglishDate(date) };
}

/** A calendar date without weekday in both languages. */
export function shortDateInBoth(date: LocalDate): Bilingual {
  return { nl: formatDutchShortDate(date), en: formatEnglishShortDate(date) };
}

/** A month's name in the person's language ("maart", "March"). */
export function monthName(month: number, locale: DateLocale): string {
  return locale === 'en' ? englishMonthName(month) : dutchMonthName(month);
}
