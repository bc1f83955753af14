import type { Organisation } from '../../src/domain/registry/registry';
import { personIdFor } from '../../src/domain/registry/registry';
import {
  actionExecuteActivity,
  installActivity,
  installationUpdateActivity,
  messageActivity,
  teamsUser,
} from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { drain, simpleCard } from '../support/deliveryFixtures';
import { FAKE_TENANT_DOMAIN, startFakeGraph, type FakeGraph } from '../support/fakeGraph';

/**
 * Reach before the first invitation, over HTTP: a pre-installation by a Teams app setup policy links the person
 * (no Graph needed), and the gemeente's reach overview (card and CSV) counts every contact per state, looking
 * contacts up in (a fake) Graph once and only for the gemeente.
 */

const CATALOG_APP_ID = '1a2b3c4d-5e6f-4a0b-8c9d-0e1f2a3b4c5d';

function organisation(id: string, name: string, contracted = true): Organisation {
  return {
    id,
    name,
    type: 'aanbieder',
    percelen: [3],
    grootte: 'klein',
    herkomst: 'lokaal',
    kvkNumber: null,
    contracted,
  };
}

/** The four tiles at the top of the overview: state label -> count. */
function totalsOf(card: Record<string, unknown>): Record<string, number> {
  const body = card.body as Array<{
    type: string;
    columns?: Array<{ items: Array<{ items: Array<{ text: string }> }> }>;
  }>;
  const tiles = body.find((b) => b.type === 'ColumnSet')?.columns ?? [];
  return Object.fromEntries(
    tiles.map((c) => [c.items[0]!.items[1]!.text, Number(c.items[0]!.items[0]!.text)]),
  );
}

