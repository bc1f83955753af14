import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLoopbackCertificate } from '../../src/storage/local/loopbackCertificate';
import type { TelemetryFlowsReport } from '../support/telemetryFlowsProcess';

/**
 * Issue 17: telemetry carries nothing secret or personal. The bot runs the flows of the logs privacy test (plus a
 * meeting's .ics, whose link holds the meeting's calendar token) in a child process with telemetry on, pointed at
 * an ingestion endpoint of this test on 127.0.0.1 (https with a loopback certificate that only the child trusts,
 * through NODE_EXTRA_CA_CERTS). Every sampled span is exported (OTEL_TRACES_SAMPLER=always_on) and the child
 * flushes before it exits, so the test reads everything that left the process as it was sent: no export interval
 * needs shortening. Statsbeat (SDK health counters for Microsoft, sent elsewhere) is off in the child.
 */

const ROOT = path.resolve(__dirname, '../..');
const IKEY = '00000000-0000-4000-8000-00000000a017';

interface Envelope {
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly data: { baseData: Record<string, unknown> & { name?: string; properties?: object } };
}

interface Ingestion {
  readonly port: number;
  /** Request bodies as received (gunzipped): exactly what left the process. */
  readonly bodies: string[];
  readonly paths: string[];
  close(): Promise<void>;
}

