import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { ConnectorSender } from '../../../src/bot/connectorSender';
import { DeliveryRepository } from '../../../src/delivery/deliveryRepository';
import { DeliveryWorker } from '../../../src/delivery/deliveryWorker';
import { EmailChannel } from '../../../src/delivery/email/emailChannel';
import { EmailRateStore } from '../../../src/delivery/email/emailRateStore';
import { SmtpTransport } from '../../../src/delivery/email/smtpTransport';
import { personIdFor } from '../../../src/domain/registry/registry';
import type { Logger } from '../../../src/observability/logger';
import { LeaseManager } from '../../../src/storage/leases';
import { escapeCardText } from '../../../src/cards/renderCard';
import { startTestBot, type TestBot } from '../../support/botHarness';
import { createRecipients, drain } from '../../support/deliveryFixtures';
import { startSmtpSink, type SmtpSink } from '../../support/smtpSink';

/**
 * E-mail through the one delivery path, against a real SMTP server in this process: what arrives is parsed
 * and read, the ledger and the report are checked, and nothing is sent twice.
 */

const BOT_ID = '00000000-0000-4000-8000-0000000000b0';
const DEEP_LINK = `https://teams.microsoft.com/l/chat/0/0?users=28:${BOT_ID}`;
const HOSTILE = '<script>alert(1)</script> **vet** [klik](https://evil.example)';

const card = (intro: string) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: intro, wrap: true },
    { type: 'TextBlock', text: `Motivatie van de indiener: ${escapeCardText(HOSTILE)}`, wrap: true },
    { type: 'FactSet', facts: [{ title: 'Inschrijven kan tot', value: 'vrijdag 15 januari 2027, 17:00' }] },
    { type: 'Container', id: 'vertrouwelijk-1', items: [{ type: 'TextBlock', text: 'GEHEIM-KOSTPRIJS' }] },
    { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Inschrijven', verb: 'x' }] },
  ],
});

/** Logs everything it is given, so the test can prove that no address reaches the log. */
function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  } as unknown as Logger;
}

