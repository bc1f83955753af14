import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import type { LoopbackCertificate } from './loopbackCertificate';

/**
 * The embedded Cosmos DB store for local runs and tests: @vercel/cosmosdb-server on 127.0.0.1 with our own
 * loopback certificate and keep-alive.
 *
 * The server keeps everything in memory. With a journal file, every write it accepted is appended to the
 * journal (synchronously, before the client sees the answer) and replayed at the next start, so local data
 * survives a restart or a kill. At start the replayed state is written back as a compact journal.
 */

export { EMBEDDED_STORE_KEY } from './embeddedStoreKey';

export interface EmbeddedStoreOptions {
  readonly certificate: LoopbackCertificate;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Where accepted writes are journaled; omit for a purely in-memory store (tests). */
  readonly journalPath?: string;
}

export interface EmbeddedStore {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

interface JournalEntry {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

function isMutation(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  // Queries are POSTs too: older clients flag them with a header, @azure/cosmos 4 with the content type.
  if (req.method === 'POST' && String(req.headers['x-ms-documentdb-isquery']).toLowerCase() === 'true')
    return false;
  if (String(req.headers['content-type']).startsWith('application/query+json')) return false;
  return true;
}

/** The partition key header an upsert of `doc` into a collection needs when it is replayed. */
function partitionKeyHeader(
  coll: { partitionKey?: unknown },
  doc: Record<string, unknown>,
): Record<string, string> {
  const keyPath = (coll.partitionKey as { paths?: string[] } | undefined)?.paths?.[0];
  if (!keyPath) return {};
  const value = keyPath
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc);
  return { 'x-ms-documentdb-partitionkey': JSON.stringify([value ?? {}]) };
}

/** Headers that change what a write does; If-Match is left out because ETags are regenerated on replay. */
function journalHeaders(req: IncomingMessage): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'if-match' || name === 'if-none-match') continue;
    if (
      name.startsWith('x-ms-documentdb-') ||
      name === 'content-type' ||
      name === 'x-ms-cosmos-is-batch-request'
    ) {
      kept[name] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return kept;
}

export async function startEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const server = createHttpsServer({
    cert: options.certificate.cert,
    key: options.certificate.key,
    keepAlive: true,
  } as unknown as Parameters<typeof createHttpsServer>[0]);
  server.keepAliveTimeout = 60_000;
  const [handle] = server.listeners('request') as RequestListener[];
  if (!handle) throw new Error('cosmosdb-server exposes no request listener');
  server.removeAllListeners('request');

  let journaling = false;
  const journalPath = options.journalPath;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!journaling || !journalPath || !isMutation(req)) {
      handle(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const replayable = Object.assign(new PassThrough(), {
        headers: req.headers,
        method: req.method,
        url: req.url,
        socket: req.socket,
        connection: req.socket,
      });
      const realEnd = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      // Journal before answering: a write the client saw accepted is on disk even if we are killed next.
      res.end = ((...args: unknown[]) => {
        if (res.statusCode < 400) {
          const entry: JournalEntry = {
            method: req.method ?? 'POST',
            url: req.url ?? '/',
            headers: journalHeaders(req),
            body: body.toString('utf8'),
          };
          appendFileSync(journalPath, `${JSON.stringify(entry)}\n`);
        }
        return realEnd(...args);
      }) as typeof res.end;
      handle(replayable as unknown as IncomingMessage, res);
      replayable.end(body);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `https://127.0.0.1:${port}/`;
  const agent = new https.Agent({ ca: options.certificate.cert, keepAlive: true });

  if (journalPath) {
    mkdirSync(path.dirname(journalPath), { recursive: true });
    if (existsSync(journalPath)) {
      try {
        await replayJournal(journalPath, port, agent);
        await compactJournal(journalPath, port, agent);
      } catch (error) {
        agent.destroy();
        server.closeAllConnections();
        server.close();
        throw error;
      }
    }
    journaling = true;
  }

  return {
    endpoint,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(
  port: number,
  agent: https.Agent,
  entry: JournalEntry,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method: entry.method,
        path: entry.url,
        agent,
        headers: { ...entry.headers, 'content-length': Buffer.byteLength(entry.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(entry.body);
  });
}

function readJournal(journalPath: string): JournalEntry[] {
  const lines = readFileSync(journalPath, 'utf8').split('\n');
  const entries: JournalEntry[] = [];
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // Only the last line can be torn (killed mid-append); that write was never answered.
      if (index < lines.length - 2)
        throw new Error(`Local store journal ${journalPath} is corrupt at line ${index + 1}`);
    }
  }
  return entries;
}

async function replayJournal(journalPath: string, port: number, agent: https.Agent): Promise<void> {
  for (const entry of readJournal(journalPath)) {
    const { status, body } = await send(port, agent, entry);
    // A replayed write can only fail where the original succeeded if the journal is inconsistent.
    if (status >= 400 && status !== 404 && status !== 409) {
      throw new Error(`Replaying ${entry.method} ${entry.url} failed with ${status}: ${body.slice(0, 200)}`);
    }
  }
}

interface Listed<T> {
  readonly [key: string]: T[] | unknown;
}

async function getJson<T>(port: number, agent: https.Agent, url: string, listKey: string): Promise<T[]> {
  const { status, body } = await send(port, agent, { method: 'GET', url, headers: {}, body: '' });
  if (status !== 200) throw new Error(`Reading ${url} from the local store failed with ${status}`);
  return ((JSON.parse(body) as Listed<T>)[listKey] as T[]) ?? [];
}

/** Rewrites the journal as the minimal list of writes that recreates the current state. */
async function compactJournal(journalPath: string, port: number, agent: https.Agent): Promise<void> {
  const compact: JournalEntry[] = [];
  const json = { 'content-type': 'application/json' };
  const databases = await getJson<{ id: string }>(port, agent, '/dbs', 'Databases');
  for (const db of databases) {
    compact.push({ method: 'POST', url: '/dbs', headers: json, body: JSON.stringify({ id: db.id }) });
    const collections = await getJson<{ id: string; partitionKey?: unknown; uniqueKeyPolicy?: unknown }>(
      port,
      agent,
      `/dbs/${encodeURIComponent(db.id)}/colls`,
      'DocumentCollections',
    );
    for (const coll of collections) {
      compact.push({
        method: 'POST',
        url: `/dbs/${encodeURIComponent(db.id)}/colls`,
        headers: json,
        body: JSON.stringify({
          id: coll.id,
          partitionKey: coll.partitionKey,
          uniqueKeyPolicy: coll.uniqueKeyPolicy,
        }),
      });
      const docsUrl = `/dbs/${encodeURIComponent(db.id)}/colls/${encodeURIComponent(coll.id)}/docs`;
      const docs = await getJson<Record<string, unknown>>(port, agent, docsUrl, 'Documents');
      for (const doc of docs) {
        const { _rid: _r, _self: _s, _etag: _e, _ts: _t, _attachments: _a, ...data } = doc;
        compact.push({
          method: 'POST',
          url: docsUrl,
          headers: { ...json, 'x-ms-documentdb-is-upsert': 'True', ...partitionKeyHeader(coll, data) },
          body: JSON.stringify(data),
        });
      }
    }
  }
  const temporary = `${journalPath}.compacting`;
  writeFileSync(temporary, compact.map((e) => `${JSON.stringify(e)}\n`).join(''));
  renameSync(temporary, journalPath);
}

/** Appends nothing; exposed for tests that check a torn last line is tolerated. */
export function journalLineCount(journalPath: string): number {
  return existsSync(journalPath) ? readJournal(journalPath).length : 0;
}
