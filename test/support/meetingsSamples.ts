import { type RenderInput, type Locale } from '../../src/cards/renderCard';
import {
  attendanceDefaults,
  attendanceFormView,
  attendanceReviewView,
  rsvpView,
} from '../../src/cards/views/meetingAttendanceViews';
import {
  agendaView,
  meetingDetailView,
  meetingFormValuesOf,
  meetingFormView,
  meetingListView,
  meetingNoticeView,
  proposalFormView,
} from '../../src/cards/views/meetingsViews';
import {
  verslagCommentView,
  verslagCorrectionView,
  verslagInzageView,
} from '../../src/cards/views/meetingVerslagReviewViews';
import { verslagFormView, verslagView } from '../../src/cards/views/meetingVerslagViews';
import {
  cancelMeeting,
  decideAgendapunt,
  draftVerslag,
  proposeAgendapunt,
  recordAttendance,
  respondToInvitation,
  reviewAttendance,
} from '../../src/domain/meetings';
import { newMeetingDocument, type MeetingDocument } from '../../src/storage/meetingsRepository';
import { AANBIEDERS, contactOf, meeting } from '../unit/meetings/fixtures';
import { at, gemeenteAdmin, must } from '../unit/voorstellen/fixtures';

/** Sample data for the meeting card templates (see cardSamples.ts), with hostile user text throughout. */

const HOSTILE_TEXT =
  '[klik hier](https://evil.example) **vet** <at>Iedereen</at> _x_ `code` ${strings.title}';

const ICS = 'https://tafelbot.example/api/agenda/overleg-0123456789ab.ics?token=abc';

function documents(): Record<'planned' | 'held' | 'cancelled' | 'inReview' | 'corrected', MeetingDocument> {
  const admin = gemeenteAdmin();
  let m = meeting({ title: HOSTILE_TEXT, location: HOSTILE_TEXT });
  m = must(
    proposeAgendapunt(
      m,
      { id: 'ap-1', organisationId: 'org-a', title: HOSTILE_TEXT, explanation: HOSTILE_TEXT },
      contactOf('A'),
      at('2027-02-01 10:00'),
    ),
  ).meeting;
  m = must(
    proposeAgendapunt(
      m,
      { id: 'ap-2', organisationId: 'org-b', title: 'Wachtlijsten jeugd', explanation: 'Graag bespreken.' },
      contactOf('B'),
      at('2027-02-01 11:00'),
    ),
  ).meeting;
  m = must(
    decideAgendapunt(
      m,
      { proposalId: 'ap-2', decision: 'afwijzen', reason: HOSTILE_TEXT },
      admin,
      at('2027-02-02 09:00'),
    ),
  ).meeting;
  m = must(
    respondToInvitation(
      m,
      { organisationId: 'org-c', attending: false, reason: HOSTILE_TEXT },
      contactOf('C'),
      at('2027-02-03 09:00'),
    ),
  ).meeting;
  m = must(
    respondToInvitation(
      m,
      { organisationId: 'org-a', attending: true },
      contactOf('A'),
      at('2027-02-03 10:00'),
    ),
  ).meeting;
  const planned: MeetingDocument = {
    ...newMeetingDocument(m),
    agendaBroadcast: {
      broadcastId: 'overleg-x-agenda',
      sequence: 0,
      at: m.updatedAt,
      byPersonId: 'p-gemeente',
    },
  };
  const attended = must(
    recordAttendance(
      m,
      { present: ['org-a', 'org-b'], absenceReasons: [{ organisationId: 'org-d', reason: HOSTILE_TEXT }] },
      admin,
      at('2027-03-30 16:30'),
    ),
  ).meeting;
  const markdown = draftVerslag({
    meeting: attended,
    previousMeeting: null,
    voorstellen: [],
    tafels: [],
    reports: [],
  });
  const held: MeetingDocument = {
    ...newMeetingDocument(attended),
    verslag: {
      markdown: `${markdown}\n| Stem | Aantal | Partijen |\n| --- | --- | --- |\n| Voor | 2 | ${HOSTILE_TEXT} |\n`,
      status: 'concept',
      draftedAt: attended.updatedAt,
      editedByPersonId: null,
      editedAt: null,
      publishedAt: null,
      publishedByPersonId: null,
      broadcastId: null,
    },
  };
  const cancelled = newMeetingDocument(
    must(cancelMeeting(meeting({}, 'm-2'), HOSTILE_TEXT, admin, at('2027-02-10 09:00'))).meeting,
  );
  // The same verslag ter inzage with a hostile comment, and vastgesteld and corrected once.
  const hostileComment = {
    id: 'commentaar-1',
    organisationId: AANBIEDERS[0]!.id,
    by: {
      personId: 'p-a',
      personName: HOSTILE_TEXT,
      organisationId: AANBIEDERS[0]!.id,
      organisationName: HOSTILE_TEXT,
      capacity: 'contactpersoon' as const,
    },
    text: HOSTILE_TEXT,
    at: attended.updatedAt,
    status: 'niet-overgenomen' as const,
    reason: HOSTILE_TEXT,
    processedBy: null,
    processedAt: null,
  };
  const inReview: MeetingDocument = {
    ...held,
    verslag: {
      ...held.verslag!,
      status: 'ter-inzage',
      review: {
        sentAt: attended.updatedAt,
        sentBy: hostileComment.by,
        deadline: '2027-04-14T21:59:59.000Z',
        attendees: [AANBIEDERS[0]!.id],
        comments: [hostileComment, { ...hostileComment, id: 'commentaar-2', status: 'open', reason: null }],
      },
    },
  };
  const corrected: MeetingDocument = {
    ...inReview,
    verslag: {
      ...inReview.verslag!,
      status: 'gepubliceerd',
      vastgesteldAt: '2027-04-20T08:00:00.000Z',
      versions: [
        {
          number: 1,
          markdown: held.verslag!.markdown,
          at: '2027-04-20T08:00:00.000Z',
          byPersonId: 'p-gemeente',
          reason: null,
        },
        {
          number: 2,
          markdown: `${held.verslag!.markdown}\nHersteld.`,
          at: '2027-05-01T08:00:00.000Z',
          byPersonId: 'p-gemeente',
          reason: HOSTILE_TEXT,
        },
      ],
    },
  };
  return { planned, held, cancelled, inReview, corrected };
}

