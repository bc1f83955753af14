import { DEMO_ADOPTED_ID, DEMO_TAFEL_VOORSTEL_ID } from '../../src/voorstellen/demoAdoption';
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
