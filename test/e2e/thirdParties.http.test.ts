import { actionExecuteActivity, type TeamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { drain } from '../support/deliveryFixtures';
import { ORGS, publishComposition, seedMeetingWorld, type MeetingWorld } from '../support/meetingsFixtures';
import { actionData } from '../support/cardQueries';
import { at } from '../unit/voorstellen/fixtures';

/**
 * Issue 19 over HTTP: the gemeente invites third parties to a meeting with their role [002 art. 7.7]; they are on
 * the agenda card every provider gets and on the public agenda.
 */
describe('invited third parties on the agenda, over HTTP', () => {
  let bot: TestBot;
  let world: MeetingWorld;
  const clock = at('2027-02-01 10:00');

  const send = async (user: TeamsUser, verb: string, data: Record<string, unknown> = {}, locale?: string) =>
    invokeCard(
      (
        await bot.post(
          actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data, locale }),
        )
      ).body,
    );
  const planData = {
    table: 'overlegtafel',
    title: '',
    date: '2027-03-30',
    startTime: '14:00',
    endTime: '16:00',
    location: 'Stadhuis Rivierstad, Raadzaal',
    cutoffDate: '',
    cutoffTime: '',
    row1Title: 'Wachttijden jeugdhulp',
    row1Owner: 'Gemeente',
  };

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    world = await seedMeetingWorld(bot, '22');
    await publishComposition(bot.bot.db, 2027, [ORGS.alfa, ORGS.beta, ORGS.gamma]);
  });
  afterAll(() => bot.stop());

  it('lists them with their role on the agenda every provider gets and on the public agenda', async () => {
    const form = await send(world.admin, 'meeting.nieuw');
    const base = actionData(form, 'meeting.plannen');
    const wrong = await send(
      world.admin,
      'meeting.plannen',
      { ...base, ...planData, thirdParties: 'GGD' },
      'en-US',
    );
    expect(cardText(wrong)).toContain('Invitee 1: write "name: role"');

    const planned = await send(world.admin, 'meeting.plannen', {
      ...base,
      ...planData,
      thirdParties: 'GGD Gelderland-Zuid: adviseur jeugdgezondheid\nVeilig Thuis: toelichting op de meldcode',
    });
    const meetingId = String(actionData(planned, 'meeting.agenda.versturen').meetingId);
    bot.connector.reset();
    const sent = await send(world.admin, 'meeting.agenda.versturen', { meetingId });
    expect(cardText(sent)).toContain('Agenda verstuurd');
    await drain(bot.bot.deliveryWorker, bot.bot.db, `${meetingId}-agenda`);
    const toDelta = bot.connector.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.path.includes(encodeURIComponent(world.conversationOf(world.contacts.delta))),
    );
    const agenda = cardText(attachmentCard(toDelta.at(-1)?.body));
    expect(agenda).toContain('Genodigde derden');
    expect(agenda).toContain('GGD Gelderland-Zuid: adviseur jeugdgezondheid');
    expect(agenda).toContain('Veilig Thuis: toelichting op de meldcode');

    // The edit form shows them as lines again, and the gemeente can publish the agenda.
    const edit = await send(world.admin, 'meeting.bewerken', { meetingId });
    expect(JSON.stringify(edit)).toContain('GGD Gelderland-Zuid: adviseur jeugdgezondheid\\nVeilig Thuis');
    await send(world.admin, 'publicaties.publiceren', { kind: 'agenda', sourceId: meetingId });
    const page = await (await fetch(`${bot.url}/openbaar/vergaderingen/${meetingId}`)).text();
    expect(page).toContain('<dt>Genodigde derden</dt>');
    expect(page).toContain('<dd>GGD Gelderland-Zuid: adviseur jeugdgezondheid</dd>');
  });
});
