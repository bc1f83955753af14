import fc from 'fast-check';
import {
  dueRegistrationReminder,
  notRegistered,
  registrationReminderId,
  validateOpenRound,
  type Round,
  type RoundRegistration,
} from '../../../src/domain/inschrijving';
import { defaultOpenRoundInput } from '../../../src/cards/views/inschrijvingViews';

const OPENED = new Date('2026-11-02T09:00:00Z');

/** A round opened on 2 November 2026 with its deadline on Friday 15 January 2027, 12:00 Amsterdam time. */
function round(changes: Partial<Round> = {}): Round {
  const opened = validateOpenRound(
    {
      ...defaultOpenRoundInput(OPENED),
      year: '2027',
      deadlineDate: '2027-01-15',
      deadlineTime: '12:00',
      seedSource: 'slotkoers AEX op 16 januari 2027',
      publicValueDate: '2027-01-16',
    },
    {
      now: OPENED,
      personId: 'person-admin',
      secret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    },
  );
  if (!opened.ok) throw new Error(opened.messages.join(' '));
  return { ...opened.value, ...changes };
}

const amsterdam = (local: string) => {
  // Winter time: UTC+1.
  const [date, time] = local.split(' ');
  return new Date(`${date}T${time}:00+01:00`);
};

describe('registration reminders before the deadline', () => {
  it('are due 7 days and 2 days before the deadline, at the same wall-clock time', () => {
    const r = round();
    expect(dueRegistrationReminder(r, amsterdam('2027-01-08 11:59'))).toBeUndefined();
    expect(dueRegistrationReminder(r, amsterdam('2027-01-08 12:00'))).toBe(7);
    expect(dueRegistrationReminder(r, amsterdam('2027-01-13 11:59'))).toBe(7);
    expect(dueRegistrationReminder(r, amsterdam('2027-01-13 12:00'))).toBe(2);
    expect(dueRegistrationReminder(r, amsterdam('2027-01-15 12:00'))).toBe(2);
  });

  it('stop at the deadline and once the round is drawn', () => {
    expect(dueRegistrationReminder(round(), amsterdam('2027-01-15 12:00'))).toBe(2);
    expect(
      dueRegistrationReminder(round(), new Date(amsterdam('2027-01-15 12:00').getTime() + 1000)),
    ).toBeUndefined();
    expect(
      dueRegistrationReminder(round({ status: 'geloot' }), amsterdam('2027-01-13 12:00')),
    ).toBeUndefined();
  });

  it('skip a slot that lay before the round opened', () => {
    const late = round({ openedAt: amsterdam('2027-01-10 09:00').toISOString() });
    expect(dueRegistrationReminder(late, amsterdam('2027-01-12 09:00'))).toBeUndefined();
    expect(dueRegistrationReminder(late, amsterdam('2027-01-13 12:00'))).toBe(2);
  });

  it('never gives a slot outside the schedule, and never after the deadline (property)', () => {
    const r = round();
    const deadline = new Date(r.deadline).getTime();
    fc.assert(
      fc.property(fc.integer({ min: OPENED.getTime(), max: deadline + 10 * 86_400_000 }), (ms) => {
        const slot = dueRegistrationReminder(r, new Date(ms));
        if (ms >= deadline + 1000) expect(slot).toBeUndefined();
        if (slot !== undefined) expect([7, 2]).toContain(slot);
      }),
    );
  });

  it('has one broadcast id per reminder moment', () => {
    expect(registrationReminderId(round(), 7)).toBe('ronde-2027-herinnering-7d');
    expect(registrationReminderId(round(), 2)).toBe('ronde-2027-herinnering-2d');
  });

  it('go only to invited organisations without an active registration (withdrawn counts as not registered)', () => {
    const registration = (organisationId: string, status: RoundRegistration['status']) =>
      ({ organisationId, status }) as RoundRegistration;
    expect(
      notRegistered(
        ['org-a', 'org-b', 'org-c', 'org-d'],
        [
          registration('org-a', 'ingeschreven'),
          registration('org-c', 'ingetrokken'),
          registration('org-x', 'ingeschreven'),
        ],
      ),
    ).toEqual(['org-b', 'org-c', 'org-d']);
    expect(notRegistered(['org-a'], [registration('org-a', 'ingeschreven')])).toEqual([]);
  });
});
