import { DateTime } from 'luxon';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { MeetingsRepository } from '../../src/storage/meetingsRepository';
import { actionExecuteActivity, messageActivity, type TeamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { drain } from '../support/deliveryFixtures';
import {
  ORGS,
  publishComposition,
  seedMeetingWorld,
  storeClosedVoorstel,
  type MeetingWorld,
} from '../support/meetingsFixtures';
import { actionData, cardNodes, inputsOf, type Card } from '../support/cardQueries';
import { at } from '../unit/voorstellen/fixtures';

/**
 * Issue 7 over HTTP, with the real bot, the embedded store and a fake Teams service: the gemeente plans a meeting,
 * aanbieders propose agendapunten until the cut-off, the agenda with its .ics reaches every contracted aanbieder,
 * a change goes out as an update of the same message, members answer, attendance is recorded and the concept
 * verslag with the stemverhouding is completed and published.
 */

function openUrlOf(card: Card): string {
  const action = cardNodes(card).find((n) => n.type === 'Action.OpenUrl');
  if (!action) throw new Error('no Action.OpenUrl on the card');
  return String(action.url);
}

interface IcsProperty {
  readonly name: string;
  readonly params: Record<string, string>;
  readonly value: string;
}

/** A small RFC 5545 reader: CRLF lines, unfolded, split into name, parameters and value. */
function parseIcs(text: string): IcsProperty[] {
  expect(text.endsWith('\r\n')).toBe(true);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      const [name = '', ...params] = line.slice(0, colon).split(';');
      return {
        name,
        params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])),
        value: line.slice(colon + 1),
      };
    });
}

function eventStart(properties: IcsProperty[]): Date {
  // The event's DTSTART carries the TZID; those inside VTIMEZONE are the rule's own local times.
  const start = properties.find((p) => p.name === 'DTSTART' && p.params.TZID);
  if (!start) throw new Error('no DTSTART');
  return DateTime.fromFormat(start.value, "yyyyMMdd'T'HHmmss", { zone: start.params.TZID }).toJSDate();
}

