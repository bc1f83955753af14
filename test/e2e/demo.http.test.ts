import { DEMO_VERSLAG_MEETING_ID, seedDemoVerslagInReview } from '../../src/meetings/demoVerslag';
import { MeetingsRepository } from '../../src/storage/meetingsRepository';
import { actionExecuteActivity, messageActivity, teamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';

describe('local demo: one person tries every role', () => {
  let demo: TestBot;
  let normal: TestBot;
  const player = teamsUser('50');

  beforeAll(async () => {
    demo = await startTestBot({ DEMO_MODE: 'true', ADMIN_EMAILS: '' });
    normal = await startTestBot({});
    for (const bot of [demo, normal])
      bot.connector.members.set(player.id, { ...player, email: 'speler@playground.example' });
  });
  afterAll(async () => {
    await demo.stop();
    await normal.stop();
  });

  const switchTo = (bot: TestBot, role: string) =>
    bot.post(
      actionExecuteActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: player,
        verb: 'demo.switch',
        data: { role },
      }),
    );

  it('seeds fictional organisations across all five percelen', async () => {
    const organisations = await demo.bot.registry.listOrganisations();
    const percelen = new Set(organisations.flatMap((o) => o.percelen));
    expect([...percelen].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(organisations.some((o) => o.type === 'gemeente')).toBe(true);
    expect(organisations.some((o) => o.type === 'lokale-toegang')).toBe(true);
  });

  it('switches between gemeente, contactpersoon, trekker and unknown, each with its own help card', async () => {
    expect(cardText(invokeCard((await switchTo(demo, 'gemeente')).body))).toContain('Gemeente (beheerder)');
    const contact = cardText(invokeCard((await switchTo(demo, 'contactpersoon')).body));
    expect(contact).toContain('Contactpersoon');
    expect(contact).toContain('Zorggroep Maas en Waal');
    expect(contact).not.toContain('Gemeente (beheerder)');
    expect(cardText(invokeCard((await switchTo(demo, 'trekker')).body))).toContain('Wachttijden Jeugd-GGZ');
    expect(cardText(invokeCard((await switchTo(demo, 'onbekend')).body))).toContain(
      'niet bekend bij Tafelbot',
    );
    demo.connector.reset();
    await demo.post(messageActivity({ serviceUrl: demo.connector.serviceUrl, user: player, text: 'rol' }));
    expect(cardText(attachmentCard(demo.connector.sentActivities()[0]))).toContain('Wissel van rol (demo)');
  });

  it('has a verslag in its comment period: the contactpersoon comments, the gemeente sees the comment to process', async () => {
    const act = async (verb: string, data: Record<string, unknown>) =>
      invokeCard(
        (
          await demo.post(
            actionExecuteActivity({ serviceUrl: demo.connector.serviceUrl, user: player, verb, data }),
          )
        ).body,
      );
    const meetingId = DEMO_VERSLAG_MEETING_ID;
    await switchTo(demo, 'contactpersoon');
    expect(cardText(await act('meeting.agenda', { meetingId }))).toContain(
      'Commentaar op het concept verslag',
    );
    const form = await act('meeting.verslag.commentaar', { meetingId });
    const text = cardText(form);
    expect(text).toContain('Commentaar kan tot');
    expect(text).toContain('Graag toevoegen dat de aanbieders zelf ook hun wachtlijsten aanleveren.');
    expect(text).toContain('De aanbieders herkennen de oplopende wachttijden.');
    await switchTo(demo, 'gemeente');
    const review = cardText(await act('meeting.verslag', { meetingId }));
    expect(review).toContain('Commentaar van de aanwezigen');
    expect(review).toContain('Nog niet verwerkt.');
    // Seeding again (a restart) changes nothing.
    const before = (await new MeetingsRepository(demo.bot.db).get(meetingId))?.etag;
    await seedDemoVerslagInReview(demo.bot.db, demo.bot.registry, new Date(), demo.bot.services.logger);
    expect((await new MeetingsRepository(demo.bot.db).get(meetingId))?.etag).toBe(before);
  });

  it('refuses role switching outside demo mode, whatever the card says', async () => {
    const response = await switchTo(normal, 'gemeente');
    expect(cardText(invokeCard(response.body))).toContain('Van rol wisselen kan alleen in de lokale demo.');
    expect((await normal.bot.registry.getTeamsUser(player.aadObjectId))?.value.personId ?? null).toBeNull();
  });
});
