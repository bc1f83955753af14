import { renderCard } from '../../../src/cards/renderCard';
import {
  agendaView,
  formRows,
  meetingDetailView,
  meetingFormValuesOf,
  type AgendaRowValues,
} from '../../../src/cards/views/meetingsViews';
import { neutraliseHtml, verslagBlocks } from '../../../src/cards/views/meetingVerslagViews';
import {
  cancelMeeting,
  decideAgendapunt,
  proposeAgendapunt,
  respondToInvitation,
} from '../../../src/domain/meetings';
import { parseLocalDateTime } from '../../../src/domain/time/amsterdam';
import {
  icsTokenMatches,
  newMeetingDocument,
  type MeetingDocument,
} from '../../../src/storage/meetingsRepository';
import { cardText } from '../../support/botHarness';
import { at, gemeenteAdmin, must } from '../voorstellen/fixtures';
import { contactOf, meeting } from './fixtures';

/** The meeting views: what a broadcast card may show, how the verslag's Markdown becomes card elements, forms. */

const ICS = 'https://tafelbot.example/api/agenda/overleg-0123456789ab.ics?token=t';

function withProposalsAndAnswers(): MeetingDocument {
  let m = meeting();
  m = must(
    proposeAgendapunt(
      m,
      { id: 'ap-1', organisationId: 'org-a', title: 'Geheim voorstel A', explanation: 'Nog niet beslist' },
      contactOf('A'),
      at('2027-02-01 10:00'),
    ),
  ).meeting;
  m = must(
    proposeAgendapunt(
      m,
      { id: 'ap-2', organisationId: 'org-b', title: 'Afgewezen punt B', explanation: 'Weg ermee' },
      contactOf('B'),
      at('2027-02-01 11:00'),
    ),
  ).meeting;
  m = must(
    decideAgendapunt(
      m,
      { proposalId: 'ap-2', decision: 'afwijzen', reason: 'Hoort elders' },
      gemeenteAdmin(),
      at('2027-02-02 09:00'),
    ),
  ).meeting;
  m = must(
    respondToInvitation(
      m,
      { organisationId: 'org-c', attending: false, reason: 'Persoonlijke omstandigheden' },
      contactOf('C'),
      at('2027-02-03 09:00'),
    ),
  ).meeting;
  return newMeetingDocument(m);
}

describe('the agenda card that goes to every provider', () => {
  it('shows the agenda, not the open or declined proposals or anyone’s reason for absence', () => {
    const doc = withProposalsAndAnswers();
    const text = cardText(
      renderCard('meetingAgenda', 'nl', agendaView(doc, ICS, at('2027-02-04 09:00'), 'nl')),
    );
    expect(text).toContain('Verlengen overeenkomst');
    expect(text).not.toContain('Geheim voorstel A');
    expect(text).not.toContain('Afgewezen punt B');
    expect(text).not.toContain('Hoort elders');
    expect(text).not.toContain('Persoonlijke omstandigheden');
  });

  it('says it changed only when it is an update of an agenda already sent', () => {
    const doc = withProposalsAndAnswers();
    const now = at('2027-02-04 09:00');
    const first = { ...doc, sequence: 2, agendaBroadcast: null };
    expect(agendaView(first, ICS, now, 'nl').view?.changed).toBe(false);
    const broadcast = { broadcastId: 'b', sequence: 2, at: doc.createdAt, byPersonId: 'p' };
    expect(
      agendaView({ ...doc, sequence: 2, agendaBroadcast: broadcast }, ICS, now, 'nl').view?.changed,
    ).toBe(false);
    expect(
      agendaView({ ...doc, sequence: 3, agendaBroadcast: broadcast }, ICS, now, 'nl').view?.changed,
    ).toBe(true);
  });

  it('offers answering and proposing only while they are possible, and keeps the calendar link when cancelled', () => {
    const doc = withProposalsAndAnswers();
    const open = agendaView(doc, ICS, at('2027-02-04 09:00'), 'nl').view;
    expect(open).toMatchObject({ proposalsOpen: true, canRespond: true });
    const afterCutoff = agendaView(doc, ICS, at('2027-03-17 09:00'), 'nl').view;
    expect(afterCutoff).toMatchObject({ proposalsOpen: false, canRespond: true });
    const cancelled = newMeetingDocument(
      must(cancelMeeting(doc, 'Te weinig aanmeldingen', gemeenteAdmin(), at('2027-02-05 09:00'))).meeting,
    );
    const card = renderCard('meetingAgenda', 'nl', agendaView(cancelled, ICS, at('2027-02-05 10:00'), 'nl'));
    const verbs = JSON.stringify(card).match(/"verb":"[^"]+"/g) ?? [];
    expect(verbs).toEqual([]);
    expect(JSON.stringify(card)).toContain(ICS);
    expect(cardText(card)).toContain('Dit overleg is geannuleerd. Te weinig aanmeldingen');
  });
});

