import { decideAgendapunt, proposeAgendapunt } from '../../../src/domain/meetings/agendapunten';
import {
  cancelMeeting,
  planMeeting,
  proposalsOpen,
  updateMeeting,
} from '../../../src/domain/meetings/meeting';
import { at, contact, gemeenteAdmin, must, organisation, UNKNOWN } from '../voorstellen/fixtures';
import { contactOf, LOKALE_TOEGANG, meeting, MEETING_INPUT, PLANNED_AT } from './fixtures';

describe('planning a meeting', () => {
  it('stores Dutch wall-clock times as instants and names it after its table', () => {
    const change = must(planMeeting({ id: 'm-1', input: MEETING_INPUT }, gemeenteAdmin(), PLANNED_AT));
    expect(change.meeting).toMatchObject({
      title: 'Overlegtafel',
      start: '2027-03-30T12:00:00.000Z',
      end: '2027-03-30T14:00:00.000Z',
      proposalCutoff: '2027-03-16T16:00:00.000Z',
      sequence: 0,
      status: 'gepland',
    });
    expect(change.meeting.agenda.map((i) => i.id)).toEqual(['agendapunt-1', 'agendapunt-2']);
    expect(change.events).toEqual([{ type: 'meeting.gepland', meetingId: 'm-1' }]);
    expect(meeting({ table: { ontwikkeltafelId: 'ot-1', name: 'Wachtlijsten' } }).title).toBe(
      'Ontwikkeltafel Wachtlijsten',
    );
  });

  it('refuses a meeting in the past', () => {
    const result = planMeeting(
      { id: 'm', input: { ...MEETING_INPUT, start: '2027-01-05 09:00', end: '2027-01-05 11:00' } },
      gemeenteAdmin(),
      PLANNED_AT,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'meeting.invalid',
      fieldErrors: { start: 'Het overleg moet in de toekomst liggen.' },
    });
  });

  it('refuses a start that does not exist (clocks forward), an end before the start, and a 13-hour meeting', () => {
    expect(
      planMeeting(
        { id: 'm', input: { ...MEETING_INPUT, start: '2027-03-28 02:30', end: '2027-03-28 04:00' } },
        gemeenteAdmin(),
        PLANNED_AT,
      ),
    ).toMatchObject({
      fieldErrors: {
        start:
          'De begintijd: 2027-03-28 02:30 bestaat niet: die nacht gaat de klok een uur vooruit. Kies een ander tijdstip.',
      },
    });
    expect(
      planMeeting(
        { id: 'm', input: { ...MEETING_INPUT, end: '2027-03-30 13:00' } },
        gemeenteAdmin(),
        PLANNED_AT,
      ),
    ).toMatchObject({
      fieldErrors: { end: 'De eindtijd moet na de begintijd liggen.' },
    });
    expect(
      planMeeting(
        { id: 'm', input: { ...MEETING_INPUT, start: '2027-03-30 08:00', end: '2027-03-30 21:00' } },
        gemeenteAdmin(),
        PLANNED_AT,
      ),
    ).toMatchObject({
      fieldErrors: { end: 'Een overleg duurt maximaal 12 uur.' },
    });
  });

  it('requires a location, members, valid agenda items and a cut-off before the start', () => {
    const result = planMeeting(
      {
        id: 'm',
        input: {
          ...MEETING_INPUT,
          location: '',
          members: [],
          agenda: [{ title: 'x', owner: '' }],
          proposalCutoff: '2027-03-31 09:00',
        },
      },
      gemeenteAdmin(),
      PLANNED_AT,
    );
    expect(result).toMatchObject({
      fieldErrors: {
        location: 'De locatie is verplicht.',
        members: 'Geef aan welke organisaties lid zijn van deze tafel.',
        agenda: 'De titel van agendapunt 1 is te kort (minstens 3 tekens).',
        proposalCutoff: 'De termijn voor agendapunten moet vóór het begin van het overleg liggen.',
      },
    });
  });

  it('only the gemeente plans', () => {
    expect(planMeeting({ id: 'm', input: MEETING_INPUT }, contactOf('A'), PLANNED_AT)).toMatchObject({
      code: 'auth.gemeente-only',
    });
    expect(planMeeting({ id: 'm', input: MEETING_INPUT }, UNKNOWN, PLANNED_AT)).toMatchObject({
      code: 'auth.unknown-user',
    });
  });
});