describe('reach before the first invitation', () => {
  let graph: FakeGraph;
  let bot: TestBot;
  const admin = teamsUser('80');
  const anna = teamsUser('81'); // the app was pre-installed for her by a setup policy
  const gast = teamsUser('82'); // a guest, pre-installed, whose Teams profile has only the #EXT# UPN
  const stranger = teamsUser('83');

  beforeAll(async () => {
    graph = await startFakeGraph(CATALOG_APP_ID);
    bot = await startTestBot({
      GRAPH_INSTALL: 'true',
      TEAMS_CATALOG_APP_ID: CATALOG_APP_ID,
      GRAPH_BASE_URL: graph.url,
    });
    const { registry } = bot.bot;
    await registry.createOrganisation(organisation('alfa', 'Zorggroep Alfa'), null);
    await registry.createOrganisation(organisation('beta', 'Kleine Beta'), null);
    await registry.createOrganisation(organisation('oud', 'Oud Contract', false), null);
    const contact = (
      name: string,
      email: string,
      organisationId: string,
      role: 'contactpersoon' | 'vervanger',
    ) =>
      registry.createPerson(
        {
          name,
          email,
          phone: null,
          aadObjectId: null,
          memberships: [{ organisationId, role }],
          isAdmin: false,
        },
        null,
      );
    await contact('Anna Alfa', 'anna@alfa.example', 'alfa', 'contactpersoon');
    await contact('Bob Alfa', 'bob@alfa.example', 'alfa', 'vervanger');
    await contact('Carla Gast', 'carla@beta.example', 'beta', 'contactpersoon');
    await contact('Dirk Beta', 'dirk@beta.example', 'beta', 'vervanger');
    await contact('Eva Zonder Adres', 'eva-zonder-adres', 'beta', 'vervanger');
    await contact('Olaf Oud', 'olaf@oud.example', 'oud', 'contactpersoon');
    graph.addMember('bob@alfa.example');
    graph.addGuest('carla@beta.example');

    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
    bot.connector.members.set(anna.id, { ...anna, email: 'anna@alfa.example' });
    bot.connector.members.set(stranger.id, { ...stranger, email: 'niemand@elders.example' });
    await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user: admin }));
  });
  afterAll(async () => {
    await bot.stop();
    await graph.close();
  });
  beforeEach(() => {
    bot.connector.reset();
    graph.reset();
  });

  it('links a person when a Teams setup policy installed the app, and then sends without Graph', async () => {
    // Teams sends installationUpdate (add) when a setup policy installs the app; the person never typed a word.
    const response = await bot.post(
      installationUpdateActivity({ serviceUrl: bot.connector.serviceUrl, user: anna }),
    );
    expect(response.status).toBe(200);
    const annaId = personIdFor('anna@alfa.example');
    expect((await bot.bot.registry.getPerson(annaId))?.value.aadObjectId).toBe(anna.aadObjectId);
    const saved = await bot.bot.registry.getTeamsUser(anna.aadObjectId);
    expect(saved?.value).toMatchObject({
      personId: annaId,
      reference: { conversation: { id: `a:personal-${anna.aadObjectId}` } },
    });
    expect(cardText(attachmentCard(bot.connector.sentActivities()[0]))).toContain('Welkom bij Tafelbot');

    bot.connector.reset();
    await bot.bot.services.delivery.enqueue({
      broadcastId: 'beleid-1',
      title: { nl: 'Agenda', en: 'Agenda' },
      topic: 'test',
      message: simpleCard('De agenda staat klaar.'),
      audience: { personIds: [annaId] },
      requestedByPersonId: null,
    });
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'beleid-1');
    expect(bot.connector.delivered().get(`a:personal-${anna.aadObjectId}`)).toBe(1);
    expect(graph.calls).toEqual([]);
  });

  it('links a pre-installed guest whose Teams profile gives only the #EXT# UPN', async () => {
    const { registry } = bot.bot;
    await registry.createPerson(
      {
        name: 'Gert Gast',
        email: 'gert.de_vries@extern.example',
        phone: null,
        aadObjectId: null,
        memberships: [{ organisationId: 'beta', role: 'vervanger' }],
        isAdmin: false,
      },
      null,
    );
    bot.connector.members.set(gast.id, {
      ...gast,
      userPrincipalName: `gert.de_vries_extern.example#EXT#@${FAKE_TENANT_DOMAIN}`,
    });
    await bot.post(installationUpdateActivity({ serviceUrl: bot.connector.serviceUrl, user: gast }));
    const saved = await registry.getTeamsUser(gast.aadObjectId);
    expect(saved?.value.personId).toBe(personIdFor('gert.de_vries@extern.example'));
    expect(saved?.value.reference).not.toBeNull();
  });

  it('shows the gemeente the reach per organisation, looking contacts up in Graph once', async () => {
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'bereik' }));
    const card = attachmentCard(bot.connector.sentActivities()[0])!;
    const text = cardText(card);
    expect(text).toContain('Bereik per organisatie');
    // Anna and Gert: Teams. Bob (member) and Carla (guest): found in the tenant. Dirk: not in the tenant.
    // Eva: no usable address. Olaf's organisation is no longer contracted.
    expect(totalsOf(card)).toEqual({
      Teams: 2,
      'Teams na installatie': 2,
      'alleen e-mail': 1,
      onbereikbaar: 1,
    });
    expect(text).toContain('6 contactpersonen');
    expect(text).toContain('Zojuist opgezocht in de tenant: 3.');
    expect(text).toContain('Teams 1 · Teams na installatie 1 · alleen e-mail 0 · onbereikbaar 0'); // Alfa
    expect(text).toContain('Teams 1 · Teams na installatie 1 · alleen e-mail 1 · onbereikbaar 1'); // Beta
    expect(text).not.toContain('Oud Contract');
    expect(graph.calls.map((c) => c.path)).toEqual(['/v1.0/users', '/v1.0/users', '/v1.0/users']);

    // The answers are cached on the people: opening it again asks Graph nothing.
    graph.reset();
    const again = await bot.post(
      actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, verb: 'reach.overview' }),
    );
    expect(totalsOf(invokeCard(again.body))).toMatchObject({ 'Teams na installatie': 2 });
    expect(cardText(invokeCard(again.body))).not.toContain('Zojuist');
    expect(graph.calls).toEqual([]);
  });

  it('says so when Graph throttles, and counts the contacts it could not check as unchecked', async () => {
    const { registry } = bot.bot;
    await registry.createPerson(
      {
        name: 'Nina Nieuw',
        email: 'nina@beta.example',
        phone: null,
        aadObjectId: null,
        memberships: [{ organisationId: 'beta', role: 'vervanger' }],
        isAdmin: false,
      },
      null,
    );
    graph.addMember('nina@beta.example');
    graph.scripted.push({ status: 429, retryAfterSeconds: 30 });
    const response = await bot.post(
      actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, verb: 'reach.overview' }),
    );
    const text = cardText(invokeCard(response.body));
    expect(text).toContain('Microsoft Graph remt af');
    expect(text).toContain('Nog niet in de tenant opgezocht: 1.');
    graph.reset();
    const later = await bot.post(
      actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, verb: 'reach.overview' }),
    );
    expect(totalsOf(invokeCard(later.body))).toMatchObject({ 'Teams na installatie': 3 });
  });

  it('looks contacts up in the background too, so the overview is complete without being opened again and again', async () => {
    await bot.bot.registry.createPerson(
      {
        name: 'Otto Achtergrond',
        email: 'otto@beta.example',
        phone: null,
        aadObjectId: null,
        memberships: [{ organisationId: 'beta', role: 'vervanger' }],
        isAdmin: false,
      },
      null,
    );
    await bot.bot.services.scheduler.runDue();
    expect(graph.calls.map((c) => c.filter)).toEqual([
      expect.stringContaining("mail eq 'otto@beta.example'"),
    ]);
    graph.reset();
    const response = await bot.post(
      actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, verb: 'reach.overview' }),
    );
    expect(totalsOf(invokeCard(response.body))).toMatchObject({ 'alleen e-mail': 2 });
    expect(graph.calls).toEqual([]);
  });

  it('gives the gemeente a CSV line per contact with its reach', async () => {
    const response = await bot.post(
      actionExecuteActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: admin,
        verb: 'reach.csv',
        data: { part: 1 },
      }),
    );
    const card = invokeCard(response.body);
    const input = (card.body as Array<{ type: string; value?: string }>).find((b) => b.type === 'Input.Text');
    const lines = (input?.value ?? '')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Organisatie;Naam;E-mail;Rol;Bereik;Gecontroleerd in tenant');
    expect(lines).toContain('Kleine Beta;Dirk Beta;dirk@beta.example;vervanger;alleen e-mail;ja');
    expect(lines).toContain(
      'Kleine Beta;Carla Gast;carla@beta.example;contactpersoon;Teams na installatie;ja',
    );
    expect(lines).toContain('Zorggroep Alfa;Anna Alfa;anna@alfa.example;contactpersoon;Teams;ja');
    expect(lines).toContain('Kleine Beta;Eva Zonder Adres;eva-zonder-adres;vervanger;onbereikbaar;ja');
    expect(lines).toContain('Kleine Beta;Otto Achtergrond;otto@beta.example;vervanger;alleen e-mail;ja');
    expect(lines).toHaveLength(1 + 8);
  });

  it('shows reach to the gemeente only: a contactpersoon and an unknown user are refused, Graph is not asked', async () => {
    for (const user of [anna, stranger]) {
      bot.connector.reset();
      await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user, text: 'bereik' }));
      const reply = cardText(attachmentCard(bot.connector.sentActivities()[0]));
      expect(reply).not.toContain('Bereik per organisatie');
      for (const verb of ['reach.overview', 'reach.csv']) {
        const response = await bot.post(
          actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb }),
        );
        const text = JSON.stringify(response.body);
        expect(text).not.toContain('Bereik per');
        expect(text).not.toContain('dirk@beta.example');
      }
    }
    const refused = await bot.post(
      actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user: anna, verb: 'reach.overview' }),
    );
    expect(cardText(invokeCard(refused.body))).toContain('U heeft geen toestemming voor deze actie');
    expect(graph.calls).toEqual([]);
  });

  it("offers the reach overview on the gemeente's help card", async () => {
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'help' }));
    const help = JSON.stringify(attachmentCard(bot.connector.sentActivities()[0]));
    expect(help).toContain('"verb":"reach.overview"');
    expect(help).toContain('bereik');
  });
});
