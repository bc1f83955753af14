import { refuse, succeed, type Result } from '../shared/result';

/**
 * A calendar date as people in the Netherlands mean it ("30 juni 2027"), written 'YYYY-MM-DD'.
 * It is a plain string so it survives JSON unchanged and sorts chronologically as text.
 * Date arithmetic here is pure calendar arithmetic: no time zone, so no daylight-saving surprises.
 */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function partsOf(text: string): DateParts | undefined {
  const match = LOCAL_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && partsOf(value) !== undefined;
}

/** Accepts 'YYYY-MM-DD' (what an Adaptive Card Input.Date sends) and refuses impossible dates like 2027-02-30. */
export function parseLocalDate(value: unknown): Result<LocalDate> {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!LOCAL_DATE.test(text))
    return refuse('date.format', {
      nl: 'Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2027-06-30.',
      en: 'Enter a date as YYYY-MM-DD, for example 2027-06-30.',
    });
  if (!partsOf(text))
    return refuse('date.nonexistent', {
      nl: `De datum ${text} bestaat niet.`,
      en: `The date ${text} does not exist.`,
    });
  return succeed(text);
}

export function localDate(year: number, month: number, day: number): LocalDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!partsOf(text)) throw new RangeError(`Not a calendar date: ${text}`);
  return text;
}

export function localDateParts(date: LocalDate): DateParts {
  const parts = partsOf(date);
  if (!parts) throw new RangeError(`Not a local date (YYYY-MM-DD): ${date}`);
  return parts;
}

function toEpochDay(date: LocalDate): number {
  const { year, month, day } = localDateParts(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromEpochDay(epochDay: number): LocalDate {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`Whole days only, got ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ISO day of the week: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  // Epoch day 0 (1970-01-01) was a Thursday (4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}
