import fc from 'fast-check';
import {
  amsterdamOffsetMinutes,
  daysBefore,
  endOfLocalDay,
  formatLocalDateTime,
  fromIsoInstant,
  isPastDeadline,
  isWithinDeadline,
  localDateOf,
  localYearOf,
  parseLocalDateTime,
  startOfLocalDay,
  toIsoInstant,
} from '../../../src/domain/time/amsterdam';
import { formatDutchDate, formatDutchDateTime, formatDutchShortDate } from '../../../src/domain/time/dutch';

function parsed(text: string): Date {
  const result = parseLocalDateTime(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.messages.join(' ')}`);
  return result.value;
}

describe('parseLocalDateTime', () => {
  it('reads winter time as UTC+1 and summer time as UTC+2', () => {
    expect(parsed('2027-01-15 12:00').toISOString()).toBe('2027-01-15T11:00:00.000Z');
    expect(parsed('2027-07-15 12:00').toISOString()).toBe('2027-07-15T10:00:00.000Z');
  });

  it('reads a time on the spring-forward Sunday (28 March 2027) with the new offset after 03:00', () => {
    expect(parsed('2027-03-28 01:59').toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(parsed('2027-03-28 03:00').toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(parsed('2027-03-28 12:00').toISOString()).toBe('2027-03-28T10:00:00.000Z');
  });

  it('refuses a wall-clock time that does not exist because the clock jumps forward', () => {
    const result = parseLocalDateTime('2027-03-28 02:30');
    expect(result).toMatchObject({ ok: false, code: 'datetime.dst-gap' });
    if (!result.ok) expect(result.messages[0]).toContain('klok een uur vooruit');
  });

  it('takes the first (summer-time) occurrence of the repeated hour on the fall-back Sunday', () => {
    expect(parsed('2027-10-31 02:30').toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(parsed('2027-10-31 03:00').toISOString()).toBe('2027-10-31T02:00:00.000Z');
  });

  it('accepts a T separator and seconds, and surrounding spaces', () => {
    expect(parsed(' 2027-06-30T23:59:59 ').toISOString()).toBe('2027-06-30T21:59:59.000Z');
  });

  it.each([
    ['', 'datetime.format'],
    ['28-03-2027 12:00', 'datetime.format'],
    ['2027-03-28', 'datetime.format'],
    ['2027-03-28 24:00', 'datetime.format'],
    ['2027-03-28 12:60', 'datetime.format'],
    ['2027-02-29 12:00', 'datetime.nonexistent'],
    ['2027-13-01 12:00', 'datetime.nonexistent'],
  ])('refuses %j with %s and a Dutch message', (input, code) => {
    const result = parseLocalDateTime(input);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.messages[0]).toMatch(/datum|tijd|bestaat/);
  });

  it('refuses non-strings', () => {
    expect(parseLocalDateTime(undefined).ok).toBe(false);
    expect(parseLocalDateTime(20270328).ok).toBe(false);
  });

  it('round-trips every instant on a whole minute through formatLocalDateTime, except the repeated hour', () => {
    const minute = 60_000;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / minute, max: Date.UTC(2040, 0, 1) / minute }),
        (m) => {
          const instant = new Date(m * minute);
          const back = parsed(formatLocalDateTime(instant));
          const inRepeatedHour =
            amsterdamOffsetMinutes(instant) === 60 && back.getTime() !== instant.getTime();
          if (inRepeatedHour) {
            // The second 02:xx on the fall-back night reads back as the first one, an hour earlier.
            expect(instant.getTime() - back.getTime()).toBe(3_600_000);
          } else {
            expect(back.getTime()).toBe(instant.getTime());
          }
        },
      ),
    );
  });
});

describe('local days and deadlines', () => {
  it('ends a day at 23:59:59 local time, also on DST change days', () => {
    expect(endOfLocalDay('2027-03-27').toISOString()).toBe('2027-03-27T22:59:59.000Z');
    expect(endOfLocalDay('2027-03-28').toISOString()).toBe('2027-03-28T21:59:59.000Z');
    expect(endOfLocalDay('2027-10-31').toISOString()).toBe('2027-10-31T22:59:59.000Z');
    expect(startOfLocalDay('2027-10-31').toISOString()).toBe('2027-10-30T22:00:00.000Z');
  });

  it('a spring-forward day has 23 hours and a fall-back day 25', () => {
    const hours = (d: string) =>
      (endOfLocalDay(d).getTime() + 1000 - startOfLocalDay(d).getTime()) / 3_600_000;
    expect(hours('2027-03-28')).toBe(23);
    expect(hours('2027-10-31')).toBe(25);
    expect(hours('2027-06-01')).toBe(24);
  });

  it('a deadline is inclusive up to its second; one second later is refused', () => {
    const deadline = parsed('2027-03-28 12:00');
    const at = (ms: number) => new Date(deadline.getTime() + ms);
    expect(isWithinDeadline(at(-1), deadline)).toBe(true);
    expect(isWithinDeadline(at(0), deadline)).toBe(true);
    expect(isWithinDeadline(at(999), deadline)).toBe(true);
    expect(isWithinDeadline(at(1000), deadline)).toBe(false);
    expect(isPastDeadline(at(1000), deadline)).toBe(true);
  });

  it('places an instant on its Dutch calendar date and year, not the UTC one', () => {
    const newYearsEveLate = new Date('2027-12-31T23:30:00.000Z');
    expect(localDateOf(newYearsEveLate)).toBe('2028-01-01');
    expect(localYearOf(newYearsEveLate)).toBe(2028);
    expect(localYearOf(new Date('2027-12-31T22:59:59.000Z'))).toBe(2027);
  });

  it('"N days before" keeps the wall-clock time across the spring-forward change', () => {
    const dueMorning = parsed('2027-03-29 09:00');
    const reminder = daysBefore(dueMorning, 3);
    expect(formatLocalDateTime(reminder)).toBe('2027-03-26 09:00');
    expect((dueMorning.getTime() - reminder.getTime()) / 3_600_000).toBe(71);
  });

  it('"N days before" keeps the wall-clock time across the fall-back change', () => {
    const due = parsed('2027-11-01 09:00');
    expect(formatLocalDateTime(daysBefore(due, 7))).toBe('2027-10-25 09:00');
    expect((due.getTime() - daysBefore(due, 7).getTime()) / 3_600_000).toBe(7 * 24 + 1);
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => daysBefore(new Date(), -1)).toThrow(RangeError);
    expect(() => daysBefore(new Date(), 1.5)).toThrow(RangeError);
  });

  it('stores instants as ISO strings and refuses anything else', () => {
    const instant = parsed('2027-03-28 12:00');
    expect(fromIsoInstant(toIsoInstant(instant)).getTime()).toBe(instant.getTime());
    expect(() => fromIsoInstant('2027-03-28 12:00')).toThrow(RangeError);
    expect(() => toIsoInstant(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('Dutch formatting', () => {
  it('formats "zondag 28 maart 2027 om 12:00"', () => {
    expect(formatDutchDateTime(parsed('2027-03-28 12:00'))).toBe('zondag 28 maart 2027 om 12:00');
  });

  it('formats an end-of-day deadline in local time', () => {
    expect(formatDutchDateTime(endOfLocalDay('2026-12-31'))).toBe('donderdag 31 december 2026 om 23:59');
  });

  it('formats calendar dates with and without weekday', () => {
    expect(formatDutchDate('2026-03-17')).toBe('dinsdag 17 maart 2026');
    expect(formatDutchShortDate('2027-01-01')).toBe('1 januari 2027');
  });
});