describe('meetings: agenda to all providers, agendapunten, attendance and verslag over HTTP', () => {
  let bot: TestBot;
  let world: MeetingWorld;
  let clock = at('2027-01-10 10:00');
  let meetingId = '';
  let icsUrl = '';

  const send = async (user: TeamsUser, verb: string, data: Record<string, unknown> = {}): Promise<Card> =>
    invokeCard(
      (await bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data })))
        .body,
    );
  const meetings = () => new MeetingsRepository(bot.bot.db);
  const stored = async () => (await meetings().get(meetingId))!.value;
  const callsTo = (user: TeamsUser) =>
    bot.connector.calls.filter((c) => c.path.includes(encodeURIComponent(world.conversationOf(user))));
  const lastCardTo = (user: TeamsUser): Card => {
    const posted = callsTo(user).filter((c) => c.method === 'POST' || c.method === 'PUT');
    const card = attachmentCard(posted.at(-1)?.body);
    if (!card) throw new Error('nothing was sent to this user');
    return card;
  };

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    world = await seedMeetingWorld(bot, '7');
    await publishComposition(bot.bot.db, 2027, [ORGS.alfa, ORGS.beta, ORGS.gamma]);
  });
  afterAll(() => bot.stop());

  const planData = {
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
    row2Title: 'Verlengen overeenkomst',
    row2Owner: 'Gemeente',
    row2Description: 'Kostprijsonderzoek: ja of nee?',
  };

  it('refuses to plan a meeting in the past, and anyone but the gemeente, and stores nothing', async () => {
    const form = await send(world.admin, 'meeting.nieuw');
    const base = actionData(form, 'meeting.plannen');
    const past = await send(world.admin, 'meeting.plannen', { ...base, ...planData, date: '2027-01-05' });
    expect(cardText(past)).toContain('Het overleg moet in de toekomst liggen.');
    expect(actionData(past, 'meeting.plannen').nonce).toBe(base.nonce);

    for (const user of [world.contacts.alfa, world.stranger]) {
      const refused = await send(user, 'meeting.plannen', { ...base, ...planData });
      expect(cardText(refused)).toContain('U heeft geen toestemming voor deze actie.');
    }
    expect(await meetings().list()).toEqual([]);
  });

  it('plans a meeting once, even when the same form is sent twice', async () => {
    const form = await send(world.admin, 'meeting.nieuw');
    const base = actionData(form, 'meeting.plannen');
    const planned = await send(world.admin, 'meeting.plannen', { ...base, ...planData });
    expect(cardText(planned)).toContain('Overleg gepland');
    expect(cardText(planned)).toContain('Samenstelling van de Overlegtafel 2027');
    meetingId = String(actionData(planned, 'meeting.agenda.versturen').meetingId);
    const again = await send(world.admin, 'meeting.plannen', { ...base, ...planData });
    expect(cardText(again)).toContain('Dit overleg was al gepland');
    expect((await meetings().list()).map((m) => m.id)).toEqual([meetingId]);
    expect((await stored()).members.map((m) => m.organisationId).sort()).toEqual(
      [ORGS.gemeente, ORGS.toegang, ORGS.alfa, ORGS.beta, ORGS.gamma].map((o) => o.id).sort(),
    );
  });

  it('lets a contracted aanbieder propose an agendapunt; the gemeente is told', async () => {
    const refused = await send(world.contacts.epsilon, 'meeting.agendapunt.formulier', { meetingId });
    expect(cardText(refused)).toContain(
      'Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder',
    );
    expect(cardText(await send(world.stranger, 'meeting.agenda', { meetingId }))).toContain(
      'U heeft geen toestemming',
    );

    const form = await send(world.contacts.alfa, 'meeting.agendapunt.formulier', { meetingId });
    const data = actionData(form, 'meeting.agendapunt.indienen');
    const proposed = await send(world.contacts.alfa, 'meeting.agendapunt.indienen', {
      ...data,
      title: 'Wachtlijst dagbesteding',
      explanation: 'De wachtlijsten lopen op; graag samen bekijken.',
    });
    expect(cardText(proposed)).toContain('Uw agendapunt "Wachtlijst dagbesteding" is ingediend.');
    const proposal = (await stored()).proposals[0]!;
    expect(proposal).toMatchObject({ status: 'ingediend', title: 'Wachtlijst dagbesteding' });

    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-${proposal.id}-ontvangen`);
    expect(cardText(lastCardTo(world.admin))).toContain('Alfa Zorg stelt een agendapunt voor');
  });

  it('declines with a required reason, and the proposer hears the decision and the reason', async () => {
    const detail = await send(world.admin, 'meeting.open', { meetingId });
    const decline = actionData(detail, 'meeting.agendapunt.besluiten', (d) => d.decision === 'afwijzen');
    const proposalId = String(decline.proposalId);

    const withoutReason = await send(world.admin, 'meeting.agendapunt.besluiten', decline);
    expect(cardText(withoutReason)).toContain('De reden is verplicht.');
    expect((await stored()).proposals[0]!.status).toBe('ingediend');

    const declined = await send(world.admin, 'meeting.agendapunt.besluiten', {
      ...decline,
      [`decline_${proposalId}`]: 'Dit past beter bij de ontwikkeltafel Wachttijden.',
    });
    expect(cardText(declined)).toContain('Agendapunt afgewezen');
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-${proposalId}-besluit`);
    for (const user of [world.contacts.alfa]) {
      const text = cardText(lastCardTo(user));
      expect(text).toContain('Uw agendapunt is niet op de agenda gezet');
      expect(text).toContain('Dit past beter bij de ontwikkeltafel Wachttijden.');
    }
    // Only the person who proposed it hears the decision, not the other contact of the organisation.
    expect(callsTo(world.contacts.alfaVervanger).filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('accepts a proposal onto the agenda', async () => {
    const form = await send(world.contacts.beta, 'meeting.agendapunt.formulier', { meetingId });
    await send(world.contacts.beta, 'meeting.agendapunt.indienen', {
      ...actionData(form, 'meeting.agendapunt.indienen'),
      title: 'Reistijd in de jeugdhulp',
      explanation: 'Verduidelijking van het artikel over reistijd.',
    });
    const detail = await send(world.admin, 'meeting.open', { meetingId });
    const accept = actionData(detail, 'meeting.agendapunt.besluiten', (d) => d.decision === 'accepteren');
    const accepted = await send(world.admin, 'meeting.agendapunt.besluiten', accept);
    expect(cardText(accepted)).toContain('Agendapunt geaccepteerd');
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-${String(accept.proposalId)}-besluit`);
    expect(cardText(lastCardTo(world.contacts.beta))).toContain('Uw agendapunt staat op de agenda');
    const meeting = await stored();
    expect(meeting.agenda.map((i) => i.title)).toEqual([
      'Opening en mededelingen',
      'Verlengen overeenkomst',
      'Reistijd in de jeugdhulp',
    ]);
    expect(meeting.agenda[2]!.owner).toBe('Beta Jeugdhulp');
  });

  it('sends the agenda with its .ics link to every contracted aanbieder, and to nobody else', async () => {
    bot.connector.reset();
    const sent = await send(world.admin, 'meeting.agenda.versturen', { meetingId });
    expect(cardText(sent)).toContain('Agenda verstuurd');
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-agenda`);

    const { alfa, alfaVervanger, beta, gamma, delta, epsilon, toegang } = world.contacts;
    const agendaCardsTo = (user: TeamsUser) =>
      callsTo(user)
        .filter((c) => c.method === 'POST')
        .map((c) => cardText(attachmentCard(c.body)))
        .filter((text) => text.includes('Agendapunten'));
    for (const user of [alfa, alfaVervanger, beta, gamma, delta, toegang, world.admin]) {
      const cards = agendaCardsTo(user);
      expect(cards).toHaveLength(1);
      expect(cards[0]).toContain('Reistijd in de jeugdhulp');
      expect(cards[0]).not.toContain('gewijzigd');
    }
    expect(callsTo(epsilon).filter((c) => c.method === 'POST')).toEqual([]);
    expect(callsTo(world.stranger).filter((c) => c.method === 'POST')).toEqual([]);
    const agenda = lastCardTo(delta);
    expect(callsTo(delta).filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(cardText(agenda)).not.toContain('Wachtlijst dagbesteding'); // a declined proposal is not public
    icsUrl = openUrlOf(agenda);
    expect(icsUrl).toMatch(new RegExp(`^${bot.url}/api/agenda/${meetingId}\\.ics\\?token=.+`));

    // Someone without Teams gets it by e-mail with a link to the public agenda, once that is published.
    const job = await new DeliveryRepository(bot.bot.db).getJob(`${meetingId}-agenda`);
    expect(job?.value.message.publication).toEqual({ kind: 'agenda', sourceId: meetingId });

    const again = await send(world.admin, 'meeting.agenda.versturen', { meetingId });
    expect(cardText(again)).toContain('De agenda was al verstuurd');
  });

  it('serves an .ics that parses, in Europe/Amsterdam time, at the meeting time', async () => {
    const response = await fetch(icsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const properties = parseIcs(await response.text());
    const names = properties.map((p) => `${p.name}:${p.name === 'BEGIN' || p.name === 'END' ? p.value : ''}`);
    expect(names.filter((n) => n.startsWith('BEGIN')).length).toBe(
      names.filter((n) => n.startsWith('END')).length,
    );
    expect(properties).toContainEqual({ name: 'TZID', params: {}, value: 'Europe/Amsterdam' });
    const start = properties.find((p) => p.name === 'DTSTART' && p.params.TZID);
    expect(start).toEqual({
      name: 'DTSTART',
      params: { TZID: 'Europe/Amsterdam' },
      value: '20270330T140000',
    });
    expect(eventStart(properties).toISOString()).toBe('2027-03-30T12:00:00.000Z'); // summer time: UTC+2
    expect(properties.find((p) => p.name === 'SEQUENCE')?.value).toBe('1');
    expect(properties.find((p) => p.name === 'LOCATION')?.value).toBe('Stadhuis Rivierstad\\, Raadzaal');
  });

  it('answers a wrong or missing token with the same 404 as an unknown meeting, and leaks nothing', async () => {
    // restify logs what an async handler returns: the whole response, with the URL and its token.
    const restifyWarnings = jest.spyOn(bot.bot.server.log, 'warn');
    const unknown = await fetch(`${bot.url}/api/agenda/overleg-000000000000.ics?token=abc`);
    const unknownBody = await unknown.text();
    expect(unknown.status).toBe(404);
    for (const url of [
      icsUrl.replace(/token=.*/, 'token=geraden'),
      icsUrl.replace(/\?token=.*/, ''),
      icsUrl.replace(/token=(.)/, 'token=x$1'),
      `${bot.url}/api/agenda/${meetingId}.txt`,
    ]) {
      const response = await fetch(url);
      expect(response.status).toBe(404);
      const body = await response.text();
      expect(body).toBe(unknownBody);
      expect(body).not.toContain('Raadzaal');
    }
    expect(restifyWarnings).not.toHaveBeenCalled();
    restifyWarnings.mockRestore();
  });

  it('sends a change as an update of the same agenda message, with a higher SEQUENCE in the .ics', async () => {
    bot.connector.reset();
    const form = await send(world.admin, 'meeting.bewerken', { meetingId });
    const changed = await send(world.admin, 'meeting.wijzigen', {
      ...actionData(form, 'meeting.wijzigen'),
      ...inputsOf(form),
      startTime: '15:00',
      endTime: '17:00',
    });
    expect(cardText(changed)).toContain('De agenda was al verstuurd');
    const meeting = await stored();
    expect(meeting.sequence).toBe(2);
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-agenda-v2`);
    for (const user of [world.contacts.alfa, world.contacts.delta, world.contacts.toegang]) {
      const calls = callsTo(user);
      expect(calls.map((c) => c.method)).toEqual(['PUT']);
      expect(cardText(lastCardTo(user))).toContain('om 15:00 tot 17:00');
      expect(cardText(lastCardTo(user))).toContain('De agenda is gewijzigd op');
    }
    expect(await new DeliveryRepository(bot.bot.db).getJob(`${meetingId}-agenda-v2`)).toBeDefined();
    const properties = parseIcs(await (await fetch(icsUrl)).text());
    expect(properties.find((p) => p.name === 'SEQUENCE')?.value).toBe('2');
    expect(eventStart(properties).toISOString()).toBe('2027-03-30T13:00:00.000Z');
  });

  it('refuses an agendapunt after the cut-off, and changes nothing', async () => {
    clock = at('2027-03-17 09:00');
    const form = await send(world.contacts.gamma, 'meeting.agendapunt.formulier', { meetingId });
    expect(cardText(form)).toContain('Voor dit overleg kunnen (nu) geen agendapunten worden voorgesteld.');
    const before = (await stored()).proposals.length;
    const late = await send(world.contacts.gamma, 'meeting.agendapunt.indienen', {
      meetingId,
      nonce: 'abcdefabcdef',
      organisation: ORGS.gamma.id,
      title: 'Te laat punt',
      explanation: 'Dit komt na de termijn.',
    });
    expect(cardText(late)).toContain('konden tot dinsdag 16 maart 2027 om 17:00 worden voorgesteld');
    expect((await stored()).proposals.length).toBe(before);
  });

  it('lets members say whether they come (a reason when not) and refuses non-members', async () => {
    const rsvp = await send(world.contacts.alfa, 'meeting.aanwezigheid.melden', { meetingId });
    const no = actionData(rsvp, 'meeting.aanwezigheid.antwoord', (d) => d.attending === 'nee');
    const withoutReason = await send(world.contacts.alfa, 'meeting.aanwezigheid.antwoord', no);
    expect(cardText(withoutReason)).toContain('De reden van afwezigheid is verplicht.');
    const answered = await send(world.contacts.alfa, 'meeting.aanwezigheid.antwoord', {
      ...no,
      [`reason_${ORGS.alfa.id}`]: 'Studiedag van het hele team',
    });
    expect(cardText(answered)).toContain('Uw afmelding en de reden zijn doorgegeven');
    await send(world.contacts.gamma, 'meeting.aanwezigheid.antwoord', {
      meetingId,
      organisationId: ORGS.gamma.id,
      attending: 'ja',
    });

    const delta = await send(world.contacts.delta, 'meeting.aanwezigheid.melden', { meetingId });
    expect(cardText(delta)).toContain('Uw organisatie is geen lid van deze tafel');
    const forced = await send(world.contacts.delta, 'meeting.aanwezigheid.antwoord', {
      meetingId,
      organisationId: ORGS.delta.id,
      attending: 'ja',
    });
    expect(cardText(forced)).toContain('Deze organisatie is geen lid van deze tafel');
    const forOther = await send(world.contacts.alfa, 'meeting.aanwezigheid.antwoord', {
      meetingId,
      organisationId: ORGS.beta.id,
      attending: 'nee',
      [`reason_${ORGS.beta.id}`]: 'Namens een ander afmelden',
    });
    expect(cardText(forOther)).toContain('Alleen de contactpersoon of vervanger van de organisatie');
    expect((await stored()).rsvps.map((r) => [r.organisationId, r.attending, r.reason]).sort()).toEqual([
      [ORGS.alfa.id, false, 'Studiedag van het hele team'],
      [ORGS.gamma.id, true, null],
    ]);
  });

  it('records attendance (not for non-members) and flags a miss without a reason to the gemeente', async () => {
    clock = at('2027-03-30 17:30');
    const form = await send(world.admin, 'meeting.aanwezigheid.formulier', { meetingId });
    const save = actionData(form, 'meeting.aanwezigheid.vastleggen');
    expect(cardText(await send(world.contacts.beta, 'meeting.aanwezigheid.vastleggen', save))).toContain(
      'U heeft geen toestemming',
    );
    const stranger = await send(world.admin, 'meeting.aanwezigheid.vastleggen', {
      ...save,
      present: `${ORGS.beta.id},${ORGS.delta.id}`,
    });
    expect(cardText(stranger)).toContain(`Geen lid van deze tafel: ${ORGS.delta.id}`);
    expect((await stored()).attendance).toBeNull();

    const recorded = await send(world.admin, 'meeting.aanwezigheid.vastleggen', {
      ...save,
      present: [ORGS.gemeente.id, ORGS.toegang.id, ORGS.beta.id].join(','),
    });
    const text = cardText(recorded);
    expect(text).toContain('Aanwezigheid vastgelegd');
    expect(text).toContain('Aandacht nodig');
    expect(text).toContain('Gamma Begeleiding');
    expect(text).toContain('1 keer gemist zonder reden (30 maart 2027).');
    expect(text).not.toMatch(/Alfa Zorg\n[^\n]*gemist zonder reden/);
  });

  it('drafts the concept verslag with the stemverhouding, tells the planner, and publishes it to all providers', async () => {
    await storeClosedVoorstel(
      bot.bot.db,
      'vs-reistijd',
      'Reistijd expliciet maken',
      [
        [ORGS.gemeente, 'voor'],
        [ORGS.alfa, 'voor'],
        [ORGS.beta, 'tegen'],
        [ORGS.gamma, 'onthouding'],
        [ORGS.toegang, undefined],
      ],
      '2027-03-01 17:00',
    );
    await bot.bot.services.scheduler.runDue();
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-concept`);
    expect(cardText(lastCardTo(world.admin))).toContain('Concept verslag klaar');

    const form = await send(world.admin, 'meeting.verslag', { meetingId });
    const markdown = String(inputsOf(form).markdown);
    expect(markdown).toContain('### Voorstel: Reistijd expliciet maken');
    expect(markdown).toContain('**Stemverhouding:** 2 voor, 1 tegen, 1 onthouding, 1 niet gestemd');
    expect(markdown).toContain('- **Aanwezige aanbieders:** Beta Jeugdhulp');

    const tooLong = await send(world.admin, 'meeting.verslag.opslaan', {
      ...actionData(form, 'meeting.verslag.opslaan'),
      markdown: 'x'.repeat(15_001),
    });
    expect(cardText(tooLong)).toContain('Het verslag is te lang: 15001 tekens, maximaal 15000.');

    bot.connector.reset();
    const completed = markdown.replace(
      '_[Bespreking: in te vullen door de gemeente.]_',
      'De gemeente licht de verlenging toe.',
    );
    // Only a vastgesteld verslag is shared (issue 19): first the attendees see the concept.
    const sent = await send(world.admin, 'meeting.verslag.inzage', {
      ...actionData(form, 'meeting.verslag.inzage'),
      markdown: completed,
      deadline: '2027-04-13',
    });
    expect(cardText(sent)).toContain('Concept ter inzage gestuurd');
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-verslag-inzage`);
    expect(cardText(lastCardTo(world.contacts.beta))).toContain('Concept verslag ter inzage');
    expect(callsTo(world.contacts.alfa).filter((c) => c.method === 'POST')).toEqual([]);

    clock = at('2027-04-14 09:00');
    const review = await send(world.admin, 'meeting.verslag', { meetingId });
    const published = await send(world.admin, 'meeting.verslag.vaststellen', {
      ...actionData(review, 'meeting.verslag.vaststellen'),
      markdown: String(inputsOf(review).markdown),
    });
    expect(cardText(published)).toContain('Verslag vastgesteld');
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-verslag`);
    for (const user of [world.contacts.alfa, world.contacts.delta, world.contacts.toegang]) {
      const text = cardText(lastCardTo(user));
      expect(text).toContain('De gemeente licht de verlenging toe.');
      expect(text).toContain('**Stemverhouding:** 2 voor, 1 tegen, 1 onthouding, 1 niet gestemd');
      expect(text).toContain('Verslag');
      expect(text).not.toContain('Concept verslag');
    }
    expect(callsTo(world.contacts.epsilon).filter((c) => c.method === 'POST')).toEqual([]);
    expect((await stored()).verslag?.status).toBe('gepubliceerd');
  });

  it('lists the meetings for a contact after the command word', async () => {
    bot.connector.reset();
    await bot.post(
      messageActivity({ serviceUrl: bot.connector.serviceUrl, user: world.contacts.delta, text: 'agenda' }),
    );
    const list = attachmentCard(bot.connector.sentActivities()[0]);
    expect(cardText(list)).toContain('Vergaderingen');
    expect(actionData(list!, 'meeting.agenda').meetingId).toBe(meetingId);
  });
});
