import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import {
  planMeeting,
  proposeAgendapunt,
  type MeetingInput,
  type MeetingMember,
  type MeetingTable,
} from '../../src/domain/meetings';
import type { Organisation } from '../../src/domain/registry/registry';
import { personIdFor } from '../../src/domain/registry/registry';
import { editVersionOf } from '../../src/meetings/formVersions';
import { meetingAuditStream } from '../../src/meetings/meetingAudit';
import { broadcastIdsOf } from '../../src/meetings/meetingBroadcasts';
import { meetingsServiceFor, type MeetingsService } from '../../src/meetings/meetingsService';
import { StaleDocumentError } from '../../src/storage/documentStore';
import { newMeetingDocument, type MeetingDocument } from '../../src/storage/meetingsRepository';
import { startTestBot, type TestBot } from '../support/botHarness';
import { storeClosedVoorstel } from '../support/meetingsFixtures';
import { at, contact, gemeenteAdmin, GEMEENTE_ORG, must, organisation } from '../unit/voorstellen/fixtures';

/**
 * MeetingsService against the embedded store: concurrent answers on one meeting document, forms that go stale
 * only when what they show changed, the attendance rule over a year of stored meetings, the outbox a crashed turn
 * leaves, and the concept verslag the scheduled task drafts.
 */

const AANBIEDERS: Organisation[] = Array.from({ length: 12 }, (_, i) =>
  organisation(`org-z${String(i + 1).padStart(2, '0')}`, `Zorg ${i + 1}`),
);
const MEMBERS: MeetingMember[] = [GEMEENTE_ORG, ...AANBIEDERS].map((o) => ({
  organisationId: o.id,
  name: o.name,
  type: o.type,
}));

