import fc from 'fast-check';
import {
  flaggedMembers,
  recordAttendance,
  respondToInvitation,
  reviewAttendance,
} from '../../../src/domain/meetings/attendance';
import { cancelMeeting, type Meeting } from '../../../src/domain/meetings/meeting';
import { at, gemeenteAdmin, GEMEENTE_ORG, must, organisation, contact } from '../voorstellen/fixtures';
import { contactOf, meeting, MEMBERS } from './fixtures';

const ALL_IDS = MEMBERS.map((m) => m.organisationId);

/** A meeting on `local` (start, 2 hours) whose attendance was recorded with everyone present except `absent`. */
function held(
  id: string,
  local: string,
  absent: readonly string[] = [],
  reasons: { rsvp?: Record<string, string>; recorded?: Record<string, string> } = {},
): Meeting {
  const [date, time] = local.split(' ') as [string, string];
  const endHour = String(Number(time.slice(0, 2)) + 2).padStart(2, '0');
  let m = meeting(
    { start: local, end: `${date} ${endHour}${time.slice(2)}`, proposalCutoff: null },
    id,
    at('2027-01-01 00:00'),
  );
  for (const [orgId, reason] of Object.entries(reasons.rsvp ?? {})) {
    const letter = orgId.replace('org-', '');
    m = must(
      respondToInvitation(
        m,
        { organisationId: orgId, attending: false, reason },
        contactOf(letter),
        at('2027-01-01 00:00'),
      ),
    ).meeting;
  }
  const recorded = Object.entries(reasons.recorded ?? {}).map(([organisationId, reason]) => ({
    organisationId,
    reason,
  }));
  return must(
    recordAttendance(
      m,
      { present: ALL_IDS.filter((x) => !absent.includes(x)), absenceReasons: recorded },
      gemeenteAdmin(),
      at(local),
    ),
  ).meeting;
}

describe('saying whether you come', () => {
  const m = meeting();
  const before = at('2027-03-20 10:00');

  it('a member’s contact says yes, or no with a reason, and may change it before the meeting', () => {
    const yes = must(
      respondToInvitation(m, { organisationId: 'org-a', attending: true }, contactOf('A'), before),
    );
    expect(yes.meeting.rsvps).toEqual([
      expect.objectContaining({ organisationId: 'org-a', attending: true, reason: null }),
    ]);
    const no = must(
      respondToInvitation(
        yes.meeting,
        { organisationId: 'org-a', attending: false, reason: 'Ziek.' },
        contactOf('A', 'vervanger'),
        before,
      ),
    );
    expect(no.meeting.rsvps).toEqual([
      expect.objectContaining({
        attending: false,
        reason: 'Ziek.',
        by: expect.objectContaining({ capacity: 'vervanger' }),
      }),
    ]);
    expect(no.events).toEqual([
      { type: 'aanwezigheid.gemeld', meetingId: 'm-1', organisationId: 'org-a', attending: false },
    ]);
  });

  it('refuses no without a reason', () => {
    expect(
      respondToInvitation(
        m,
        { organisationId: 'org-a', attending: false, reason: '  ' },
        contactOf('A'),
        before,
      ),
    ).toMatchObject({
      code: 'attendance.invalid',
      fieldErrors: { reason: 'De reden van afwezigheid is verplicht.' },
    });
  });

  it('refuses a non-member, someone answering for another organisation, and answers after the start', () => {
    const outsider = organisation('org-x', 'Zorg X');
    expect(
      respondToInvitation(m, { organisationId: 'org-x', attending: true }, contact('p-x', outsider), before),
    ).toMatchObject({
      code: 'attendance.not-a-member',
    });
    expect(
      respondToInvitation(m, { organisationId: 'org-b', attending: true }, contactOf('A'), before),
    ).toMatchObject({
      code: 'attendance.not-your-organisation',
    });
    expect(
      respondToInvitation(
        m,
        { organisationId: 'org-a', attending: true },
        contactOf('A'),
        at('2027-03-30 14:00'),
      ),
    ).toMatchObject({
      code: 'meeting.started',
    });
  });
});

describe('recording attendance', () => {
  const m = meeting();

  it('only from the start of the meeting, only members, only by the gemeente', () => {
    expect(
      recordAttendance(m, { present: ['org-a'] }, gemeenteAdmin(), at('2027-03-30 13:59')),
    ).toMatchObject({ code: 'attendance.too-early' });
    expect(
      recordAttendance(m, { present: ['org-a', 'org-x'] }, gemeenteAdmin(), at('2027-03-30 14:00')),
    ).toMatchObject({
      code: 'attendance.not-a-member',
      messages: ['Geen lid van deze tafel: org-x.'],
    });
    expect(recordAttendance(m, { present: ['org-a'] }, contactOf('A'), at('2027-03-30 14:00'))).toMatchObject(
      { code: 'auth.gemeente-only' },
    );
    const recorded = must(
      recordAttendance(m, { present: ['org-a', 'org-a'] }, gemeenteAdmin(), at('2027-03-30 16:30')),
    );
    expect(recorded.meeting.attendance?.present).toEqual(['org-a']);
  });
});

