import { actionExecuteActivity, messageActivity, type TeamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { drain } from '../support/deliveryFixtures';
import { ORGS, publishComposition, seedMeetingWorld, type MeetingWorld } from '../support/meetingsFixtures';
import { at } from '../unit/voorstellen/fixtures';

/**
 * Issue 19 over HTTP: the Overlegtafel meets at least twice a year [000 §1]. The gemeente's help card warns while
 * fewer than two meetings are planned or held this year, and one reminder goes to the gemeente from 1 July.
 */
describe('year planning of the Overlegtafel, over HTTP', () => {
  let bot: TestBot;
  let world: MeetingWorld;
  let clock = at('2027-02-01 10:00');

  const send = async (user: TeamsUser, verb: string, data: Record<string, unknown> = {}) =>
    invokeCard(
      (await bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data })))
        .body,
    );
  const help = async (user: TeamsUser) => {
    bot.connector.reset();
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user, text: 'help' }));
    return cardText(attachmentCard(bot.connector.sentActivities()[0]));
  };
  const plan = async (date: string) => {
    const form = await send(world.admin, 'meeting.nieuw');
    const data = (
      JSON.parse(JSON.stringify(form)) as {
        actions: Array<{ verb?: string; data?: Record<string, unknown> }>;
      }
    ).actions.find((a) => a.verb === 'meeting.plannen')?.data;
    const planned = await send(world.admin, 'meeting.plannen', {
      ...data,
      table: 'overlegtafel',
      title: '',
      date,
      startTime: '14:00',
      endTime: '16:00',
      location: 'Stadhuis Rivierstad, Raadzaal',
      cutoffDate: '',
      cutoffTime: '',
      row1Title: 'Opening en mededelingen',
      row1Owner: 'Gemeente',
    });
    expect(cardText(planned)).toContain('Overleg gepland');
  };
  /** The year reminders a user received (the concept verslag of the March meeting also reaches the gemeente). */
  const yearNotices = (user: TeamsUser) =>
    bot.connector.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.path.includes(encodeURIComponent(world.conversationOf(user))) &&
        JSON.stringify(c.body).includes('minder dan twee overleggen'),
    );
  const reminders = async () =>
    (await bot.bot.registry.audit.stream('overlegtafel-2027')).filter(
      (e) => e.action === 'jaarplanning.herinnering',
    );

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    world = await seedMeetingWorld(bot, '21');
    await publishComposition(bot.bot.db, 2027, [ORGS.alfa, ORGS.beta, ORGS.gamma]);
  });
  afterAll(() => bot.stop());

  it('warns the gemeente on its help card, and nobody else', async () => {
    expect(await help(world.admin)).toContain(
      'De Overlegtafel komt minstens twee keer per jaar bijeen. Voor 2027 staan er 0 gepland of gehouden',
    );
    expect(await help(world.contacts.alfa)).not.toContain('minstens twee keer per jaar');
    await plan('2027-03-30');
    expect(await help(world.admin)).toContain('Voor 2027 staan er 1 gepland of gehouden');
  });

  it('sends no reminder before 1 July, then exactly one to the gemeente', async () => {
    await bot.bot.services.scheduler.runDue();
    expect(await reminders()).toEqual([]);

    clock = at('2027-07-01 10:00');
    bot.connector.reset();
    await bot.bot.services.scheduler.runDue();
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'overlegtafel-jaarplanning-2027');
    expect(yearNotices(world.admin)).toHaveLength(1);
    expect(cardText(attachmentCard(yearNotices(world.admin)[0]?.body))).toContain(
      'Voor 2027 staan er 1 gepland of gehouden',
    );
    expect(yearNotices(world.contacts.alfa)).toEqual([]);

    clock = at('2027-08-01 10:00');
    await bot.bot.services.scheduler.runDue();
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'overlegtafel-jaarplanning-2027');
    expect(yearNotices(world.admin)).toHaveLength(1);
    expect((await reminders()).map((e) => e.details)).toEqual([{ year: 2027, meetings: 1 }]);
  });

  it('the warning goes once two meetings are planned', async () => {
    await plan('2027-10-12');
    expect(await help(world.admin)).not.toContain('minstens twee keer per jaar');
  });
});
