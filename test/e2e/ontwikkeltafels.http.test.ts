import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { personIdFor, type Organisation } from '../../src/domain/registry/registry';
import { OntwikkeltafelsRepository } from '../../src/storage/ontwikkeltafelsRepository';
import { VoorstellenRepository } from '../../src/storage/voorstellenRepository';
import {
  actionExecuteActivity,
  DEFAULT_TENANT,
  installActivity,
  messageActivity,
  teamsUser,
  type TeamsUser,
} from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { drain } from '../support/deliveryFixtures';

/**
 * Issue 6 end to end over HTTP, with the bot's clock under the test's control: the gemeente sets a table up and
 * the aanbieders of its percelen are invited and join; the trekker drafts, publishes and corrects; readers ask a
 * question; a requested decision becomes a voorstel; reminders and the overdue flag; the end of the table, the
 * eindevaluatie to all aanbieders and the Markdown export. Every refusal leaves the store as it was.
 */
describe('ontwikkeltafels over HTTP', () => {
  let bot: TestBot;
  let clock = new Date('2027-01-20T09:00:00.000Z'); // woensdag 20 januari 2027, 10:00
  let repo: OntwikkeltafelsRepository;
  let deliveries: DeliveryRepository;
  let tafelId = '';
  let otherTafelId = '';

  const admin = teamsUser('601');
  const trekker = teamsUser('602'); // contactpersoon of Trek Jeugdhulp, trekker of the first table
  const otherTrekker = teamsUser('603'); // contactpersoon of Thuishulp West, trekker of the second table
  const jeugd = teamsUser('604'); // contactpersoon of Jeugdzorg Noord (perceel 3): invited, joins
  const huis = teamsUser('605'); // vervanger of Thuishulp West (perceel 1): not invited
  const stranger = teamsUser('606'); // not registered

  const emails = new Map<TeamsUser, string>([
    [admin, 'beheer@gemeente.example'],
    [trekker, 'tineke@trek.example'],
    [otherTrekker, 'otto@west.example'],
    [jeugd, 'jan@jeugd.example'],
    [huis, 'hans@west.example'],
    [stranger, 'iemand@elders.example'],
  ]);
  const idOf = (user: TeamsUser) => personIdFor(emails.get(user)!);

  const org = (id: string, name: string, type: Organisation['type'], percelen: Organisation['percelen']) =>
    ({
      id,
      name,
      type,
      percelen,
      grootte: type === 'aanbieder' ? 'klein' : null,
      herkomst: type === 'aanbieder' ? 'lokaal' : null,
      kvkNumber: null,
      contracted: true,
    }) as Organisation;

  const invoke = (user: TeamsUser, verb: string, data: Record<string, unknown> = {}) =>
    bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data }));
  const cardOf = async (response: Promise<{ body: unknown }>) => invokeCard((await response).body);
  const textOf = async (response: Promise<{ body: unknown }>) => cardText(await cardOf(response));

  async function recipientsOf(broadcastId: string): Promise<string[]> {
    return (await deliveries.recipients(broadcastId)).map((r) => r.value.personId).sort();
  }

  /** What the fake Teams service received in a user's 1:1 conversation. */
  function receivedBy(user: TeamsUser): string {
    const conversation = encodeURIComponent(`a:personal-${user.aadObjectId}`);
    return bot.connector.calls
      .filter((c) => c.path.includes(conversation))
      .map((c) => JSON.stringify(c.body))
      .join('\n');
  }

  async function snapshot(): Promise<string> {
    const [tafels, reports] = await Promise.all([repo.listTafels(), repo.listAllReports()]);
    return JSON.stringify({ tafels, reports });
  }

  const REPORT = {
    status: 'aandacht nodig',
    progress: 'Wachtlijsten per aanbieder in kaart gebracht.',
    results: 'Gemiddeld negen weken wachttijd in perceel 3.',
    problems: 'Te weinig behandelaars.',
    nextSteps: 'Pilot met een snelle intake.',
    pilotCount: 1,
    pilot0Name: 'Snelle intake',
    pilot0Start: '2027-02-01',
    pilot0End: '2027-07-31',
    pilot0Question: 'Verkort een intake binnen een week de wachttijd?',
    pilot0Status: 'gepland',
    decisionCount: 1,
    decisionIds: '',
    decision0Title: 'Budget voor de pilot snelle intake',
    decision0Explanation: 'Twee aanbieders, zes maanden.',
  };

  beforeAll(async () => {
    bot = await startTestBot({ ALLOWED_TENANT_IDS: DEFAULT_TENANT }, { now: () => clock });
    repo = new OntwikkeltafelsRepository(bot.bot.db);
    deliveries = new DeliveryRepository(bot.bot.db);
    const registry = bot.bot.registry;
    for (const o of [
      org('org-gemeente', 'Gemeente Rivierstad', 'gemeente', []),
      org('org-trek', 'Trek Jeugdhulp', 'aanbieder', [3]),
      org('org-jeugd', 'Jeugdzorg Noord', 'aanbieder', [3, 4]),
      org('org-west', 'Thuishulp West', 'aanbieder', [1]),
    ])
      await registry.createOrganisation(o, null);
    const people: Array<[TeamsUser, string, 'contactpersoon' | 'vervanger']> = [
      [trekker, 'org-trek', 'contactpersoon'],
      [otherTrekker, 'org-west', 'contactpersoon'],
      [jeugd, 'org-jeugd', 'contactpersoon'],
      [huis, 'org-west', 'vervanger'],
    ];
    for (const [user, organisationId, role] of people) {
      await registry.createPerson(
        {
          name: user.name,
          email: emails.get(user)!,
          phone: null,
          aadObjectId: null,
          memberships: [{ organisationId, role }],
          isAdmin: false,
        },
        null,
      );
    }
    for (const user of emails.keys()) {
      bot.connector.members.set(user.id, { ...user, email: emails.get(user) });
      // Installing links the Teams user to the person and saves the conversation for proactive messages.
      await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user }));
    }
    // Six bot turns and a store set-up: give them room when the shared machine is busy.
  }, 60_000);
  afterAll(() => bot.stop());

  it('the gemeente sets a table up from the form; only the aanbieders of its percelen are invited and join with the card', async () => {
    bot.connector.reset();
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'tafels' }));
    const portfolio = cardText(attachmentCard(bot.connector.sentActivities()[0]));
    expect(portfolio).toContain('Er zijn nog geen ontwikkeltafels.');
    expect(portfolio).toContain('Nieuwe ontwikkeltafel');
    // People to choose as trekkers, with their organisation.
    expect(await textOf(invoke(admin, 'ontwikkeltafel.new'))).toContain('Gebruiker 602 (Trek Jeugdhulp)');

    const data = {
      name: 'Wachttijden Jeugd',
      opdracht: 'Breng de wachttijden in kaart.',
      doel: 'Start binnen 14 werkdagen.',
      percelen: '3',
      trekkers: idOf(trekker),
      start: '2026-11-15',
      expectedEnd: '2028-06-30',
      periodEnds: '30-06, 31-12',
      graceDays: '30',
      reminderDays: '14, 3',
      reason: 'Spoed: de wachtlijsten vragen om een tafel voor de volgende Overlegtafel.',
    };
    const created = await cardOf(invoke(admin, 'ontwikkeltafel.create', data));
    expect(cardText(created)).toContain('Ontwikkeltafel ingesteld');
    expect(cardText(created)).toContain('De uitnodiging gaat naar 2 gecontracteerde aanbieders');
    tafelId = /"tafelId":"(ot-[0-9a-f]+)"/.exec(JSON.stringify(created))![1]!;
    const other = await cardOf(
      invoke(admin, 'ontwikkeltafel.create', {
        ...data,
        name: 'Huishoudelijke Hulp',
        percelen: '1',
        trekkers: idOf(otherTrekker),
      }),
    );
    otherTafelId = /"tafelId":"(ot-[0-9a-f]+)"/.exec(JSON.stringify(other))![1]!;
    expect(otherTafelId).not.toBe(tafelId);

    expect(await recipientsOf(`${tafelId}-uitnodiging`)).toEqual([idOf(trekker), idOf(jeugd)].sort());
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${tafelId}-uitnodiging`);
    expect(receivedBy(jeugd)).toContain('Uitnodiging: ontwikkeltafel Wachttijden Jeugd');
    expect(receivedBy(huis)).not.toContain('Wachttijden Jeugd');

    expect(await textOf(invoke(jeugd, 'ontwikkeltafel.join', { tafelId }))).toContain(
      'Jeugdzorg Noord neemt deel aan Wachttijden Jeugd.',
    );
    expect(await textOf(invoke(huis, 'ontwikkeltafel.join', { tafelId }))).toContain(
      'Deelnemen niet mogelijk',
    );
    expect((await repo.getTafel(tafelId))?.value.participantOrganisationIds).toEqual(['org-jeugd']);
  });

  it('only the trekker of the table writes its report: another trekker, an aanbieder and an unknown user change nothing', async () => {
    const before = await snapshot();
    for (const user of [otherTrekker, jeugd, admin]) {
      for (const verb of ['rapportage.edit', 'rapportage.save', 'rapportage.publish']) {
        const text = await textOf(invoke(user, verb, { tafelId, periodId: '2026-12-31', ...REPORT }));
        expect(text).toContain(
          'Alleen de trekkers van Wachttijden Jeugd kunnen de rapportages van deze tafel schrijven.',
        );
      }
    }
    for (const verb of ['rapportage.edit', 'rapportage.publish']) {
      expect(await textOf(invoke(stranger, verb, { tafelId, periodId: '2026-12-31', ...REPORT }))).toContain(
        'U heeft geen toestemming voor deze actie.',
      );
    }
    expect(await snapshot()).toBe(before);
  });

  it('bad input comes back on the form or as a clear card, and stores nothing', async () => {
    const before = await snapshot();
    const missing = await textOf(
      invoke(trekker, 'rapportage.publish', { tafelId, periodId: '2026-12-31', progress: 'Alleen dit.' }),
    );
    expect(missing).toContain('Controleer de volgende velden');
    expect(missing).toContain('De resultaten zijn verplicht.');
    expect(missing).toContain('Kies de status: op schema, aandacht nodig of achter.');
    expect(missing).toContain('Alleen dit.'); // what was typed stays on the form
    const oversized = await textOf(
      invoke(trekker, 'rapportage.save', {
        tafelId,
        periodId: '2026-12-31',
        ...REPORT,
        progress: 'x'.repeat(6000),
      }),
    );
    expect(oversized).toContain('De voortgang is te lang: 6000 tekens, maximaal 5000.');
    const badPilot = await textOf(
      invoke(trekker, 'rapportage.save', {
        tafelId,
        periodId: '2026-12-31',
        ...REPORT,
        pilot0End: '2027-01-01',
      }),
    );
    expect(badPilot).toContain('De einddatum van pilot 1 ligt vóór de begindatum.');
    expect(await textOf(invoke(trekker, 'rapportage.edit', { tafelId, periodId: '2031-06-30' }))).toContain(
      'Voor deze periode is (nog) geen rapportage gepland',
    );
    for (const data of [
      { tafelId, periodId: '../../x' },
      { tafelId: { $ne: 1 }, periodId: '2026-12-31' },
      { tafelId, periodId: '2026-12-31', progress: 'x'.repeat(70_000) },
    ]) {
      expect(await textOf(invoke(trekker, 'rapportage.save', data))).toContain(
        'Deze kaart is niet (meer) geldig',
      );
    }
    expect(await snapshot()).toBe(before);
  });

  it('the trekker keeps a draft and publishes; the report reaches the participants and a reader’s question the trekker', async () => {
    expect(await textOf(invoke(trekker, 'rapportage.edit', { tafelId, periodId: '2026-12-31' }))).toContain(
      'Voortgangsrapportage Wachttijden Jeugd',
    );
    const draft = await cardOf(
      invoke(trekker, 'rapportage.save', { tafelId, periodId: '2026-12-31', ...REPORT }),
    );
    expect(cardText(draft)).toContain('Concept opgeslagen');
    // The filled-in pilot plus an empty slot to add the next one.
    expect(JSON.stringify(draft)).toContain('"id":"pilot1Name"');
    const etag = /"etag":"([^"]+)"/.exec(JSON.stringify(draft))![1]!;
    const decisionIds = /"decisionIds":"([^"]*)"/.exec(JSON.stringify(draft))![1]!;
    expect(decisionIds).toBe('besluit-1,');
    expect(await recipientsOf(`${tafelId}-2026-12-31-v1`)).toEqual([]);

    const published = await textOf(
      invoke(trekker, 'rapportage.publish', {
        tafelId,
        periodId: '2026-12-31',
        ...REPORT,
        etag,
        decisionIds,
        decisionCount: 2,
      }),
    );
    expect(published).toContain('Gepubliceerd');
    // No composition of the Overlegtafel is published in this test: the card says who it went to instead.
    expect(published).toContain('er is nog geen samenstelling van de Overlegtafel gepubliceerd');
    const reportId = `${tafelId}-2026-12-31`;
    expect(await recipientsOf(`${reportId}-v1`)).toEqual([idOf(admin), idOf(jeugd)].sort());
    // An e-mail of it links the table's public page once the gemeente has published that.
    expect((await deliveries.getJob(`${reportId}-v1`))?.value.message.publication).toEqual({
      kind: 'ontwikkeltafel',
      sourceId: tafelId,
    });
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${reportId}-v1`);
    expect(receivedBy(jeugd)).toContain('Wachtlijsten per aanbieder in kaart gebracht.');

    const asked = await textOf(
      invoke(jeugd, 'rapportage.vraag', { tafelId, reportId, question: 'Kunnen wij meedoen aan de pilot?' }),
    );
    expect(asked).toContain('Uw vraag is doorgestuurd naar de trekkers: Gebruiker 602.');
    const [question] = await repo.listQuestions(tafelId, reportId);
    expect(await recipientsOf(question!.broadcastId)).toEqual([idOf(trekker)]);
    await drain(bot.bot.deliveryWorker, bot.bot.db, question!.broadcastId);
    expect(receivedBy(trekker)).toContain('Kunnen wij meedoen aan de pilot?');
    expect(receivedBy(trekker)).toContain('jan@jeugd.example');
    // Not shared with Thuishulp West: its contact cannot read it or ask about it.
    expect(await textOf(invoke(huis, 'rapportage.show', { tafelId, reportId }))).toContain(
      'Deze rapportage bestaat niet (meer).',
    );
    expect(
      await textOf(invoke(huis, 'rapportage.vraag', { tafelId, reportId, question: 'Mag ik?' })),
    ).toContain('alleen een vraag stellen over een rapportage die met uw organisatie is gedeeld');
  });

  it('the gemeente makes a voorstel of a requested decision and shares the report with all aanbieders; the trekker corrects it', async () => {
    const reportId = `${tafelId}-2026-12-31`;
    const shown = await textOf(invoke(admin, 'rapportage.show', { tafelId, reportId }));
    expect(shown).toContain('Maak er een voorstel van');
    expect(shown).toContain('Delen met alle aanbieders');
    const made = await textOf(
      invoke(admin, 'rapportage.voorstel', { tafelId, reportId, decisionId: 'besluit-1' }),
    );
    expect(made).toContain('Voorstel aangemaakt');
    const voorstelId = /\((vs-[0-9a-f]{12})\)/.exec(made)![1]!;
    expect((await new VoorstellenRepository(bot.bot.db).get(voorstelId))?.value).toMatchObject({
      status: 'concept',
      origin: { ontwikkeltafelId: tafelId },
    });
    expect(
      await textOf(invoke(admin, 'rapportage.voorstel', { tafelId, reportId, decisionId: 'besluit-1' })),
    ).toContain('Van dit gevraagde besluit is al een voorstel gemaakt.');
    expect(await textOf(invoke(jeugd, 'rapportage.share', { tafelId, reportId }))).toContain(
      'U heeft geen toestemming voor deze actie.',
    );
    expect(await textOf(invoke(admin, 'rapportage.share', { tafelId, reportId }))).toContain(
      'De rapportage gaat nu naar alle gecontracteerde aanbieders.',
    );
    expect(await recipientsOf(`${reportId}-v1-aanbieders`)).toEqual(
      [idOf(trekker), idOf(otherTrekker), idOf(huis)].sort(),
    );

    const form = await cardOf(invoke(trekker, 'rapportage.edit', { tafelId, periodId: '2026-12-31' }));
    expect(cardText(form)).toContain('Correctie publiceren');
    const etag = /"etag":"([^"]+)"/.exec(JSON.stringify(form))![1]!;
    const noReason = await textOf(
      invoke(trekker, 'rapportage.correct', {
        tafelId,
        reportId,
        periodId: '2026-12-31',
        ...REPORT,
        decisionIds: 'besluit-1',
        etag,
      }),
    );
    expect(noReason).toContain('De reden van de correctie is verplicht.');
    const corrected = await textOf(
      invoke(trekker, 'rapportage.correct', {
        tafelId,
        reportId,
        periodId: '2026-12-31',
        ...REPORT,
        status: 'op schema',
        decisionIds: 'besluit-1',
        reason: 'De status was verkeerd ingevuld.',
        etag,
      }),
    );
    expect(corrected).toContain('Versie 2 is gepubliceerd');
    expect(corrected).toContain('De status was verkeerd ingevuld.');
    // The voorstel link survives the correction, and the correction reaches everyone the report went to.
    expect(corrected).toContain(`Voorstel ${voorstelId} is aangemaakt`);
    expect(await recipientsOf(`${reportId}-v2`)).toEqual(
      [idOf(admin), idOf(jeugd), idOf(trekker), idOf(otherTrekker), idOf(huis)].sort(),
    );
  });

  it('reminds the trekker before the due date and flags the overdue report to the trekker and the gemeente', async () => {
    clock = new Date('2027-01-27T09:00:00.000Z'); // 3 days before 30 January
    await bot.bot.services.scheduler.runDue();
    expect(await recipientsOf(`${otherTafelId}-2026-12-31-herinnering-3d`)).toEqual([idOf(otherTrekker)]);
    expect(await recipientsOf(`${tafelId}-2026-12-31-herinnering-3d`)).toEqual([]); // published already
    clock = new Date('2027-01-30T22:59:59.000Z'); // the last second of 30 January, Dutch time
    await bot.bot.services.scheduler.runDue();
    expect(await recipientsOf(`${otherTafelId}-2026-12-31-achterstallig`)).toEqual([]);
    clock = new Date('2027-01-30T23:00:00.000Z');
    await bot.bot.services.scheduler.runDue();
    await bot.bot.services.scheduler.runDue();
    expect(await recipientsOf(`${otherTafelId}-2026-12-31-achterstallig`)).toEqual(
      [idOf(admin), idOf(otherTrekker)].sort(),
    );
    expect((await repo.sentNoticeKeys(otherTafelId)).size).toBe(2);

    bot.connector.reset();
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'tafels' }));
    const portfolio = attachmentCard(bot.connector.sentActivities()[0]);
    const text = cardText(portfolio);
    expect(text).toContain(
      'Achterstallig: 1 rapportage(s), de eerste was uiterlijk 30 januari 2027 verwacht',
    );
    expect(text).toContain('Op schema'); // the corrected status of the first table
    expect(JSON.stringify(portfolio)).toContain('"style":"attention"');
  });

  it('after the end a voortgang report is refused; the eindevaluatie reaches every aanbieder; the gemeente exports', async () => {
    clock = new Date('2027-02-02T09:00:00.000Z');
    expect(await textOf(invoke(jeugd, 'ontwikkeltafel.end', { tafelId, endedOn: '2027-02-01' }))).toContain(
      'U heeft geen toestemming voor deze actie.',
    );
    expect(await textOf(invoke(admin, 'ontwikkeltafel.end', { tafelId, endedOn: '2027-02-01' }))).toContain(
      'Wachttijden Jeugd is beëindigd per 1 februari 2027',
    );
    expect(await recipientsOf(`${tafelId}-beeindigd`)).toEqual([idOf(trekker)]);
    const before = await snapshot();
    const closed = await textOf(
      invoke(trekker, 'rapportage.publish', { tafelId, periodId: '2027-06-30', ...REPORT }),
    );
    expect(closed).toContain(
      'Wachttijden Jeugd is beëindigd. Er kunnen geen voortgangsrapportages meer worden geschreven',
    );
    expect(await snapshot()).toBe(before);

    const eindevaluatie = await textOf(
      invoke(trekker, 'rapportage.publish', { tafelId, periodId: 'eindevaluatie', ...REPORT }),
    );
    expect(eindevaluatie).toContain('De eindevaluatie is gepubliceerd');
    expect(await recipientsOf(`${tafelId}-eindevaluatie-v1`)).toEqual(
      [idOf(admin), idOf(trekker), idOf(otherTrekker), idOf(jeugd), idOf(huis)].sort(),
    );

    const exported = await cardOf(
      invoke(admin, 'rapportage.export', { from: '2026-07-01', to: '2027-06-30' }),
    );
    const markdown = JSON.stringify(exported);
    expect(markdown).toContain('# Voortgangsrapportages ontwikkeltafels');
    expect(markdown).toContain('## Wachttijden Jeugd');
    expect(markdown).toContain('### Eindevaluatie 15 november 2026 t/m 1 februari 2027');
    expect(markdown).toContain('Geen gepubliceerde rapportage over deze periode.'); // the other table
    expect(await textOf(invoke(jeugd, 'rapportage.export', {}))).toContain(
      'De export van de rapportages is voor de gemeente en de leden van de Overlegtafel.',
    );
    expect(
      await textOf(invoke(admin, 'rapportage.export', { from: '2027-06-30', to: '2026-07-01' })),
    ).toContain('Vul twee geldige data in');
  });

  it('a contact of two invited aanbieders chooses on whose behalf to join', async () => {
    const dual = teamsUser('607');
    const registry = bot.bot.registry;
    await registry.createOrganisation(org('org-a1', 'Alfa Een', 'aanbieder', [1]), null);
    await registry.createOrganisation(org('org-b1', 'Beta Een', 'aanbieder', [1, 5]), null);
    await registry.createPerson(
      {
        name: 'Dubbel',
        email: 'dubbel@een.example',
        phone: null,
        aadObjectId: null,
        memberships: [
          { organisationId: 'org-a1', role: 'contactpersoon' },
          { organisationId: 'org-b1', role: 'vervanger' },
        ],
        isAdmin: false,
      },
      null,
    );
    bot.connector.members.set(dual.id, { ...dual, email: 'dubbel@een.example' });
    const choose = await cardOf(invoke(dual, 'ontwikkeltafel.join', { tafelId: otherTafelId }));
    expect(cardText(choose)).toContain('Kies uw organisatie');
    expect(JSON.stringify(choose)).toContain('"id":"organisationId"');
    expect((await repo.getTafel(otherTafelId))?.value.participantOrganisationIds).toEqual([]);
    expect(
      await textOf(invoke(dual, 'ontwikkeltafel.join', { tafelId: otherTafelId, organisationId: 'org-b1' })),
    ).toContain('Beta Een neemt deel aan Huishoudelijke Hulp.');
    expect((await repo.getTafel(otherTafelId))?.value.participantOrganisationIds).toEqual(['org-b1']);
  });
});

