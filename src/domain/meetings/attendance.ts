import type { Actor } from '../registry/actor';
import { refuse, refuseFields, succeed, type Result } from '../shared/result';
import { normaliseLine } from '../shared/text';
import { fromIsoInstant, localDateOf, localYearOf, toIsoInstant } from '../time/amsterdam';
import { formatDutchDateTime } from '../time/dutch';
import type { LocalDate } from '../time/localDate';
import {
  contactCapacityFor,
  contactRecord,
  gemeenteRecord,
  requireGemeente,
  requireKnownActor,
} from '../voorstellen/acting';
import { checkText, FieldProblems } from '../voorstellen/textRules';
import {
  hasStarted,
  isMember,
  MEETING_LIMITS,
  requireUpcoming,
  type AbsenceReason,
  type Meeting,
  type MeetingChange,
  type MeetingMember,
  type MeetingTable,
  type Rsvp,
} from './meeting';
import { formatEnglishDateTime } from '../time/english';

/**
 * Attendance: members say beforehand whether they come (with a reason when not), the gemeente records who was
 * there, and per calendar year the bot flags an aanbieder that missed more than three meetings, or missed one
 * without giving a reason: the gemeente may then invite another aanbieder instead [002 art. 7.5].
 */

export interface RespondToInvitation {
  readonly organisationId: string;
  readonly attending: boolean;
  readonly reason?: unknown;
}

export function respondToInvitation(
  meeting: Meeting,
  command: RespondToInvitation,
  actor: Actor,
  now: Date,
): Result<MeetingChange> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (!isMember(meeting, command.organisationId)) {
    return refuse('attendance.not-a-member', {
      nl: 'Deze organisatie is geen lid van deze tafel en wordt niet voor dit overleg verwacht.',
      en: 'This organisation is not a member of this table and is not expected at this meeting.',
    });
  }
  const capacity = contactCapacityFor(actor, command.organisationId);
  if (!capacity) {
    return refuse('attendance.not-your-organisation', {
      nl: 'Alleen de contactpersoon of vervanger van de organisatie kan aanwezigheid doorgeven.',
      en: 'Only the contact person or substitute of the organisation can report attendance.',
    });
  }
  const upcoming = requireUpcoming(meeting, now);
  if (!upcoming.ok) return upcoming;
  if (typeof command.attending !== 'boolean') {
    return refuseFields('attendance.invalid', {
      attending: { nl: 'Geef aan of u komt: ja of nee.', en: 'Say whether you are coming: yes or no.' },
    });
  }
  const problems = new FieldProblems();
  const reason = checkText(problems, 'reason', command.reason, {
    label: { nl: 'De reden van afwezigheid', en: 'The reason for absence' },
    min: command.attending ? 0 : MEETING_LIMITS.reasonMin,
    max: MEETING_LIMITS.reasonMax,
    multiline: true,
  });
  if (problems.any) return refuseFields('attendance.invalid', problems.all);
  // The same answer from the same person again (a repeated invoke, a second press) is no change.
  const previous = meeting.rsvps.find((r) => r.organisationId === command.organisationId);
  if (
    previous &&
    previous.attending === command.attending &&
    previous.reason === (command.attending ? null : reason) &&
    previous.by.personId === known.value.person.id
  )
    return succeed({ meeting, events: [] });
  const at = toIsoInstant(now);
  const rsvp: Rsvp = {
    organisationId: command.organisationId,
    attending: command.attending,
    reason: command.attending ? null : reason,
    by: contactRecord(known.value, capacity),
    at,
  };
  return succeed({
    meeting: {
      ...meeting,
      rsvps: [...meeting.rsvps.filter((r) => r.organisationId !== command.organisationId), rsvp],
      updatedAt: at,
    },
    events: [
      {
        type: 'aanwezigheid.gemeld',
        meetingId: meeting.id,
        organisationId: command.organisationId,
        attending: command.attending,
      },
    ],
  });
}

export interface RecordAttendance {
  /** Organisation ids of the members that were there. */
  readonly present: readonly string[];
  readonly absenceReasons?: readonly AbsenceReason[];
}

