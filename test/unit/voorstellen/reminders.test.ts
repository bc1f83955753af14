import { dueReminderSlot, reminderBroadcastId } from '../../../src/voorstellen/reminders';
import { at } from './fixtures';

describe('reminder slots (Europe/Amsterdam)', () => {
  const stemming = (opened: string, deadline: string, closure: unknown = null) => ({
    openedAt: at(opened).toISOString(),
    deadline: at(deadline).toISOString(),
    closure,
  });

  it('is due 3 days and 1 day before the deadline at the same Dutch wall-clock time, across the change to summer time', () => {
    const s = stemming('2027-03-10 09:00', '2027-03-28 12:00'); // deadline on the day the clocks go forward
    expect(dueReminderSlot(s, at('2027-03-25 11:59'))).toBeUndefined();
    expect(dueReminderSlot(s, at('2027-03-25 12:00'))).toBe(3);
    expect(at('2027-03-25 12:00').toISOString()).toBe('2027-03-25T11:00:00.000Z'); // winter time
    expect(dueReminderSlot(s, at('2027-03-27 11:59'))).toBe(3);
    expect(dueReminderSlot(s, at('2027-03-27 12:00'))).toBe(1);
    expect(dueReminderSlot(s, at('2027-03-28 12:00'))).toBe(1);
  });

  it('is not due after the deadline, once closed, or for a slot before the vote opened', () => {
    const s = stemming('2027-03-10 09:00', '2027-03-28 12:00');
    expect(dueReminderSlot(s, new Date(at('2027-03-28 12:00').getTime() + 1000))).toBeUndefined();
    expect(dueReminderSlot({ ...s, closure: { at: 'x' } }, at('2027-03-27 13:00'))).toBeUndefined();
    const late = stemming('2027-03-26 09:00', '2027-03-28 12:00');
    expect(dueReminderSlot(late, at('2027-03-26 10:00'))).toBeUndefined();
    expect(dueReminderSlot(late, at('2027-03-27 12:00'))).toBe(1);
  });

  it('names a broadcast per slot, so each reminder is sent once', () => {
    expect(reminderBroadcastId('vs-abc', 3)).toBe('vs-abc-herinnering-3d');
  });
});
