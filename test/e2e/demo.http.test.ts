import { DEMO_VERSLAG_MEETING_ID, seedDemoVerslagInReview } from '../../src/meetings/demoVerslag';
import { MeetingsRepository } from '../../src/storage/meetingsRepository';
import { DEMO_ADOPTED_ID, DEMO_TAFEL_VOORSTEL_ID } from '../../src/voorstellen/demoAdoption';
import { actionExecuteActivity, messageActivity, teamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { DEMO_VOORSTEL_IDS, seedDemoVoting } from '../../src/demo/demoVoting';
import { silentLogger } from '../../src/observability/logger';
import { organisationIdFor } from '../../src/domain/registry/registry';

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

  it('seeds a voorstel in each step: reaction window, vote (deadline in a few days) and decided', async () => {
    const repo = (await import('../../src/storage/voorstellenRepository')).VoorstellenRepository;
    const voorstellen = new repo(demo.bot.db);
    const status = async (id: string) => (await voorstellen.get(id))?.value;
    expect((await status(DEMO_VOORSTEL_IDS.reactieperiode))?.status).toBe('reactieperiode');
    const stemming = await status(DEMO_VOORSTEL_IDS.stemming);
    expect(stemming?.status).toBe('stemming');
    const daysLeft = (Date.parse(stemming!.stemming!.deadline) - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(3);
    expect(daysLeft).toBeLessThan(5);
    expect((await status(DEMO_VOORSTEL_IDS.besloten))?.status).toBe('uitgewerkt');
    // Nothing was sent for the seeded steps.
    expect(stemming?.outbox).toEqual([]);
    // Seeding again (the next start) changes nothing: same documents, same ETags.
    const before = await Promise.all(Object.values(DEMO_VOORSTEL_IDS).map((id) => voorstellen.get(id)));
    await seedDemoVoting(demo.bot.db, demo.bot.registry, new Date(), silentLogger);
    const after = await Promise.all(Object.values(DEMO_VOORSTEL_IDS).map((id) => voorstellen.get(id)));
    expect(after.map((d) => d?.etag)).toEqual(before.map((d) => d?.etag));
  });

  it('the demo contactpersoon votes on the seeded voorstel and the gemeente sees the tally', async () => {
    await switchTo(demo, 'contactpersoon');
    const vote = await demo.post(
      actionExecuteActivity({
        serviceUrl: demo.connector.serviceUrl,
        user: player,
        verb: 'voorstel.stem',
        data: {
          voorstelId: DEMO_VOORSTEL_IDS.stemming,
          partyId: organisationIdFor('Zorggroep Maas en Waal', null),
          choice: 'voor',
        },
      }),
    );
    expect(cardText(invokeCard(vote.body))).toContain('Uw stem is vastgelegd');
    await switchTo(demo, 'gemeente');
    const overview = cardText(
      invokeCard(
        (
          await demo.post(
            actionExecuteActivity({
              serviceUrl: demo.connector.serviceUrl,
              user: player,
              verb: 'voorstel.overview',
              data: { voorstelId: DEMO_VOORSTEL_IDS.stemming },
            }),
          )
        ).body,
      ),
    );
    // The party's row shows its vote; the others have not voted yet.
    expect(overview).toMatch(/Zorggroep Maas en Waal\s+Small\s+TableCell\s+TextBlock\s+Voor\b/);
    expect(overview).toContain('Niet gestemd');
  });

  it('links the account to one demo person at a time, so a broadcast arrives once', async () => {
    for (const role of ['gemeente', 'contactpersoon', 'vervanger', 'trekker']) await switchTo(demo, role);
    const linked = (await demo.bot.registry.listPeople()).filter((p) => p.aadObjectId === player.aadObjectId);
    expect(linked.map((p) => p.name)).toEqual(['Tom Trekker']);
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

  it('has an adopted voorstel with its addendum open and a voorstel "ontwikkeltafel instellen" to adopt (issue 19)', async () => {
    const invoke = (verb: string, data: Record<string, unknown>) =>
      demo
        .post(actionExecuteActivity({ serviceUrl: demo.connector.serviceUrl, user: player, verb, data }))
        .then((r) => cardText(invokeCard(r.body)));
    await switchTo(demo, 'contactpersoon');
    const adopted = await invoke('voorstel.show', { voorstelId: DEMO_ADOPTED_ID });
    expect(adopted).toContain('Vastgesteld door het bestuur op');
    expect(adopted).toContain('Doet Zorggroep Maas en Waal mee met het addendum?');
    expect(
      await invoke('voorstel.addendum.antwoord', { voorstelId: DEMO_ADOPTED_ID, choice: 'doet-mee' }),
    ).toContain('Zorggroep Maas en Waal: Ik doe mee');
    await switchTo(demo, 'gemeente');
    const tally = await invoke('voorstel.addendum.overzicht', { voorstelId: DEMO_ADOPTED_ID });
    expect(tally).toMatch(/2 van \d+ aanbieders hebben geantwoord/);
    const overview = await invoke('voorstel.overview', { voorstelId: DEMO_TAFEL_VOORSTEL_ID });
    expect(overview).toContain('Vaststelling door het bestuur');
    const shown = await invoke('voorstel.show', { voorstelId: DEMO_TAFEL_VOORSTEL_ID });
    expect(shown).toContain('Elke leerling start binnen acht weken');
    expect(shown).toContain('Lotte Letterwijs');
  });

  it('refuses role switching outside demo mode, whatever the card says', async () => {
    const response = await switchTo(normal, 'gemeente');
    expect(cardText(invokeCard(response.body))).toContain('Van rol wisselen kan alleen in de lokale demo.');
    expect((await normal.bot.registry.getTeamsUser(player.aadObjectId))?.value.personId ?? null).toBeNull();
  });
});
