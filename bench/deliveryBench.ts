/**
 * Delivery bench (issue 3): a broadcast to 1,000 recipients through the fake Teams service, which enforces
 * Teams' limits and answers 5% of requests with 429 + Retry-After. Reports the wall time as a ratio to the
 * floor the limits impose (1,000 / 50 per second = 20 s), lost and duplicated messages; then the same with the
 * worker killed (SIGKILL) at 50% and a new one taking over.
 *
 * Every part runs in its own process: the embedded store, the fake Teams service and the worker.
 *   npx tsx bench/deliveryBench.ts [--recipients N]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeliveryRepository } from '../src/delivery/deliveryRepository';
import { DeliveryService } from '../src/delivery/deliveryService';
import { connectCosmos, ensureDatabaseAndContainers } from '../src/storage/cosmosClient';
import { launchEmbeddedStore } from '../src/storage/local/launchEmbeddedStore';
import { RegistryRepository } from '../src/storage/registryRepository';
import { createRecipients, simpleCard } from '../test/support/deliveryFixtures';

export interface DeliveryBenchResult {
  readonly scenario: string;
  readonly recipients: number;
  /** From the enqueue request until every recipient is settled. */
  readonly wallSeconds: number;
  /** Writing the ledger (audience resolution and one document per recipient). */
  readonly enqueueSeconds: number;
  /** From the first request to Teams until the last: what the limits bound. */
  readonly sendSeconds: number;
  readonly floorSeconds: number;
  readonly ratio: number;
  readonly sent: number;
  readonly failed: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly requests: number;
  readonly limitViolations: number;
}

export interface ConnectorStats {
  first: number;
  last: number;
  calls: number;
  violations: number;
  deliveredConversations: number;
  /** The conversations with at least one message. */
  deliveredIds: string[];
  duplicates: number;
}

const TENANT_RATE_PER_SECOND = 50;

export function forkTs(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return fork(path.join(__dirname, script), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env,
  });
}

export function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`${type}: child exited (${code})`));
    const onMessage = (message: { type: string }): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function connectorStats(connector: ChildProcess): Promise<ConnectorStats> {
  const reply = nextMessage<ConnectorStats>(connector, 'stats');
  connector.send({ type: 'stats' });
  return reply;
}

export async function startWorker(
  env: NodeJS.ProcessEnv,
  databaseId: string,
  instanceId: string,
): Promise<ChildProcess> {
  const child = forkTs(
    '../test/support/deliveryWorkerProcess.ts',
    [databaseId, instanceId, '1', '3000'],
    env,
  );
  await nextMessage(child, 'started');
  return child;
}

/**
 * Waits until the broadcast is done. Unless `crashWhen` is undefined, the worker is killed (SIGKILL, or `signal`)
 * once `crashWhen()` says half is delivered, and `restart()` starts the one that takes over. Resolves to the
 * worker running at the end.
 */
export async function untilDone(options: {
  readonly deliveries: DeliveryRepository;
  readonly broadcastId: string;
  readonly worker: ChildProcess;
  readonly crashWhen: (() => Promise<boolean>) | undefined;
  readonly restart: () => Promise<ChildProcess>;
  /** SIGKILL: a crash (out of memory, a lost host). SIGTERM: a redeploy or scale-in, which lets it finish. */
  readonly signal?: NodeJS.Signals;
}): Promise<ChildProcess> {
  let worker = options.worker;
  let crashed = options.crashWhen === undefined;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (!crashed && (await options.crashWhen!())) {
      worker.kill(options.signal ?? 'SIGKILL');
      await new Promise((resolve) => worker.once('exit', resolve));
      worker = await options.restart();
      crashed = true;
    }
    if ((await options.deliveries.getJob(options.broadcastId))?.value.status === 'done') return worker;
  }
}

export async function runDeliveryBench(recipientCount = 1000): Promise<DeliveryBenchResult[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-delivery-bench-'));
  const store = await launchEmbeddedStore(dataDir);
  const env = {
    ...process.env,
    TEST_COSMOS_ENDPOINT: store.endpoint,
    TEST_COSMOS_KEY: store.key,
    TEST_COSMOS_CA: store.ca,
  };
  const db = connectCosmos({
    endpoint: store.endpoint,
    key: store.key,
    loopbackCa: store.ca,
    databaseId: 'bench',
  });
  const connector = forkTs('../test/support/fakeConnectorProcess.ts', [], env);
  const children: ChildProcess[] = [connector];
  try {
    const { serviceUrl } = await nextMessage<{ serviceUrl: string }>(connector, 'ready');
    await ensureDatabaseAndContainers(db);
    const registry = new RegistryRepository(db);
    const deliveries = new DeliveryRepository(db);
    const service = new DeliveryService(deliveries, registry);
    const results: DeliveryBenchResult[] = [];

    for (const scenario of ['steady', 'crash-at-50%'] as const) {
      const people = await createRecipients(registry, serviceUrl, recipientCount, {
        prefix: scenario === 'steady' ? 'b' : 'c',
      });
      connector.send({ type: 'reset' });
      connector.send({ type: 'faults', share429: 0.05, retryAfterSeconds: 1, seed: 42 });
      const worker = await startWorker(env, 'bench', `${scenario}-1`);
      children.push(worker);
      const broadcastId = `bench-${scenario === 'steady' ? 'steady' : 'crash'}`;
      const started = Date.now();
      const queued = await service.enqueue({
        broadcastId,
        title: { nl: 'Agenda Overlegtafel', en: 'Agenda of the Overlegtafel' },
        topic: 'bench',
        message: simpleCard('De agenda van de Overlegtafel staat klaar.'),
        audience: { personIds: people },
        requestedByPersonId: null,
      });
      if (!queued.ok) throw new Error(queued.messages.join(' '));
      const enqueueSeconds = (Date.now() - started) / 1000;
      const last = await untilDone({
        deliveries,
        broadcastId,
        worker,
        crashWhen:
          scenario === 'steady'
            ? undefined
            : async () => (await connectorStats(connector)).deliveredConversations >= recipientCount / 2,
        restart: async () => {
          const next = await startWorker(env, 'bench', `${scenario}-2`);
          children.push(next);
          return next;
        },
      });
      const wallSeconds = (Date.now() - started) / 1000;
      last.kill('SIGTERM');
      const status = await service.status(broadcastId);
      const stats = await connectorStats(connector);
      const floorSeconds = recipientCount / TENANT_RATE_PER_SECOND;
      results.push({
        scenario,
        recipients: recipientCount,
        wallSeconds,
        enqueueSeconds,
        sendSeconds: (stats.last - stats.first) / 1000,
        floorSeconds,
        ratio: (stats.last - stats.first) / 1000 / floorSeconds,
        sent: status?.counts.sent ?? 0,
        failed: status?.counts.failed ?? 0,
        lost: recipientCount - stats.deliveredConversations - (status?.counts.failed ?? 0),
        duplicates: stats.duplicates,
        requests: stats.calls,
        limitViolations: stats.violations,
      });
    }
    return results;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    db.dispose();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const index = process.argv.indexOf('--recipients');
  const count = index > 0 ? Number(process.argv[index + 1]) : 1000;
  runDeliveryBench(count).then(
    (results) => {
      console.table(
        results.map((r) => ({ ...r, wallSeconds: r.wallSeconds.toFixed(1), ratio: r.ratio.toFixed(3) })),
      );
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
