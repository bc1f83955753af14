import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/config';
import { startTafelbot, type RunningTafelbot } from '../../src/app/tafelbot';
import { personIdFor } from '../../src/domain/registry/registry';
import { silentLogger } from '../../src/observability/logger';
import { actionExecuteActivity, DEFAULT_TENANT, teamsUser } from '../support/activities';
import { cardText } from '../support/botHarness';
import { testStoreConnection } from '../support/testStore';

/**
 * Inbound authentication exercised for real, offline: the SDK's OpenID metadata points at a local issuer with
 * its own keys. A valid token is accepted; a missing, expired, wrongly signed or wrong-audience token is refused
 * with 401 and nothing is processed.
 */

const APP_ID = '7a1b2c3d-0000-4000-8000-00000000b0b0';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

const base64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');

function sign(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

describe('inbound authentication with a bot identity', () => {
  const issuerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'tafelbot-test-key';
  let issuer: http.Server;
  let bot: RunningTafelbot;
  let url: string;
  const user = teamsUser('40');

  beforeAll(async () => {
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
      COSMOS_DATABASE: `auth-${randomUUID().slice(0, 8)}`,
    });
    bot = await startTafelbot(config, {
      logger: silentLogger,
      store: testStoreConnection(),
      backgroundWork: false,
      adapterOverrides: { ToBotFromChannelOpenIdMetadataUrl: metadata, ToBotFromChannelTokenIssuer: ISSUER },
    });
    url = `http://127.0.0.1:${bot.port}/api/messages`;
    // A linked user, so the turn needs no outbound call to Teams.
    const email = 'lid@aanbieder.example';
    await bot.registry.createPerson(
      { name: 'Lid', email, phone: null, aadObjectId: user.aadObjectId, memberships: [], isAdmin: false },
      null,
    );
    await bot.registry.saveTeamsUser(user.aadObjectId, undefined, {
      personId: personIdFor(email),
      tenantId: DEFAULT_TENANT,
    });
  });

  afterAll(async () => {
    await bot.db.database.delete().catch(() => undefined);
    await bot.stop();
    // The SDK's metadata client keeps its connection alive: close it too, or close() waits and the worker lingers.
    issuer.closeAllConnections();
    await new Promise<void>((resolve) => issuer.close(() => resolve()));
  });

  const now = () => Math.floor(Date.now() / 1000);
  const validClaims = () => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: SERVICE_URL,
    nbf: now() - 60,
    exp: now() + 3600,
    iat: now() - 60,
  });

  async function post(authorization: string | undefined) {
    const activity = actionExecuteActivity({ serviceUrl: SERVICE_URL, user, verb: 'profile.show' });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
    return { status: response.status, text: await response.text() };
  }

  it('accepts a valid token from the channel and processes the activity', async () => {
    const response = await post(`Bearer ${sign(issuerKey.privateKey, kid, validClaims())}`);
    expect(response.status).toBe(200);
    expect(cardText(JSON.parse(response.text))).toContain('Mijn profiel');
  });

  it.each([
    ['no token', () => undefined],
    [
      'an expired token',
      () =>
        `Bearer ${sign(issuerKey.privateKey, kid, { ...validClaims(), nbf: now() - 7200, iat: now() - 7200, exp: now() - 3600 })}`,
    ],
    ['a token signed with another key', () => `Bearer ${sign(strangerKey.privateKey, kid, validClaims())}`],
    [
      'a token for another bot',
      () =>
        `Bearer ${sign(issuerKey.privateKey, kid, { ...validClaims(), aud: '00000000-0000-4000-8000-000000000bad' })}`,
    ],
    [
      'a token from another issuer',
      () => `Bearer ${sign(issuerKey.privateKey, kid, { ...validClaims(), iss: 'https://evil.example' })}`,
    ],
    [
      'a token for another service URL',
      () =>
        `Bearer ${sign(issuerKey.privateKey, kid, { ...validClaims(), serviceurl: 'https://evil.example/' })}`,
    ],
    ['garbage', () => 'Bearer not.a.token'],
  ])('refuses %s with 401 and processes nothing', async (_label, authorization) => {
    const before = await bot.registry.getTeamsUser(user.aadObjectId);
    const response = await post(authorization());
    expect(response.status).toBe(401);
    expect(response.text).not.toContain('Mijn profiel');
    const after = await bot.registry.getTeamsUser(user.aadObjectId);
    expect(after?.etag).toBe(before?.etag);
  });
});
