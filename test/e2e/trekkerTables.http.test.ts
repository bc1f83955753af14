import { personIdFor, type Organisation } from '../../src/domain/registry/registry';
import {
  actionExecuteActivity,
  installActivity,
  messageActivity,
  teamsUser,
  type TeamsUser,
} from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';

/**
 * The tables a trekker leads on their help and profile cards over HTTP, as the gemeente sets tables up and ends
 * them with the card actions; and for a person stored before the led-tables hint existed.
 */
describe('a trekker sees the tables they lead on the help and profile cards', () => {
  let bot: TestBot;
  const clock = new Date('2027-01-20T09:00:00.000Z');
  const admin = teamsUser('701');
  const trekker = teamsUser('702');
  const emails = new Map<TeamsUser, string>([
    [admin, 'beheer@gemeente.example'],
    [trekker, 'tineke@trek.example'],
  ]);
  const tineke = personIdFor('tineke@trek.example');

  const invoke = (user: TeamsUser, verb: string, data: Record<string, unknown> = {}) =>
    bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data }));
  const textOf = async (response: Promise<{ body: unknown }>) => cardText(invokeCard((await response).body));

  async function helpText(user: TeamsUser): Promise<string> {
    bot.connector.reset();
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user, text: 'help' }));
    return cardText(attachmentCard(bot.connector.sentActivities()[0]));
  }

  async function createTafel(name: string, trekkers: string): Promise<string> {
    const response = await invoke(admin, 'ontwikkeltafel.create', {
      name,
      opdracht: 'Breng de wachttijden in kaart.',
      doel: 'Start binnen 14 werkdagen.',
      percelen: '3',
      trekkers,
      start: '2026-11-15',
      expectedEnd: '2028-06-30',
      periodEnds: '30-06, 31-12',
      graceDays: '30',
      reminderDays: '14, 3',
      reason: 'Spoed: de wachtlijsten vragen om een tafel voor de volgende Overlegtafel.',
    });
    const card = invokeCard(response.body);
    expect(cardText(card)).toContain('Ontwikkeltafel ingesteld');
    return /"tafelId":"(ot-[0-9a-f]+)"/.exec(JSON.stringify(card))![1]!;
  }

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    const registry = bot.bot.registry;
    const org = (id: string, name: string, type: Organisation['type']): Organisation => ({
      id,
      name,
      type,
      percelen: type === 'aanbieder' ? [3] : [],
      grootte: type === 'aanbieder' ? 'klein' : null,
      herkomst: type === 'aanbieder' ? 'lokaal' : null,
      kvkNumber: null,
      contracted: true,
    });
    await registry.createOrganisation(org('org-gemeente', 'Gemeente Rivierstad', 'gemeente'), null);
    await registry.createOrganisation(org('org-trek', 'Trek Jeugdhulp', 'aanbieder'), null);
    await registry.createPerson(
      {
        name: 'Tineke de Vries',
        email: 'tineke@trek.example',
        phone: null,
        aadObjectId: null,
        memberships: [{ organisationId: 'org-trek', role: 'contactpersoon' }],
        isAdmin: false,
      },
      null,
    );
    for (const [user, email] of emails) {
      bot.connector.members.set(user.id, { ...user, email });
      await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user }));
    }
  }, 60_000);
  afterAll(() => bot.stop());

  let wachttijden = '';

  it('lists every active table they lead, by name, on both cards', async () => {
    expect(await helpText(trekker)).not.toContain('Trekker');
    wachttijden = await createTafel('Wachttijden Jeugd', tineke);
    const lasten = await createTafel('Administratieve lasten', tineke);
    expect((await bot.bot.registry.getPerson(tineke))?.value.ledTableIds).toEqual([wachttijden, lasten]);

    const help = await helpText(trekker);
    expect(help).toContain('Trekker');
    expect(help).toContain('Administratieve lasten, Wachttijden Jeugd');
    const profile = await textOf(invoke(trekker, 'profile.show'));
    expect(profile).toContain('Mijn profiel');
    expect(profile.indexOf('Administratieve lasten')).toBeGreaterThan(-1);
    expect(profile.indexOf('Wachttijden Jeugd')).toBeGreaterThan(profile.indexOf('Administratieve lasten'));
  });

  it('drops a table once it ended', async () => {
    expect(
      await textOf(invoke(admin, 'ontwikkeltafel.end', { tafelId: wachttijden, endedOn: '2027-01-19' })),
    ).toContain('is beëindigd');
    expect((await bot.bot.registry.getPerson(tineke))?.value.ledTableIds).not.toContain(wachttijden);
    const profile = await textOf(invoke(trekker, 'profile.show'));
    expect(profile).toContain('Administratieve lasten');
    expect(profile).not.toContain('Wachttijden Jeugd');
  });

  it('shows the tables of a person stored before the hint existed, and stores the hint for next time', async () => {
    const registry = bot.bot.registry;
    const stored = (await registry.getPerson(tineke))!;
    const { ledTableIds: hint, ...old } = stored.value;
    await registry.people.replace(old, stored.etag);

    const help = await helpText(trekker);
    expect(help).toContain('Administratieve lasten');
    expect(help).not.toContain('Wachttijden Jeugd');
    expect((await registry.getPerson(tineke))?.value.ledTableIds).toEqual(hint);
  });
});