async function startIngestion(cert: string, key: string): Promise<Ingestion> {
  const bodies: string[] = [];
  const paths: string[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      bodies.push(body);
      paths.push(req.url ?? '');
      let count = 0;
      try {
        const parsed = JSON.parse(body) as unknown;
        count = Array.isArray(parsed) ? parsed.length : 1;
      } catch {
        count = body.split('\n').filter(Boolean).length;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    bodies,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function envelopesOf(bodies: readonly string[]): Envelope[] {
  return bodies.flatMap((body) => {
    try {
      const parsed = JSON.parse(body) as Envelope | Envelope[];
      return Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      return body
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Envelope);
    }
  });
}

const EMAIL_ADDRESS = /[^\s@"'<>(),;:\\/]+@[^\s@"'<>(),;:\\/]+\.[A-Za-z]{2,}/;

describe('telemetry without secrets or personal data', () => {
  jest.setTimeout(240_000);
  let folder: string;
  let ingestion: Ingestion;
  let child: ChildProcess | undefined;
  let report: TelemetryFlowsReport;
  let envelopes: Envelope[];

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'tafelbot-telemetry-'));
    const certificate = await createLoopbackCertificate();
    const caFile = path.join(folder, 'ingestion-ca.pem');
    writeFileSync(caFile, certificate.cert);
    ingestion = await startIngestion(certificate.cert, certificate.key);
    const endpoint = `https://127.0.0.1:${ingestion.port}/`;

    let output = '';
    const started = spawn(process.execPath, ['--import', 'tsx', 'test/support/telemetryFlowsProcess.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        PATH: process.env.PATH ?? '',
        TEST_COSMOS_ENDPOINT: process.env.TEST_COSMOS_ENDPOINT ?? '',
        TEST_COSMOS_KEY: process.env.TEST_COSMOS_KEY ?? '',
        TEST_COSMOS_CA: process.env.TEST_COSMOS_CA ?? '',
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${endpoint};LiveEndpoint=${endpoint}`,
        NODE_EXTRA_CA_CERTS: caFile,
        OTEL_TRACES_SAMPLER: 'always_on',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      },
    });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    report = await new Promise<TelemetryFlowsReport>((resolve, reject) => {
      started.on(
        'message',
        (message: { report?: TelemetryFlowsReport }) => message.report && resolve(message.report),
      );
      started.on('exit', (code) => reject(new Error(`the bot process exited (${code}) early:\n${output}`)));
    });
    envelopes = envelopesOf(ingestion.bodies);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await ingestion?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('exports requests and dependencies, with no token, e-mail address, name or phone number', () => {
    expect(ingestion.paths.every((p) => p === '/v2.1/track')).toBe(true);
    const requests = envelopes.filter((e) => e.name.endsWith('.Request'));
    const dependencies = envelopes.filter((e) => e.name.endsWith('.RemoteDependency'));
    // Not vacuous: the turns, the .ics (served, and fetched through node:http) and the store calls were all sent.
    expect(requests.filter((r) => r.data.baseData.name === 'POST /api/messages').length).toBeGreaterThan(20);
    expect(report.icsStatuses).toEqual([200, 404]);
    expect(requests.filter((r) => r.data.baseData.name === `GET ${report.icsPath}`)).toHaveLength(2);
    expect(dependencies.filter((d) => d.data.baseData.name === `GET ${report.icsPath}`)).toHaveLength(2);
    const store = process.env.TEST_COSMOS_ENDPOINT ?? '';
    const storeCalls = dependencies.filter((d) => String(d.data.baseData.data).startsWith(store));
    expect(storeCalls.length).toBeGreaterThan(100);
    // E-mail claims are read by id: the id is a hash, not the address. The old claim the migration deleted had
    // the address in its URL: masked.
    const claimCalls = storeCalls
      .map((d) => String(d.data.baseData.name))
      .filter((n) => n.includes('/identities/'));
    const reads = claimCalls.filter((name) => name.startsWith('GET '));
    expect(reads.length).toBeGreaterThan(0);
    for (const name of reads) expect(name).toMatch(/\/docs\/email:[0-9a-f]{64}$/);
    expect(claimCalls.filter((name) => name.startsWith('DELETE '))).toEqual([
      expect.stringMatching(/\/docs\/email:\[e-mail\]$/),
    ]);

    // The registry's and the forms' names, addresses and phone number, and Teams' display names.
    expect(report.personal.length).toBeGreaterThan(15);
    expect(report.secrets).toHaveLength(2);
    const forbidden = [...report.personal, ...report.secrets].flatMap((text) => [
      text,
      text.toLowerCase(),
      encodeURIComponent(text),
    ]);
    const sent = ingestion.bodies.join('\n');
    expect(forbidden.filter((text) => sent.includes(text))).toEqual([]);
    expect(sent.match(EMAIL_ADDRESS)).toBeNull();
    expect(sent).not.toMatch(/[?&]token=/);
    // No caller addresses either: requests carry no location IP.
    expect(requests.filter((r) => r.tags['ai.location.ip'] !== undefined)).toEqual([]);
  });

  it('runs on one @opentelemetry/api, shared by our code, the SDK and the http instrumentation', () => {
    // The API accepts an SDK registered by the same or a newer minor version only: the instrumentation on 1.10.0
    // beside the distro's SDK on 1.9.1 (whose peer range ends before 1.10) created spans but never made them
    // active, so nothing joined (no parent, no trace id in the logs). package.json pins 1.9.1; run npm install.
    const fromDistro = createRequire(require.resolve('@azure/monitor-opentelemetry'));
    const fromHttp = createRequire(fromDistro.resolve('@opentelemetry/instrumentation-http'));
    const apis = new Set([
      require.resolve('@opentelemetry/api'),
      fromDistro.resolve('@opentelemetry/api'),
      fromHttp.resolve('@opentelemetry/api'),
    ]);
    expect([...apis]).toHaveLength(1);
  });

  it('puts the trace id of the request on the log lines written while handling it', () => {
    const requestIds = new Set(
      envelopes.filter((e) => e.name.endsWith('.Request')).map((e) => e.tags['ai.operation.id']),
    );
    const lines = report.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const traced = lines.filter((line) => typeof line.traceId === 'string');
    // The tampered verb is logged during its turn: that line joins its request.
    const tampered = traced.find((line) => line.message === 'unknown card action');
    expect(tampered).toBeDefined();
    expect(requestIds.has(String(tampered?.traceId))).toBe(true);
    expect(traced.every((line) => /^[0-9a-f]{16}$/.test(String(line.spanId)))).toBe(true);
    // The store calls of a turn belong to the turn's request.
    const dependencyIds = envelopes
      .filter((e) => e.name.endsWith('.RemoteDependency'))
      .map((e) => e.tags['ai.operation.id']);
    expect(dependencyIds.filter((id) => requestIds.has(id)).length).toBeGreaterThan(50);
  });
});
