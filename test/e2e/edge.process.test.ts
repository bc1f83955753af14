import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { createTestDatabase, dropTestDatabase, testStoreConnection } from '../support/testStore';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';

/**
 * Issue 16, the edge as an attacker meets it: Tafelbot as its own process in production configuration (BOT_ID
 * set, every request authenticated), hit without a token. No request may end the process, make it swallow a
 * decompressed or multipart body, print a stack per refused token, or keep /healthz waiting.
 */

const BOT_ID = '7a1b2c3d-0000-4000-8000-00000000e0e0';
const TENANT = '11111111-2222-3333-4444-555555555555';
const MB = 1024 * 1024;
const RSS_BUDGET_PER_REQUEST = 64 * MB;

/** Polls /healthz every 100 ms until SIGTERM; prints "start-ms latency-ms status" per probe. */
const HEALTH_PROBER = `
const http = require('node:http');
const port = Number(process.argv[1]);
let stopping = false;
process.on('SIGTERM', () => { stopping = true; });
(async function loop() {
  while (!stopping) {
    const at = Date.now();
    const started = process.hrtime.bigint();
    const status = await new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 5000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve(0));
      req.on('timeout', () => { req.destroy(); resolve(0); });
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(at + ' ' + ms.toFixed(1) + ' ' + status + '\\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.exit(0);
})();
`;

interface Answer {
  readonly status: number;
  readonly body: string;
  /** The connection ended without an answer (the server closed it on purpose or the client cut it). */
  readonly dropped: boolean;
}

interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
  /** Send only this many bytes of the body, then cut the connection. */
  readonly cutAfter?: number;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  return kb ? Number(kb[1]) * 1024 : 0;
}