describe('updating and cancelling', () => {
  const m = meeting();

  it('raises the sequence for a change people must see in their calendar', () => {
    const moved = must(
      updateMeeting(m, { start: '2027-03-30 15:00', end: '2027-03-30 17:00' }, gemeenteAdmin(), PLANNED_AT),
    );
    expect(moved.meeting.sequence).toBe(1);
    expect(moved.events).toEqual([
      { type: 'meeting.gewijzigd', meetingId: 'm-1', sequence: 1, changed: ['start', 'end'] },
    ]);
    const relocated = must(
      updateMeeting(moved.meeting, { location: 'Gemeentehuis Kerkdriel' }, gemeenteAdmin(), PLANNED_AT),
    );
    expect(relocated.meeting.sequence).toBe(2);
  });

  it('keeps the agenda item ids when the agenda is edited', () => {
    const edited = must(
      updateMeeting(
        m,
        {
          agenda: [
            { id: 'agendapunt-2', title: 'Verlengen overeenkomst', owner: 'Gemeente' },
            { title: 'Rondvraag', owner: 'Voorzitter' },
          ],
        },
        gemeenteAdmin(),
        PLANNED_AT,
      ),
    );
    expect(edited.meeting.agenda.map((i) => [i.id, i.title])).toEqual([
      ['agendapunt-2', 'Verlengen overeenkomst'],
      ['agendapunt-3', 'Rondvraag'],
    ]);
  });

  it('changes nothing when nothing changes, and does not raise the sequence for the cut-off', () => {
    const same = must(updateMeeting(m, { location: MEETING_INPUT.location }, gemeenteAdmin(), PLANNED_AT));
    expect(same.meeting).toBe(m);
    const cutoff = must(
      updateMeeting(m, { proposalCutoff: '2027-03-20 12:00' }, gemeenteAdmin(), PLANNED_AT),
    );
    expect(cutoff.meeting.sequence).toBe(0);
    expect(cutoff.meeting.proposalCutoff).toBe('2027-03-20T11:00:00.000Z');
  });

  it('refuses changes once the meeting has started, or when cancelled', () => {
    expect(updateMeeting(m, { location: 'Elders' }, gemeenteAdmin(), at('2027-03-30 14:00'))).toMatchObject({
      code: 'meeting.started',
    });
    const cancelled = must(cancelMeeting(m, 'Te weinig agendapunten.', gemeenteAdmin(), PLANNED_AT));
    expect(cancelled.meeting).toMatchObject({
      status: 'geannuleerd',
      sequence: 1,
      cancellationReason: 'Te weinig agendapunten.',
    });
    expect(cancelled.events).toEqual([{ type: 'meeting.geannuleerd', meetingId: 'm-1', sequence: 1 }]);
    expect(
      updateMeeting(cancelled.meeting, { location: 'Elders' }, gemeenteAdmin(), PLANNED_AT),
    ).toMatchObject({ code: 'meeting.cancelled' });
    expect(cancelMeeting(m, '', gemeenteAdmin(), PLANNED_AT)).toMatchObject({
      fieldErrors: { reason: 'De reden van de annulering is verplicht.' },
    });
  });
});

