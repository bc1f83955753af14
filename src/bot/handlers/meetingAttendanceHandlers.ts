import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import {
  attendanceDefaults,
  attendanceFormView,
  attendanceReviewView,
  rsvpView,
  type AttendanceFormValues,
} from '../../cards/views/meetingAttendanceViews';
import type { MeetingNotice } from '../../cards/views/meetingsViews';
import type { AbsenceReason, MeetingTable } from '../../domain/meetings';
import type { MeetingDocument } from '../../meetings/meetingsService';
import { InvalidCardDataError, optionalText, requireChoice, requireId, type CardData } from '../cardData';
import { card, notAllowedCard, type BotServices, type Turn } from '../turn';
import { agendaCard, CAP, loadMeeting, m, meetingRoutes, notFound, refused, service } from './meetingsShared';
import { refusalMessages } from '../../domain/shared/result';

/**
 * Attendance at meetings (issue 7): members say whether they come, the gemeente records who attended and reviews
 * the attendance rule over a year. Thin handlers: card data is checked here; MeetingsService decides and stores.
 */

async function attendanceReviewCard(
  turn: Turn,
  year: number,
  table: MeetingTable,
  notice?: MeetingNotice,
): Promise<AdaptiveCard> {
  const { reviews } = await service(turn).attendanceReview(year, table);
  return card(
    'meetingAttendanceReview',
    turn.locale,
    attendanceReviewView(year, table, reviews, turn.locale, notice),
  );
}

function attendanceInput(doc: MeetingDocument, data: CardData): AttendanceFormValues {
  const present = optionalText(data, 'present', 100 * (CAP.id + 1))
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  for (const id of present) requireId({ id }, 'id');
  const reasons: Record<string, string> = {};
  for (const member of doc.members.filter((x) => x.type === 'aanbieder')) {
    const reason = optionalText(data, `reason_${member.organisationId}`, CAP.text);
    if (reason.trim()) reasons[member.organisationId] = reason;
  }
  return { present, reasons };
}

export function registerMeetingAttendanceHandlers(app: Application<TurnState>, services: BotServices): void {
  const { gemeenteAction, memberAction, withMeeting } = meetingRoutes(app, services);

  gemeenteAction(
    'meeting.aanwezigheid.formulier',
    withMeeting(async (turn, doc) =>
      card(
        'meetingAttendanceForm',
        turn.locale,
        attendanceFormView(doc, attendanceDefaults(doc), turn.locale, []),
      ),
    ),
  );

  gemeenteAction(
    'meeting.aanwezigheid.vastleggen',
    withMeeting(async (turn, doc, data) => {
      const values = attendanceInput(doc, data);
      const absenceReasons: AbsenceReason[] = Object.entries(values.reasons).map(
        ([organisationId, reason]) => ({
          organisationId,
          reason,
        }),
      );
      const recorded = await service(turn).recordAttendance(turn.resolved.actor, doc.id, {
        present: values.present,
        absenceReasons,
      });
      if (!recorded.ok) {
        if (!recorded.fieldErrors) return refused(turn, recorded, 'meeting.lijst');
        return card(
          'meetingAttendanceForm',
          turn.locale,
          attendanceFormView(doc, values, turn.locale, refusalMessages(recorded, turn.locale)),
        );
      }
      const saved = recorded.value.value;
      return attendanceReviewCard(turn, saved.year, saved.table, {
        title: m(turn, 'attendanceSavedTitle'),
        messages: [m(turn, 'attendanceSaved', { title: saved.title })],
        style: 'good',
      });
    }),
  );

  gemeenteAction('meeting.aanwezigheid.overzicht', async (turn, data) => {
    const year = Number(optionalText(data, 'year', 6));
    if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new InvalidCardDataError('year');
    const tableId = optionalText(data, 'table', CAP.id) || 'overlegtafel';
    if (tableId !== 'overlegtafel') requireId(data, 'table');
    const table: MeetingTable | undefined =
      tableId === 'overlegtafel' ? 'overlegtafel' : await service(turn).tableOf(tableId);
    if (!table) return notFound(turn);
    return attendanceReviewCard(turn, year, table);
  });

  // Members say whether they come ------------------------------------------------------------------------------

  memberAction('meeting.aanwezigheid.melden', async (turn, data, actor) => {
    const invitation = await service(turn).invitation(actor, requireId(data, 'meetingId'));
    if (invitation.kind === 'not-allowed') return notAllowedCard(turn.locale);
    if (invitation.kind === 'not-found') return notFound(turn);
    if (invitation.kind === 'not-a-member')
      return agendaCard(turn, invitation.doc, {
        title: m(turn, 'refusedTitle'),
        messages: [m(turn, 'notAMember')],
        style: 'attention',
      });
    return card('meetingRsvp', turn.locale, rsvpView(invitation.doc, invitation.organisations, turn.locale));
  });

  memberAction('meeting.aanwezigheid.antwoord', async (turn, data, actor) => {
    const doc = await loadMeeting(turn, data);
    if (!doc) return notFound(turn);
    const organisationId = requireId(data, 'organisationId');
    const attending = requireChoice(data, 'attending', ['ja', 'nee'] as const) === 'ja';
    const reason = attending ? '' : optionalText(data, `reason_${organisationId}`, CAP.text);
    const answered = await service(turn).respond(actor, doc.id, organisationId, attending, reason);
    const organisations = service(turn).respondingOrganisations(
      actor,
      answered.ok ? answered.value.value : doc,
    );
    if (!answered.ok) {
      if (organisations.length === 0)
        return agendaCard(turn, doc, {
          title: m(turn, 'refusedTitle'),
          messages: refusalMessages(answered, turn.locale),
          style: 'attention',
        });
      return card(
        'meetingRsvp',
        turn.locale,
        rsvpView(doc, organisations, turn.locale, {
          title: m(turn, 'refusedTitle'),
          messages: refusalMessages(answered, turn.locale),
          style: 'attention',
        }),
      );
    }
    return card(
      'meetingRsvp',
      turn.locale,
      rsvpView(answered.value.value, organisations, turn.locale, {
        title: m(turn, 'answeredTitle'),
        messages: [m(turn, attending ? 'answeredComing' : 'answeredNotComing')],
        style: 'good',
      }),
    );
  });
}
