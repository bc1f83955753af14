import { DeliveryRepository, type RecipientDocument } from '../../../src/delivery/deliveryRepository';
import { personIdFor } from '../../../src/domain/registry/registry';
import { installActivity, installationUpdateActivity, teamsUser } from '../../support/activities';
import { startTestBot, type TestBot } from '../../support/botHarness';
import { createRecipients, drain, simpleCard } from '../../support/deliveryFixtures';
import { startFakeGraph, type FakeGraph } from '../../support/fakeGraph';

/**
 * Proactive installation through (a fake) Microsoft Graph: recipients who never used Tafelbot are looked up in
 * the tenant, get the app installed and are then messaged through the (fake) Bot Connector, with every outcome
 * on the ledger.
 */

const CATALOG_APP_ID = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

describe('proactive installation through Microsoft Graph', () => {
  let graph: FakeGraph;
  let bot: TestBot;
  const admin = teamsUser('70');
  let sequence = 0;

  beforeAll(async () => {
    graph = await startFakeGraph(CATALOG_APP_ID);
    bot = await startTestBot({
      GRAPH_INSTALL: 'true',
      TEAMS_CATALOG_APP_ID: CATALOG_APP_ID,
      GRAPH_BASE_URL: graph.url,
    });
    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
    // The admin's first contact tells the worker Teams' service URL and the tenant.
    await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user: admin }));
  });
  afterAll(async () => {
    await bot.stop();
    await graph.close();
  });
  beforeEach(() => {
    graph.reset();
    bot.connector.reset();
  });

  async function person(email: string, name = 'Nieuwe Contactpersoon'): Promise<string> {
    await bot.bot.registry.createPerson(
      { name, email, phone: null, aadObjectId: null, memberships: [], isAdmin: false },
      null,
    );
    return personIdFor(email);
  }

  async function broadcast(personIds: string[]) {
    const broadcastId = `install-${++sequence}`;
    const queued = await bot.bot.services.delivery.enqueue({
      broadcastId,
      title: { nl: 'Uitnodiging Overlegtafel', en: 'Invitation to the Overlegtafel' },
      topic: 'test',
      message: simpleCard('U bent uitgenodigd'),
      audience: { personIds },
      requestedByPersonId: null,
    });
    expect(queued.ok).toBe(true);
    await drain(bot.bot.deliveryWorker, bot.bot.db, broadcastId);
    const status = await bot.bot.services.delivery.status(broadcastId);
    const recipients = (await new DeliveryRepository(bot.bot.db).recipients(broadcastId)).map((r) => r.value);
    return { broadcastId, status: { counts: status!.counts, recipients } };
  }

  const failureOf = (status: { recipients: RecipientDocument[] }, personId: string) =>
    status.recipients.find((r) => r.personId === personId)?.failure ?? '';

  it('finds a member never seen before, installs the app for them and then sends the message', async () => {
    const user = graph.addMember('nieuw@aanbieder.example');
    const personId = await person('nieuw@aanbieder.example');

    const { status } = await broadcast([personId]);

    expect(status.counts).toMatchObject({ sent: 1, failed: 0 });
    expect(graph.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /v1.0/users 200',
      `POST /v1.0/users/${user.id}/teamwork/installedApps 201`,
    ]);
    expect(graph.calls[1]?.body).toEqual({
      'teamsApp@odata.bind': `${graph.url}/v1.0/appCatalogs/teamsApps/${CATALOG_APP_ID}`,
    });
    // Then the inner sender opened the 1:1 conversation with the user's object id and sent once.
    const created = bot.connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect((created?.body?.members as Array<{ id: string }>)[0]?.id).toBe(user.id);
    expect(bot.connector.delivered().get(`a:created-${user.id}`)).toBe(1);
    // Linked and saved, so the next broadcast goes straight to the conversation, without Graph.
    expect((await bot.bot.registry.getPerson(personId))?.value.aadObjectId).toBe(user.id);
    const teamsUserDoc = await bot.bot.registry.getTeamsUser(user.id);
    expect(teamsUserDoc?.value).toMatchObject({
      personId,
      reference: { conversation: { id: `a:created-${user.id}` } },
    });
    graph.reset();
    const again = await broadcast([personId]);
    expect(again.status.counts).toMatchObject({ sent: 1 });
    expect(graph.calls).toEqual([]);
  });

  it("links once and sends once when Teams' installationUpdate arrives while the message goes out", async () => {
    const user = graph.addMember('gelijktijdig@aanbieder.example');
    const personId = await person('gelijktijdig@aanbieder.example');
    const member = { id: `29:${user.id}`, aadObjectId: user.id, name: 'Gelijktijdig' };
    bot.connector.members.set(member.id, { ...member, email: 'gelijktijdig@aanbieder.example' });
    const turns: Array<Promise<{ status: number }>> = [];
    graph.onInstall = () =>
      turns.push(
        bot.post(installationUpdateActivity({ serviceUrl: bot.connector.serviceUrl, user: member })),
      );

    const { status } = await broadcast([personId]);
    const answers = await Promise.all(turns);

    expect(answers.map((a) => a.status)).toEqual([200]);
    expect(status.counts).toMatchObject({ sent: 1, failed: 0 });
    expect((await bot.bot.registry.getPerson(personId))?.value.aadObjectId).toBe(user.id);
    expect((await bot.bot.registry.getTeamsUser(user.id))?.value.personId).toBe(personId);
    // The welcome from the installationUpdate turn, and the broadcast exactly once.
    const texts = bot.connector.sentActivities().map((a) => JSON.stringify(a));
    expect(texts.filter((t) => t.includes('U bent uitgenodigd'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Welkom bij Tafelbot'))).toHaveLength(1);
  });

  it('finds a guest by the address they were invited with', async () => {
    const guest = graph.addGuest('gast@kleine-aanbieder.example');
    const personId = await person('Gast@Kleine-Aanbieder.example');

    const { status } = await broadcast([personId]);

    expect(status.counts).toMatchObject({ sent: 1, failed: 0 });
    expect(graph.installsFor(guest.id)).toBe(1);
    expect(graph.calls[0]?.filter).toBe(
      "mail eq 'gast@kleine-aanbieder.example' or otherMails/any(x:x eq 'gast@kleine-aanbieder.example') or userPrincipalName eq 'gast@kleine-aanbieder.example'",
    );
    expect((await bot.bot.registry.getPerson(personId))?.value.tenantLookup).toMatchObject({
      result: 'guest',
      objectId: guest.id,
    });
  });

  it("escapes a quote in an address, so the filter stays one literal (o'brien)", async () => {
    const user = graph.addMember("o'brien@aanbieder.example");
    const personId = await person("o'brien@aanbieder.example");
    const { status } = await broadcast([personId]);
    expect(status.counts).toMatchObject({ sent: 1 });
    expect(graph.calls[0]?.filter).toContain("mail eq 'o''brien@aanbieder.example'");
    expect(graph.installsFor(user.id)).toBe(1);
  });

  it('records a person who is not in the tenant with a reason the gemeente can read, and caches the lookup', async () => {
    const personId = await person('onbekend@elders.example');

    const { status } = await broadcast([personId]);

    expect(status.counts).toMatchObject({ sent: 0, failed: 1 });
    expect(failureOf(status, personId)).toContain('Niet gevonden in de tenant');
    expect(graph.calls.filter((c) => c.path.endsWith('installedApps'))).toEqual([]);
    expect(bot.connector.calls.filter((c) => c.method === 'POST')).toEqual([]);
    expect((await bot.bot.registry.getPerson(personId))?.value.tenantLookup).toMatchObject({
      result: 'not-found',
      objectId: null,
    });
  });

  it("retries Graph's 429 after its Retry-After, through the ledger", async () => {
    const user = graph.addMember('druk@aanbieder.example');
    const personId = await person('druk@aanbieder.example');
    graph.scripted.push({ status: 429, retryAfterSeconds: 1 });

    const { status } = await broadcast([personId]);

    expect(status.counts).toMatchObject({ sent: 1, failed: 0 });
    const [throttled, retried] = graph.calls;
    expect(throttled?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(1000);
    expect(graph.installsFor(user.id)).toBe(1);
    expect(status.recipients[0]?.attempts).toBe(2);
  });

  it('keeps to its own throttling: over the limit every request waits for Retry-After, none is lost', async () => {
    const emails = ['een', 'twee', 'drie'].map((n) => `${n}@drukke-regio.example`);
    for (const e of emails) graph.addMember(e);
    const personIds = await Promise.all(emails.map((e) => person(e)));
    graph.throttle = { limit: 3, windowMs: 1000, retryAfterSeconds: 1 };

    const { status } = await broadcast(personIds);

    expect(status.counts).toMatchObject({ sent: 3, failed: 0 });
    expect(graph.calls.some((c) => c.status === 429)).toBe(true);
    expect(graph.calls.filter((c) => c.status === 201)).toHaveLength(3);
    expect(bot.connector.delivered().size).toBe(3);
  });

  it('counts 409 Conflict (already installed, e.g. by a setup policy) as installed', async () => {
    const user = graph.addMember('al@aanbieder.example');
    graph.installed.set(user.id, new Set([CATALOG_APP_ID]));
    const personId = await person('al@aanbieder.example');

    const { status } = await broadcast([personId]);

    expect(status.counts).toMatchObject({ sent: 1, failed: 0 });
    expect(graph.calls.map((c) => c.status)).toEqual([200, 409]);
    expect(bot.connector.delivered().get(`a:created-${user.id}`)).toBe(1);
  });

  it('installs by object id, without a lookup, for a linked person whose chat is unknown', async () => {
    const [personId] = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 1, {
      prefix: 'gekoppeld',
      withConversation: () => false,
    });
    const user = graph.addMember('gekoppeld-0@aanbieder.example', { id: 'aad-gekoppeld-0' });

    const { status } = await broadcast([personId!]);

    expect(status.counts).toMatchObject({ sent: 1, failed: 0 });
    expect(graph.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /v1.0/users/${user.id}/teamwork/installedApps`,
    ]);
    expect(bot.connector.delivered().get(`a:created-${user.id}`)).toBe(1);
    expect((await bot.bot.registry.getTeamsUser(user.id))?.value.personId).toBe(personId);
  });

  it('names the app catalog when the catalog id is wrong, and the permissions when Graph says 403', async () => {
    graph.addMember('catalogus@aanbieder.example');
    graph.addMember('rechten@aanbieder.example');
    const notInCatalog = await person('catalogus@aanbieder.example');
    const forbidden = await person('rechten@aanbieder.example');

    graph.catalog.delete(CATALOG_APP_ID);
    const first = await broadcast([notInCatalog]);
    graph.catalog.add(CATALOG_APP_ID);
    graph.forbidden = true;
    const second = await broadcast([forbidden]);

    expect(failureOf(first.status, notInCatalog)).toContain('niet in de app-catalogus');
    expect(failureOf(second.status, forbidden)).toContain('User.Read.All');
    expect(bot.connector.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});