describe('proposed agendapunten', () => {
  const m = meeting();
  const cutoff = new Date('2027-03-16T16:00:00.000Z');
  const proposal = {
    id: 'ap-1',
    organisationId: 'org-a',
    title: 'Wachtlijsten Wmo',
    explanation: 'Graag een update over de wachtlijsten.',
  };

  it('an aanbieder proposes until the cut-off, inclusive to the second', () => {
    const change = must(proposeAgendapunt(m, proposal, contactOf('A'), new Date(cutoff.getTime() + 999)));
    expect(change.meeting.proposals[0]).toMatchObject({
      status: 'ingediend',
      proposedBy: { organisationName: 'Zorg A' },
    });
    expect(change.events).toEqual([{ type: 'agendapunt.voorgesteld', meetingId: 'm-1', proposalId: 'ap-1' }]);
    const late = proposeAgendapunt(m, proposal, contactOf('A'), new Date(cutoff.getTime() + 1000));
    expect(late).toMatchObject({
      ok: false,
      code: 'agendapunt.closed',
      messages: [
        'Agendapunten voor dit overleg konden tot dinsdag 16 maart 2027 om 17:00 worden voorgesteld.',
      ],
    });
    expect(proposalsOpen(m, new Date(cutoff.getTime() + 1000))).toBe(false);
  });

  it('refuses proposals from non-aanbieders, for another organisation, without a cut-off, or too many', () => {
    const t = at('2027-03-01 10:00');
    expect(
      proposeAgendapunt(m, { ...proposal, organisationId: 'org-lt' }, contact('p-lt', LOKALE_TOEGANG), t),
    ).toMatchObject({ code: 'agendapunt.not-allowed' });
    expect(proposeAgendapunt(m, proposal, contactOf('B'), t)).toMatchObject({
      code: 'agendapunt.not-allowed',
    });
    const exAanbieder = organisation('org-old', 'Oud', 'aanbieder', false);
    expect(
      proposeAgendapunt(m, { ...proposal, organisationId: 'org-old' }, contact('p-o', exAanbieder), t),
    ).toMatchObject({ code: 'agendapunt.not-allowed' });
    expect(proposeAgendapunt(meeting({ proposalCutoff: null }), proposal, contactOf('A'), t)).toMatchObject({
      messages: ['Voor dit overleg kunnen geen agendapunten worden voorgesteld.'],
    });
    let many = m;
    for (let i = 0; i < 5; i += 1)
      many = must(proposeAgendapunt(many, { ...proposal, id: `ap-${i}` }, contactOf('A'), t)).meeting;
    expect(
      proposeAgendapunt(many, { ...proposal, id: 'ap-6' }, contactOf('A', 'vervanger'), t),
    ).toMatchObject({ code: 'agendapunt.too-many' });
    expect(proposeAgendapunt(m, { ...proposal, title: '' }, contactOf('A'), t)).toMatchObject({
      fieldErrors: { title: 'De titel is verplicht.' },
    });
  });

  const proposed = must(proposeAgendapunt(m, proposal, contactOf('A'), at('2027-03-01 10:00'))).meeting;

  it('the gemeente accepts: the item joins the agenda under the proposer’s name, the proposer is told, calendars update', () => {
    const change = must(
      decideAgendapunt(
        proposed,
        { proposalId: 'ap-1', decision: 'accepteren' },
        gemeenteAdmin(),
        at('2027-03-17 10:00'),
      ),
    );
    expect(change.meeting.agenda.at(-1)).toEqual({
      id: 'agendapunt-3',
      title: 'Wachtlijsten Wmo',
      description: 'Graag een update over de wachtlijsten.',
      owner: 'Zorg A',
      link: null,
      proposalId: 'ap-1',
    });
    expect(change.meeting.sequence).toBe(1);
    expect(change.events).toEqual([
      {
        type: 'agendapunt.besloten',
        meetingId: 'm-1',
        proposalId: 'ap-1',
        accepted: true,
        reason: null,
        proposerPersonId: 'p-a-contactpersoon',
      },
      { type: 'meeting.gewijzigd', meetingId: 'm-1', sequence: 1, changed: ['agenda'] },
    ]);
    expect(
      decideAgendapunt(
        change.meeting,
        { proposalId: 'ap-1', decision: 'afwijzen', reason: 'Toch niet.' },
        gemeenteAdmin(),
        PLANNED_AT,
      ),
    ).toMatchObject({
      code: 'agendapunt.decided',
    });
  });

  it('declining requires a reason, which the proposer is told', () => {
    expect(
      decideAgendapunt(proposed, { proposalId: 'ap-1', decision: 'afwijzen' }, gemeenteAdmin(), PLANNED_AT),
    ).toMatchObject({
      fieldErrors: { reason: 'De reden is verplicht.' },
    });
    const change = must(
      decideAgendapunt(
        proposed,
        { proposalId: 'ap-1', decision: 'afwijzen', reason: 'Staat al op de agenda van juni.' },
        gemeenteAdmin(),
        PLANNED_AT,
      ),
    );
    expect(change.meeting.agenda).toHaveLength(2);
    expect(change.meeting.sequence).toBe(0);
    expect(change.events).toEqual([
      expect.objectContaining({
        accepted: false,
        reason: 'Staat al op de agenda van juni.',
        proposerPersonId: 'p-a-contactpersoon',
      }),
    ]);
  });

  it('refuses an unknown decision or proposal, and non-gemeente deciders', () => {
    expect(
      decideAgendapunt(proposed, { proposalId: 'ap-1', decision: 'ja' }, gemeenteAdmin(), PLANNED_AT),
    ).toMatchObject({
      fieldErrors: { decision: 'Kies accepteren of afwijzen.' },
    });
    expect(
      decideAgendapunt(proposed, { proposalId: 'ap-9', decision: 'accepteren' }, gemeenteAdmin(), PLANNED_AT),
    ).toMatchObject({ code: 'agendapunt.unknown' });
    expect(
      decideAgendapunt(proposed, { proposalId: 'ap-1', decision: 'accepteren' }, contactOf('A'), PLANNED_AT),
    ).toMatchObject({ code: 'auth.gemeente-only' });
  });
});
