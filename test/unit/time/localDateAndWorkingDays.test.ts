import fc from 'fast-check';
import {
  addDays,
  daysBetween,
  isLocalDate,
  isoWeekday,
  localDate,
  parseLocalDate,
} from '../../../src/domain/time/localDate';
import {
  addWorkingDays,
  easterSunday,
  isWorkingDay,
  nationalHolidays,
  workingDaysBetween,
} from '../../../src/domain/time/workingDays';

const anyDate = fc
  .date({ min: new Date('2014-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('LocalDate', () => {
  it('parses valid dates and refuses impossible ones in Dutch', () => {
    expect(parseLocalDate('2028-02-29')).toEqual({ ok: true, value: '2028-02-29' });
    expect(parseLocalDate('2027-02-29')).toMatchObject({ ok: false, code: 'date.nonexistent' });
    expect(parseLocalDate('30-06-2027')).toMatchObject({ ok: false, code: 'date.format' });
    expect(isLocalDate('2027-04-31')).toBe(false);
    expect(() => localDate(2027, 2, 29)).toThrow(RangeError);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-12-31', 30)).toBe('2027-01-30');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(daysBetween('2026-06-30', '2026-12-31')).toBe(184);
  });

  it('addDays and daysBetween are inverse (property)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -2000, max: 2000 }), (date, n) => {
        expect(daysBetween(date, addDays(date, n))).toBe(n);
      }),
    );
  });

  it('weekday agrees with the JavaScript calendar (property)', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const jsDay = new Date(`${date}T12:00:00Z`).getUTCDay();
        expect(isoWeekday(date)).toBe(jsDay === 0 ? 7 : jsDay);
      }),
    );
  });
});

describe('national holidays', () => {
  it.each([
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter Sunday %i is %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('Easter always falls on a Sunday between 22 March and 25 April (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const easter = easterSunday(year);
        expect(isoWeekday(easter)).toBe(7);
        expect(easter >= localDate(year, 3, 22) && easter <= localDate(year, 4, 25)).toBe(true);
      }),
    );
  });

  it('lists the holidays of 2027 from the Easter date', () => {
    expect(nationalHolidays(2027)).toEqual([
      { date: '2027-01-01', name: 'Nieuwjaarsdag' },
      { date: '2027-03-29', name: 'Tweede Paasdag' },
      { date: '2027-04-27', name: 'Koningsdag' },
      { date: '2027-05-05', name: 'Bevrijdingsdag' },
      { date: '2027-05-06', name: 'Hemelvaartsdag' },
      { date: '2027-05-17', name: 'Tweede Pinksterdag' },
      { date: '2027-12-25', name: 'Eerste Kerstdag' },
      { date: '2027-12-26', name: 'Tweede Kerstdag' },
    ]);
  });

  it('moves Koningsdag to Saturday 26 April when the 27th is a Sunday', () => {
    expect(nationalHolidays(2025).find((h) => h.name === 'Koningsdag')?.date).toBe('2025-04-26');
    expect(nationalHolidays(2026).find((h) => h.name === 'Koningsdag')?.date).toBe('2026-04-27');
  });
});

describe('working days', () => {
  it('skips weekends and holidays, across the year end', () => {
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-12-25', { excludeNationalHolidays: false })).toBe(true);
    expect(isWorkingDay('2027-01-02')).toBe(false);
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(addWorkingDays('2027-01-04', -1)).toBe('2026-12-31');
    expect(addWorkingDays('2027-03-26', 1)).toBe('2027-03-30');
  });

  it('counts the 14 working days of the wachtlijst definition from a Friday', () => {
    // From Friday 23 April 2027, skipping weekends, Koningsdag (27/4), Bevrijdingsdag (5/5),
    // Hemelvaartsdag (6/5) and Tweede Pinksterdag (17/5).
    expect(addWorkingDays('2027-04-23', 14)).toBe('2027-05-19');
    expect(addWorkingDays('2027-04-23', 14, { excludeNationalHolidays: false })).toBe('2027-05-13');
  });

  it('always lands on a working day and counts back to n (property)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 400 }), (date, n) => {
        const result = addWorkingDays(date, n);
        expect(isWorkingDay(result)).toBe(true);
        expect(workingDaysBetween(date, result)).toBe(n);
      }),
      { numRuns: 60 },
    );
  });
});
