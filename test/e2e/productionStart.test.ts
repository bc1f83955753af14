import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, dropTestDatabase, testStoreConnection } from '../support/testStore';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';

/**
 * Issue 17, lean production: the embedded store (@vercel/cosmosdb-server) and its certificate code (selfsigned) are
 * devDependencies, absent from a production install, so a production start must not load them. The bot starts as
 * production starts it (src/index.ts, a bot identity, a Cosmos endpoint with a key) against the test store, which
 * this process trusts through NODE_EXTRA_CA_CERTS; a preloaded probe lists every module file loaded by the time the
 * bot listens. Without APPLICATIONINSIGHTS_CONNECTION_STRING the telemetry SDK stays unloaded too.
 */

const ROOT = path.resolve(__dirname, '../..');
const GUID = '11111111-2222-4333-8444-555555555555';

interface ProbeReport {
  readonly listeningMs: number;
  readonly files: readonly string[];
}

describe('a production start', () => {
  jest.setTimeout(120_000);
  let db: TafelbotDatabase;
  let folder: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('production');
    folder = mkdtempSync(path.join(tmpdir(), 'tafelbot-production-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
    if (db) await dropTestDatabase(db);
  });

  it('loads neither the embedded store nor its certificate code, nor telemetry without a connection string', async () => {
    const store = testStoreConnection();
    const caFile = path.join(folder, 'store-ca.pem');
    writeFileSync(caFile, store.ca);
    let output = '';
    const started = spawn(
      process.execPath,
      ['--import', 'tsx', '--require', './test/support/startProbe.cjs', 'src/index.ts'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        env: {
          PATH: process.env.PATH ?? '',
          BOT_ID: GUID,
          BOT_TYPE: 'UserAssignedMSI',
          BOT_TENANT_ID: GUID,
          ALLOWED_TENANT_IDS: GUID,
          HOST: '127.0.0.1',
          PORT: '0',
          COSMOS_ENDPOINT: store.endpoint,
          COSMOS_KEY: store.key,
          COSMOS_DATABASE: db.database.id,
          NODE_EXTRA_CA_CERTS: caFile,
          LOG_LEVEL: 'info',
        },
      },
    );
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const report = await new Promise<ProbeReport>((resolve, reject) => {
      started.on('message', (message: { probe?: ProbeReport }) => message.probe && resolve(message.probe));
      started.on('exit', (code) =>
        reject(new Error(`the bot exited (${code}) before listening:\n${output}`)),
      );
    });
    const exited = new Promise<number | null>((resolve) => started.on('exit', (code) => resolve(code)));
    started.kill('SIGTERM');
    expect(await exited).toBe(0);

    const relative = report.files.map((file) => path.relative(ROOT, file));
    // The probe sees the app itself, so an empty list cannot pass for a clean one.
    expect(relative).toContain(path.join('src', 'app', 'tafelbot.ts'));
    expect(relative.some((file) => file.includes(`${path.sep}@azure${path.sep}cosmos${path.sep}`))).toBe(
      true,
    );
    const unwanted = relative.filter((file) =>
      /(@vercel[\\/]cosmosdb-server|[\\/]selfsigned[\\/]|src[\\/]storage[\\/]local[\\/]|@azure[\\/]monitor-opentelemetry|[\\/]applicationinsights[\\/])/.test(
        file,
      ),
    );
    expect(unwanted).toEqual([]);
  });
});