describe('the demo lets a person try the ontwikkeltafels as trekker and as gemeente', () => {
  let demo: TestBot;
  const player = teamsUser('650');
  const clock = new Date('2026-11-23T09:00:00.000Z');
  const send = (verb: string, data: Record<string, unknown> = {}) =>
    demo.post(actionExecuteActivity({ serviceUrl: demo.connector.serviceUrl, user: player, verb, data }));

  beforeAll(async () => {
    demo = await startTestBot({ DEMO_MODE: 'true', ADMIN_EMAILS: '' }, { now: () => clock });
    demo.connector.members.set(player.id, { ...player, email: 'speler@playground.example' });
  });
  afterAll(() => demo.stop());

  it('the trekker sees the demo table with its overdue report and opens the form; the gemeente may set up a table', async () => {
    await send('demo.switch', { role: 'trekker' });
    demo.connector.reset();
    await demo.post(messageActivity({ serviceUrl: demo.connector.serviceUrl, user: player, text: 'tafels' }));
    const portfolio = cardText(attachmentCard(demo.connector.sentActivities()[0]));
    expect(portfolio).toContain('Wachttijden Jeugd-GGZ');
    expect(portfolio).toContain(
      'Achterstallig: 1 rapportage(s), de eerste was uiterlijk 30 juli 2026 verwacht',
    );
    const form = cardText(
      invokeCard(
        (
          await send('rapportage.edit', {
            tafelId: 'ontwikkeltafel-wachttijden-jeugd',
            periodId: '2026-06-30',
          })
        ).body,
      ),
    );
    expect(form).toContain('Concept opslaan');
    await send('demo.switch', { role: 'gemeente' });
    const table = cardText(
      invokeCard((await send('ontwikkeltafel.show', { tafelId: 'ontwikkeltafel-wachttijden-jeugd' })).body),
    );
    expect(table).toContain('Tafel beëindigen (gemeente)');
    expect(table).toContain('Jeugdhulp De Brug, Praktijk Kompas GGZ');
  });
});
