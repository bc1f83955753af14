import { ontwikkeltafelsServiceFor } from '../../src/bot/handlers/ontwikkeltafelsHandlers';
import { meetingsServiceFor } from '../../src/meetings/meetingsService';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import type { Actor } from '../../src/domain/registry/actor';
import { personIdFor, type Organisation } from '../../src/domain/registry/registry';
import { publicView } from '../../src/domain/voorstellen';
import { SignalenRepository } from '../../src/storage/signalenRepository';
import { toVoorstel, VoorstellenRepository } from '../../src/storage/voorstellenRepository';
import {
  actionExecuteActivity,
  DEFAULT_TENANT,
  messageActivity,
  teamsUser,
  type TeamsUser,
} from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { drain } from '../support/deliveryFixtures';

/**
 * Issue 10 end to end over HTTP: contacts raise signalen (also confidential and waiting-list ones), the gemeente
 * reads its inbox, answers the sender, puts a signaal on the agenda and makes a voorstel of it; aanbieders
 * request a pilot, the gemeente decides, the pilot is tracked and the participants are asked for the result.
 * Every refusal changes nothing; no broadcast carries a confidential text.
 */
describe('signalen and pilots over HTTP', () => {
  let bot: TestBot;
  let clock = new Date('2027-03-10T08:00:00.000Z'); // woensdag 10 maart 2027, 09:00
  let signalen: SignalenRepository;
  let deliveries: DeliveryRepository;

  const admin = teamsUser('601');
  const brugContact = teamsUser('602');
  const brugVervanger = teamsUser('603');
  const kompasContact = teamsUser('604');
  const oudContact = teamsUser('605'); // contact of an aanbieder whose contract ended
  const stranger = teamsUser('606'); // not registered

  const SECRET =
    'Onze kostprijs per uur is EUR 71,43; met de huidige tarieven sluiten we de locatie Oosterwijk.';
  const PLAN_SECRET = 'Werkwijze Gezinscoach-X met eigen triage-instrument';

  const org = (id: string, name: string, percelen: Organisation['percelen'], contracted = true) =>
    ({
      id,
      name,
      type: 'aanbieder',
      percelen,
      grootte: 'middel',
      herkomst: 'lokaal',
      kvkNumber: null,
      contracted,
    }) as Organisation;

  const invoke = (user: TeamsUser, verb: string, data: Record<string, unknown> = {}, id?: string) =>
    bot.post({
      ...actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data }),
      ...(id ? { id } : {}),
    });
  const textOf = async (response: Promise<{ body: unknown }>) => cardText(invokeCard((await response).body));
  const say = async (user: TeamsUser, text: string) => {
    bot.connector.reset();
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user, text }));
    return cardText(attachmentCard(bot.connector.sentActivities()[0]));
  };
  const snapshot = async () =>
    JSON.stringify([
      await signalen.listSignalen(),
      await signalen.listPilots(),
      await bot.bot.db.database
        .container('voorstellen')
        .items.readAll()
        .fetchAll()
        .then((r) => r.resources.length),
    ]);
  /** An actor as the bot resolves it, for calling another feature's service directly to set up a fixture. */
  async function actorOf(email: string): Promise<Actor> {
    const person = (await bot.bot.registry.findPersonByEmail(email))!.value;
    const roles = await Promise.all(
      person.memberships.map(async (m) => ({
        organisation: (await bot.bot.registry.getOrganisation(m.organisationId))!.value,
        role: m.role,
      })),
    );
    return { kind: 'person', person, roles, trekkerOf: [] };
  }
  async function signaalOf(organisationId: string) {
    return (await signalen.signalenOf(organisationId))[0]!;
  }
  /** The job and every ledger entry of a broadcast, as stored. */
  async function ledger(broadcastId: string): Promise<string> {
    const job = await deliveries.getJob(broadcastId);
    const recipients = await deliveries.recipients(broadcastId);
    return JSON.stringify({ job: job?.value, recipients: recipients.map((r) => r.value) });
  }

  const signaalForm = (extra: Record<string, unknown> = {}) => ({
    organisationId: 'org-brug',
    sentiment: 'negatief',
    onderwerp: 'bedrijfsvoering',
    perceel: 'geen',
    text: SECRET,
    confidential: 'true',
    allocationDate: '',
    expectedStartDate: '',
    clients: '1',
    ...extra,
  });

  beforeAll(async () => {
    bot = await startTestBot({ ALLOWED_TENANT_IDS: DEFAULT_TENANT }, { now: () => clock });
    signalen = new SignalenRepository(bot.bot.db);
    deliveries = new DeliveryRepository(bot.bot.db);
    const registry = bot.bot.registry;
    for (const o of [
      org('org-brug', 'Jeugdhulp De Brug', [3, 4]),
      org('org-kompas', 'Praktijk Kompas GGZ', [4]),
      org('org-letter', 'Leespraktijk Letterwijs', [5]),
      org('org-oud', 'Zorg Zonder Contract', [3], false),
      // A party at every Overlegtafel meeting (issue 7 takes the gemeenten as members).
      {
        ...org('org-gemeente', 'Gemeente Rivierstad', []),
        type: 'gemeente' as const,
        grootte: null,
        herkomst: null,
      },
    ])
      await registry.createOrganisation(o, null);
    const people: Array<[TeamsUser, string, string, 'contactpersoon' | 'vervanger']> = [
      [brugContact, 'tom@brug.example', 'org-brug', 'contactpersoon'],
      [brugVervanger, 'vera@brug.example', 'org-brug', 'vervanger'],
      [kompasContact, 'kees@kompas.example', 'org-kompas', 'contactpersoon'],
      [oudContact, 'olga@oud.example', 'org-oud', 'contactpersoon'],
    ];
    for (const [user, email, organisationId, role] of people) {
      await registry.createPerson(
        {
          name: user.name,
          email,
          phone: null,
          aadObjectId: null,
          memberships: [{ organisationId, role }],
          isAdmin: false,
        },
        null,
      );
      bot.connector.members.set(user.id, { ...user, email });
    }
    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
    bot.connector.members.set(stranger.id, { ...stranger, email: 'iemand@elders.example' });
    // Everyone talks to the bot once, so Tafelbot knows their personal conversation for proactive messages.
    for (const user of [admin, brugContact, brugVervanger, kompasContact, oudContact, stranger])
      await say(user, 'help');
  });
  afterAll(() => bot.stop());

  it('offers the command to contacts and the gemeente, and opens the right card for each', async () => {
    expect(await say(brugContact, 'help')).toContain('signalen');
    expect(await say(brugContact, 'signalen')).toContain('Signalen van uw organisatie');
    expect(await say(admin, 'signaal')).toContain('Per onderwerp en sentiment');
    expect(await say(brugContact, 'pilot')).toContain('Pilots zijn tijdelijke experimenten');
    expect(await say(oudContact, 'signalen')).toContain('Signalen afgeven kan de gemeente');
    expect(await say(stranger, 'signalen')).not.toContain('Signalen van uw organisatie');
  });

  it('refuses a signaal without text and oversized text with a clear message, and stores nothing', async () => {
    const before = await snapshot();
    const empty = await textOf(invoke(brugContact, 'signaal.indienen', signaalForm({ text: '   ' })));
    expect(empty).toContain('De tekst van het signaal is verplicht.');
    const long = await textOf(
      invoke(brugContact, 'signaal.indienen', signaalForm({ text: 'x'.repeat(4001) })),
    );
    expect(long).toContain('De tekst van het signaal is te lang: 4001 tekens, maximaal 4000.');
    const huge = await textOf(
      invoke(brugContact, 'signaal.indienen', signaalForm({ text: 'x'.repeat(30_000) })),
    );
    expect(huge).toContain('Deze kaart is niet (meer) geldig');
    const tampered = await textOf(
      invoke(brugContact, 'signaal.indienen', signaalForm({ sentiment: 'woedend' })),
    );
    expect(tampered).toContain('Kies of het signaal positief, neutraal of negatief is.');
    expect(await snapshot()).toBe(before);
  });

  it('refuses a signaal for an organisation that is not yours, without a contract, or from an unknown user', async () => {
    const before = await snapshot();
    expect(await textOf(invoke(kompasContact, 'signaal.indienen', signaalForm()))).toContain(
      'U kunt alleen een signaal afgeven namens een organisatie waarvan u contactpersoon of vervanger bent.',
    );
    expect(
      await textOf(invoke(oudContact, 'signaal.indienen', signaalForm({ organisationId: 'org-oud' }))),
    ).toContain('Signalen afgeven kan de gemeente');
    expect(await textOf(invoke(stranger, 'signaal.indienen', signaalForm()))).toContain(
      'U heeft geen toestemming voor deze actie.',
    );
    expect(await snapshot()).toBe(before);
  });

  it('stores a confidential signaal once, and tells the gemeente without the text', async () => {
    const first = await textOf(invoke(brugContact, 'signaal.indienen', signaalForm(), 'invoke-signaal-1'));
    expect(first).toContain('Signaal ontvangen');
    expect(first).toContain('alleen de gemeente leest de tekst');
    // A redelivered invoke finds the signaal it created.
    await invoke(brugContact, 'signaal.indienen', signaalForm(), 'invoke-signaal-1');
    const stored = await signalen.signalenOf('org-brug');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ confidential: true, text: SECRET, onderwerp: 'bedrijfsvoering' });

    const broadcastId = `${stored[0]!.id}-nieuw`;
    await drain(bot.bot.deliveryWorker, bot.bot.db, broadcastId);
    const recorded = await ledger(broadcastId);
    expect(recorded).toContain('Nieuw signaal');
    expect(recorded).toContain('Vertrouwelijk signaal');
    expect(recorded).not.toContain('71,43');
    expect((await deliveries.recipients(broadcastId)).map((r) => r.value.personId)).toEqual([
      personIdFor('beheer@gemeente.example'),
    ]);
    expect(JSON.stringify(bot.connector.calls)).not.toContain('71,43');
  });

  it('shows the gemeente an inbox per onderwerp and sentiment, filtered on request', async () => {
    await invoke(kompasContact, 'signaal.indienen', {
      organisationId: 'org-kompas',
      sentiment: 'positief',
      onderwerp: 'inwoners',
      perceel: '4',
      text: 'De nieuwe inloop in de bibliotheek wordt goed bezocht.',
      confidential: 'false',
    });
    const inbox = invokeCard((await invoke(admin, 'signaal.inbox', {})).body);
    const text = cardText(inbox);
    expect(text).toContain('Signalen 2027');
    expect(text).toContain('Bedrijfsvoering');
    expect(text).toContain('De nieuwe inloop in de bibliotheek');
    expect(JSON.stringify(inbox)).toContain('"type":"Table"');
    // The gemeente reads confidential signalen: the inbox is an answer to the gemeente only, never a broadcast.
    expect(text).toContain('vertrouwelijk');
    const filtered = cardText(
      invokeCard((await invoke(admin, 'signaal.inbox', { onderwerp: 'inwoners' })).body),
    );
    expect(filtered).toContain('Laatste signalen: Inwoners');
    expect(filtered).not.toContain('Oosterwijk');
    const lastYear = await textOf(invoke(admin, 'signaal.inbox', { year: '2026' }));
    expect(lastYear).toContain('Signalen 2026');
    expect(lastYear).toContain('Geen signalen in deze periode.');
    expect(lastYear).toContain('Dit jaar');
    expect(await textOf(invoke(brugContact, 'signaal.inbox', {}))).toContain(
      'U heeft geen toestemming voor deze actie.',
    );
    expect(await textOf(invoke(admin, 'signaal.inbox', { onderwerp: 'x; DROP' }))).toContain(
      'Deze kaart is niet (meer) geldig',
    );
  });

  it('lets only the gemeente and the sender’s organisation open a signaal', async () => {
    const signaal = await signaalOf('org-brug');
    const ref = { signaalId: signaal.id, organisationId: 'org-brug' };
    expect(await textOf(invoke(brugVervanger, 'signaal.open', ref))).toContain(SECRET);
    expect(await textOf(invoke(kompasContact, 'signaal.open', ref))).toContain('bestaat niet (meer)');
    expect(
      await textOf(invoke(kompasContact, 'signaal.open', { ...ref, organisationId: 'org-kompas' })),
    ).toContain('bestaat niet (meer)');
    const detail = await textOf(invoke(admin, 'signaal.open', ref));
    expect(detail).toContain(SECRET);
    expect(detail).toContain('Antwoord versturen');
  });

  it('answers the sender’s contacts through delivery, without the confidential text in the broadcast', async () => {
    const signaal = await signaalOf('org-brug');
    const ref = { signaalId: signaal.id, organisationId: 'org-brug' };
    const before = await snapshot();
    expect(await textOf(invoke(brugContact, 'signaal.beantwoorden', { ...ref, answer: 'Zelf' }))).toContain(
      'U heeft geen toestemming voor deze actie.',
    );
    expect(await textOf(invoke(admin, 'signaal.beantwoorden', { ...ref, answer: ' ' }))).toContain(
      'Het antwoord is verplicht.',
    );
    expect(await snapshot()).toBe(before);

    bot.connector.reset();
    const answered = await textOf(
      invoke(admin, 'signaal.beantwoorden', { ...ref, answer: 'We bespreken de tarieven in het voorjaar.' }),
    );
    expect(answered).toContain('Het antwoord gaat naar 2 contactpersonen van Jeugdhulp De Brug.');
    const stored = await signaalOf('org-brug');
    expect(stored.answers.map((a) => a.text)).toEqual(['We bespreken de tarieven in het voorjaar.']);
    const broadcastId = `${signaal.id}-${stored.answers[0]!.id}`;
    await drain(bot.bot.deliveryWorker, bot.bot.db, broadcastId);
    expect((await deliveries.recipients(broadcastId)).map((r) => r.value.personId).sort()).toEqual(
      [personIdFor('tom@brug.example'), personIdFor('vera@brug.example')].sort(),
    );
    const recorded = await ledger(broadcastId);
    expect(recorded).toContain('We bespreken de tarieven in het voorjaar.');
    expect(recorded).not.toContain('71,43');
    expect(JSON.stringify(bot.connector.calls)).not.toContain('71,43');
    expect(JSON.stringify(bot.connector.calls)).toContain('We bespreken de tarieven');
  });

  it('puts a signaal on the agenda once, as "voor de agenda"', async () => {
    const signaal = await signaalOf('org-brug');
    const ref = { signaalId: signaal.id, organisationId: 'org-brug' };
    expect(await textOf(invoke(kompasContact, 'signaal.agenda', ref))).toContain(
      'U heeft geen toestemming voor deze actie.',
    );
    const first = await textOf(invoke(admin, 'signaal.agenda', ref));
    expect(first).toContain('Er is nog geen overleg van de Overlegtafel gepland');
    expect(first).toContain("staat als 'voor de agenda' genoteerd");
    expect(first).toContain('Vertrouwelijk signaal van Jeugdhulp De Brug over bedrijfsvoering');
    expect(await textOf(invoke(admin, 'signaal.agenda', ref))).toContain('stond al voor de agenda genoteerd');
    expect((await signalen.agendaRequests()).map((s) => s.id)).toEqual([signaal.id]);
    expect((await signaalOf('org-brug')).agenda?.agendaTitle).not.toContain('71,43');
  });

  it('puts a signaal on the agenda of the next Overlegtafel meeting (issue 7), from its public view only', async () => {
    const meetings = meetingsServiceFor(bot.bot.services);
    const adminActor = await actorOf('beheer@gemeente.example');
    const planned = await meetings.plan(adminActor, 'signalen-e2e-overleg', {
      table: 'overlegtafel',
      title: 'Overlegtafel voorjaar',
      date: '2027-04-15',
      startTime: '14:00',
      endTime: '16:00',
      location: 'Stadhuis, Rivierstad',
      cutoffDate: '2027-04-08',
      cutoffTime: '12:00',
      rows: [{ id: '', title: 'Opening', owner: 'Voorzitter', description: '', link: '' }],
    });
    if (!planned.ok) throw new Error(planned.messages.join(' '));
    const meetingId = planned.value.doc.value.id;

    const secret = 'Wij stoppen per 1 juni met de buurtgroep in Oosterwijk wegens verlies op het contract.';
    await invoke(kompasContact, 'signaal.indienen', {
      organisationId: 'org-kompas',
      sentiment: 'negatief',
      onderwerp: 'wijk-buurt',
      perceel: 'geen',
      text: secret,
      confidential: 'true',
    });
    const confidential = (await signalen.signalenOf('org-kompas')).find((s) => s.confidential)!;
    const placed = await textOf(
      invoke(admin, 'signaal.agenda', { signaalId: confidential.id, organisationId: 'org-kompas' }),
    );
    expect(placed).toContain(
      'staat op de agenda van Overlegtafel voorjaar op donderdag 15 april 2027 om 14:00',
    );
    expect(placed).toContain('Overleg openen');
    const meeting = (await meetings.repo.get(meetingId))!.value;
    expect(meeting.agenda.map((i) => [i.title, i.owner])).toEqual([
      ['Opening', 'Voorzitter'],
      ['Vertrouwelijk signaal van Praktijk Kompas GGZ over wijk of buurt', 'Praktijk Kompas GGZ'],
    ]);
    expect(JSON.stringify(meeting)).not.toContain('verlies op het contract');
    expect((await signalen.getSignaal('org-kompas', confidential.id))!.value.agenda?.meeting).toEqual({
      meetingId,
      title: 'Overlegtafel voorjaar',
      start: meeting.start,
      agendaItemId: meeting.agenda[1]!.id,
    });
    // A second click changes neither the signaal nor the agenda.
    expect(
      await textOf(
        invoke(admin, 'signaal.agenda', { signaalId: confidential.id, organisationId: 'org-kompas' }),
      ),
    ).toContain('stond al voor de agenda genoteerd');
    expect((await meetings.repo.get(meetingId))!.value.agenda).toHaveLength(2);

    // The agenda goes to every contracted aanbieder: the confidential text is not in it.
    const sent = await meetings.broadcastAgenda(adminActor, meetingId);
    if (!sent.ok) throw new Error(sent.messages.join(' '));
    const broadcastId = sent.value.doc.value.agendaBroadcast!.broadcastId;
    await drain(bot.bot.deliveryWorker, bot.bot.db, broadcastId);
    const recorded = await ledger(broadcastId);
    expect(recorded).toContain('Vertrouwelijk signaal van Praktijk Kompas GGZ over wijk of buurt');
    expect(recorded).not.toContain('verlies op het contract');
  });

  it('makes one voorstel of a signaal with one action; the confidential text only in its confidential part', async () => {
    const signaal = await signaalOf('org-brug');
    const ref = { signaalId: signaal.id, organisationId: 'org-brug' };
    expect(await textOf(invoke(brugContact, 'signaal.voorstel', ref))).toContain(
      'U heeft geen toestemming voor deze actie.',
    );
    const made = await textOf(invoke(admin, 'signaal.voorstel', ref));
    expect(made).toContain('Voorstel gemaakt');
    expect(made).toContain('vertrouwelijke deel van het voorstel');
    await invoke(admin, 'signaal.voorstel', ref);
    const stored = await signaalOf('org-brug');
    expect(stored.voorstelId).toMatch(/^vs-/);
    const voorstellen = new VoorstellenRepository(bot.bot.db);
    expect((await voorstellen.list()).map((v) => v.id)).toEqual([stored.voorstelId]);
    const voorstel = toVoorstel((await voorstellen.get(stored.voorstelId!))!.value);
    expect(voorstel).toMatchObject({ status: 'concept', type: 'overig', percelen: [3, 4] });
    expect(voorstel.confidentialParts.map((p) => p.text)).toEqual([SECRET]);
    expect(JSON.stringify(publicView(voorstel))).not.toContain('71,43');
    expect(await textOf(invoke(admin, 'voorstel.show', { voorstelId: stored.voorstelId }))).toContain(
      'Signaal over bedrijfsvoering',
    );
  });

  it('takes waiting-list signalen from providers and shows them per perceel', async () => {
    const wait = (extra: Record<string, unknown>) =>
      textOf(
        invoke(kompasContact, 'signaal.indienen', {
          organisationId: 'org-kompas',
          sentiment: 'negatief',
          onderwerp: 'wachtlijst',
          perceel: '4',
          text: 'Wij kunnen nieuwe cliënten pas na de zomer helpen.',
          allocationDate: '2027-02-22',
          clients: '3',
          ...extra,
        }),
      );
    expect(await wait({ expectedStartDate: '2027-03-05' })).toContain('dat is geen wachtlijst');
    expect(await wait({ perceel: '3' })).toContain(
      'Praktijk Kompas GGZ is niet gecontracteerd voor perceel 3.',
    );
    expect(await wait({ allocationDate: '' })).toContain('Vul de datum van de toewijzing in.');
    expect(await wait({ expectedStartDate: '2027-04-12' })).toContain('Signaal ontvangen');
    const view = await textOf(invoke(admin, 'signaal.wachtlijst', {}));
    expect(view).toContain('Wachtlijsten per perceel');
    expect(view).toContain('3 / 3'); // perceel 4: three clients, all still waiting on 10 March
    expect(view).toContain('34 wd'); // 22 February to 12 April: 35 weekdays minus Tweede Paasdag
    expect(await textOf(invoke(kompasContact, 'signaal.wachtlijst', {}))).toContain(
      'U heeft geen toestemming voor deze actie.',
    );
  });

  describe('pilots', () => {
    let pilotId = '';
    const plan = (extra: Record<string, unknown> = {}) => ({
      organisationId: 'org-brug',
      title: 'Gezinscoach in de huisartsenpraktijk',
      start: '2027-04-01',
      end: '2027-09-30',
      participantIds: 'org-kompas',
      innovation: PLAN_SECRET,
      researchQuestion: 'Daalt het aantal verwijzingen naar specialistische GGZ?',
      expectedResult: 'Een vergelijking met dezelfde periode een jaar eerder.',
      deviation: '',
      ...extra,
    });

    it('refuses a pilot without a research question or a period, or with a participant without a contract', async () => {
      const before = await snapshot();
      const text = await textOf(
        invoke(brugContact, 'pilot.indienen', plan({ researchQuestion: '', start: '', end: '' })),
      );
      expect(text).toContain('De onderzoeksvraag is verplicht.');
      expect(text).toContain('Vul de startdatum van de pilot in.');
      expect(text).toContain('Vul de einddatum van de pilot in.');
      expect(await textOf(invoke(brugContact, 'pilot.indienen', plan({ end: '2027-03-31' })))).toContain(
        'De einddatum ligt na de startdatum',
      );
      expect(
        await textOf(invoke(brugContact, 'pilot.indienen', plan({ participantIds: 'org-oud' }))),
      ).toContain('Alleen gecontracteerde aanbieders kunnen deelnemen aan een pilot.');
      expect(await textOf(invoke(admin, 'pilot.indienen', plan()))).toContain(
        'Een pilot vraagt de contactpersoon',
      );
      expect(await textOf(invoke(stranger, 'pilot.indienen', plan()))).toContain(
        'U heeft geen toestemming voor deze actie.',
      );
      expect(await snapshot()).toBe(before);
    });

    it('stores a requested pilot and tells the gemeente without the plan', async () => {
      const requested = await textOf(invoke(brugContact, 'pilot.indienen', plan()));
      expect(requested).toContain('Pilot aangevraagd');
      const pilots = await signalen.listPilots();
      expect(pilots).toHaveLength(1);
      pilotId = pilots[0]!.id;
      expect(pilots[0]!.organisationIds).toEqual(['org-brug', 'org-kompas']);
      await drain(bot.bot.deliveryWorker, bot.bot.db, `${pilotId}-aanvraag`);
      const recorded = await ledger(`${pilotId}-aanvraag`);
      expect(recorded).toContain('Nieuwe pilotaanvraag');
      expect(recorded).not.toContain(PLAN_SECRET);
    });

    it('shows the pilot to the gemeente and the participants only', async () => {
      expect(await textOf(invoke(kompasContact, 'pilot.open', { pilotId }))).toContain(PLAN_SECRET);
      expect(await textOf(invoke(oudContact, 'pilot.open', { pilotId }))).toContain(
        'Deze pilot bestaat niet (meer)',
      );
      expect(await textOf(invoke(admin, 'pilot.overzicht'))).toContain(
        'Gezinscoach in de huisartsenpraktijk',
      );
      expect(await textOf(invoke(oudContact, 'pilot.overzicht'))).not.toContain('Gezinscoach');
      expect(await textOf(invoke(admin, 'pilot.open', { pilotId: '../etc' }))).toContain(
        'Deze kaart is niet (meer) geldig',
      );
    });

    it('lets only the gemeente decide, declining only with a reason; the requesters hear of it', async () => {
      const before = await snapshot();
      expect(
        await textOf(invoke(brugContact, 'pilot.besluit', { pilotId, besluit: 'instemming' })),
      ).toContain('U heeft geen toestemming voor deze actie.');
      expect(
        await textOf(invoke(admin, 'pilot.besluit', { pilotId, besluit: 'afwijzing', reason: '' })),
      ).toContain('De reden van de afwijzing is verplicht.');
      expect(await textOf(invoke(admin, 'pilot.besluit', { pilotId, besluit: 'misschien' }))).toContain(
        'Deze kaart is niet (meer) geldig',
      );
      expect(await snapshot()).toBe(before);

      const decided = await textOf(
        invoke(admin, 'pilot.besluit', { pilotId, besluit: 'instemming', reason: 'Rapporteer halverwege.' }),
      );
      expect(decided).toContain('Het besluit over de pilot is vastgelegd en gaat naar 3 contactpersonen');
      expect(
        await textOf(invoke(admin, 'pilot.besluit', { pilotId, besluit: 'afwijzing', reason: 'Toch niet' })),
      ).toContain('Over deze pilot is al besloten (ingestemd).');
      await drain(bot.bot.deliveryWorker, bot.bot.db, `${pilotId}-instemming`);
      const recorded = await ledger(`${pilotId}-instemming`);
      expect(recorded).toContain('De gemeente stemt in met de pilot');
      expect(recorded).toContain('Rapporteer halverwege.');
      expect(recorded).not.toContain(PLAN_SECRET);
    });

    it('is tracked by the participants and linked to a voortgangsrapportage', async () => {
      clock = new Date('2027-04-02T08:00:00.000Z');
      expect(
        await textOf(invoke(kompasContact, 'pilot.voortgang', { pilotId, startedOn: '2027-04-01' })),
      ).toContain('Voortgang opgeslagen');
      expect(
        await textOf(invoke(oudContact, 'pilot.voortgang', { pilotId, startedOn: '2027-04-01' })),
      ).toContain('Deze pilot bestaat niet (meer)');
      expect(
        await textOf(
          invoke(brugContact, 'pilot.voortgang', { pilotId, startedOn: '2027-04-01', endedOn: '2027-04-02' }),
        ),
      ).toContain('Beschrijf het resultaat van de pilot');
      const stored = (await signalen.getPilot(pilotId))!.value;
      expect(stored).toMatchObject({
        status: 'gestart',
        tracking: { startedOn: '2027-04-01', endedOn: null },
      });
    });

    it('links the pilot to a published voortgangsrapportage of an ontwikkeltafel (issue 6)', async () => {
      expect(await textOf(invoke(brugContact, 'pilot.open', { pilotId }))).toContain(
        'Er is nog geen gepubliceerde voortgangsrapportage om aan te koppelen.',
      );
      // Tom, Brug's contactpersoon, leads a table and publishes its report over the second half of 2026.
      const tafels = ontwikkeltafelsServiceFor(bot.bot.services);
      const adminActor = await actorOf('beheer@gemeente.example');
      const created = await tafels.createTafel(
        adminActor,
        {
          name: 'Wachttijden Jeugd-GGZ',
          percelen: '4',
          opdracht: 'Breng de wachttijden in kaart.',
          doel: 'Start binnen 14 werkdagen.',
          start: '2026-11-15',
          expectedEnd: '2028-06-30',
          periodEnds: '30-06, 31-12',
          graceDays: '30',
          reminderDays: '14, 3',
          reason: 'Spoed: de wachtlijsten vragen om een tafel voor de volgende Overlegtafel.',
          trekkerIds: [personIdFor('tom@brug.example')],
        },
        'signalen-e2e-tafel',
      );
      if (!created.ok) throw new Error(created.messages.join(' '));
      const tafelId = created.value.tafel.id;
      const published = await tafels.saveReport(await actorOf('tom@brug.example'), {
        tafelId,
        periodId: '2026-12-31',
        content: {
          status: 'aandacht nodig',
          progress: 'Wachtlijsten in kaart gebracht.',
          results: 'Gemiddeld 9 weken.',
          problems: '',
          nextSteps: 'De pilot gezinscoach.',
          pilots: [],
          decisionsRequested: [],
        },
        etag: '',
        publish: true,
      });
      if (!published.ok) throw new Error(published.messages.join(' '));
      const reportId = published.value.report.id;

      const detail = invokeCard((await invoke(brugContact, 'pilot.open', { pilotId })).body);
      expect(cardText(detail)).toContain('Wachttijden Jeugd-GGZ · 15 november 2026 t/m 31 december 2026');
      const before = await snapshot();
      expect(
        await textOf(invoke(oudContact, 'pilot.koppelen', { pilotId, report: `${tafelId}|${reportId}` })),
      ).toContain('Deze pilot bestaat niet (meer)');
      expect(
        await textOf(invoke(brugContact, 'pilot.koppelen', { pilotId, report: `${tafelId}|bestaat-niet` })),
      ).toContain('Deze voortgangsrapportage bestaat niet (meer) of is nog niet gepubliceerd.');
      expect(await textOf(invoke(brugContact, 'pilot.koppelen', { pilotId, report: 'x' }))).toContain(
        'Deze kaart is niet (meer) geldig',
      );
      expect(await snapshot()).toBe(before);

      const linked = await textOf(
        invoke(brugContact, 'pilot.koppelen', { pilotId, report: `${tafelId}|${reportId}` }),
      );
      expect(linked).toContain('De pilot is gekoppeld aan de voortgangsrapportage Wachttijden Jeugd-GGZ');
      expect(linked).toContain('rapportage.show');
      const stored = (await signalen.getPilot(pilotId))!.value;
      expect(stored.reportLinks).toEqual([expect.objectContaining({ reportId, ontwikkeltafelId: tafelId })]);
      // The linked report opens in issue 6's card.
      expect(await textOf(invoke(brugContact, 'rapportage.show', { tafelId, reportId }))).toContain(
        'Wachtlijsten in kaart gebracht.',
      );
    });

    it('asks the participants once for the result after the planned end', async () => {
      clock = new Date('2027-09-30T20:00:00.000Z'); // 22:00 on the last day: not yet
      await bot.bot.services.scheduler.runDue();
      expect(await deliveries.getJob(`${pilotId}-resultaat`)).toBeUndefined();
      clock = new Date('2027-10-01T07:00:00.000Z');
      await bot.bot.services.scheduler.runDue();
      await drain(bot.bot.deliveryWorker, bot.bot.db, `${pilotId}-resultaat`);
      expect((await deliveries.recipients(`${pilotId}-resultaat`)).length).toBe(3);
      expect((await signalen.getPilot(pilotId))!.value.resultReminderAt).toBe(clock.toISOString());
      clock = new Date('2027-10-01T09:00:00.000Z');
      await bot.bot.services.scheduler.runDue();
      expect((await signalen.pilotsAwaitingResult('2027-10-01')).length).toBe(0);

      const finished = await textOf(
        invoke(brugContact, 'pilot.voortgang', {
          pilotId,
          startedOn: '2027-04-01',
          endedOn: '2027-09-30',
          result: '18% minder verwijzingen.',
        }),
      );
      expect(finished).toContain('18% minder verwijzingen.');
      expect((await signalen.getPilot(pilotId))!.value.status).toBe('afgerond');
    });
  });
});
