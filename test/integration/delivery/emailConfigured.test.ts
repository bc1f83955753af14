import { PublicationsRepository } from '../../../src/storage/publicationsRepository';
import type { PublicationDocument } from '../../../src/storage/publicationsRepository';
import { actionExecuteActivity, installActivity, teamsUser } from '../../support/activities';
import { cardText, invokeCard, startTestBot, type TestBot } from '../../support/botHarness';
import { createRecipients, drain, simpleCard } from '../../support/deliveryFixtures';
import { startSmtpSink, type SmtpSink } from '../../support/smtpSink';

/**
 * The bot as configured by EMAIL_* variables (the composition root builds the transport and the channel):
 * someone without Teams gets the broadcast by e-mail, with the /openbaar link only while the item is published.
 */

describe('e-mail configured with EMAIL_TRANSPORT=smtp', () => {
  let sink: SmtpSink;
  let bot: TestBot;

  beforeAll(async () => {
    sink = await startSmtpSink();
    bot = await startTestBot({
      EMAIL_TRANSPORT: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_SECURITY: 'none',
      EMAIL_FROM: 'tafelbot@gemeente.example',
      EMAIL_FROM_NAME: 'Tafelbot Regio West',
      PUBLIC_BASE_URL: 'https://tafelbot.gemeente.example',
    });
  });
  afterAll(async () => {
    await bot.stop();
    await sink.close();
  });

  it('sends through the configured relay, linking the public page of a published item only', async () => {
    expect(bot.config.email).toMatchObject({ transport: 'smtp', ratePerMinute: 60 });
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 1, {
      prefix: 'geconfigureerd',
      withAadObjectId: () => false,
    });
    const publications = new PublicationsRepository(bot.bot.db);
    const at = new Date().toISOString();
    await publications.save('besluit', 'voorstel-gepubliceerd', () => ({
      id: 'besluit:voorstel-gepubliceerd',
      kind: 'besluit',
      sourceId: 'voorstel-gepubliceerd',
      title: 'Besluit',
      summary: 'Besluit',
      sortKey: at,
      sourceVersion: '1',
      version: 1,
      firstPublishedAt: at,
      updatedAt: at,
      view: {} as PublicationDocument<'besluit'>['view'],
    }));
    for (const [broadcastId, sourceId] of [
      ['besluit-openbaar', 'voorstel-gepubliceerd'],
      ['besluit-niet-openbaar', 'voorstel-niet-gepubliceerd'],
    ] as const) {
      const queued = await bot.bot.services.delivery.enqueue({
        broadcastId,
        title: { nl: `Besluit over ${sourceId}`, en: `Decision on ${sourceId}` },
        topic: 'test',
        message: { ...simpleCard('De gemeente heeft besloten.'), publication: { kind: 'besluit', sourceId } },
        audience: { personIds: people },
        requestedByPersonId: null,
      });
      expect(queued.ok).toBe(true);
      await drain(bot.bot.deliveryWorker, bot.bot.db, broadcastId);
    }
    await bot.bot.deliveryWorker.releaseSlot();

    expect(sink.messages).toHaveLength(2);
    const [published, unpublished] = ['voorstel-gepubliceerd', 'voorstel-niet-gepubliceerd'].map(
      (id) => sink.messages.find((m) => m.subject === `Besluit over ${id}`)!,
    );
    expect(published!.from?.value[0]).toMatchObject({ name: 'Tafelbot Regio West' });
    expect(published!.text).toContain('De gemeente heeft besloten.');
    expect(published!.text).toContain(
      'https://tafelbot.gemeente.example/openbaar/besluiten/voorstel-gepubliceerd',
    );
    expect(unpublished!.text).not.toContain('/openbaar');
    // Local mode has no bot identity, so there is no Teams chat to link to.
    expect(published!.text).not.toContain('teams.microsoft.com');
    expect((await bot.bot.services.delivery.status('besluit-openbaar'))?.sentBy).toEqual({
      teams: 0,
      email: 1,
    });
  });
  it('shows the gemeente, over HTTP, who got it by e-mail and who could not be reached on either channel', async () => {
    const admin = teamsUser('40');
    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
    await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user: admin }));
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 2, {
      prefix: 'rapportmail',
      withAadObjectId: () => false,
    });
    sink.reject.add('rapportmail-1@aanbieder.example');
    await bot.bot.services.delivery.enqueue({
      broadcastId: 'rapport-email',
      title: { nl: 'Agenda Overlegtafel', en: 'Agenda of the Overlegtafel' },
      topic: 'test',
      message: simpleCard('De agenda staat klaar.'),
      audience: { personIds: people },
      requestedByPersonId: null,
    });
    await drain(bot.bot.deliveryWorker, bot.bot.db, 'rapport-email');
    await bot.bot.deliveryWorker.releaseSlot();
    const response = await bot.post(
      actionExecuteActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: admin,
        verb: 'delivery.report',
        data: { broadcastId: 'rapport-email' },
      }),
    );
    const text = cardText(invokeCard(response.body));
    expect(text).toContain('Via Teams: 0 · per e-mail: 1');
    expect(text).toContain('Per e-mail bezorgd');
    expect(text).toContain('Ontvanger 0');
    expect(text).toContain('e-mail: De e-mail werd geweigerd door de mailserver (550)');
    expect(text).not.toContain('@aanbieder.example');
  });
});