/** A gzip stream of `size` bytes of JSON whitespace: tiny on the wire, huge when inflated. */
async function gzipBomb(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  gzip.write('{"type":"message","text":"');
  const block = Buffer.alloc(MB, 0x20);
  for (let written = 0; written < size; written += MB) {
    if (!gzip.write(block)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end('"}');
  await done;
  return Buffer.concat(chunks);
}

describe('the HTTP edge in production configuration, as its own process', () => {
  jest.setTimeout(180_000);
  let db: TafelbotDatabase;
  let child: ChildProcessWithoutNullStreams;
  let port = 0;
  let output = '';
  let uploadDir = '';

  const alive = (): boolean => child.exitCode === null && child.signalCode === null;

  function request(options: RawRequest, timeoutMs = 10_000): Promise<Answer> {
    return new Promise((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/api/messages',
        headers: options.headers ?? {},
        timeout: timeoutMs,
      });
      let settled = false;
      const finish = (answer: Answer): void => {
        if (settled) return;
        settled = true;
        resolve(answer);
      };
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => finish({ status: res.statusCode ?? 0, body, dropped: false }));
        res.on('error', () => finish({ status: res.statusCode ?? 0, body, dropped: true }));
      });
      req.on('error', () => finish({ status: 0, body: '', dropped: true }));
      req.on('timeout', () => {
        req.destroy();
        finish({ status: 0, body: '', dropped: true });
      });
      const body = options.body ?? Buffer.alloc(0);
      if (options.cutAfter !== undefined) {
        req.write(body.subarray(0, options.cutAfter), () => setTimeout(() => req.destroy(), 20));
      } else {
        req.end(body);
      }
    });
  }

  async function health(): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    const answer = await request({ method: 'GET', path: '/healthz' }, 5_000);
    return { status: answer.status, ms: performance.now() - started };
  }

  beforeAll(async () => {
    db = await createTestDatabase('edge');
    const store = testStoreConnection();
    const folder = mkdtempSync(path.join(tmpdir(), 'tafelbot-edge-'));
    const caFile = path.join(folder, 'store-ca.pem');
    writeFileSync(caFile, store.ca);
    uploadDir = mkdtempSync(path.join(tmpdir(), 'tafelbot-edge-tmp-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        PATH: process.env.PATH ?? '',
        BOT_ID,
        BOT_TYPE: 'UserAssignedMSI',
        BOT_TENANT_ID: TENANT,
        ALLOWED_TENANT_IDS: TENANT,
        HOST: '127.0.0.1',
        PORT: '0',
        COSMOS_ENDPOINT: store.endpoint,
        COSMOS_KEY: store.key,
        COSMOS_DATABASE: db.database.id,
        // The test store's own loopback CA, trusted in addition to the system's: TLS checks stay on.
        NODE_EXTRA_CA_CERTS: caFile,
        LOG_LEVEL: 'info',
        // Where a multipart parser would leave its upload_* files.
        TMPDIR: uploadDir,
      },
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const end = Date.now() + 60_000;
    while (!port && Date.now() < end && alive()) {
      const listening = /"url":"http:\/\/127\.0\.0\.1:(\d+)\/api\/messages"/.exec(output);
      if (listening) port = Number(listening[1]);
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!port) throw new Error(`the bot did not start:\n${output.slice(-3000)}`);
    // Warm up: the first requests load code lazily, which is not what a request costs.
    for (let i = 0; i < 5; i += 1) {
      await health();
      await request({
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"type":"message"}'),
      });
    }
  });

  afterAll(async () => {
    if (child && alive()) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (db) await dropTestDatabase(db);
  });

  it.each([
    ['POST', '/api/messages'],
    ['GET', '/healthz'],
    ['GET', '/openbaar'],
  ])(
    'a gzip body that is not gzip, or cut off, gets 415 on %s %s and the process lives on',
    async (method, route) => {
      for (const body of [
        Buffer.from('hello'),
        gzipSync(JSON.stringify({ type: 'message', text: 'x'.repeat(9000) })).subarray(0, 30),
      ]) {
        const answer = await request({
          method,
          path: route,
          headers: {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'content-length': String(body.length),
          },
          body,
        });
        expect(answer.status).toBe(415);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(alive()).toBe(true);
      expect((await health()).status).toBe(200);
    },
  );

  it('a 240 MiB gzip bomb is refused at once, without inflating it', async () => {
    const bomb = await gzipBomb(240 * MB);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const before = rssOf(child.pid!);
    const answer = await request({
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    });
    expect([415, 0]).toContain(answer.status);
    expect(rssOf(child.pid!) - before).toBeLessThan(RSS_BUDGET_PER_REQUEST);
    expect(alive()).toBe(true);
  });

  it('a 50 MB multipart upload is refused and leaves no file in the temp folder', async () => {
    const boundary = 'edge-boundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.alloc(50 * MB, 1),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const before = rssOf(child.pid!);
    const answer = await request({
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      },
      body,
    });
    expect([415, 0]).toContain(answer.status);
    expect(rssOf(child.pid!) - before).toBeLessThan(RSS_BUDGET_PER_REQUEST);
    // (tsx keeps its compile cache there too: only a parser's upload files count.)
    expect(readdirSync(uploadDir).filter((name) => name.startsWith('upload_'))).toEqual([]);
    expect(alive()).toBe(true);
  });

  it('a request without a valid token gets 401 and exactly one log line, without stack or token', async () => {
    const token = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"aud":"someone-else"}').toString('base64url')}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
    for (const authorization of [undefined, `Bearer ${token}`]) {
      const mark = output.length;
      const answer = await request({
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: Buffer.from(
          JSON.stringify({
            type: 'message',
            text: 'profiel',
            serviceUrl: 'https://smba.trafficmanager.net/emea/',
            channelId: 'msteams',
            from: { id: '29:x' },
            conversation: { id: 'a:x', conversationType: 'personal', tenantId: TENANT },
          }),
        ),
      });
      expect(answer.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = output
        .slice(mark)
        .split('\n')
        .filter((line) => line.trim());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/request not authenticated/);
      expect(lines[0]).not.toContain(token.split('.')[0]!.slice(10));
      expect(output.slice(mark)).not.toMatch(/^\s+at /m);
    }
  });

  it('fuzzed content types, encodings, shapes, sizes and truncations never end the process, never cost 64 MB, and /healthz keeps answering within 1 s', async () => {
    const bomb = await gzipBomb(64 * MB);
    const activity = Buffer.from(JSON.stringify({ type: 'message', text: 'help', channelId: 'msteams' }));
    const bodies = {
      activity,
      emptyObject: Buffer.from('{}'),
      notJson: Buffer.from('{"type":'),
      binary: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)),
      gzipActivity: gzipSync(activity),
      gzipBomb: bomb,
      truncatedGzip: gzipSync(Buffer.alloc(200_000, 0x61)).subarray(0, 100),
      large: Buffer.alloc(300 * 1024, 0x7b),
      huge: Buffer.alloc(8 * MB, 0x20),
      empty: Buffer.alloc(0),
      deepJson: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)),
      multipart: Buffer.from(
        '--b\r\nContent-Disposition: form-data; name="f"; filename="x"\r\n\r\n' +
          'x'.repeat(2 * MB) +
          '\r\n--b--\r\n',
      ),
    };
    type BodyName = keyof typeof bodies;
    const anyRequest = fc.record({
      method: fc.constantFrom('POST', 'GET', 'PUT'),
      path: fc.constantFrom('/api/messages', '/healthz', '/openbaar', '/readyz', '/nowhere'),
      contentType: fc.constantFrom(
        'application/json',
        undefined,
        'application/json; charset=utf-8',
        'text/plain',
        'multipart/form-data; boundary=b',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
        '*/*;;;',
      ),
      contentEncoding: fc.constantFrom(
        undefined,
        'gzip',
        'deflate',
        'br',
        'identity',
        'gzip, identity',
        'x-zip',
        '',
      ),
      body: fc.constantFrom(...(Object.keys(bodies) as BodyName[])),
      declareLength: fc.constantFrom('exact', 'none', 'smaller', 'larger'),
      cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 3 }),
    });
    // Half of the runs are JSON posts to the bot, so the fuzz also reaches parsing, the shape check and the token
    // check, not only the early refusals.
    const jsonPost = fc.record({
      method: fc.constant('POST'),
      path: fc.constant('/api/messages'),
      contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
      contentEncoding: fc.constantFrom(undefined, 'identity'),
      body: fc.constantFrom<BodyName>(
        'activity',
        'emptyObject',
        'notJson',
        'binary',
        'large',
        'huge',
        'empty',
        'deepJson',
      ),
      declareLength: fc.constantFrom('exact', 'none', 'smaller', 'larger'),
      cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 3 }),
    });
    const scenario = fc.oneof(anyRequest, jsonPost);

    // /healthz is probed from a process of its own, so a busy test process cannot make the bot look slow.
    const prober = spawn(process.execPath, ['-e', HEALTH_PROBER, String(port)]);
    const probes: Array<{ at: number; ms: number; status: number }> = [];
    let probeOutput = '';
    prober.stdout.on('data', (chunk: Buffer) => {
      probeOutput += chunk.toString();
      const lines = probeOutput.split('\n');
      probeOutput = lines.pop() ?? '';
      for (const line of lines) {
        const [at, ms, status] = line.split(' ').map(Number);
        probes.push({ at: at!, ms: ms!, status: status! });
      }
    });
    const running: Array<{ from: number; to: number; scenario: string }> = [];

    const worst = { growth: 0, scenario: '' };
    const statuses = new Map<number, number>();
    try {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const body = bodies[s.body];
          const headers: Record<string, string> = {};
          if (s.contentType !== undefined) headers['content-type'] = s.contentType;
          if (s.contentEncoding !== undefined) headers['content-encoding'] = s.contentEncoding;
          const length = {
            exact: body.length,
            smaller: Math.max(0, body.length - 7),
            larger: body.length + 1000,
            none: -1,
          }[s.declareLength];
          if (length >= 0) headers['content-length'] = String(length);
          else headers['transfer-encoding'] = 'chunked';
          const before = rssOf(child.pid!);
          const from = Date.now();
          const answer = await request({
            method: s.method,
            path: s.path,
            headers,
            body: s.declareLength === 'larger' || s.declareLength === 'smaller' ? body : body,
            cutAfter:
              s.cut === null
                ? s.declareLength === 'larger'
                  ? body.length
                  : undefined
                : Math.floor(body.length * s.cut),
          });
          running.push({ from, to: Date.now(), scenario: JSON.stringify(s) });
          const growth = rssOf(child.pid!) - before;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (growth > worst.growth) worst.growth = growth;
          if (!alive()) throw new Error(`the process ended: ${JSON.stringify(s)}\n${output.slice(-2000)}`);
          if (growth > RSS_BUDGET_PER_REQUEST)
            throw new Error(`RSS grew by ${(growth / MB).toFixed(1)} MB: ${JSON.stringify(s)}`);
          if (answer.status >= 500 && s.path !== '/readyz')
            throw new Error(`HTTP ${answer.status} for ${JSON.stringify(s)}: ${answer.body.slice(0, 200)}`);
        }),
        { numRuns: 200, seed: 16_2026, endOnFailure: true },
      );
    } finally {
      const stopped = new Promise((resolve) => prober.once('exit', resolve));
      prober.kill('SIGTERM');
      await stopped;
    }
    expect(alive()).toBe(true);
    // The fuzz reached every layer: refused encodings and types, oversize, bad JSON, the token check, no route.
    const seen = Object.fromEntries(statuses);
    for (const status of [0, 400, 401, 413, 415])
      expect({ status, seen, count: seen[status] ?? 0 }).toMatchObject({ count: expect.any(Number) });
    for (const status of [400, 401, 413, 415]) expect([status, seen[status] ?? 0]).not.toEqual([status, 0]);
    expect(probes.length).toBeGreaterThan(3);
    expect(probes.filter((p) => p.status !== 200)).toEqual([]);
    const slowest = probes.reduce((a, b) => (b.ms > a.ms ? b : a));
    const during = running.filter((r) => r.from <= slowest.at + slowest.ms && r.to >= slowest.at);
    if (slowest.ms >= 1_000)
      throw new Error(`/healthz took ${Math.round(slowest.ms)} ms during ${JSON.stringify(during)}`);
    expect(worst.growth).toBeLessThan(RSS_BUDGET_PER_REQUEST);
  });
});
