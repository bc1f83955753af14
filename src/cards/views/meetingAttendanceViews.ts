import type { AttendanceReview, Meeting, MeetingTable } from '../../domain/meetings';
import { formatShortDate } from '../../domain/time/english';
import type { MeetingDocument } from '../../storage/meetingsRepository';
import type { Locale, RenderInput } from '../renderCard';
import { fill, noticeOf, strings, tableName, whenText, type MeetingNotice } from './meetingsViews';

/**
 * View models of the attendance cards (issue 7): a member's answer to the invitation, the gemeente's record of who
 * attended, and the attendance rule over a year. Only the gemeente's cards show absences and their reasons.
 */

// Saying whether you come ------------------------------------------------------------------------------------

export interface RsvpOrganisation {
  readonly organisationId: string;
  readonly name: string;
}

export function rsvpView(
  doc: MeetingDocument,
  organisations: readonly RsvpOrganisation[],
  locale: Locale,
  notice?: MeetingNotice,
): RenderInput {
  const text = strings('meetingRsvp', locale);
  return {
    view: {
      notice: noticeOf(notice),
      title: doc.title,
      when: whenText(doc, locale),
      location: doc.location,
      organisations: organisations.map((o) => {
        const rsvp = doc.rsvps.find((r) => r.organisationId === o.organisationId);
        return {
          name: o.name,
          answer: !rsvp
            ? text.noAnswer
            : rsvp.attending
              ? text.coming
              : `${text.notComing}${rsvp.reason ? `: ${rsvp.reason}` : ''}`,
          answerColor: !rsvp ? 'Default' : rsvp.attending ? 'Good' : 'Warning',
        };
      }),
    },
    form: {
      meetingId: doc.id,
      organisations: organisations.map((o) => ({
        organisationId: o.organisationId,
        reasonId: `reason_${o.organisationId}`,
      })),
    },
  };
}

// Recording attendance ---------------------------------------------------------------------------------------

export interface AttendanceFormValues {
  readonly present: readonly string[];
  readonly reasons: Readonly<Record<string, string>>;
}

/** What the form starts with: the recorded attendance, or else who said they would come. */
export function attendanceDefaults(doc: Meeting): AttendanceFormValues {
  if (doc.attendance) {
    return {
      present: doc.attendance.present,
      reasons: Object.fromEntries(doc.attendance.absenceReasons.map((r) => [r.organisationId, r.reason])),
    };
  }
  return { present: doc.rsvps.filter((r) => r.attending).map((r) => r.organisationId), reasons: {} };
}

export function attendanceFormView(
  doc: MeetingDocument,
  values: AttendanceFormValues,
  locale: Locale,
  errors: readonly string[],
): RenderInput {
  const text = strings('meetingAttendanceForm', locale);
  const aanbieders = doc.members.filter((m) => m.type === 'aanbieder');
  return {
    view: {
      errors: [...errors],
      title: doc.title,
      when: whenText(doc, locale),
      recorded: doc.attendance !== null,
      absences: aanbieders.map((m) => {
        const rsvp = doc.rsvps.find((r) => r.organisationId === m.organisationId);
        return {
          name: m.name,
          rsvp: rsvp && !rsvp.attending && rsvp.reason ? `${text.rsvpReason} ${rsvp.reason}` : '',
        };
      }),
    },
    form: {
      meetingId: doc.id,
      members: doc.members.map((m) => ({ title: m.name, value: m.organisationId })),
      present: values.present.join(','),
      reasons: aanbieders.map((m) => ({
        id: `reason_${m.organisationId}`,
        value: values.reasons[m.organisationId] ?? '',
      })),
    },
  };
}

// The attendance rule ----------------------------------------------------------------------------------------

export function attendanceReviewView(
  year: number,
  table: MeetingTable,
  reviews: readonly AttendanceReview[],
  locale: Locale,
  notice?: MeetingNotice,
): RenderInput {
  const text = strings('meetingAttendanceReview', locale);
  const why = (r: AttendanceReview): string[] => {
    const lines: string[] = [];
    if (r.flags.includes('meer-dan-drie-keer-gemist'))
      lines.push(fill(text.tooMany, { missed: r.absences.length, expected: r.expected }));
    if (r.flags.includes('gemist-zonder-reden')) {
      const dates = r.absences
        .filter((a) => a.reason === null)
        .map((a) => formatShortDate(a.date, locale))
        .join(', ');
      lines.push(fill(text.missedWithoutReason, { count: r.absencesWithoutReason, dates }));
    }
    return lines;
  };
  const flagged = reviews.filter((r) => r.flags.length > 0);
  return {
    view: {
      notice: noticeOf(notice),
      title: fill(text.title, { year, table: tableName(table, locale) }),
      flagged: flagged.map((r) => ({ name: r.member.name, why: why(r) })),
      hasFlagged: flagged.length > 0,
      rows: [...reviews]
        .sort((a, b) => a.member.name.localeCompare(b.member.name, 'nl'))
        .map((r) => ({
          name: r.member.name,
          expected: String(r.expected),
          missed: String(r.absences.length),
          withoutReason: String(r.absencesWithoutReason),
          color: r.flags.length > 0 ? 'Attention' : 'Default',
        })),
      hasRows: reviews.length > 0,
    },
    form: {
      previousYear: year - 1,
      nextYear: year + 1,
      table: table === 'overlegtafel' ? 'overlegtafel' : table.ontwikkeltafelId,
    },
  };
}
