import {
  actionExecuteActivity,
  installActivity,
  installationUpdateActivity,
  messageActivity,
  teamsUser,
} from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';

describe('welcome, help and first contact over HTTP', () => {
  let bot: TestBot;
  const admin = teamsUser('1');
  const stranger = teamsUser('2');

  beforeAll(async () => {
    bot = await startTestBot();
    bot.connector.members.set(admin.id, { ...admin, email: 'Beheer@Gemeente.example' });
    bot.connector.members.set(stranger.id, { ...stranger, email: 'iemand@elders.example' });
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.connector.reset());

  it('greets a configured admin on install, links the Teams account and saves the conversation reference', async () => {
    // Teams sends a conversationUpdate and an installationUpdate on install: one greeting, not two.
    const update = await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user: admin }));
    expect(update.status).toBe(200);
    const response = await bot.post(
      installationUpdateActivity({ serviceUrl: bot.connector.serviceUrl, user: admin }),
    );
    expect(response.status).toBe(200);
    expect(bot.connector.sentActivities()).toHaveLength(1);
    const card = attachmentCard(bot.connector.sentActivities()[0]);
    expect(cardText(card)).toContain('Welkom bij Tafelbot');
    expect(cardText(card)).toContain('Gemeente (beheerder)');
    const teamsUserDoc = await bot.bot.registry.getTeamsUser(admin.aadObjectId);
    expect(teamsUserDoc?.value.personId).toBeTruthy();
    expect(teamsUserDoc?.value.reference?.serviceUrl).toBe(bot.connector.serviceUrl);
    const person = await bot.bot.registry.getPerson(teamsUserDoc!.value.personId!);
    expect(person?.value.aadObjectId).toBe(admin.aadObjectId);
  });

  it('answers help with the role-aware card and an unknown command with a clear sentence', async () => {
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'help' }));
    expect(cardText(attachmentCard(bot.connector.sentActivities()[0]))).toContain('organisaties');
    bot.connector.reset();
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'vliegtuig' }));
    expect(bot.connector.sentActivities()[0]?.text).toContain('Dat commando ken ik niet: "vliegtuig"');
  });

  it('speaks English for an en locale', async () => {
    await bot.post(
      messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'help', locale: 'en-US' }),
    );
    expect(cardText(attachmentCard(bot.connector.sentActivities()[0]))).toContain('What can I do here?');
  });

  it('keeps a language preference in the teams-ai turn state in Cosmos, across turns', async () => {
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'taal en' }));
    expect(bot.connector.sentActivities()[0]?.text).toBe('The language is now English.');
    bot.connector.reset();
    await bot.post(
      messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'help', locale: 'nl-NL' }),
    );
    expect(cardText(attachmentCard(bot.connector.sentActivities()[0]))).toContain('What can I do here?');
    // On the Teams user document, which every turn reads anyway: no Cosmos call of its own.
    const stored = await bot.bot.registry.getTeamsUser(admin.aadObjectId);
    expect(stored?.value.turnState?.user).toEqual({ language: 'en' });
    bot.connector.reset();
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, text: 'taal nl' }));
    expect(bot.connector.sentActivities()[0]?.text).toBe('De taal is nu Nederlands.');
  });

  it('gives an unknown user a polite explanation and nothing else', async () => {
    await bot.post(
      messageActivity({ serviceUrl: bot.connector.serviceUrl, user: stranger, text: 'organisaties' }),
    );
    const sent = bot.connector.sentActivities();
    expect(sent).toHaveLength(1);
    const text = cardText(attachmentCard(sent[0]));
    expect(text).toContain('niet bekend bij Tafelbot');
    expect(text).toContain('iemand@elders.example');
    expect(text).not.toContain('Organisaties en samenstelling');
  });

  it('presses the profile action of the welcome card (Action.Execute) and gets the profile card back', async () => {
    const response = await bot.post(
      actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user: admin, verb: 'profile.show' }),
    );
    expect(response.status).toBe(200);
    expect(cardText(invokeCard(response.body))).toContain('Mijn profiel');
  });
});
