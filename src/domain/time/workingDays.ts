import { addDays, isoWeekday, localDate, type LocalDate } from './localDate';

/**
 * Working days: Monday to Friday, minus the "algemeen erkende feestdagen" of the Algemene termijnenwet, art. 3:
 * Nieuwjaarsdag, Tweede Paasdag, Koningsdag, 5 mei (Bevrijdingsdag), Hemelvaartsdag, Tweede Pinksterdag,
 * Eerste en Tweede Kerstdag. Goede Vrijdag is not on that list and is treated as a working day; days the
 * government adds ad hoc (gelijkgestelde dagen) are not known here. Eerste Paas- and Pinksterdag always fall
 * on a Sunday and so never matter for working days.
 */
export interface NationalHoliday {
  readonly date: LocalDate;
  readonly name: string;
}

export interface WorkingDayOptions {
  /** Skip the national holidays listed above as well as weekends. Default true. */
  readonly excludeNationalHolidays?: boolean;
}

/** Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`Gregorian years only, got ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return localDate(year, month, day);
}

/** Koningsdag is 27 April, or Saturday 26 April when the 27th is a Sunday (Wet viering Koningsdag, since 2014). */
function koningsdag(year: number): LocalDate {
  const april27 = localDate(year, 4, 27);
  return isoWeekday(april27) === 7 ? localDate(year, 4, 26) : april27;
}

/** The national holidays of a year, in date order. Years from 2014 (the first Koningsdag) on. */
export function nationalHolidays(year: number): NationalHoliday[] {
  if (!Number.isInteger(year) || year < 2014)
    throw new RangeError(`Holidays are known from 2014 on, got ${year}`);
  const easter = easterSunday(year);
  const holidays: NationalHoliday[] = [
    { date: localDate(year, 1, 1), name: 'Nieuwjaarsdag' },
    { date: addDays(easter, 1), name: 'Tweede Paasdag' },
    { date: koningsdag(year), name: 'Koningsdag' },
    { date: localDate(year, 5, 5), name: 'Bevrijdingsdag' },
    { date: addDays(easter, 39), name: 'Hemelvaartsdag' },
    { date: addDays(easter, 50), name: 'Tweede Pinksterdag' },
    { date: localDate(year, 12, 25), name: 'Eerste Kerstdag' },
    { date: localDate(year, 12, 26), name: 'Tweede Kerstdag' },
  ];
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

export function nationalHolidayOn(date: LocalDate): NationalHoliday | undefined {
  const year = Number(date.slice(0, 4));
  return nationalHolidays(year).find((h) => h.date === date);
}

export function isWorkingDay(date: LocalDate, options: WorkingDayOptions = {}): boolean {
  if (isoWeekday(date) >= 6) return false;
  return options.excludeNationalHolidays === false || nationalHolidayOn(date) === undefined;
}

/**
 * The working day `count` working days after `date` (or before it, for a negative count). The start date itself
 * is never counted, so "5 werkdagen na vrijdag" is the next Friday when no holiday intervenes.
 */
export function addWorkingDays(date: LocalDate, count: number, options: WorkingDayOptions = {}): LocalDate {
  if (!Number.isInteger(count)) throw new RangeError(`Whole working days only, got ${count}`);
  const step = count < 0 ? -1 : 1;
  let remaining = Math.abs(count);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current, options)) remaining -= 1;
  }
  return current;
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: LocalDate, to: LocalDate, options: WorkingDayOptions = {}): number {
  let count = 0;
  for (let current = addDays(from, 1); current <= to; current = addDays(current, 1)) {
    if (isWorkingDay(current, options)) count += 1;
  }
  return count;
}