describe('the gemeente’s meeting card', () => {
  it('offers editing and sending before the meeting, attendance and the verslag once it has begun', () => {
    const doc = withProposalsAndAnswers();
    const before = meetingDetailView(doc, at('2027-03-01 09:00'), 'nl', { icsUrl: ICS }).view;
    expect(before).toMatchObject({
      canEdit: true,
      canBroadcast: true,
      canCancel: true,
      canRecordAttendance: false,
      canVerslag: false,
    });
    const during = meetingDetailView(doc, at('2027-03-30 14:30'), 'nl', { icsUrl: ICS }).view;
    expect(during).toMatchObject({
      canEdit: false,
      canBroadcast: false,
      canCancel: false,
      canRecordAttendance: true,
      canVerslag: true,
    });
  });

  it('shows the reasons for absence to the gemeente', () => {
    const text = cardText(
      renderCard(
        'meetingDetail',
        'nl',
        meetingDetailView(withProposalsAndAnswers(), at('2027-03-01 09:00'), 'nl', { icsUrl: ICS }),
      ),
    );
    expect(text).toContain('komt niet: Persoonlijke omstandigheden');
    expect(text).toContain('Geheim voorstel A');
  });
});

describe('the plan and edit form', () => {
  it('shows Dutch wall-clock times on both sides of the change to winter time', () => {
    const summer = meetingFormValuesOf(meeting({ start: '2027-10-30 14:00', end: '2027-10-30 16:00' }));
    const winter = meetingFormValuesOf(
      meeting({ start: '2027-11-02 09:30', end: '2027-11-02 11:00', proposalCutoff: '2027-10-31 02:30' }),
    );
    expect(summer).toMatchObject({ date: '2027-10-30', startTime: '14:00', endTime: '16:00' });
    expect(winter).toMatchObject({
      date: '2027-11-02',
      startTime: '09:30',
      endTime: '11:00',
      cutoffDate: '2027-10-31',
    });
    // What the form shows parses back to the same instant.
    const parsed = parseLocalDateTime(`${winter.date} ${winter.startTime}`);
    expect(parsed.ok && parsed.value.toISOString()).toBe('2027-11-02T08:30:00.000Z');
  });

  it('always offers a few empty rows, within the agenda limit', () => {
    const row: AgendaRowValues = { id: '', title: 'x', owner: 'y', description: '', link: '' };
    expect(formRows([])).toHaveLength(6);
    expect(formRows(Array(5).fill(row))).toHaveLength(8);
    expect(formRows(Array(29).fill(row))).toHaveLength(30);
    expect(formRows(Array(40).fill(row))).toHaveLength(30);
  });
});

describe('the verslag as card elements', () => {
  it('turns headings, paragraphs and tables into blocks', () => {
    const blocks = verslagBlocks(
      [
        '# Verslag',
        '',
        '- **Datum:** 30 maart',
        '- **Locatie:** Stadhuis',
        '',
        '## 1. Opening',
        '',
        '| Stem | Aantal | Partijen |',
        '| --- | --- | --- |',
        '| Voor | 2 | Alfa \\| Beta, Gamma |',
        '| Tegen | 0 | - |',
        'Na de tabel.\\',
        'Tweede regel.',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { kind: 'heading', text: 'Verslag', size: 'Large' },
      { kind: 'text', text: '- **Datum:** 30 maart\n- **Locatie:** Stadhuis' },
      { kind: 'heading', text: '1. Opening', size: 'Medium' },
      {
        kind: 'table',
        header: ['Stem', 'Aantal', 'Partijen'],
        rows: [
          ['Voor', '2', 'Alfa \\| Beta, Gamma'],
          ['Tegen', '0', '-'],
        ],
      },
      { kind: 'text', text: 'Na de tabel.\nTweede regel.' },
    ]);
  });

  it('neutralises HTML and mentions, and leaves what is escaped already alone', () => {
    expect(neutraliseHtml('<at>Iedereen</at> en \\<b\\>')).toBe('\\<at\\>Iedereen\\</at\\> en \\<b\\>');
    expect(verslagBlocks('Hallo <at>Iedereen</at>')).toEqual([
      { kind: 'text', text: 'Hallo \\<at\\>Iedereen\\</at\\>' },
    ]);
  });
});

describe('the .ics token', () => {
  it('matches only the exact token', () => {
    const doc = { icsToken: 'AbCdEf0123456789AbCdEf0123456789' };
    expect(icsTokenMatches(doc, 'AbCdEf0123456789AbCdEf0123456789')).toBe(true);
    for (const wrong of [
      '',
      'AbCdEf',
      'abcdef0123456789AbCdEf0123456789',
      `${doc.icsToken}x`,
      null,
      42,
      ['x'],
    ])
      expect(icsTokenMatches(doc, wrong)).toBe(false);
  });

  it('is different for every meeting', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newMeetingDocument(meeting()).icsToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