/** The gemeente records who attended, once the meeting has begun; recording again replaces the record. */
export function recordAttendance(
  meeting: Meeting,
  command: RecordAttendance,
  actor: Actor,
  now: Date,
): Result<MeetingChange> {
  const gemeente = requireGemeente(actor, { nl: 'de aanwezigheid vastleggen', en: 'record the attendance' });
  if (!gemeente.ok) return gemeente;
  if (meeting.status === 'geannuleerd')
    return refuse('meeting.cancelled', {
      nl: 'Dit overleg is geannuleerd.',
      en: 'This meeting has been cancelled.',
    });
  if (!hasStarted(meeting, now)) {
    return refuse('attendance.too-early', {
      nl: `De aanwezigheid kan worden vastgelegd vanaf het begin van het overleg (${formatDutchDateTime(fromIsoInstant(meeting.start))}).`,
      en: `Attendance can be recorded from the start of the meeting (${formatEnglishDateTime(fromIsoInstant(meeting.start))}).`,
    });
  }
  const present = [...new Set((command.present ?? []).map((id) => normaliseLine(id)))];
  const strangers = present.filter((id) => !isMember(meeting, id));
  if (strangers.length > 0) {
    return refuse('attendance.not-a-member', {
      nl: `Geen lid van deze tafel: ${strangers.join(', ')}.`,
      en: `Not a member of this table: ${strangers.join(', ')}.`,
    });
  }
  const problems = new FieldProblems();
  const absenceReasons: AbsenceReason[] = [];
  for (const entry of command.absenceReasons ?? []) {
    const organisationId = normaliseLine(entry?.organisationId);
    if (!isMember(meeting, organisationId)) {
      return refuse('attendance.not-a-member', {
        nl: `Geen lid van deze tafel: ${organisationId || '(leeg)'}.`,
        en: `Not a member of this table: ${organisationId || '(empty)'}.`,
      });
    }
    if (present.includes(organisationId)) continue;
    const reason = checkText(problems, 'absenceReasons', entry.reason, {
      label: { nl: 'De reden van afwezigheid', en: 'The reason for absence' },
      min: MEETING_LIMITS.reasonMin,
      max: MEETING_LIMITS.reasonMax,
      multiline: true,
    });
    absenceReasons.push({ organisationId, reason });
  }
  if (problems.any) return refuseFields('attendance.invalid', problems.all);
  const at = toIsoInstant(now);
  return succeed({
    meeting: {
      ...meeting,
      attendance: { present, absenceReasons, recordedBy: gemeenteRecord(gemeente.value), recordedAt: at },
      updatedAt: at,
    },
    events: [{ type: 'aanwezigheid.vastgelegd', meetingId: meeting.id }],
  });
}

export interface Absence {
  readonly meetingId: string;
  readonly date: LocalDate;
  readonly reason: string | null;
}

/** Whether a member missed a meeting with recorded attendance, and the reason known for it. */
export function absenceOf(meeting: Meeting, organisationId: string): Absence | null {
  if (!meeting.attendance || meeting.status === 'geannuleerd' || !isMember(meeting, organisationId))
    return null;
  if (meeting.attendance.present.includes(organisationId)) return null;
  const recorded = meeting.attendance.absenceReasons.find((r) => r.organisationId === organisationId)?.reason;
  const rsvp = meeting.rsvps.find((r) => r.organisationId === organisationId && !r.attending)?.reason;
  return {
    meetingId: meeting.id,
    date: localDateOf(fromIsoInstant(meeting.start)),
    reason: recorded ?? rsvp ?? null,
  };
}

export type AttendanceFlag = 'meer-dan-drie-keer-gemist' | 'gemist-zonder-reden';

export interface AttendanceReview {
  readonly member: MeetingMember;
  /** Meetings with recorded attendance to which this member was expected. */
  readonly expected: number;
  readonly absences: readonly Absence[];
  readonly absencesWithoutReason: number;
  readonly flags: readonly AttendanceFlag[];
}

export const MAX_ABSENCES_PER_YEAR = 3;

function sameTable(a: MeetingTable, b: MeetingTable): boolean {
  if (a === 'overlegtafel' || b === 'overlegtafel') return a === b;
  return a.ontwikkeltafelId === b.ontwikkeltafelId;
}

/**
 * The attendance rule per aanbieder for one calendar year of one table. Counted are the meetings that took
 * place (not cancelled, attendance recorded) and began in that Dutch calendar year. Flagged: more than three
 * absences, or at least one absence without a reason. Exactly three absences, each with a reason, is not flagged.
 * Gemeenten and the lokale toegang organise and are not subject to the rule.
 */
export function reviewAttendance(
  meetings: readonly Meeting[],
  year: number,
  table: MeetingTable,
): AttendanceReview[] {
  const counted = meetings
    .filter(
      (m) =>
        m.status !== 'geannuleerd' &&
        m.attendance !== null &&
        sameTable(m.table, table) &&
        localYearOf(fromIsoInstant(m.start)) === year,
    )
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const members = new Map<string, MeetingMember>();
  for (const m of counted)
    for (const member of m.members)
      if (member.type === 'aanbieder') members.set(member.organisationId, member);

  return [...members.values()].map((member) => {
    const expectedAt = counted.filter((m) => isMember(m, member.organisationId));
    const absences = expectedAt
      .map((m) => absenceOf(m, member.organisationId))
      .filter((a): a is Absence => a !== null);
    const absencesWithoutReason = absences.filter((a) => a.reason === null).length;
    const flags: AttendanceFlag[] = [];
    if (absences.length > MAX_ABSENCES_PER_YEAR) flags.push('meer-dan-drie-keer-gemist');
    if (absencesWithoutReason > 0) flags.push('gemist-zonder-reden');
    return { member, expected: expectedAt.length, absences, absencesWithoutReason, flags };
  });
}

/** Only the members the gemeente should look at. */
export function flaggedMembers(
  meetings: readonly Meeting[],
  year: number,
  table: MeetingTable,
): AttendanceReview[] {
  return reviewAttendance(meetings, year, table).filter((r) => r.flags.length > 0);
}
