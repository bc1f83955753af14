import { cancelMeeting, type MeetingTable } from '../../../src/domain/meetings/meeting';
import {
  overlegtafelYearPlanning,
  yearReminderDue,
  yearReminderId,
} from '../../../src/domain/meetings/yearPlanning';
import { at, gemeenteAdmin, must } from '../voorstellen/fixtures';
import { meeting } from './fixtures';

const PLANNED = at('2027-01-05 10:00');
const onDate = (date: string, id: string, table: MeetingTable = 'overlegtafel') =>
  meeting({ start: `${date} 14:00`, end: `${date} 16:00`, proposalCutoff: null, table }, id, PLANNED);

describe('at least two Overlegtafel meetings a year', () => {
  it('counts planned and held Overlegtafel meetings of the Dutch calendar year', () => {
    const meetings = [onDate('2027-03-30', 'm-1'), onDate('2027-10-12', 'm-2'), onDate('2028-01-20', 'm-3')];
    expect(overlegtafelYearPlanning(meetings, 2027)).toEqual({ year: 2027, count: 2, short: false });
    expect(overlegtafelYearPlanning(meetings, 2028)).toEqual({ year: 2028, count: 1, short: true });
    expect(overlegtafelYearPlanning([], 2029)).toEqual({ year: 2029, count: 0, short: true });
  });

  it('does not count cancelled meetings or those of an ontwikkeltafel', () => {
    const cancelled = must(
      cancelMeeting(onDate('2027-10-12', 'm-2'), 'Zaal niet beschikbaar', gemeenteAdmin(), PLANNED),
    ).meeting;
    const tafel = onDate('2027-05-11', 'm-3', { ontwikkeltafelId: 'ot-1', name: 'Wachttijden' });
    expect(overlegtafelYearPlanning([onDate('2027-03-30', 'm-1'), cancelled, tafel], 2027).count).toBe(1);
  });

  it('a meeting at 00:30 on 1 January Dutch time counts for the new year', () => {
    const newYear = meeting(
      { start: '2028-01-01 00:30', end: '2028-01-01 02:00', proposalCutoff: null },
      'm-4',
      PLANNED,
    );
    expect(overlegtafelYearPlanning([newYear], 2028).count).toBe(1);
    expect(overlegtafelYearPlanning([newYear], 2027).count).toBe(0);
  });

  it('the reminder is due from 1 July (Dutch time) while the year falls short, and has one id per year', () => {
    const one = [onDate('2027-03-30', 'm-1')];
    expect(yearReminderDue(one, at('2027-06-30 23:59'))).toBeUndefined();
    expect(yearReminderDue(one, at('2027-07-01 00:00'))).toEqual({ year: 2027, count: 1, short: true });
    expect(yearReminderDue([...one, onDate('2027-11-02', 'm-2')], at('2027-07-01 00:00'))).toBeUndefined();
    expect(yearReminderId(2027)).toBe('overlegtafel-jaarplanning-2027');
  });
});
