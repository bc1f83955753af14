import fc from 'fast-check';
import { endOfLocalDay } from '../../../src/domain/time/amsterdam';
import { addDays, daysBetween, localDateParts } from '../../../src/domain/time/localDate';
import { checkReportSpacing, endOntwikkeltafel } from '../../../src/domain/ontwikkeltafels/ontwikkeltafel';
import {
  publishReport,
  saveDraft,
  startReport,
  type Voortgangsrapportage,
} from '../../../src/domain/ontwikkeltafels/rapportage';
import {
  dueNotices,
  eindevaluatiePeriod,
  nextDueReport,
  overdueReports,
  reminderMoment,
  reportSchedule,
  voortgangPeriods,
  MIN_FIRST_PERIOD_DAYS,
} from '../../../src/domain/ontwikkeltafels/schedule';
import { at, gemeenteAdmin, must } from '../voorstellen/fixtures';
import { tafel, trekker } from './fixtures';

const COMPLETE = {
  status: 'op schema',
  progress: 'Gestart.',
  results: 'Eerste analyse.',
  nextSteps: 'Verdiepen.',
};

function published(
  t = tafel(),
  periodId = '2026-12-31',
  when = at('2027-01-20 10:00'),
): Voortgangsrapportage {
  const draft = must(
    startReport(t, [], { id: `r-${periodId}`, periodId, content: COMPLETE }, trekker, when),
  ).report;
  return must(publishReport(draft, t, trekker, when)).report;
}

describe('report periods', () => {
  it('half-years ending 30 June and 31 December, due 30 days later at the end of the Dutch day, across the year end', () => {
    const periods = voortgangPeriods(tafel(), '2027-08-01');
    expect(periods.map((p) => [p.start, p.end, p.dueDate, p.dueAt])).toEqual([
      ['2026-11-15', '2026-12-31', '2027-01-30', '2027-01-30T22:59:59.000Z'],
      ['2027-01-01', '2027-06-30', '2027-07-30', '2027-07-30T21:59:59.000Z'],
      ['2027-07-01', '2027-12-31', '2028-01-30', '2028-01-30T22:59:59.000Z'],
    ]);
    expect(periods[0]!.id).toBe('2026-12-31');
  });

  it(`adds a first period shorter than ${MIN_FIRST_PERIOD_DAYS} days to the next one`, () => {
    expect(voortgangPeriods(tafel({ start: '2026-12-10' }), '2027-01-15')[0]).toMatchObject({
      start: '2026-12-10',
      end: '2027-06-30',
    });
    expect(voortgangPeriods(tafel({ start: '2026-12-01' }), '2027-01-15')[0]).toMatchObject({
      start: '2026-12-01',
      end: '2026-12-31',
    });
  });

  it('follows a configured schedule (three a year, four months apart, 14 days grace)', () => {
    const thirds = tafel({
      schedule: {
        periodEnds: [
          { month: 12, day: 31 },
          { month: 4, day: 30 },
          { month: 8, day: 31 },
        ],
        graceDays: 14,
      },
    });
    expect(thirds.schedule.periodEnds.map((e) => `${e.month}-${e.day}`)).toEqual(['4-30', '8-31', '12-31']);
    expect(voortgangPeriods(thirds, '2027-05-01').map((p) => [p.end, p.dueDate])).toEqual([
      ['2026-12-31', '2027-01-14'],
      ['2027-04-30', '2027-05-14'],
      ['2027-08-31', '2027-09-14'],
    ]);
  });

  it('periods are contiguous, end on a configured day and fall due after the grace days (property)', () => {
    const monthDay = fc.record({
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
    });
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2035-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.uniqueArray(monthDay, { minLength: 2, maxLength: 3, selector: (m) => m.month * 100 + m.day }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 1500 }),
        (startDate, periodEnds, graceDays, horizon) => {
          // Only schedules a table may have: report dates at least four months apart.
          fc.pre(checkReportSpacing(periodEnds) === null);
          const start = startDate.toISOString().slice(0, 10);
          const t = tafel({ start, expectedEnd: addDays(start, 3000), schedule: { periodEnds, graceDays } });
          const through = addDays(start, horizon);
          const periods = voortgangPeriods(t, through);
          expect(periods.length).toBeGreaterThan(0);
          expect(periods[0]!.start).toBe(start);
          expect(daysBetween(periods[0]!.start, periods[0]!.end) + 1).toBeGreaterThanOrEqual(
            MIN_FIRST_PERIOD_DAYS,
          );
          expect(periods.at(-1)!.start <= through).toBe(true);
          expect(periods.at(-1)!.end >= through).toBe(true);
          periods.forEach((p, i) => {
            const { month, day } = localDateParts(p.end);
            expect(periodEnds.some((e) => e.month === month && e.day === day)).toBe(true);
            expect(p.dueDate).toBe(addDays(p.end, graceDays));
            expect(p.dueAt).toBe(endOfLocalDay(p.dueDate).toISOString());
            if (i > 0) expect(p.start).toBe(addDays(periods[i - 1]!.end, 1));
          });
        },
      ),
    );
  });
});

