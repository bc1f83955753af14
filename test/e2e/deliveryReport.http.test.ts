import { actionExecuteActivity, installActivity, teamsUser } from '../support/activities';
import { cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { createRecipients, drain, simpleCard } from '../support/deliveryFixtures';

describe('the gemeente follows a broadcast on a live report card and resends to the failed only', () => {
  let bot: TestBot;
  const admin = teamsUser('30');
  const outsider = teamsUser('31');

  beforeAll(async () => {
    bot = await startTestBot({}, { backgroundWork: false });
    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
    bot.connector.members.set(outsider.id, { ...outsider, email: 'niemand@elders.example' });
    await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user: admin }));
    await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user: outsider }));
  });
  afterAll(() => bot.stop());

  it('sends the report card to the requester, updates it in place, and lists who failed and why', async () => {
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 6, {
      prefix: 'rapport',
      withAadObjectId: (i) => i !== 5,
    });
    const adminPerson = await bot.bot.registry.findPersonByEmail('beheer@gemeente.example');
    bot.connector.reset();
    const queued = await bot.bot.services.delivery.enqueue({
      broadcastId: 'rapport-test',
      title: { nl: 'Uitnodiging Overlegtafel 2027', en: 'Invitation to the Overlegtafel 2027' },
      topic: 'test',
      message: simpleCard('U bent uitgenodigd'),
      audience: { personIds: people },
      requestedByPersonId: adminPerson!.value.id,
      reportToPersonId: adminPerson!.value.id,
    });
    expect(queued.ok).toBe(true);
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'rapport-test');

    const adminConversation = `a:personal-${admin.aadObjectId}`;
    const toAdmin = bot.connector.calls.filter((c) => c.path.includes(encodeURIComponent(adminConversation)));
    expect(toAdmin[0]?.method).toBe('POST');
    const updates = toAdmin.filter((c) => c.method === 'PUT');
    expect(updates.length).toBeGreaterThan(0);
    expect(JSON.stringify(updates.at(-1)?.body)).toContain('Klaar');
    // Local mode (the Agents Playground shows no card updated in place): the finished report also arrives as a
    // new message, once, after the last update.
    const summaries = toAdmin.filter((c) => c.method === 'POST').slice(1);
    expect(summaries).toHaveLength(1);
    expect(toAdmin.at(-1)).toBe(summaries[0]);
    expect(JSON.stringify(summaries[0]?.body)).toContain('is klaar: 5 verzonden, 1 mislukt');

    const report = await bot.post(
      actionExecuteActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: admin,
        verb: 'delivery.report',
        data: { broadcastId: 'rapport-test' },
      }),
    );
    const text = cardText(invokeCard(report.body));
    expect(text).toContain('Uitnodiging Overlegtafel 2027');
    expect(text).toContain('Ontvanger 5');
    expect(text).toContain('Geen Teams-gesprek bekend');
    expect(text).toContain('Opnieuw versturen naar de mislukte ontvangers');
  });

  it('is in the language of the person who asked: English for an English Teams user', async () => {
    const adminPerson = await bot.bot.registry.findPersonByEmail('beheer@gemeente.example');
    const stored = await bot.bot.registry.getTeamsUser(admin.aadObjectId);
    await bot.bot.registry.saveTeamsUser(admin.aadObjectId, stored, { locale: 'en-US' });
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 2, {
      prefix: 'report-en',
    });
    bot.connector.reset();
    const queued = await bot.bot.services.delivery.enqueue({
      broadcastId: 'report-en-test',
      title: { nl: 'Invitation 2027', en: 'Invitation 2027' },
      topic: 'test',
      message: simpleCard('You are invited'),
      audience: { personIds: people },
      requestedByPersonId: adminPerson!.value.id,
      reportToPersonId: adminPerson!.value.id,
    });
    expect(queued.ok).toBe(true);
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'report-en-test');
    const toAdmin = bot.connector.calls.filter((c) =>
      c.path.includes(encodeURIComponent(`a:personal-${admin.aadObjectId}`)),
    );
    const bodies = toAdmin.map((c) => JSON.stringify(c.body));
    expect(bodies[0]).toContain('Delivery report');
    expect(bodies.join('\n')).not.toContain('Verzendrapport');
    expect(bodies.at(-1)).toContain('has finished: 2 sent, 0 failed');
    await bot.bot.registry.saveTeamsUser(
      admin.aadObjectId,
      await bot.bot.registry.getTeamsUser(admin.aadObjectId),
      { locale: 'nl-NL' },
    );
  });

  it('resends only to the failed recipients', async () => {
    bot.connector.reset();
    const response = await bot.post(
      actionExecuteActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: admin,
        verb: 'delivery.resendFailed',
        data: { broadcastId: 'rapport-test' },
      }),
    );
    expect(cardText(invokeCard(response.body))).toContain('Verzendrapport');
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'rapport-test');
    const posts = bot.connector.calls.filter(
      (c) => c.method === 'POST' && !c.path.includes(admin.aadObjectId),
    );
    expect(posts).toEqual([]); // the one failed recipient still has no conversation; nobody else got it again
    expect((await bot.bot.services.delivery.status('rapport-test'))?.counts).toMatchObject({
      sent: 5,
      failed: 1,
    });
  });

  it('refuses the report and the resend to anyone but the gemeente', async () => {
    for (const verb of ['delivery.report', 'delivery.resendFailed']) {
      const response = await bot.post(
        actionExecuteActivity({
          serviceUrl: bot.connector.serviceUrl,
          user: outsider,
          verb,
          data: { broadcastId: 'rapport-test' },
        }),
      );
      expect(cardText(invokeCard(response.body))).not.toContain('Verzendrapport');
    }
    const tampered = await bot.post(
      actionExecuteActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: admin,
        verb: 'delivery.report',
        data: { broadcastId: '../x' },
      }),
    );
    expect(cardText(invokeCard(tampered.body))).toContain('Deze kaart is niet (meer) geldig');
  });
});
