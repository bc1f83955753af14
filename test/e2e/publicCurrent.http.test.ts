import { actionExecuteActivity, type TeamsUser } from '../support/activities';
import { cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { icsEvents, icsProperty, icsValue, parseAtom, parseICalendar } from '../support/feedParsers';
import { publishComposition, seedMeetingWorld, ORGS, type MeetingWorld } from '../support/meetingsFixtures';
import { actionData, inputsOf, type Card } from '../support/cardQueries';
import { at } from '../unit/voorstellen/fixtures';
import { succeed } from '../../src/domain/shared/result';
import { MeetingsRepository } from '../../src/storage/meetingsRepository';
import { PublicationsRepository } from '../../src/storage/publicationsRepository';
import { publicCopiesFor } from '../../src/public/publicCopies';

/**
 * Issue 20, always current: once the gemeente published a meeting's agenda, changing its time and place and
 * cancelling it reach the public page, the Atom feed and the iCalendar feed without anyone pressing
 * "Publiceren" again; each change is listed as "Gewijzigd op …: …"; withdrawing stays the gemeente's act.
 */

describe('a published meeting stays current on /openbaar without a second publication', () => {
  let bot: TestBot;
  let world: MeetingWorld;
  let clock = at('2027-01-10 10:00');
  let meetingId = '';

  const send = async (user: TeamsUser, verb: string, data: Record<string, unknown> = {}): Promise<Card> =>
    invokeCard(
      (await bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data })))
        .body,
    );
  const text = async (path: string) => {
    const response = await fetch(`${bot.url}${path}`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const publicState = async () => {
    const page = await text(`/openbaar/vergaderingen/${meetingId}`);
    const atom = parseAtom(await text('/openbaar/feed.xml'));
    const calendar = parseICalendar(await text('/openbaar/agenda.ics'));
    const entry = atom.entries.find((e) =>
      e.links.some((l) => l.href.endsWith(`/vergaderingen/${meetingId}`)),
    );
    const event = icsEvents(calendar).find((e) => icsValue(e, 'UID') === `meeting-${meetingId}@tafelbot`);
    return { page, entry, event };
  };

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    world = await seedMeetingWorld(bot, '20');
    await publishComposition(bot.bot.db, 2027, [ORGS.alfa, ORGS.beta, ORGS.gamma]);
    const form = await send(world.admin, 'meeting.nieuw');
    const planned = await send(world.admin, 'meeting.plannen', {
      ...actionData(form, 'meeting.plannen'),
      table: 'overlegtafel',
      title: '',
      date: '2027-03-30',
      startTime: '14:00',
      endTime: '16:00',
      location: 'Stadhuis Rivierstad, Raadzaal',
      cutoffDate: '2027-03-16',
      cutoffTime: '17:00',
      row1Title: 'Opening en mededelingen',
      row1Owner: 'Gemeente',
    });
    meetingId = String(actionData(planned, 'meeting.agenda.versturen').meetingId);
    const published = cardText(
      await send(world.admin, 'publicaties.publiceren', { kind: 'agenda', sourceId: meetingId }),
    );
    expect(published).toContain('gepubliceerd');
  });
  afterAll(() => bot.stop());

  it('shows the published time and place on the page and in both feeds', async () => {
    const { page, entry, event } = await publicState();
    expect(page).toContain('Stadhuis Rivierstad, Raadzaal');
    expect(page).toContain('dinsdag 30 maart 2027 om 14:00');
    expect(page).not.toContain('Gewijzigd op');
    expect(entry?.summary).toContain('Stadhuis Rivierstad, Raadzaal');
    expect(icsValue(event!, 'LOCATION')).toBe('Stadhuis Rivierstad\\, Raadzaal');
    expect(icsProperty(event!, 'DTSTART')).toMatchObject({
      params: { TZID: 'Europe/Amsterdam' },
      value: '20270330T140000',
    });
  });

  it('follows a change of time and place, with "Gewijzigd op …" on the page and in the feed', async () => {
    clock = at('2027-01-12 09:30');
    const before = await new PublicationsRepository(bot.bot.db).get('agenda', meetingId);
    const sequenceBefore = Number(icsValue((await publicState()).event!, 'SEQUENCE'));
    const form = await send(world.admin, 'meeting.bewerken', { meetingId });
    await send(world.admin, 'meeting.wijzigen', {
      ...actionData(form, 'meeting.wijzigen'),
      ...inputsOf(form),
      startTime: '15:00',
      endTime: '17:00',
      location: 'Huis van de Wijk, Zaal 2',
    });
    const { page, entry, event } = await publicState();
    expect(page).toContain('Huis van de Wijk, Zaal 2');
    expect(page).toContain('dinsdag 30 maart 2027 om 15:00');
    expect(page).not.toContain('Stadhuis Rivierstad, Raadzaal');
    expect(page).toContain(
      'Gewijzigd op dinsdag 12 januari 2027 om 09:30: Tijd gewijzigd naar dinsdag 30 maart 2027 om 15:00 tot 17:00; locatie gewijzigd naar Huis van de Wijk, Zaal 2',
    );
    expect(entry?.updated).toBe('2027-01-12T08:30:00.000Z');
    expect(entry?.summary).toContain('Gewijzigd op dinsdag 12 januari 2027 om 09:30');
    expect(entry?.summary).toContain('Huis van de Wijk, Zaal 2');
    expect(Number(icsValue(event!, 'SEQUENCE'))).toBe(sequenceBefore + 1);
    expect(icsValue(event!, 'DTSTART')).toBe('20270330T150000');
    expect(icsValue(event!, 'LOCATION')).toBe('Huis van de Wijk\\, Zaal 2');
    const after = await new PublicationsRepository(bot.bot.db).get('agenda', meetingId);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    // Recorded as Tafelbot's update, not as someone's publication.
    const audit = await bot.bot.registry.listAudit('publicaties');
    expect(audit.at(-1)).toMatchObject({
      action: 'publicatie.bijgewerkt',
      actorPersonId: null,
      details: { kind: 'agenda', sourceId: meetingId, automatic: true },
    });
  });

  it('follows a cancellation: page, Atom and iCalendar (STATUS:CANCELLED)', async () => {
    clock = at('2027-01-20 16:00');
    const sequenceBefore = Number(icsValue((await publicState()).event!, 'SEQUENCE'));
    const cancelled = await send(world.admin, 'meeting.annuleren', {
      meetingId,
      cancelReason: 'Te weinig agendapunten',
    });
    expect(cardText(cancelled)).toMatch(/geannuleerd/i);
    const { page, entry, event } = await publicState();
    expect(page).toContain('Geannuleerd');
    expect(page).toContain('Te weinig agendapunten');
    expect(page).toContain(
      'Gewijzigd op woensdag 20 januari 2027 om 16:00: Geannuleerd (Te weinig agendapunten)',
    );
    // The earlier change is still listed.
    expect(page).toContain('Gewijzigd op dinsdag 12 januari 2027 om 09:30');
    expect(entry?.summary).toContain('Geannuleerd');
    expect(icsValue(event!, 'STATUS')).toBe('CANCELLED');
    expect(Number(icsValue(event!, 'SEQUENCE'))).toBe(sequenceBefore + 1);
  });

  it('catches up in the scheduled sweep when a change reached the meeting but not the public copy', async () => {
    // As if the process died between the meeting's write and the public copy's: only the meeting changed.
    await new MeetingsRepository(bot.bot.db).mutate(meetingId, (doc) =>
      succeed({ doc: { ...doc, cancellationReason: 'Verplaatst naar april' }, events: [] }),
    );
    expect((await publicState()).page).not.toContain('Verplaatst naar april');
    expect(await publicCopiesFor(bot.bot.services).refreshAll()).toBe(1);
    expect((await publicState()).page).toContain('Verplaatst naar april');
    // Idempotent: nothing left to do.
    expect(await publicCopiesFor(bot.bot.services).refreshAll()).toBe(0);
  });

  it('leaves an unpublished meeting unpublished, and a withdrawn one withdrawn', async () => {
    const withdrawn = cardText(
      await send(world.admin, 'publicaties.intrekken', { kind: 'agenda', sourceId: meetingId }),
    );
    expect(withdrawn).toMatch(/ingetrokken/i);
    expect(await publicCopiesFor(bot.bot.services).refresh('agenda', meetingId)).toBe('not-published');
    expect(await publicCopiesFor(bot.bot.services).refreshAll()).toBe(0);
    expect((await fetch(`${bot.url}/openbaar/vergaderingen/${meetingId}`)).status).toBe(404);
    expect(await new PublicationsRepository(bot.bot.db).get('agenda', meetingId)).toBeUndefined();
  });
});