describe('the attendance rule (002 art. 7.5), per calendar year', () => {
  const reason = (id: string) => ({ [id]: 'Verhinderd door een calamiteit.' });
  const dates = [
    '2027-02-02 14:00',
    '2027-04-06 14:00',
    '2027-06-01 14:00',
    '2027-09-07 14:00',
    '2027-11-02 14:00',
  ];

  it('exactly three misses, each with a reason, is not flagged', () => {
    const meetings = dates.map((d, i) =>
      held(`m${i}`, d, i < 3 ? ['org-a'] : [], { rsvp: i < 3 ? reason('org-a') : {} }),
    );
    const review = reviewAttendance(meetings, 2027, 'overlegtafel').find(
      (r) => r.member.organisationId === 'org-a',
    )!;
    expect(review).toMatchObject({ expected: 5, absencesWithoutReason: 0, flags: [] });
    expect(review.absences).toHaveLength(3);
    expect(flaggedMembers(meetings, 2027, 'overlegtafel')).toEqual([]);
  });

  it('four misses with reasons are flagged', () => {
    const meetings = dates.map((d, i) =>
      held(`m${i}`, d, i < 4 ? ['org-a'] : [], { rsvp: i < 4 ? reason('org-a') : {} }),
    );
    expect(
      flaggedMembers(meetings, 2027, 'overlegtafel').map((r) => [r.member.organisationId, r.flags]),
    ).toEqual([['org-a', ['meer-dan-drie-keer-gemist']]]);
  });

  it('one miss without a reason is flagged, also after saying yes', () => {
    const meetings = [held('m0', dates[0]!, ['org-b']), held('m1', dates[1]!)];
    const review = flaggedMembers(meetings, 2027, 'overlegtafel');
    expect(review.map((r) => [r.member.organisationId, r.flags, r.absences])).toEqual([
      ['org-b', ['gemist-zonder-reden'], [{ meetingId: 'm0', date: '2027-02-02', reason: null }]],
    ]);
  });

  it('a reason the gemeente recorded afterwards counts as a reason', () => {
    const meetings = [held('m0', dates[0]!, ['org-c'], { recorded: reason('org-c') })];
    expect(flaggedMembers(meetings, 2027, 'overlegtafel')).toEqual([]);
  });

  it('counts a meeting by its Dutch date: 00:30 on 1 January is in the new year, though UTC still says 31 December', () => {
    const newYear = held('m-ny', '2028-01-01 00:30', ['org-d']);
    expect(newYear.start).toBe('2027-12-31T23:30:00.000Z');
    expect(flaggedMembers([newYear], 2028, 'overlegtafel').map((r) => r.member.organisationId)).toEqual([
      'org-d',
    ]);
    expect(flaggedMembers([newYear], 2027, 'overlegtafel')).toEqual([]);
  });

  it('ignores cancelled meetings, meetings without recorded attendance, other tables, and gemeente members', () => {
    const cancelled = must(
      cancelMeeting(meeting({}, 'mc'), 'Geen agendapunten.', gemeenteAdmin(), at('2027-01-06 10:00')),
    ).meeting;
    const notRecorded = meeting({}, 'mn');
    const otherTable = held('mo', dates[0]!, ['org-e']);
    const ontwikkeltafel = {
      ...otherTable,
      table: { ontwikkeltafelId: 'ot-1', name: 'Wachtlijsten' },
    } as Meeting;
    const gemeenteAbsent = held('mg', dates[1]!, [GEMEENTE_ORG.id, 'org-lt']);
    expect(
      flaggedMembers([cancelled, notRecorded, ontwikkeltafel, gemeenteAbsent], 2027, 'overlegtafel'),
    ).toEqual([]);
    expect(
      flaggedMembers([ontwikkeltafel], 2027, { ontwikkeltafelId: 'ot-1', name: 'Wachtlijsten' }).map(
        (r) => r.member.organisationId,
      ),
    ).toEqual(['org-e']);
  });

  it('flags exactly when more than three misses or any miss without a reason (property)', () => {
    const attendance = fc.constantFrom('aanwezig', 'afwezig-met-reden', 'afwezig-zonder-reden');
    fc.assert(
      fc.property(fc.array(attendance, { minLength: 1, maxLength: 6 }), (pattern) => {
        const meetings = pattern.map((p, i) =>
          held(
            `m${i}`,
            `2027-${String(i + 2).padStart(2, '0')}-10 14:00`,
            p === 'aanwezig' ? [] : ['org-a'],
            {
              rsvp: p === 'afwezig-met-reden' ? reason('org-a') : {},
            },
          ),
        );
        const misses = pattern.filter((p) => p !== 'aanwezig').length;
        const withoutReason = pattern.filter((p) => p === 'afwezig-zonder-reden').length;
        const review = reviewAttendance(meetings, 2027, 'overlegtafel').find(
          (r) => r.member.organisationId === 'org-a',
        )!;
        expect(review.absences).toHaveLength(misses);
        expect(review.flags.length > 0).toBe(misses > 3 || withoutReason > 0);
        expect(review.flags.includes('meer-dan-drie-keer-gemist')).toBe(misses > 3);
      }),
      { numRuns: 60 },
    );
  });
});
