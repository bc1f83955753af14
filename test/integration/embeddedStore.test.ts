import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { connectCosmos, ensureDatabaseAndContainers } from '../../src/storage/cosmosClient';
import {
  EMBEDDED_STORE_KEY,
  journalLineCount,
  startEmbeddedStore,
} from '../../src/storage/local/embeddedStore';
import {
  createLoopbackCertificate,
  ensureLoopbackCertificate,
} from '../../src/storage/local/loopbackCertificate';

describe('embedded store', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-store-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  async function withStore<T>(run: (db: ReturnType<typeof connectCosmos>) => Promise<T>): Promise<T> {
    const certificate = await ensureLoopbackCertificate(folder);
    const store = await startEmbeddedStore({ certificate, journalPath: path.join(folder, 'journal.jsonl') });
    const db = connectCosmos({
      endpoint: store.endpoint,
      key: EMBEDDED_STORE_KEY,
      databaseId: 'tafelbot',
      loopbackCa: certificate.cert,
    });
    try {
      await ensureDatabaseAndContainers(db);
      return await run(db);
    } finally {
      db.dispose();
      await store.close();
    }
  }

  it('keeps accepted writes across a restart, deletes included', async () => {
    await withStore(async (db) => {
      const c = db.container('organisations');
      await c.items.create({ id: 'a', name: 'A' });
      await c.items.create({ id: 'b', name: 'B' });
      const { resource } = await c.item('a', 'a').read();
      await c
        .item('a', 'a')
        .replace(
          { ...resource, name: 'A2' },
          { accessCondition: { type: 'IfMatch', condition: resource._etag } },
        );
      await c.item('b', 'b').delete();
    });
    // The second and third start replay a compacted journal: it must be as good as the original.
    for (let restart = 0; restart < 3; restart++) {
      await withStore(async (db) => {
        const c = db.container('organisations');
        expect((await c.item('a', 'a').read()).resource?.name).toBe('A2');
        expect((await c.item('b', 'b').read()).statusCode).toBe(404);
      });
    }
  });

  it('journals writes only: queries and reads add nothing', async () => {
    await withStore(async (db) => {
      await db.container('organisations').items.create({ id: 'a', name: 'A' });
    });
    const journal = path.join(folder, 'journal.jsonl');
    await withStore(async (db) => {
      const before = journalLineCount(journal);
      for (let i = 0; i < 5; i++) {
        await db.container('organisations').items.query('SELECT * FROM c').fetchAll();
        await db.container('organisations').item('a', 'a').read();
      }
      expect(journalLineCount(journal)).toBe(before);
    });
  });

  it('does not journal a refused write', async () => {
    await withStore(async (db) => {
      const c = db.container('organisations');
      await c.items.create({ id: 'a', name: 'A' });
      await expect(c.items.create({ id: 'a', name: 'dubbel' })).rejects.toMatchObject({ code: 409 });
      await expect(
        c
          .item('a', 'a')
          .replace({ id: 'a', name: 'oud' }, { accessCondition: { type: 'IfMatch', condition: '"stale"' } }),
      ).rejects.toMatchObject({ code: 412 });
    });
    await withStore(async (db) => {
      expect((await db.container('organisations').item('a', 'a').read()).resource?.name).toBe('A');
    });
  });

  it('tolerates a torn last journal line (killed mid-append)', async () => {
    await withStore(async (db) => {
      await db.container('organisations').items.create({ id: 'a', name: 'A' });
    });
    appendFileSync(path.join(folder, 'journal.jsonl'), '{"method":"POST","url":"/dbs/tafel');
    await withStore(async (db) => {
      expect((await db.container('organisations').item('a', 'a').read()).resource?.name).toBe('A');
    });
  });

  it('serves TLS with its own loopback certificate, which a client that does not trust it refuses', async () => {
    const certificate = await createLoopbackCertificate();
    const store = await startEmbeddedStore({ certificate });
    try {
      const untrusted = new Promise<void>((resolve, reject) => {
        https
          .get(`${store.endpoint}`, { agent: new https.Agent({ keepAlive: false }) }, () =>
            reject(new Error('connected without trust')),
          )
          .on('error', (e) => {
            expect(String((e as NodeJS.ErrnoException).code)).toMatch(
              /SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/,
            );
            resolve();
          });
      });
      await untrusted;
      const trusted = await new Promise<number>((resolve, reject) => {
        https
          .get(store.endpoint, { agent: new https.Agent({ ca: certificate.cert }) }, (res) =>
            resolve(res.statusCode ?? 0),
          )
          .on('error', reject);
      });
      expect(trusted).toBeGreaterThan(0);
      expect(() =>
        connectCosmos({
          endpoint: 'https://example.documents.azure.com/',
          key: 'k',
          databaseId: 'd',
          loopbackCa: certificate.cert,
        }),
      ).toThrow(/loopback/);
    } finally {
      await store.close();
    }
  });
});
