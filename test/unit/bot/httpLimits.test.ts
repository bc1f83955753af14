import { createHttpServer, HTTP_LIMITS, localCallerProblem } from '../../../src/server/httpServer';
import { silentLogger } from '../../../src/observability/logger';
import { isLoopbackUrl } from '../../../src/bot/activityEntry';

describe('the HTTP server limits slow and greedy clients', () => {
  it('sets header, request and keep-alive timeouts and a connection cap on the Node server', () => {
    const server = createHttpServer({
      logger: silentLogger,
      handleActivity: async () => ({ status: 200 }),
      isReady: async () => true,
    });
    expect(server.server.headersTimeout).toBe(HTTP_LIMITS.headersTimeoutMs);
    expect(server.server.requestTimeout).toBe(HTTP_LIMITS.requestTimeoutMs);
    expect(server.server.keepAliveTimeout).toBe(HTTP_LIMITS.keepAliveTimeoutMs);
    expect(server.server.maxConnections).toBe(HTTP_LIMITS.maxConnections);
    // Far below Node's 300 s default that let a slow client hold a connection for five minutes.
    expect(HTTP_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(HTTP_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(HTTP_LIMITS.requestTimeoutMs);
  });
});

describe('local mode: who counts as this machine', () => {
  it.each([
    [{ host: '127.0.0.1:3978' }, undefined],
    [{ host: 'localhost:3978' }, undefined],
    [{ host: '[::1]:3978' }, undefined],
    [{ host: '127.0.0.1:3978', origin: 'http://127.0.0.1:56150' }, undefined],
    [{ host: '127.0.0.1:3978', origin: 'http://localhost:56150' }, undefined],
    [{ host: 'tafel.tunnel.example' }, 'host'],
    [{ host: '127.0.0.1.nip.io:3978' }, 'host'],
    [{}, 'host'],
    [{ host: '127.0.0.1:3978', origin: 'https://evil.example' }, 'origin'],
    [{ host: '127.0.0.1:3978', origin: 'null' }, 'origin'],
    [{ host: '127.0.0.1:3978', origin: 'http://127.0.0.1.evil.example' }, 'origin'],
  ])('%j → %s', (headers, expected) => {
    expect(localCallerProblem(headers)).toBe(expected);
  });

  it.each([
    ['http://127.0.0.1:56150/_connector', true],
    ['https://localhost:4000/', true],
    ['http://[::1]:1/', true],
    ['https://smba.trafficmanager.net/emea/', false],
    ['http://127.0.0.1.evil.example/', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('serviceUrl %s is on this machine: %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});