describe('e-mail when Teams is not possible', () => {
  let bot: TestBot;
  let sink: SmtpSink;
  let transport: SmtpTransport;
  const logLines: string[] = [];
  let n = 0;

  const worker = (
    instanceId = `mail-${n++}`,
    slots = 1,
    perMinute = 600,
    rateStore?: EmailRateStore,
  ): DeliveryWorker =>
    new DeliveryWorker(
      {
        deliveries: new DeliveryRepository(bot.bot.db),
        registry: bot.bot.registry,
        leases: new LeaseManager(bot.bot.db, instanceId),
        sender: new ConnectorSender(new ConfigurationServiceClientCredentialFactory({}), ''),
        email: new EmailChannel({
          transport,
          registry: bot.bot.registry,
          windows: [{ limit: perMinute, windowMs: 60_000 }],
          botAppId: BOT_ID,
          publicBaseUrl: undefined,
          rateStore,
        }),
        logger: recordingLogger(logLines),
      },
      { instanceId, slots },
    );

  const enqueue = (
    broadcastId: string,
    personIds: string[],
    title = { nl: 'Uitnodiging Overlegtafel 2027', en: 'Invitation to the Overlegtafel 2027' },
  ) =>
    bot.bot.services.delivery.enqueue({
      broadcastId,
      title,
      topic: 'test',
      message: { card: card('U bent uitgenodigd voor de Overlegtafel.'), text: 'Uitnodiging' },
      audience: { personIds },
      requestedByPersonId: null,
    });

  /** Runs a worker until the broadcast is done, clearing back-off so retries come at once. */
  async function run(w: DeliveryWorker, broadcastId: string): Promise<void> {
    const repo = new DeliveryRepository(bot.bot.db);
    for (let i = 0; i < 20; i++) {
      await w.runOnce();
      for (const r of await repo.recipients(broadcastId, ['pending']))
        await repo.replaceRecipient({ ...r.value, notBefore: null }, r.etag);
      if ((await repo.getJob(broadcastId))?.value.status === 'done') return;
    }
    throw new Error(`${broadcastId} did not finish`);
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    bot = await startTestBot();
    transport = new SmtpTransport({
      host: '127.0.0.1',
      port: sink.port,
      security: 'none',
      user: undefined,
      password: undefined,
      from: 'tafelbot@gemeente.example',
      fromName: 'Tafelbot',
    });
  });
  afterAll(async () => {
    await transport.close();
    await bot.stop();
    await sink.close();
  });
  beforeEach(() => {
    sink.reset();
    bot.connector.reset();
    bot.connector.faults = {};
  });

  it('e-mails people Teams cannot reach, in their language, with the card content and a way to act', async () => {
    // 0: Teams works. 1: linked but the app is not installed (403). 2: never linked to Teams at all.
    // 3: like 1, and chose English in Tafelbot.
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 4, {
      prefix: 'mix',
      withConversation: (i) => i === 0,
      withAadObjectId: (i) => i !== 2,
    });
    await bot.bot.registry.saveTurnState('aad-mix-3', undefined, { language: 'en' });
    bot.connector.faults = { forbidden: new Set(['aad-mix-1', 'aad-mix-3']) };
    expect((await enqueue('mail-mix', people)).ok).toBe(true);
    const w = worker();
    await drain(w, bot.bot.db, 'mail-mix');
    await w.releaseSlot();

    expect(bot.connector.delivered().size).toBe(1);
    expect(sink.to('mix-0@aanbieder.example')).toHaveLength(0);
    for (const i of [1, 2, 3]) expect(sink.to(`mix-${i}@aanbieder.example`)).toHaveLength(1);

    const dutch = sink.to('mix-2@aanbieder.example')[0]!;
    expect(dutch.subject).toBe('Uitnodiging Overlegtafel 2027');
    expect(dutch.from?.value[0]).toMatchObject({ address: 'tafelbot@gemeente.example', name: 'Tafelbot' });
    expect(dutch.headers.get('content-language')).toBe('nl');
    expect(dutch.text).toContain('Beste Ontvanger 2,');
    expect(dutch.text).toContain('U bent uitgenodigd voor de Overlegtafel.');
    expect(dutch.text).toContain('Inschrijven kan tot: vrijdag 15 januari 2027, 17:00');
    expect(dutch.text).toContain(DEEP_LINK);
    expect(dutch.html).toContain(`href="${DEEP_LINK.replace(/&/g, '&amp;')}"`);
    expect(dutch.html).toContain('<html lang="nl">');
    // User text arrives literally, never as markup or a link; no confidential part, no button.
    expect(dutch.text).toContain(HOSTILE);
    expect(dutch.html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; **vet** [klik](https://evil.example)',
    );
    expect(dutch.html).not.toMatch(/<script|href="https:\/\/evil/);
    for (const part of [dutch.text ?? '', dutch.html || '']) {
      expect(part).not.toContain('GEHEIM-KOSTPRIJS');
      expect(part).not.toContain('Inschrijven</');
    }
    expect(dutch.messageId).toBe(`<mail-mix.${personIdFor('mix-2@aanbieder.example')}@tafelbot>`);

    const english = sink.to('mix-3@aanbieder.example')[0]!;
    expect(english.headers.get('content-language')).toBe('en');
    expect(english.text).toContain('Dear Ontvanger 3,');
    // The subject and heading in the recipient's language too, not only the greeting.
    expect(english.subject).toBe('Invitation to the Overlegtafel 2027');
    expect(english.html).toContain('<h1 style="font-size:20px">Invitation to the Overlegtafel 2027</h1>');
    expect(dutch.html).toContain('<h1 style="font-size:20px">Uitnodiging Overlegtafel 2027</h1>');

    const status = await bot.bot.services.delivery.status('mail-mix');
    expect(status?.counts).toMatchObject({ total: 4, sent: 4, failed: 0 });
    expect(status?.sentBy).toEqual({ teams: 1, email: 3 });
    expect(status?.recipients.map((r) => `${r.name}: ${r.channel} ${r.status}`)).toEqual([
      'Ontvanger 0: teams sent',
      'Ontvanger 1: email sent',
      'Ontvanger 2: email sent',
      'Ontvanger 3: email sent',
    ]);
    const ledger = await new DeliveryRepository(bot.bot.db).recipients('mail-mix');
    const teamsReasons = ledger.map((r) => r.value.teamsFailure ?? '').join('\n');
    expect(teamsReasons).toContain('Geen toegang');
    expect(teamsReasons).toContain('Geen Teams-gesprek bekend');
  });

  it('records bad addresses, refusals and deferrals: 550 fails with a readable reason, 451 is retried and sent', async () => {
    const registry = bot.bot.registry;
    const base = { phone: null, aadObjectId: null, memberships: [], isAdmin: false };
    await registry.createPerson(
      { ...base, id: 'person-zonder-adres', name: 'Zonder Adres', email: '' },
      null,
    );
    await registry.createPerson(
      { ...base, id: 'person-fout-adres', name: 'Fout Adres', email: 'anna@@zorg' },
      null,
    );
    await registry.createPerson({ ...base, name: 'Geweigerd', email: 'weg@zorg.example' }, null);
    await registry.createPerson({ ...base, name: 'Uitgesteld', email: 'later@zorg.example' }, null);
    sink.reject.add('weg@zorg.example');
    sink.defer.set('later@zorg.example', 2);
    const people = [
      'person-zonder-adres',
      'person-fout-adres',
      personIdFor('weg@zorg.example'),
      personIdFor('later@zorg.example'),
    ];
    expect((await enqueue('mail-fout', people)).ok).toBe(true);
    const w = worker();
    await run(w, 'mail-fout');
    await w.releaseSlot();

    expect(sink.rcpt.filter(([a]) => a === 'later@zorg.example').map(([, code]) => code)).toEqual([
      451, 451, 250,
    ]);
    expect(sink.to('later@zorg.example')).toHaveLength(1);
    expect(sink.to('weg@zorg.example')).toHaveLength(0);
    expect(sink.rcpt.filter(([a]) => a === 'weg@zorg.example')).toHaveLength(1); // 5xx: not retried

    const status = await bot.bot.services.delivery.status('mail-fout');
    expect(status?.counts).toMatchObject({ total: 4, sent: 1, failed: 3 });
    const reasons = Object.fromEntries(status!.failures.map((f) => [f.name, `${f.channel}: ${f.reason}`]));
    expect(reasons['Zonder Adres']).toBe(
      'email: Geen e-mailadres bekend en geen Teams-gesprek: vul het e-mailadres van deze persoon aan.',
    );
    expect(reasons['Fout Adres']).toContain('email: Het e-mailadres van deze persoon is ongeldig');
    expect(reasons['Geweigerd']).toContain('email: De e-mail werd geweigerd door de mailserver (550)');
    expect(JSON.stringify(status)).not.toContain('weg@zorg.example');

    // The report card reads in the reader's language.
    const { renderDeliveryReport } = await import('../../../src/bot/handlers/deliveryHandlers');
    const english = JSON.stringify(await renderDeliveryReport(bot.bot.services, 'mail-fout', 'en'));
    expect(english).toContain('e-mail: The mail server refused the e-mail (550)');
    expect(english).toContain('No e-mail address and no Teams conversation');
    expect(english).toContain('Invitation to the Overlegtafel 2027');
    expect(english).not.toContain('Uitnodiging Overlegtafel');
    const dutch = JSON.stringify(await renderDeliveryReport(bot.bot.services, 'mail-fout', 'nl'));
    expect(dutch).toContain('Per e-mail bezorgd');
    expect(dutch).toContain('Uitgesteld');
    expect(dutch).toContain('Uitnodiging Overlegtafel 2027');

    // No address anywhere in the log.
    expect(logLines.join('\n')).not.toMatch(/@zorg|@aanbieder/);
    expect(logLines.join('\n')).toContain('e-mail not delivered');

    // Resend to the failed: the address was corrected in the meantime; only that person gets mail now.
    sink.reset();
    sink.reject.add('weg@zorg.example');
    const fixed = (await registry.getPerson('person-fout-adres'))!;
    await registry.replacePerson(fixed, { ...fixed.value, email: 'anna@zorg.example' }, null);
    expect(await bot.bot.services.delivery.resendFailed('mail-fout')).toEqual({ ok: true, value: 3 });
    const again = worker();
    await run(again, 'mail-fout');
    await again.releaseSlot();
    expect(sink.messages.map((m) => m.subject)).toEqual(['Uitnodiging Overlegtafel 2027']);
    expect(sink.to('anna@zorg.example')).toHaveLength(1);
    expect(sink.to('later@zorg.example')).toHaveLength(0);
    expect((await bot.bot.services.delivery.status('mail-fout'))?.counts).toMatchObject({
      sent: 2,
      failed: 2,
    });
  });

  it('never sends two e-mails to one recipient: two instances, a taken-over claim, a repeated request', async () => {
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 24, {
      prefix: 'dubbel',
      withAadObjectId: () => false,
    });
    expect((await enqueue('mail-dubbel', people)).ok).toBe(true);
    const repo = new DeliveryRepository(bot.bot.db);
    // A crashed instance left this one claimed after choosing e-mail and before sending: its claim expired.
    const crashed = (await repo.recipients('mail-dubbel')).find((r) => r.value.personId === people[0])!;
    await repo.replaceRecipient(
      {
        ...crashed.value,
        status: 'sending',
        attempts: 1,
        channel: 'email',
        claimedBy: 'dead-instance',
        claimedUntil: new Date(Date.now() - 1000).toISOString(),
      },
      crashed.etag,
    );

    // Two slots, so both instances send at the same time.
    const twins = [worker('twin-a', 2), worker('twin-b', 2)];
    await Promise.all(twins.map((w) => drain(w, bot.bot.db, 'mail-dubbel')));
    await Promise.all(twins.map((w) => w.releaseSlot()));

    expect(sink.messages).toHaveLength(24);
    for (let i = 0; i < 24; i++) expect(sink.to(`dubbel-${i}@aanbieder.example`)).toHaveLength(1);
    expect(twins.reduce((sum, w) => sum + w.stats.emailed, 0)).toBe(24);
    // The recovered claim went straight to e-mail: no Teams attempt for anyone without a Teams account.
    expect(bot.connector.calls).toHaveLength(0);

    // The same request again (a retried HTTP call, a re-run task) queues nothing and sends nothing.
    expect(await enqueue('mail-dubbel', people)).toMatchObject({ ok: true, value: { alreadyQueued: true } });
    await twins[0]!.runOnce();
    await twins[0]!.releaseSlot();
    expect(sink.messages).toHaveLength(24);
    expect((await bot.bot.services.delivery.status('mail-dubbel'))?.sentBy).toEqual({ teams: 0, email: 24 });
  });
  it('sends an e-mail again after a crash lost its record with the same Message-ID and Date, so a mailbox that drops duplicates keeps one', async () => {
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 1, {
      prefix: 'onzeker',
      withAadObjectId: () => false,
    });
    expect((await enqueue('mail-onzeker', people)).ok).toBe(true);
    const repo = new DeliveryRepository(bot.bot.db);
    // Written an hour ago: an attempt's own time would differ from it.
    const written = (await repo.getJob('mail-onzeker'))!;
    const createdAt = new Date(Date.now() - 3_600_000).toISOString();
    await repo.replaceJob({ ...written.value, createdAt }, written.etag);
    const first = worker('onzeker-1', 1);
    await drain(first, bot.bot.db, 'mail-onzeker');
    await first.releaseSlot();
    expect(sink.to('onzeker-0@aanbieder.example')).toHaveLength(1);

    // The instance was killed after the relay accepted the message and before it wrote 'sent': the ledger still
    // shows its claim, which has expired. The next instance cannot know the message arrived, and sends it again.
    const sent = (await repo.recipients('mail-onzeker'))[0]!;
    await repo.replaceRecipient(
      {
        ...sent.value,
        status: 'sending',
        claimedBy: 'killed-instance',
        claimedUntil: new Date(Date.now() - 1000).toISOString(),
      },
      sent.etag,
    );
    const done = (await repo.getJob('mail-onzeker'))!;
    await repo.replaceJob({ ...done.value, status: 'active', finishedAt: null }, done.etag);
    const second = worker('onzeker-2', 1);
    await drain(second, bot.bot.db, 'mail-onzeker');
    await second.releaseSlot();

    const copies = sink.to('onzeker-0@aanbieder.example');
    expect(copies).toHaveLength(2);
    // Message-ID and Date (the submit time Exchange compares) are those of the broadcast, not of the attempt.
    expect(copies[1]!.messageId).toBe(copies[0]!.messageId);
    expect(copies[1]!.date?.toISOString()).toBe(copies[0]!.date?.toISOString());
    expect(copies[0]!.date?.getTime()).toBe(Math.floor(Date.parse(createdAt) / 1000) * 1000);
    // The report tells the gemeente this one may have arrived twice.
    expect((await bot.bot.services.delivery.status('mail-onzeker'))?.possiblyTwice).toBe(1);
  });
  it('keeps to the e-mail rate without holding claims: a recipient over the limit waits in the queue, not an attempt', async () => {
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 3, {
      prefix: 'tempo',
      withAadObjectId: () => false,
    });
    expect((await enqueue('mail-tempo', people)).ok).toBe(true);
    const w = worker('tempo', 1, 2); // two e-mails a minute
    const startedAt = Date.now();
    await w.runOnce();
    await w.releaseSlot();
    expect(sink.messages).toHaveLength(2);
    const waiting = await new DeliveryRepository(bot.bot.db).recipients('mail-tempo', ['pending']);
    expect(waiting).toHaveLength(1);
    const deferred = waiting[0]!.value;
    expect(deferred).toMatchObject({ attempts: 0, channel: 'email', claimedBy: null });
    // Its turn comes when the first e-mail leaves the one-minute window.
    expect(Date.parse(deferred.notBefore!)).toBeGreaterThanOrEqual(startedAt + 55_000);
    expect(w.stats).toMatchObject({ emailed: 2, failed: 0 });

    // Its slot is reserved: coming back early defers it to the same time again, without a new slot or attempt.
    const repo = new DeliveryRepository(bot.bot.db);
    const early = (await repo.recipients('mail-tempo', ['pending']))[0]!;
    await repo.replaceRecipient({ ...early.value, notBefore: null }, early.etag);
    await w.runOnce();
    await w.releaseSlot();
    const again = (await repo.recipients('mail-tempo', ['pending']))[0]!.value;
    expect(again).toMatchObject({ attempts: 0, notBefore: deferred.notBefore });
    expect(sink.messages).toHaveLength(2);
  });
  it('keeps the e-mail rate across a takeover: the next holder of the slot continues the window in the store', async () => {
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 4, {
      prefix: 'overname',
      withAadObjectId: () => false,
    });
    expect((await enqueue('mail-overname', people)).ok).toBe(true);
    const store = new EmailRateStore(bot.bot.db);
    const before = sink.messages.length;
    const first = worker('overname-1', 1, 2, store); // two e-mails a minute
    await first.runOnce();
    await first.releaseSlot(); // as if it died: a new instance with an empty memory takes the slot
    expect(sink.messages.length - before).toBe(2);
    const repo = new DeliveryRepository(bot.bot.db);
    const deferred = (await repo.recipients('mail-overname', ['pending'])).map((r) => r.value);
    expect(deferred).toHaveLength(2);

    // The next instance sees the two sends and the reservation: nothing goes out before the window allows it.
    for (const r of await repo.recipients('mail-overname', ['pending']))
      await repo.replaceRecipient({ ...r.value, notBefore: null }, r.etag);
    const second = worker('overname-2', 1, 2, store);
    await second.runOnce();
    await second.releaseSlot();
    expect(sink.messages.length - before).toBe(2);
    const again = (await repo.recipients('mail-overname', ['pending'])).map((r) => r.value);
    expect(again).toHaveLength(2);
    // The recipient deferred first keeps the slot reserved for it; the other gets the one after.
    const byPerson = new Map(deferred.map((r) => [r.personId, r.notBefore]));
    const kept = again.filter((r) => byPerson.get(r.personId) === r.notBefore);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    for (const r of again) expect(Date.parse(r.notBefore!)).toBeGreaterThan(Date.now() + 50_000);
    const window = await store.load('delivery-slot-0');
    expect(window?.value.sends.length).toBeGreaterThanOrEqual(3);
  });

  it('turns to e-mail when Teams keeps failing until its attempts run out, with attempts of its own', async () => {
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 1, {
      prefix: 'storing',
    });
    bot.connector.faults = { share503: 1 };
    sink.defer.set('storing-0@aanbieder.example', 1);
    expect((await enqueue('mail-storing', people)).ok).toBe(true);
    const w = worker();
    await run(w, 'mail-storing');
    await w.releaseSlot();
    expect(bot.connector.calls.filter((c) => c.status === 503)).toHaveLength(6);
    // The relay deferred the first e-mail once; e-mail still had attempts left after Teams used all six.
    expect(sink.rcpt.map(([, code]) => code)).toEqual([451, 250]);
    expect(sink.to('storing-0@aanbieder.example')).toHaveLength(1);
    const status = await bot.bot.services.delivery.status('mail-storing');
    expect(status?.recipients).toMatchObject([{ status: 'sent', channel: 'email' }]);
    const ledger = (await new DeliveryRepository(bot.bot.db).recipients('mail-storing'))[0]!.value;
    expect(ledger.teamsFailure).toContain('(503)');
  });
});
