import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Bot Connector (the Teams service) on 127.0.0.1 that records what the bot sends and answers the
 * calls the bot makes: send/reply/update activities, read a member, create a conversation.
 */

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown> | undefined;
  readonly at: number;
}

export interface FakeMember {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
}

export interface FakeConnector {
  readonly serviceUrl: string;
  readonly calls: RecordedCall[];
  /** Members by Teams user id, as GET /v3/conversations/{id}/members/{userId} answers. */
  readonly members: Map<string, FakeMember>;
  /** Activities sent to conversations (POST .../activities and replies). */
  sentActivities(): Array<Record<string, unknown>>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: RecordedCall[] = [];
  const members = new Map<string, FakeMember>();
  let sequence = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      calls.push({ method: req.method ?? 'GET', path, body, at: Date.now() });
      const reply = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && member) {
        const found = members.get(decodeURIComponent(member[1] ?? ''));
        if (found)
          reply(200, { ...found, givenName: found.name, surname: '', tenantId: 'tenant', userRole: 'user' });
        else reply(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
        return;
      }
      if (req.method === 'POST' && path === '/v3/conversations') {
        reply(201, { id: `a:created-${++sequence}` });
        return;
      }
      if (req.method === 'POST' && /\/activities(\/[^/]+)?$/.test(path)) {
        reply(200, { id: `activity-${++sequence}` });
        return;
      }
      if (req.method === 'PUT' && /\/activities\/[^/]+$/.test(path)) {
        reply(200, { id: path.split('/').pop() });
        return;
      }
      reply(404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    members,
    sentActivities: () =>
      calls
        .filter((c) => c.method === 'POST' && /\/activities(\/[^/]+)?$/.test(c.path) && c.body)
        .map((c) => c.body as Record<string, unknown>),
    reset: () => {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
