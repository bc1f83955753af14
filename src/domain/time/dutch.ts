import { amsterdamParts } from './amsterdam';
import { isoWeekday, localDateParts, type LocalDate } from './localDate';

/**
 * Dutch renderings for the user interface. The names are spelled out here rather than taken from Intl, so the
 * output does not depend on the ICU data of the Node build that happens to run the bot.
 */
const WEEKDAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'] as const;
const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
] as const;

export function dutchMonthName(month: number): string {
  const name = MONTHS[month - 1];
  if (!name) throw new RangeError(`No month ${month}`);
  return name;
}

export function dutchWeekdayName(isoWeekdayNumber: number): string {
  const name = WEEKDAYS[isoWeekdayNumber - 1];
  if (!name) throw new RangeError(`No ISO weekday ${isoWeekdayNumber}`);
  return name;
}

/** "zondag 28 maart 2027" for a calendar date. */
export function formatDutchDate(date: LocalDate): string {
  const { year, month, day } = localDateParts(date);
  return `${dutchWeekdayName(isoWeekday(date))} ${day} ${dutchMonthName(month)} ${year}`;
}

/** "28 maart 2027", without the weekday, for running text and headings. */
export function formatDutchShortDate(date: LocalDate): string {
  const { year, month, day } = localDateParts(date);
  return `${day} ${dutchMonthName(month)} ${year}`;
}

/** "zondag 28 maart 2027 om 12:00" in Amsterdam time. */
export function formatDutchDateTime(instant: Date): string {
  const p = amsterdamParts(instant);
  const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return `${dutchWeekdayName(p.weekday)} ${p.day} ${dutchMonthName(p.month)} ${p.year} om ${time}`;
}

/** "12:00" in Amsterdam time. */
export function formatDutchTime(instant: Date): string {
  const p = amsterdamParts(instant);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}
