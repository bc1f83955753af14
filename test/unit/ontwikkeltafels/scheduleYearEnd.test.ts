import {
  dueNotices,
  nextDueReport,
  reminderMoment,
  reportSchedule,
  voortgangPeriods,
} from '../../../src/domain/ontwikkeltafels/schedule';
import { at } from '../voorstellen/fixtures';
import { tafel } from './fixtures';

/**
 * Schedule arithmetic where it is easiest to get wrong: due dates and reminders on the other side of a year end,
 * the change of the clocks in March and October, leap years, and a table that owes reports over several years.
 * All in Europe/Amsterdam: 09:00 Dutch time is 08:00Z in winter and 07:00Z in summer.
 */

/** Three reports a year, four months apart (the shortest spacing a table may have). */
const THIRDS = [
  { month: 4, day: 30 },
  { month: 8, day: 31 },
  { month: 12, day: 31 },
];

describe('across the year end', () => {
  const quarterly = tafel({
    start: '2026-07-01',
    schedule: { periodEnds: THIRDS, graceDays: 5, reminderDaysBefore: [14, 3] },
  });
  const q4 = voortgangPeriods(quarterly, '2027-01-10').find((p) => p.id === '2026-12-31')!;
  const q3Overdue = 'ot-1/2026-08-31/achterstallig';

  it('the last period of the year is due on 5 January of the next year, at the end of that Dutch day', () => {
    expect(q4).toMatchObject({ start: '2026-09-01', end: '2026-12-31', dueDate: '2027-01-05' });
    expect(q4.dueAt).toBe('2027-01-05T22:59:59.000Z');
  });

  it('reminds on 22 December of the year before and on 2 January, at 09:00 Dutch time', () => {
    expect(reminderMoment(q4, 14).toISOString()).toBe('2026-12-22T08:00:00.000Z');
    expect(reminderMoment(q4, 3).toISOString()).toBe('2027-01-02T08:00:00.000Z');
    // The period is still running on 22 December: the reminder comes before the period has even ended.
    expect(dueNotices(quarterly, [], at('2026-12-22 08:59'), new Set([q3Overdue]))).toEqual([]);
    expect(dueNotices(quarterly, [], at('2026-12-22 09:00'), new Set([q3Overdue]))).toEqual([
      expect.objectContaining({ kind: 'herinnering', key: 'ot-1/2026-12-31/14', dueAt: q4.dueAt }),
    ]);
    expect(
      dueNotices(quarterly, [], at('2027-01-02 09:00'), new Set([q3Overdue, 'ot-1/2026-12-31/14'])).map(
        (n) => n.key,
      ),
    ).toEqual(['ot-1/2026-12-31/3']);
  });

  it('is open until the last second of 5 January and overdue from midnight', () => {
    const state = (local: string) =>
      reportSchedule(quarterly, [], at(local)).find((s) => s.period.id === '2026-12-31')!.state;
    expect(state('2026-12-31 23:59')).toBe('lopend');
    expect(state('2027-01-01 00:00')).toBe('open');
    expect(state('2027-01-05 23:59')).toBe('open');
    expect(state('2027-01-06 00:00')).toBe('achterstallig');
  });

  it('names the next report due across the year end', () => {
    expect(nextDueReport(quarterly, [], at('2026-12-31 23:30'))?.period.id).toBe('2026-08-31');
    const halfYearly = tafel({ start: '2026-07-01' });
    expect(nextDueReport(halfYearly, [], at('2026-12-31 23:30'))?.period).toMatchObject({
      id: '2026-12-31',
      dueDate: '2027-01-30',
    });
  });
});

describe('the change of the clocks', () => {
  it('keeps reminders at 09:00 Dutch time when the clocks go back in October', () => {
    const t = tafel({
      start: '2026-04-01',
      schedule: {
        periodEnds: [
          { month: 3, day: 31 },
          { month: 9, day: 30 },
        ],
        graceDays: 30,
        reminderDaysBefore: [14, 3],
      },
    });
    const period = voortgangPeriods(t, '2026-10-01').find((p) => p.id === '2026-09-30')!;
    expect(period.dueDate).toBe('2026-10-30');
    expect(reminderMoment(period, 14).toISOString()).toBe('2026-10-16T07:00:00.000Z'); // summer time
    expect(reminderMoment(period, 3).toISOString()).toBe('2026-10-27T08:00:00.000Z'); // winter time
    expect(period.dueAt).toBe('2026-10-30T22:59:59.000Z');
  });

  it('a due date on the night the clocks go forward still ends at 23:59:59 Dutch time', () => {
    const t = tafel({
      start: '2027-01-01',
      schedule: {
        periodEnds: [
          { month: 3, day: 28 },
          { month: 9, day: 28 },
        ],
        graceDays: 0,
      },
    });
    const period = voortgangPeriods(t, '2027-03-01')[0]!;
    expect(period.dueDate).toBe('2027-03-28');
    expect(period.dueAt).toBe('2027-03-28T21:59:59.000Z');
  });
});

describe('leap years and long lives', () => {
  it('a period ending on 28 February with one day of grace is due on 29 February in a leap year', () => {
    const t = tafel({
      start: '2026-03-01',
      expectedEnd: '2029-01-01',
      schedule: {
        periodEnds: [
          { month: 2, day: 28 },
          { month: 8, day: 31 },
        ],
        graceDays: 1,
      },
    });
    const dues = voortgangPeriods(t, '2028-03-01').map((p) => [p.end, p.dueDate]);
    expect(dues).toContainEqual(['2027-02-28', '2027-03-01']);
    expect(dues).toContainEqual(['2028-02-28', '2028-02-29']);
  });

  it('a table that never reported is flagged once per period over several years, and not again', () => {
    const t = tafel({ start: '2025-01-01', expectedEnd: '2029-12-31' });
    const now = at('2027-02-15 10:00');
    const first = dueNotices(t, [], now, new Set());
    expect(first.map((n) => n.key)).toEqual([
      'ot-1/2025-06-30/achterstallig',
      'ot-1/2025-12-31/achterstallig',
      'ot-1/2026-06-30/achterstallig',
      'ot-1/2026-12-31/achterstallig',
    ]);
    expect(dueNotices(t, [], now, new Set(first.map((n) => n.key)))).toEqual([]);
  });
});