describe('report states and overdue detection', () => {
  const t = tafel();
  const dueAt = new Date('2027-01-30T22:59:59.000Z');

  it('running, open until the due second, overdue one second later', () => {
    expect(reportSchedule(t, [], at('2026-12-31 23:00'))[0]!.state).toBe('lopend');
    expect(reportSchedule(t, [], at('2027-01-01 00:00'))[0]!.state).toBe('open');
    expect(reportSchedule(t, [], dueAt)[0]!.state).toBe('open');
    expect(overdueReports(t, [], dueAt)).toEqual([]);
    const late = new Date(dueAt.getTime() + 1000);
    expect(overdueReports(t, [], late).map((s) => s.period.id)).toEqual(['2026-12-31']);
  });

  it('a published report is done, also when published late; a draft does not count', () => {
    const late = at('2027-02-05 10:00');
    expect(reportSchedule(t, [published(t, '2026-12-31', late)], late)[0]).toMatchObject({
      state: 'gepubliceerd',
      reportId: 'r-2026-12-31',
    });
    const draft = must(startReport(t, [], { id: 'd', periodId: '2026-12-31' }, trekker, late)).report;
    expect(reportSchedule(t, [draft], late)[0]!.state).toBe('achterstallig');
  });

  it('the next due report is the earliest unpublished one', () => {
    const now = at('2027-07-05 10:00');
    expect(nextDueReport(t, [], now)?.period.id).toBe('2026-12-31');
    expect(nextDueReport(t, [published(t)], now)?.period).toMatchObject({
      id: '2027-06-30',
      dueDate: '2027-07-30',
    });
  });

  it('an ended table owes only its eindevaluatie, due its grace days after the end date', () => {
    const ended = must(endOntwikkeltafel(t, '2027-03-15', gemeenteAdmin(), at('2027-03-20 10:00'))).tafel;
    const schedule = reportSchedule(ended, [], at('2027-04-20 10:00'));
    expect(
      schedule.map((s) => [s.period.id, s.period.start, s.period.end, s.period.dueDate, s.state]),
    ).toEqual([['eindevaluatie', '2026-11-15', '2027-03-15', '2027-04-14', 'achterstallig']]);
    expect(voortgangPeriods(ended, '2027-12-31').map((p) => p.end)).toEqual(['2026-12-31']);
    expect(eindevaluatiePeriod(t).end).toBe('2028-06-30');
  });
});

describe('reminders and overdue notices', () => {
  const t = tafel();

  it('reminds at 09:00 Dutch time 14 and 3 days before the due date, once each', () => {
    const before = dueNotices(t, [], at('2027-01-16 08:59'), new Set());
    expect(before).toEqual([]);
    const first = dueNotices(t, [], at('2027-01-16 09:00'), new Set());
    expect(first).toEqual([
      {
        kind: 'herinnering',
        key: 'ot-1/2026-12-31/14',
        tafelId: 'ot-1',
        periodId: '2026-12-31',
        daysBefore: 14,
        dueAt: '2027-01-30T22:59:59.000Z',
        trekkerIds: ['p-trekker'],
      },
    ]);
    expect(dueNotices(t, [], at('2027-01-20 09:00'), new Set(['ot-1/2026-12-31/14']))).toEqual([]);
    const second = dueNotices(t, [], at('2027-01-28 10:00'), new Set(['ot-1/2026-12-31/14']));
    expect(second.map((n) => n.key)).toEqual(['ot-1/2026-12-31/3']);
  });

  it('sends only the most urgent reminder after a scheduler outage', () => {
    expect(dueNotices(t, [], at('2027-01-29 10:00'), new Set()).map((n) => n.key)).toEqual([
      'ot-1/2026-12-31/3',
    ]);
  });

  it('sends nothing for a published report, and one overdue notice after the due date', () => {
    expect(dueNotices(t, [published(t)], at('2027-01-28 10:00'), new Set())).toEqual([]);
    const overdue = dueNotices(t, [], at('2027-01-31 00:00'), new Set(['ot-1/2026-12-31/3']));
    expect(overdue).toEqual([
      expect.objectContaining({
        kind: 'achterstallig',
        key: 'ot-1/2026-12-31/achterstallig',
        trekkerIds: ['p-trekker'],
      }),
    ]);
    expect(dueNotices(t, [], at('2027-02-10 00:00'), new Set(['ot-1/2026-12-31/achterstallig']))).toEqual([]);
  });

  it('keeps 09:00 local when the reminder day and due day straddle the change to summer time', () => {
    const quarterly = tafel({
      start: '2027-01-01',
      schedule: {
        periodEnds: [
          { month: 3, day: 31 },
          { month: 7, day: 31 },
          { month: 11, day: 30 },
        ],
        graceDays: 0,
        reminderDaysBefore: [7, 3],
      },
    });
    const q1 = voortgangPeriods(quarterly, '2027-03-01')[0]!;
    expect(q1.dueAt).toBe('2027-03-31T21:59:59.000Z');
    expect(reminderMoment(q1, 7).toISOString()).toBe('2027-03-24T08:00:00.000Z');
    expect(reminderMoment(q1, 3).toISOString()).toBe('2027-03-28T07:00:00.000Z');
  });

  it('keeps drafts in the reminders: a draft is not a report', () => {
    const draft = must(
      saveDraft(
        must(startReport(t, [], { id: 'd', periodId: '2026-12-31' }, trekker, at('2027-01-10 10:00'))).report,
        t,
        { progress: 'bezig' },
        trekker,
        at('2027-01-10 10:00'),
      ),
    ).report;
    expect(dueNotices(t, [draft], at('2027-01-16 09:00'), new Set()).map((n) => n.kind)).toEqual([
      'herinnering',
    ]);
  });
});