describe('meetings against the embedded store', () => {
  let bot: TestBot;
  let service: MeetingsService;
  let clock = at('2027-01-04 09:00');
  let counter = 0;

  /** A meeting planned by the domain at the current clock and stored, as MeetingsService.plan would. */
  async function storedMeeting(input: Partial<MeetingInput>): Promise<MeetingDocument> {
    counter += 1;
    const id = `overleg-${String(counter).padStart(12, '0')}`;
    const planned = must(
      planMeeting(
        {
          id,
          input: {
            table: 'overlegtafel',
            location: 'Stadhuis',
            members: MEMBERS,
            agenda: [{ title: 'Opening', owner: 'Gemeente' }],
            ...input,
          },
        },
        gemeenteAdmin(),
        clock,
      ),
    );
    return (await service.repo.create(newMeetingDocument(planned.meeting))).value;
  }

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    service = meetingsServiceFor(bot.bot.services);
  });
  afterAll(() => bot.stop());

  it('keeps every answer when forty members answer at the same moment', async () => {
    const many = Array.from({ length: 40 }, (_, i) => organisation(`org-m${i}`, `Lid ${i}`));
    const members = [GEMEENTE_ORG, ...many].map((o) => ({
      organisationId: o.id,
      name: o.name,
      type: o.type,
    }));
    const meeting = await storedMeeting({ start: '2027-02-10 14:00', end: '2027-02-10 16:00', members });
    const results = await Promise.all(
      many.map((o, i) =>
        service.respond(
          contact(`p-${o.id}`, o),
          meeting.id,
          o.id,
          i % 2 === 0,
          i % 2 === 0 ? '' : 'Ziek thuis',
        ),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const stored = (await service.repo.get(meeting.id))!.value;
    expect(stored.rsvps.map((r) => r.organisationId).sort()).toEqual(many.map((o) => o.id).sort());
    expect(stored.rsvps.filter((r) => !r.attending).every((r) => r.reason === 'Ziek thuis')).toBe(true);
  });

  it('refuses an edit form whose agenda changed meanwhile, but not one around which members answered', async () => {
    const meeting = await storedMeeting({
      start: '2027-02-24 14:00',
      end: '2027-02-24 16:00',
      proposalCutoff: '2027-02-17 17:00',
    });
    const version = editVersionOf(meeting);
    const form = {
      title: 'Overlegtafel februari',
      date: '2027-02-24',
      startTime: '15:00',
      endTime: '17:00',
      location: 'Stadhuis',
      cutoffDate: '2027-02-17',
      cutoffTime: '17:00',
      rows: [{ id: 'agendapunt-1', title: 'Opening', owner: 'Gemeente', description: '', link: '' }],
    };
    const [first] = AANBIEDERS as [Organisation];
    await service.respond(contact('p-1', first), meeting.id, first.id, true, '');
    const changed = await service.update(gemeenteAdmin(), meeting.id, version, form);
    expect(changed.ok && changed.value.value.start).toBe('2027-02-24T14:00:00.000Z');

    const proposed = await service.propose(
      contact('p-1', first),
      meeting.id,
      'aaaaaaaaaaaa',
      first.id,
      'Wachtlijsten',
      'Graag bespreken.',
    );
    expect(proposed.ok).toBe(true);
    const proposalId = proposed.ok ? proposed.value.proposalId : '';
    const staleVersion = editVersionOf((await service.repo.get(meeting.id))!.value);
    await service.decide(gemeenteAdmin(), meeting.id, proposalId, 'accepteren', '');
    await expect(
      service.update(gemeenteAdmin(), meeting.id, staleVersion, { ...form, title: 'Kwijt het nieuwe punt' }),
    ).rejects.toBeInstanceOf(StaleDocumentError);
    const stored = (await service.repo.get(meeting.id))!.value;
    expect(stored.title).toBe('Overlegtafel februari');
    expect(stored.agenda.map((i) => i.title)).toEqual(['Opening', 'Wachtlijsten']);
  });

  it('records every change to a meeting in its audit stream, with ids and flags only', async () => {
    const meeting = await storedMeeting({
      start: '2027-03-10 14:00',
      end: '2027-03-10 16:00',
      proposalCutoff: '2027-03-03 17:00',
    });
    const [first] = AANBIEDERS as [Organisation];
    const admin = gemeenteAdmin();
    const provider = contact('p-audit', first);
    must(await service.respond(provider, meeting.id, first.id, false, 'Ziek thuis'));
    const changed = await service.update(admin, meeting.id, editVersionOf(meeting), {
      title: 'Overlegtafel maart',
      date: '2027-03-10',
      startTime: '14:00',
      endTime: '16:00',
      location: 'Stadhuis',
      cutoffDate: '2027-03-03',
      cutoffTime: '17:00',
      thirdParties: 'Jan de Vries: onderzoeker',
      rows: [{ id: 'agendapunt-1', title: 'Opening', owner: 'Gemeente', description: '', link: '' }],
    });
    expect(changed.ok).toBe(true);
    const proposed = must(
      await service.propose(
        provider,
        meeting.id,
        'bbbbbbbbbbbb',
        first.id,
        'Wachtlijsten',
        'Graag bespreken.',
      ),
    );
    must(
      await service.decide(
        admin,
        meeting.id,
        proposed.proposalId,
        'afwijzen',
        'Past niet in deze vergadering.',
      ),
    );
    // The same answer again changes nothing, so it records nothing.
    must(await service.respond(provider, meeting.id, first.id, false, 'Ziek thuis'));

    const trail = await bot.bot.registry.listAudit(meetingAuditStream(meeting.id));
    expect(trail.map((e) => [e.action, e.actorPersonId])).toEqual([
      ['aanwezigheid.gemeld', provider.kind === 'person' ? provider.person.id : null],
      ['meeting.gewijzigd', admin.kind === 'person' ? admin.person.id : null],
      ['agendapunt.voorgesteld', provider.kind === 'person' ? provider.person.id : null],
      ['agendapunt.besloten', admin.kind === 'person' ? admin.person.id : null],
    ]);
    expect(trail[0]!.details).toEqual({ organisationId: first.id, attending: false });
    expect(trail[1]!.details).toMatchObject({ changed: expect.arrayContaining(['title', 'thirdParties']) });
    expect(trail[3]).toMatchObject({ subjectId: proposed.proposalId, details: { accepted: false } });
    // Names, titles and reasons stay in the meeting: the trail holds ids.
    const text = JSON.stringify(trail);
    for (const word of [
      'Jan de Vries',
      'Wachtlijsten',
      'Graag bespreken',
      'Ziek thuis',
      'Past niet',
      'maart',
    ])
      expect(text).not.toContain(word);
  });

  it('flags a member at four misses in a calendar year (not at three with reasons) and at a miss without a reason', async () => {
    const [steady, often, silent] = AANBIEDERS as [Organisation, Organisation, Organisation];
    const table: MeetingTable = { ontwikkeltafelId: 'ot-regel', name: 'Aanwezigheidsregel' };
    const others = AANBIEDERS.filter((o) => o !== often && o !== silent).map((o) => o.id);
    const dates = ['2027-03-03', '2027-05-05', '2027-09-08', '2027-11-10'];
    const held: MeetingDocument[] = [];
    clock = at('2027-03-01 09:00');
    for (const date of dates)
      held.push(
        await storedMeeting({ table, start: `${date} 14:00`, end: `${date} 16:00`, proposalCutoff: null }),
      );
    // A meeting of the same table in the year before, and one of the Overlegtafel, do not count for 2027.
    clock = at('2026-11-01 09:00');
    const lastYear = await storedMeeting({ table, start: '2026-12-09 14:00', end: '2026-12-09 16:00' });
    clock = at('2027-03-01 09:00');
    const otherTable = await storedMeeting({ start: '2027-06-02 14:00', end: '2027-06-02 16:00' });

    const record = async (meeting: MeetingDocument, absentWithoutReason: readonly string[]) => {
      clock = new Date(Date.parse(meeting.end) + 3_600_000);
      const result = await service.recordAttendance(gemeenteAdmin(), meeting.id, {
        present: [GEMEENTE_ORG.id, ...others],
        absenceReasons: [often.id, silent.id]
          .filter((id) => !absentWithoutReason.includes(id))
          .map((organisationId) => ({ organisationId, reason: 'Afgemeld per telefoon' })),
      });
      expect(result.ok).toBe(true);
    };
    await record(lastYear, [often.id, silent.id]);
    await record(otherTable, [often.id, silent.id]);
    await record(held[0]!, []);
    await record(held[1]!, [silent.id]);
    await record(held[2]!, []);

    const afterThree = await service.attendanceReview(2027, table);
    const flagsOf = (reviews: typeof afterThree.reviews, o: Organisation) =>
      reviews.find((r) => r.member.organisationId === o.id)?.flags;
    expect(flagsOf(afterThree.reviews, often)).toEqual([]);
    expect(afterThree.reviews.find((r) => r.member.organisationId === often.id)?.absences).toHaveLength(3);
    expect(flagsOf(afterThree.reviews, silent)).toEqual(['gemist-zonder-reden']);
    expect(flagsOf(afterThree.reviews, steady)).toEqual([]);

    await record(held[3]!, []);
    const afterFour = await service.attendanceReview(2027, table);
    expect(flagsOf(afterFour.reviews, often)).toEqual(['meer-dan-drie-keer-gemist']);
    expect(flagsOf(afterFour.reviews, silent)).toEqual(['meer-dan-drie-keer-gemist', 'gemist-zonder-reden']);
    expect(afterFour.meetings.map((m) => m.id)).toEqual(held.map((m) => m.id));
  });

  it('enqueues what a crashed turn left in the outbox, once, from the scheduled task', async () => {
    const proposerEmail = 'pieter@zorg1.example';
    const [first] = AANBIEDERS as [Organisation];
    await bot.bot.registry.createOrganisation(first, null);
    await bot.bot.registry.createPerson(
      {
        name: 'Pieter',
        email: proposerEmail,
        phone: null,
        aadObjectId: null,
        memberships: [{ organisationId: first.id, role: 'contactpersoon' }],
        isAdmin: false,
      },
      null,
    );
    clock = at('2027-04-01 09:00');
    const meeting = await storedMeeting({
      start: '2027-04-21 14:00',
      end: '2027-04-21 16:00',
      proposalCutoff: '2027-04-14 17:00',
    });
    const proposer = contact(personIdFor(proposerEmail), first);
    const proposed = must(
      proposeAgendapunt(
        meeting,
        { id: 'ap-crash', organisationId: first.id, title: 'Vervoer', explanation: 'Afstanden in de regio.' },
        proposer,
        clock,
      ),
    ).meeting;
    const current = (await service.repo.get(meeting.id))!;
    // The decision is stored with its outbox entry, and the process dies before enqueueing it.
    const decidedAt = new Date(clock.getTime() + 60_000);
    const entryId = broadcastIdsOf(meeting.id).besluit('ap-crash');
    await service.repo.meetings.replace(
      {
        ...current.value,
        proposals: proposed.proposals.map((p) => ({
          ...p,
          status: 'afgewezen' as const,
          reason: 'Past niet bij deze tafel.',
          decidedAt: decidedAt.toISOString(),
          decidedBy: p.proposedBy,
        })),
        outbox: [{ id: entryId, kind: 'agendapunt-besluit', proposalId: 'ap-crash' }],
      },
      current.etag,
    );
    expect(await new DeliveryRepository(bot.bot.db).getJob(entryId)).toBeUndefined();
    await service.runScheduled(clock);
    await service.runScheduled(clock);
    const job = await new DeliveryRepository(bot.bot.db).getJob(entryId);
    expect(job?.value.message.text).toContain('Past niet bij deze tafel.');
    expect(
      (await new DeliveryRepository(bot.bot.db).recipients(entryId)).map((r) => r.value.personId),
    ).toEqual([personIdFor(proposerEmail)]);
    expect((await service.repo.get(meeting.id))!.value.outbox).toEqual([]);
  });

  it('drafts the verslag once after the meeting, with the votes closed since the previous meeting only', async () => {
    const table: MeetingTable = { ontwikkeltafelId: 'ot-verslag', name: 'Verslagtafel' };
    clock = at('2027-01-04 09:00');
    const previous = await storedMeeting({ table, start: '2027-02-23 14:00', end: '2027-02-23 16:00' });
    const meeting = await storedMeeting({ table, start: '2027-03-16 14:00', end: '2027-03-16 16:00' });
    const [a, b] = AANBIEDERS as [Organisation, Organisation];
    const origin = { ontwikkeltafelId: 'ot-verslag' };
    await storeClosedVoorstel(
      bot.bot.db,
      'vs-oud',
      'Voor het vorige overleg gesloten',
      [
        [GEMEENTE_ORG, 'voor'],
        [a, 'voor'],
      ],
      '2027-02-20 12:00',
      origin,
    );
    await storeClosedVoorstel(
      bot.bot.db,
      'vs-nieuw',
      'Sinds het vorige overleg gesloten',
      [
        [GEMEENTE_ORG, 'voor'],
        [a, 'tegen'],
        [b, undefined],
      ],
      '2027-03-01 12:00',
      origin,
    );
    // The Overlegtafel's votes are not minuted at an ontwikkeltafel.
    await storeClosedVoorstel(
      bot.bot.db,
      'vs-overleg',
      'Van de Overlegtafel',
      [[a, 'voor']],
      '2027-03-02 12:00',
    );

    clock = at('2027-03-16 15:00');
    await service.runScheduled(clock);
    expect((await service.repo.get(meeting.id))!.value.verslag).toBeNull();

    clock = at('2027-03-16 16:30');
    await service.runScheduled(clock);
    const drafted = (await service.repo.get(meeting.id))!.value.verslag;
    expect(drafted?.markdown).toContain('Sinds het vorige overleg gesloten');
    expect(drafted?.markdown).toContain('**Stemverhouding:** 1 voor, 1 tegen, 0 onthouding, 1 niet gestemd');
    expect(drafted?.markdown).not.toContain('Voor het vorige overleg gesloten');
    expect(drafted?.markdown).not.toContain('Van de Overlegtafel');
    expect((await service.repo.get(previous.id))!.value.verslag?.markdown).toContain('# Concept verslag');

    // The gemeente's own text is kept: neither the task nor recording attendance drafts over it.
    const saved = await service.saveVerslag(
      gemeenteAdmin(),
      meeting.id,
      `${drafted!.markdown}\nBesproken.`,
      '',
    );
    expect(saved.ok).toBe(true);
    await service.runScheduled(clock);
    await service.recordAttendance(gemeenteAdmin(), meeting.id, { present: [GEMEENTE_ORG.id] });
    expect((await service.repo.get(meeting.id))!.value.verslag?.markdown).toContain('Besproken.');
  });
});
