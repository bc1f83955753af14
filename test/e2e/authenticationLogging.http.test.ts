import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/config';
import { startTafelbot, type RunningTafelbot } from '../../src/app/tafelbot';
import { createLogger } from '../../src/observability/logger';
import { actionExecuteActivity, DEFAULT_TENANT, teamsUser } from '../support/activities';
import { testStoreConnection } from '../support/testStore';

/**
 * Issue 16 finding 7: every refused token printed a multi-line stack (and, for a bad signature, the issuer's
 * public keys) through console.error. Now a refusal is one log line with the reason, whatever the token was.
 * Tokens are checked for real against a local OpenID issuer, as in authentication.http.test.ts.
 */

const APP_ID = '7a1b2c3d-0000-4000-8000-00000000d0d0';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const b64 = (value: Buffer | string): string => Buffer.from(value).toString('base64url');

function sign(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = b64(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = b64(JSON.stringify(claims));
  return `${header}.${payload}.${b64(createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey))}`;
}

describe('a refused token is one log line', () => {
  const issuerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'tafelbot-logging-key';
  const lines: string[] = [];
  let issuer: http.Server;
  let bot: RunningTafelbot;
  let url: string;
  // Spied on before the first request, so the bot's console filter wraps the spies: a call that gets through the
  // filter is a call that would have reached the real console.
  let consoleCalls: jest.SpyInstance[] = [];

  beforeAll(async () => {
    consoleCalls = (['error', 'warn', 'log', 'info'] as const).map((method) =>
      jest.spyOn(console, method).mockImplementation(() => undefined),
    );
    issuer = http.createServer((req, res) => {
      const port = (issuer.address() as AddressInfo).port;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `http://127.0.0.1:${port}/keys` }));
      } else if (req.url === '/keys') {
        const jwk = issuerKey.publicKey.export({ format: 'jwk' });
        res.end(JSON.stringify({ keys: [{ ...jwk, kid, use: 'sig', endorsements: ['msteams'] }] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', () => resolve()));
    const metadata = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      BOT_ID: APP_ID,
      BOT_TYPE: 'SingleTenant',
      BOT_TENANT_ID: DEFAULT_TENANT,
      BOT_PASSWORD: 'not-used-for-inbound-checks',
      ALLOWED_TENANT_IDS: DEFAULT_TENANT,
      COSMOS_ENDPOINT: 'https://127.0.0.1:1/',
      COSMOS_DATABASE: `authlog-${randomUUID().slice(0, 8)}`,
    });
    bot = await startTafelbot(config, {
      logger: createLogger('info', { service: 'test' }, (line) => lines.push(line)),
      store: testStoreConnection(),
      backgroundWork: false,
      adapterOverrides: { ToBotFromChannelOpenIdMetadataUrl: metadata, ToBotFromChannelTokenIssuer: ISSUER },
    });
    url = `http://127.0.0.1:${bot.port}/api/messages`;
  });

  afterAll(async () => {
    await bot.db.database.delete().catch(() => undefined);
    await bot.stop();
    // The SDK's metadata client keeps its connection alive: close it too, or close() waits and the worker lingers.
    issuer.closeAllConnections();
    await new Promise<void>((resolve) => issuer.close(() => resolve()));
    for (const spy of consoleCalls) spy.mockRestore();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: SERVICE_URL,
    nbf: now() - 60,
    exp: now() + 3600,
  });

  it.each([
    ['no token', () => ''],
    [
      'an expired token',
      () => sign(issuerKey.privateKey, kid, { ...claims(), nbf: now() - 7200, exp: now() - 3600 }),
    ],
    ['a token signed with another key', () => sign(strangerKey.privateKey, kid, claims())],
    ['a token for another bot', () => sign(issuerKey.privateKey, kid, { ...claims(), aud: 'someone-else' })],
    ['garbage', () => 'not.a.token'],
  ])('%s: 401, one line with the reason, nothing on the console', async (_label, token) => {
    {
      for (const spy of consoleCalls) spy.mockClear();
      lines.length = 0;
      const bearer = token();
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify(
          actionExecuteActivity({ serviceUrl: SERVICE_URL, user: teamsUser('71'), verb: 'profile.show' }),
        ),
      });
      expect(response.status).toBe(401);
      expect(lines).toHaveLength(1);
      const logged = JSON.parse(lines[0]!) as { msg?: string; message?: string; reason?: string };
      expect(lines[0]).toMatch(/request not authenticated/);
      expect(typeof logged.reason).toBe('string');
      if (bearer.length > 40) expect(lines[0]).not.toContain(bearer.split('.')[1]!.slice(0, 16));
      expect(lines[0]).not.toMatch(/\\n\s+at |BEGIN RSA PUBLIC KEY/);
      for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
    }
  });
});
