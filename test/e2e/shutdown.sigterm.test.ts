import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { DeliveryService } from '../../src/delivery/deliveryService';
import { RegistryRepository } from '../../src/storage/registryRepository';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { createRecipients, simpleCard } from '../support/deliveryFixtures';
import { createTestDatabase, dropTestDatabase, testStoreConnection } from '../support/testStore';

/**
 * Issue 9, graceful shutdown: the bot runs as its own process (`node --import tsx src/index.ts`, local mode, on the
 * test store through COSMOS_ENDPOINT and COSMOS_LOCAL_CA_FILE) and is sending a broadcast through a slow Teams
 * service when it gets SIGTERM. It finishes the messages in flight, claims nothing new, hands its sending slot back
 * and exits 0: no recipient stays claimed ('sending'), and another instance can take the slot at once and finish.
 */

const RECIPIENTS = 120;
const TEAMS_DELAY_MS = 250;

/** A Teams service that takes its time, so that SIGTERM arrives in the middle of the broadcast. */
async function startSlowTeams(): Promise<{ url: string; sent: () => number; close: () => Promise<void> }> {
  let sent = 0;
  let sequence = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        if (req.method === 'POST' && /\/activities/.test(req.url ?? '')) sent += 1;
        const body =
          req.url === '/v3/conversations'
            ? { id: `a:created-${++sequence}` }
            : { id: `activity-${++sequence}` };
        res.writeHead(req.method === 'POST' && req.url === '/v3/conversations' ? 201 : 200, {
          'content-type': 'application/json',
        });
        res.end(JSON.stringify(body));
      }, TEAMS_DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    sent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('graceful shutdown on SIGTERM', () => {
  jest.setTimeout(120_000);
  let db: TafelbotDatabase;
  let teams: Awaited<ReturnType<typeof startSlowTeams>>;
  let child: ChildProcessWithoutNullStreams | undefined;
  let output = '';

  beforeAll(async () => {
    db = await createTestDatabase('shutdown');
    teams = await startSlowTeams();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await teams?.close();
    if (db) await dropTestDatabase(db);
  });

  it('finishes the messages in flight, leaves nothing claimed and hands the sending slot back', async () => {
    const registry = new RegistryRepository(db);
    const deliveries = new DeliveryRepository(db);
    const people = await createRecipients(registry, teams.url, RECIPIENTS, { prefix: 'sigterm' });
    const queued = await new DeliveryService(deliveries, registry).enqueue({
      broadcastId: 'sigterm-broadcast',
      title: { nl: 'Agenda Overlegtafel', en: 'Agenda of the Overlegtafel' },
      topic: 'test',
      message: simpleCard('De agenda van de Overlegtafel.'),
      audience: { personIds: people },
      requestedByPersonId: null,
    });
    expect(queued.ok).toBe(true);

    const store = testStoreConnection();
    const folder = mkdtempSync(path.join(tmpdir(), 'tafelbot-sigterm-'));
    const caFile = path.join(folder, 'store-ca.pem');
    writeFileSync(caFile, store.ca);
    child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        PATH: process.env.PATH ?? '',
        LOCAL_MODE: 'true',
        PORT: '0',
        COSMOS_ENDPOINT: store.endpoint,
        COSMOS_KEY: store.key,
        COSMOS_DATABASE: db.database.id,
        COSMOS_LOCAL_CA_FILE: caFile,
        ADMIN_EMAILS: 'beheer@gemeente.example',
        LOG_LEVEL: 'info',
      },
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));

    // Mid-broadcast: some messages are out, most are not.
    await until(() => teams.sent() >= 15, 60_000, `the first messages (output: ${output.slice(-2000)})`);
    const sentBeforeSignal = teams.sent();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"message":"stopping"');

    const recipients = (await deliveries.recipients('sigterm-broadcast')).map((r) => r.value);
    expect(recipients).toHaveLength(RECIPIENTS);
    // Nothing stays claimed by the stopped instance; what it sent is recorded as sent.
    expect(recipients.filter((r) => r.status === 'sending')).toEqual([]);
    const sent = recipients.filter((r) => r.status === 'sent').length;
    expect(sent).toBeGreaterThanOrEqual(sentBeforeSignal);
    expect(sent).toBeLessThan(RECIPIENTS);
    // Every message Teams accepted is recorded (in flight at the signal, finished before the exit).
    expect(sent).toBe(teams.sent());
    // The sending slot was handed back: free now, not after its lease expires.
    const { resource: slot } = await db
      .container('leases')
      .item('lease-delivery-slot-0', 'lease-delivery-slot-0')
      .read();
    expect(slot).toBeDefined();
    expect(new Date((slot as { expiresAt: string }).expiresAt).getTime()).toBeLessThanOrEqual(Date.now());
  });
});
