import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DeliveryRepository } from '../../../src/delivery/deliveryRepository';
import { DeliveryWorker } from '../../../src/delivery/deliveryWorker';
import { ConnectorSender } from '../../../src/bot/connectorSender';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { LeaseManager } from '../../../src/storage/leases';
import { silentLogger } from '../../../src/observability/logger';
import { startTestBot, type TestBot } from '../../support/botHarness';
import { createRecipients, drain, simpleCard } from '../../support/deliveryFixtures';

const CONCURRENCY = 8;

function startChildWorker(databaseId: string, instanceId: string): Promise<ChildProcess> {
  const child = fork(
    path.join(__dirname, '../../support/deliveryWorkerProcess.ts'),
    [databaseId, instanceId, '1', '2000'],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: process.env,
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

function inProcessWorker(bot: TestBot, instanceId: string, slots: number): DeliveryWorker {
  return new DeliveryWorker(
    {
      deliveries: new DeliveryRepository(bot.bot.db),
      registry: bot.bot.registry,
      leases: new LeaseManager(bot.bot.db, instanceId),
      sender: new ConnectorSender(new ConfigurationServiceClientCredentialFactory({}), ''),
      logger: silentLogger,
    },
    { instanceId, slots, concurrency: CONCURRENCY, idlePollMs: 50, claimMs: 2_000, leaseMs: 3_000 },
  );
}

describe('delivery survives crashes and shares work between instances', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({}, { backgroundWork: false });
  });
  afterAll(() => bot.stop());

  it('resumes after a kill -9 at a random point: nothing lost, duplicates only from messages in flight', async () => {
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 150, {
      prefix: 'crash',
    });
    await bot.bot.services.delivery.enqueue({
      broadcastId: 'crash-test',
      title: { nl: 'Verslag', en: 'Minutes' },
      topic: 'test',
      message: simpleCard('Het verslag'),
      audience: { personIds: people },
      requestedByPersonId: null,
    });
    bot.connector.reset();
    const child = await startChildWorker(bot.bot.db.database.id, 'doomed');
    const killAt = 20 + Math.floor(Math.random() * 90);
    while (bot.connector.delivered().size < killAt) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const deliveredAtCrash = bot.connector.delivered().size;

    // A fresh instance takes over once the dead one's lease and claims expire.
    const survivor = inProcessWorker(bot, 'survivor', 1);
    await drain(survivor, bot.bot.db, 'crash-test', 90_000);

    const status = await bot.bot.services.delivery.status('crash-test');
    expect(status?.counts).toMatchObject({ total: 150, sent: 150, failed: 0 });
    const delivered = bot.connector.delivered();
    expect(delivered.size).toBe(150);
    const duplicates = [...delivered.values()].filter((n) => n > 1).length;
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    expect(deliveredAtCrash).toBeLessThan(150);
    // Every message that arrived twice is one the report calls "possibly twice": its first attempt was cut off.
    const ledger = await new DeliveryRepository(bot.bot.db).recipients('crash-test');
    const interrupted = new Set(
      ledger.filter((r) => (r.value.interruptedAttempts ?? 0) > 0).map((r) => r.value.conversationId),
    );
    for (const [conversationId, n] of delivered)
      if (n > 1) expect(interrupted.has(conversationId)).toBe(true);
    expect(status?.possiblyTwice).toBe(interrupted.size);
    expect(status!.possiblyTwice).toBeGreaterThanOrEqual(duplicates);
    expect(status!.possiblyTwice).toBeLessThanOrEqual(CONCURRENCY);
  }, 120_000);

  it('two instances process one broadcast together without sending anything twice', async () => {
    const people = await createRecipients(bot.bot.registry, bot.connector.serviceUrl, 200, {
      prefix: 'twee',
    });
    await bot.bot.services.delivery.enqueue({
      broadcastId: 'twee-test',
      title: { nl: 'Agenda', en: 'Agenda' },
      topic: 'test',
      message: simpleCard('Agenda'),
      audience: { personIds: people },
      requestedByPersonId: null,
    });
    bot.connector.reset();
    const a = inProcessWorker(bot, 'instance-a', 2);
    const b = inProcessWorker(bot, 'instance-b', 2);
    await Promise.all([drain(a, bot.bot.db, 'twee-test'), drain(b, bot.bot.db, 'twee-test')]);
    const delivered = bot.connector.delivered();
    expect(delivered.size).toBe(200);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    expect(a.stats.sent).toBeGreaterThan(0);
    expect(b.stats.sent).toBeGreaterThan(0);
    expect(a.stats.sent + b.stats.sent).toBe(200);
  }, 120_000);
});