export function meetingsCardSamples(locale: Locale = 'nl'): Record<string, RenderInput[]> {
  const { planned, held, cancelled, inReview, corrected } = documents();
  const before = at('2027-02-15 09:00');
  const after = at('2027-03-30 17:00');
  const notice = { title: HOSTILE_TEXT, messages: [HOSTILE_TEXT], style: 'good' as const };
  const reviews = reviewAttendance([held], 2027, 'overlegtafel');
  return {
    meetingList: [
      meetingListView([planned, held, cancelled], before, locale, { isGemeente: true, year: 2027, notice }),
      meetingListView([], before, locale, { isGemeente: false, year: 2027 }),
    ],
    meetingForm: [
      meetingFormView(
        meetingFormValuesOf(planned),
        {
          nonce: '0123456789ab',
          tables: [
            { id: 'overlegtafel', name: 'Overlegtafel' },
            { id: 'ot-1', name: HOSTILE_TEXT },
          ],
          links: [{ value: 'voorstel:vs-1', title: HOSTILE_TEXT }],
          editing: null,
        },
        [HOSTILE_TEXT],
      ),
      meetingFormView(
        meetingFormValuesOf(planned),
        {
          nonce: '0123456789ab',
          tables: [],
          links: [],
          editing: { meetingId: planned.id, version: 'v1', tableName: 'Overlegtafel' },
        },
        [],
      ),
    ],
    meetingDetail: [
      meetingDetailView(planned, before, locale, {
        icsUrl: ICS,
        source: { kind: 'geen-samenstelling', year: 2027 },
        notice,
      }),
      meetingDetailView(held, after, locale, { icsUrl: ICS, source: { kind: 'samenstelling', year: 2027 } }),
      meetingDetailView(cancelled, before, locale, { icsUrl: ICS }),
    ],
    meetingAgenda: [
      agendaView(planned, ICS, before, locale, notice),
      agendaView({ ...planned, sequence: 2 }, ICS, at('2027-03-20 09:00'), locale),
      agendaView(cancelled, ICS, before, locale),
      agendaView(
        { ...planned, thirdParties: [{ name: HOSTILE_TEXT, role: HOSTILE_TEXT }] },
        ICS,
        before,
        locale,
      ),
    ],
    meetingProposalForm: [
      proposalFormView(
        planned,
        [AANBIEDERS[0]!, { ...AANBIEDERS[1]!, name: HOSTILE_TEXT }],
        { organisationId: '', title: HOSTILE_TEXT, explanation: HOSTILE_TEXT },
        '0123456789ab',
        [HOSTILE_TEXT],
        locale,
      ),
      proposalFormView(
        planned,
        [AANBIEDERS[0]!],
        { organisationId: '', title: '', explanation: '' },
        'abcdef012345',
        [],
        locale,
      ),
    ],
    meetingRsvp: [
      rsvpView(
        planned,
        [
          { organisationId: 'org-a', name: 'Zorg A' },
          { organisationId: 'org-c', name: HOSTILE_TEXT },
        ],
        locale,
        notice,
      ),
    ],
    meetingAttendanceForm: [
      attendanceFormView(planned, attendanceDefaults(planned), locale, [HOSTILE_TEXT]),
      attendanceFormView(held, attendanceDefaults(held), locale, []),
    ],
    meetingAttendanceReview: [
      attendanceReviewView(2027, 'overlegtafel', reviews, locale, notice),
      attendanceReviewView(2026, { ontwikkeltafelId: 'ot-1', name: HOSTILE_TEXT }, [], locale),
    ],
    meetingVerslagForm: [
      verslagFormView(held, held.verslag?.markdown ?? '', 'v1', locale, [HOSTILE_TEXT], notice, after),
      verslagFormView(inReview, inReview.verslag?.markdown ?? '', 'v2', locale, [], undefined, after),
      verslagFormView(
        {
          ...inReview,
          verslag: { ...inReview.verslag!, review: { ...inReview.verslag!.review!, comments: [] } },
        },
        'x',
        'v3',
        locale,
        [],
        undefined,
        after,
      ),
    ],
    meetingVerslag: [
      verslagView(held, held.verslag?.markdown ?? '', locale),
      verslagView(held, `# ${HOSTILE_TEXT}\n\nTekst <at>Iedereen</at>`, locale, true),
      verslagView(corrected, corrected.verslag!.markdown, locale, false, { number: 2, reason: HOSTILE_TEXT }),
    ],
    meetingVerslagInzage: [verslagInzageView(inReview, locale)],
    meetingVerslagComment: [
      verslagCommentView(
        inReview,
        [
          { organisationId: AANBIEDERS[0]!.id, name: HOSTILE_TEXT },
          { organisationId: AANBIEDERS[1]!.id, name: 'Zorg B' },
        ],
        {
          open: true,
          nonce: '0123456789ab',
          values: { organisationId: '', comment: HOSTILE_TEXT },
          errors: [HOSTILE_TEXT],
          notice,
        },
        locale,
      ),
      verslagCommentView(
        inReview,
        [{ organisationId: AANBIEDERS[0]!.id, name: 'Zorg A' }],
        { open: false, nonce: '0123456789ab', values: { organisationId: '', comment: '' }, errors: [] },
        locale,
      ),
    ],
    meetingVerslagCorrection: [
      verslagCorrectionView(
        corrected,
        { markdown: corrected.verslag!.markdown, reason: HOSTILE_TEXT },
        locale,
        [HOSTILE_TEXT],
        notice,
      ),
      verslagCorrectionView(held, { markdown: 'x', reason: '' }, locale, []),
    ],
    meetingNotice: [
      meetingNoticeView(HOSTILE_TEXT, [HOSTILE_TEXT], planned.id, 'meeting.agenda', locale),
      meetingNoticeView('Concept', ['Klaar'], planned.id, 'meeting.verslag', locale),
    ],
  };
}
