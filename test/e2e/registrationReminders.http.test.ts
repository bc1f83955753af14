import { InschrijvingRepository } from '../../src/storage/inschrijvingRepository';
import { actionExecuteActivity, type TeamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { drain } from '../support/deliveryFixtures';
import { ORGS, seedMeetingWorld, type MeetingWorld } from '../support/meetingsFixtures';

/**
 * Issue 19 over HTTP: an open registration round reminds, 7 and 2 days before its deadline, only the contracted
 * aanbieders that have not registered; a second run at the same moment sends nothing more, and each moment is in
 * the round's audit trail once.
 */
describe('registration reminders before the deadline, over HTTP', () => {
  let bot: TestBot;
  let world: MeetingWorld;
  let clock = new Date('2026-11-02T09:00:00Z');

  const send = async (user: TeamsUser, verb: string, data: Record<string, unknown> = {}) =>
    invokeCard(
      (await bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data })))
        .body,
    );
  const postsTo = (user: TeamsUser) =>
    bot.connector.calls.filter(
      (c) => c.method === 'POST' && c.path.includes(encodeURIComponent(world.conversationOf(user))),
    );
  const register = (user: TeamsUser, organisationId: string) =>
    send(user, 'inschrijving.opslaan', {
      roundId: 'ronde-2027',
      organisationId,
      etag: '',
      perceel: '1',
      grootte: 'klein',
      herkomst: 'lokaal',
      contactpersoonName: 'Contactpersoon',
      contactpersoonEmail: 'contact@aanbieder.example',
      contactpersoonPhone: '',
      vervangerName: 'Vervanger',
      vervangerEmail: 'vervanger@aanbieder.example',
      vervangerPhone: '',
      motivation: 'Wij brengen de ervaring van een kleine lokale aanbieder mee.',
    });

  const registeredIds = async () =>
    (await new InschrijvingRepository(bot.bot.db).listRegistrations('ronde-2027', { activeOnly: true }))
      .map((r) => r.value.organisationId)
      .sort();

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    world = await seedMeetingWorld(bot, '20');
    const opened = await send(world.admin, 'ronde.openen', {
      year: '2027',
      deadlineDate: '2027-01-15',
      deadlineTime: '12:00',
      seats: '12',
      minimum1: '2',
      minimum2: '2',
      minimum3: '2',
      minimum4: '2',
      minimum5: '1',
      differentGrootte: 'true',
      atLeastOneLokaal: 'true',
      minimumReturning: '3',
      minimumNewcomers: '3',
      seedSource: 'slotkoers AEX op 16 januari 2027',
      publicValueDate: '2027-01-16',
    });
    expect(cardText(opened)).toContain('2027');
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'ronde-2027-uitnodiging');
  });
  afterAll(() => bot.stop());

  it('sends nothing before the first reminder moment', async () => {
    clock = new Date('2027-01-08T10:59:00Z');
    bot.connector.reset();
    await bot.bot.services.scheduler.runDue();
    expect(await bot.bot.registry.audit.stream('ronde-2027')).not.toContainEqual(
      expect.objectContaining({ action: 'ronde.herinnering' }),
    );
  });

  it('7 days before the deadline reminds only the contracted aanbieders that have not registered, once', async () => {
    await register(world.contacts.alfa, ORGS.alfa.id);
    expect(await registeredIds()).toEqual([ORGS.alfa.id]);
    clock = new Date('2027-01-08T11:00:00Z');
    bot.connector.reset();
    await bot.bot.services.scheduler.runDue();
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'ronde-2027-herinnering-7d');
    for (const user of [world.contacts.beta, world.contacts.gamma, world.contacts.delta]) {
      const text = cardText(attachmentCard(postsTo(user).at(-1)?.body));
      expect(text).toContain('Herinnering: uw organisatie heeft zich nog niet ingeschreven.');
      expect(postsTo(user)).toHaveLength(1);
    }
    for (const user of [
      world.contacts.alfa,
      world.contacts.alfaVervanger,
      world.contacts.epsilon,
      world.contacts.toegang,
    ])
      expect(postsTo(user)).toEqual([]);

    // Again at the same moment (another instance, a later tick): nothing more.
    clock = new Date('2027-01-10T11:00:00Z');
    await bot.bot.services.scheduler.runDue();
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'ronde-2027-herinnering-7d');
    expect(postsTo(world.contacts.beta)).toHaveLength(1);
  });

  it('2 days before, the next reminder skips who registered meanwhile', async () => {
    await register(world.contacts.beta, ORGS.beta.id);
    expect(await registeredIds()).toEqual([ORGS.alfa.id, ORGS.beta.id]);
    clock = new Date('2027-01-13T11:00:00Z');
    bot.connector.reset();
    await bot.bot.services.scheduler.runDue();
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'ronde-2027-herinnering-2d');
    for (const user of [world.contacts.gamma, world.contacts.delta])
      expect(cardText(attachmentCard(postsTo(user).at(-1)?.body))).toContain('Inschrijven kan tot');
    for (const user of [world.contacts.alfa, world.contacts.beta, world.contacts.epsilon])
      expect(postsTo(user)).toEqual([]);

    const reminders = (await bot.bot.registry.audit.stream('ronde-2027')).filter(
      (e) => e.action === 'ronde.herinnering',
    );
    expect(reminders.map((e) => [e.details.daysBefore, e.details.organisations])).toEqual([
      [7, [ORGS.beta.id, ORGS.gamma.id, ORGS.delta.id].sort()],
      [2, [ORGS.gamma.id, ORGS.delta.id].sort()],
    ]);
  });

  it('sends nothing after the deadline', async () => {
    clock = new Date('2027-01-15T11:00:01Z');
    bot.connector.reset();
    await bot.bot.services.scheduler.runDue();
    expect(bot.connector.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});
