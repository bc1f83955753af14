import { actionExecuteActivity, messageActivity, OTHER_TENANT, teamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';

describe('the gemeente manages the registry with cards; everyone else is refused', () => {
  let bot: TestBot;
  const admin = teamsUser('10');
  const contact = teamsUser('11');
  const stranger = teamsUser('12');
  const send = (user: typeof admin, verb: string, data: unknown = {}, extra: { tenantId?: string } = {}) =>
    bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data, ...extra }));

  async function snapshot() {
    const [organisations, people] = await Promise.all([
      bot.bot.registry.listOrganisations(),
      bot.bot.registry.listPeople(),
    ]);
    return JSON.stringify({ organisations, people });
  }

  beforeAll(async () => {
    bot = await startTestBot({ ALLOWED_TENANT_IDS: '11111111-2222-3333-4444-555555555555' });
    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
    bot.connector.members.set(contact.id, { ...contact, email: 'karim@alfa.example' });
    bot.connector.members.set(stranger.id, { ...stranger, email: 'onbekend@elders.example' });
  });
  afterAll(() => bot.stop());

  it('creates an organisation from the form and shows it in the overview with the composition per perceel', async () => {
    const saved = await send(admin, 'registry.organisation.save', {
      name: 'Alfa Zorg',
      type: 'aanbieder',
      percelen: '1,3',
      grootte: 'klein',
      herkomst: 'lokaal',
      kvkNumber: '',
      contracted: 'ja',
    });
    expect(cardText(invokeCard(saved.body))).toContain('De organisatie Alfa Zorg is opgeslagen.');
    const overview = invokeCard((await send(admin, 'registry.overview', { query: 'alfa' })).body);
    const text = cardText(overview);
    expect(text).toContain('Alfa Zorg');
    expect(text).toContain('Gecontracteerde aanbieders per perceel');
    expect(JSON.stringify(overview)).toContain('"type":"Table"');
  });

  it('shows the form again with Dutch messages for bad input, and stores nothing', async () => {
    const before = await snapshot();
    const response = await send(admin, 'registry.organisation.save', {
      name: 'B',
      type: 'aanbieder',
      percelen: '9',
      grootte: '',
      herkomst: 'lokaal',
    });
    const text = cardText(invokeCard(response.body));
    expect(text).toContain('Controleer de volgende velden');
    expect(text).toContain('Percelen moeten nummers van 1 tot en met 5 zijn.');
    expect(await snapshot()).toBe(before);
  });

  it('adds a contact person, who is then linked on first contact by e-mail', async () => {
    const saved = await send(admin, 'registry.person.save', {
      name: 'Karim',
      email: 'KARIM@alfa.example',
      organisationId: 'org-alfa-zorg',
      role: 'contactpersoon',
      isAdmin: 'nee',
    });
    expect(cardText(invokeCard(saved.body))).toContain('Karim is opgeslagen.');
    bot.connector.reset();
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user: contact, text: 'profiel' }));
    const text = cardText(attachmentCard(bot.connector.sentActivities()[0]));
    expect(text).toContain('Alfa Zorg');
    expect(text).toContain('Contactpersoon');
  });

  it('refuses a second contactpersoon and a duplicate e-mail with a clear message', async () => {
    const second = await send(admin, 'registry.person.save', {
      name: 'Tweede',
      email: 'tweede@alfa.example',
      organisationId: 'org-alfa-zorg',
      role: 'contactpersoon',
    });
    expect(cardText(invokeCard(second.body))).toContain('Alfa Zorg heeft al een contactpersoon');
    const duplicate = await send(admin, 'registry.person.save', {
      name: 'Karim 2',
      email: 'karim@alfa.example',
    });
    expect(cardText(invokeCard(duplicate.body))).toContain(
      'Er is al een persoon geregistreerd met het e-mailadres karim@alfa.example',
    );
  });

  it('refuses an edit made from a stale form (someone else saved first)', async () => {
    const form = invokeCard(
      (await send(admin, 'registry.organisation.edit', { organisationId: 'org-alfa-zorg' })).body,
    );
    const staleEtag = (JSON.stringify(form).match(/"etag":"([^"]+)"/) ?? [])[1];
    expect(staleEtag).toBeTruthy();
    await send(admin, 'registry.organisation.save', {
      organisationId: 'org-alfa-zorg',
      etag: staleEtag,
      name: 'Alfa Zorg BV',
      type: 'aanbieder',
      percelen: '1,3',
      grootte: 'klein',
      herkomst: 'lokaal',
      contracted: 'ja',
    });
    const late = await send(admin, 'registry.organisation.save', {
      organisationId: 'org-alfa-zorg',
      etag: staleEtag,
      name: 'Alfa Oud',
      type: 'aanbieder',
      percelen: '1',
      grootte: 'klein',
      herkomst: 'lokaal',
      contracted: 'ja',
    });
    expect(cardText(invokeCard(late.body))).toContain('Iemand anders was u voor');
    expect((await bot.bot.registry.getOrganisation('org-alfa-zorg'))?.value.name).toBe('Alfa Zorg BV');
  });

  it.each([
    ['a contact person', contact],
    ['an unknown user', stranger],
  ])('refuses every registry action to %s and changes nothing', async (_label, user) => {
    const before = await snapshot();
    for (const [verb, data] of [
      ['registry.overview', {}],
      ['registry.organisation.new', {}],
      ['registry.organisation.save', { name: 'Kaping BV', type: 'gemeente' }],
      ['registry.person.save', { name: 'Kaper', email: 'kaper@example.org', isAdmin: 'ja' }],
      ['registry.organisation.edit', { organisationId: 'org-alfa-zorg' }],
    ] as const) {
      const response = await send(user, verb, data);
      expect(response.status).toBe(200);
      expect(cardText(invokeCard(response.body))).toContain('U heeft geen toestemming voor deze actie.');
    }
    expect(await snapshot()).toBe(before);
  });

  it('answers malformed and tampered card data with a clear card, never an error', async () => {
    const before = await snapshot();
    for (const data of [
      { organisationId: { $ne: 1 } },
      { organisationId: '../../etc' },
      { name: 'x'.repeat(10_000), type: 'gemeente' },
      'string-data',
      [1, 2],
    ]) {
      const response = await send(admin, 'registry.organisation.save', data);
      expect(response.status).toBe(200);
      expect(cardText(invokeCard(response.body))).toContain('Deze kaart is niet (meer) geldig');
    }
    const unknownVerb = await send(admin, 'registry.drop.everything');
    expect(cardText(invokeCard(unknownVerb.body))).toContain('Deze actie bestaat niet (meer)');
    expect(await snapshot()).toBe(before);
  });

  it('refuses a user of another tenant before anything is read or written', async () => {
    const before = await snapshot();
    const intruder = teamsUser('13');
    bot.connector.members.set(intruder.id, { ...intruder, email: 'beheer@gemeente.example' });
    const invoke = await send(
      intruder,
      'registry.organisation.save',
      { name: 'Kaping BV', type: 'gemeente' },
      { tenantId: OTHER_TENANT },
    );
    expect(invoke.status).toBe(403);
    expect(JSON.stringify(invoke.body)).toContain('niet beschikbaar voor uw organisatie');
    bot.connector.reset();
    await bot.post(
      messageActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: intruder,
        text: 'help',
        tenantId: OTHER_TENANT,
      }),
    );
    expect(bot.connector.sentActivities().map((a) => a.text)).toEqual([
      'Tafelbot is niet beschikbaar voor uw organisatie (tenant).',
    ]);
    expect(await bot.bot.registry.getTeamsUser(intruder.aadObjectId)).toBeUndefined();
    expect(await snapshot()).toBe(before);
  });

  it('rejects a body that is not an activity without a 5xx', async () => {
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(response.status).toBeLessThan(500);
    const empty = await bot.post({});
    expect(empty.status).toBeLessThan(500);
  });

  it('reports health and readiness', async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
