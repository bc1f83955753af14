import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { actionExecuteActivity, DEFAULT_TENANT, messageActivity } from '../support/activities';
import { replyOf, startSecurityWorld, type SecurityWorld } from '../support/securityWorld';

/**
 * Issue 16, the HTTP edge in local mode (the bot as `npm start` runs it), in process: what reaches
 * /api/messages must be uncompressed JSON from this machine, and answers about people stay in personal chats.
 * The same edge in production configuration, as a separate process under fuzzing: edge.process.test.ts.
 */

const BASE = new Date('2027-03-10T10:00:00.000Z');
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

interface RawReply {
  readonly status: number;
  readonly text: string;
}

describe('the HTTP edge in local mode', () => {
  jest.setTimeout(60_000);
  let world: SecurityWorld;
  let url: string;

  beforeAll(async () => {
    world = await startSecurityWorld(BASE, '16');
    url = world.bot.url;
    // Everyone has used the bot once in a personal chat (so the Teams link exists and nothing else is a first write).
    for (const role of ['gemeente', 'lid-contactpersoon'] as const) await world.say(role, 'help');
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function send(path: string, init: RequestInit): Promise<RawReply> {
    const response = await fetch(`${url}${path}`, init);
    return { status: response.status, text: await response.text() };
  }

  function activityFor(
    role: 'gemeente' | 'lid-contactpersoon',
    text: string,
    extra: Record<string, unknown> = {},
  ) {
    return {
      ...messageActivity({
        serviceUrl: world.bot.connector.serviceUrl,
        user: world.users[role],
        tenantId: DEFAULT_TENANT,
        text,
      }),
      ...extra,
    };
  }

  const uploadFiles = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('upload_'));

  describe('only uncompressed application/json reaches the bot', () => {
    it.each([
      ['application/x-www-form-urlencoded', 'type=message&text=rol'],
      ['text/plain', JSON.stringify({ type: 'message', text: 'rol' })],
      [
        'multipart/form-data; boundary=xyz',
        '--xyz\r\nContent-Disposition: form-data; name="type"\r\n\r\nmessage\r\n--xyz--\r\n',
      ],
      ['application/jsonp', '{}'],
    ])('%s is refused with 415 and changes nothing', async (contentType, body) => {
      const before = await world.snapshot();
      const reply = await send('/api/messages', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      expect(reply.status).toBe(415);
      expect(reply.text).toMatch(/application\/json/);
      expect(await world.snapshot()).toBe(before);
    });

    it('a 5 MB multipart upload leaves no file behind', async () => {
      const before = uploadFiles();
      const boundary = 'tafelbot-boundary';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.alloc(5 * 1024 * 1024, 7),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const reply = await send('/api/messages', {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
      }).catch(() => ({ status: 0, text: '' }));
      expect([0, 413, 415]).toContain(reply.status);
      expect(uploadFiles()).toEqual(before);
    });

    it.each([
      ['a body that is not gzip', Buffer.from('hello')],
      [
        'a gzip body cut off',
        gzipSync(JSON.stringify({ type: 'message', text: 'x'.repeat(5000) })).subarray(0, 40),
      ],
      ['a valid gzip body', gzipSync(JSON.stringify({ type: 'message', text: 'help' }))],
    ])('Content-Encoding gzip with %s is refused with 415 on every route', async (_label, body) => {
      for (const [method, path] of [
        ['POST', '/api/messages'],
        ['GET', '/healthz'],
        ['GET', '/openbaar'],
      ] as const) {
        const reply = await send(path, {
          method,
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          ...(method === 'POST' ? { body } : {}),
        });
        expect(reply.status).toBe(415);
      }
      expect((await send('/healthz', { method: 'GET' })).status).toBe(200);
    });

    it('a body over 256 KB is refused with 413, declared or streamed', async () => {
      const big = JSON.stringify({ type: 'message', text: 'x'.repeat(300 * 1024) });
      const declared = await send('/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      expect(declared.status).toBe(413);
      expect(declared.text).toMatch(/Request body size exceeds/);
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      });
      const streamed = await send('/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
    });

    it('JSON that is no activity gets 400', async () => {
      for (const body of ['{not json', '[]', '"text"', '{"type":42}', '{}']) {
        const reply = await send('/api/messages', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(reply.status).toBe(400);
      }
    });
  });

  describe('local mode answers this machine only', () => {
    it('a cross-site form POST from a web page is refused with 403 before it is read', async () => {
      const before = await world.snapshot();
      const reply = await send('/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: 'type=message&text=rol',
      });
      expect(reply.status).toBe(403);
      expect(await world.snapshot()).toBe(before);
    });

    it.each([
      ['https://evil.example'],
      ['null'],
      ['http://127.0.0.1.evil.example'],
      ['http://localhost.evil.example:3978'],
    ])('a JSON activity with Origin %s is refused with 403', async (origin) => {
      world.bot.connector.reset();
      const reply = await send('/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify(activityFor('gemeente', 'profiel')),
      });
      expect(reply.status).toBe(403);
      expect(world.bot.connector.sentActivities()).toEqual([]);
    });

    it('a page on this machine (the playground) may call', async () => {
      const reply = await send('/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:56150' },
        body: JSON.stringify(activityFor('gemeente', 'help')),
      });
      expect(reply.status).toBe(200);
    });

    it('a request through a tunnel (another Host) is refused with 403', async () => {
      const { request } = await import('node:http');
      const port = Number(new URL(url).port);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/api/messages',
            method: 'POST',
            headers: { host: 'tafel.tunnel.example', 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(activityFor('gemeente', 'help')));
      });
      expect(status).toBe(403);
    });

    it('replies never go to a Teams service elsewhere: a foreign serviceUrl is refused and nothing is sent', async () => {
      const before = await world.snapshot();
      world.bot.connector.reset();
      const reply = await send('/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activityFor('gemeente', 'profiel', { serviceUrl: 'https://attacker.example/' })),
      });
      expect(reply.status).toBe(403);
      expect(world.bot.connector.calls).toEqual([]);
      expect(await world.snapshot()).toBe(before);
    });
  });

  describe('personal and confidential answers stay in personal chats', () => {
    it.each([
      ['channel', 'signalen'],
      ['channel', 'profiel'],
      ['groupChat', 'profiel'],
      ['groupChat', 'organisaties'],
      ['channel', 'help'],
    ])(
      'a %s gets a pointer to the personal chat for "%s", and nothing is read or written',
      async (type, text) => {
        const before = await world.snapshot();
        world.bot.connector.reset();
        const activity = activityFor('gemeente', text, {
          conversation: {
            id: `19:team-${type}@thread.tacv2`,
            conversationType: type,
            tenantId: DEFAULT_TENANT,
            isGroup: true,
          },
        });
        const response = await world.bot.post(activity);
        const reply = replyOf(response.status, undefined, world.bot.connector.sentActivities());
        expect(reply.text).toMatch(/alleen in een persoonlijk gesprek/i);
        expect(reply.text).not.toMatch(EMAIL);
        expect(reply.card).toBeUndefined();
        expect(await world.snapshot()).toBe(before);
      },
    );

    it('a card action in a group chat gets the pointer as a card, in English for an English user', async () => {
      const before = await world.snapshot();
      const activity = {
        ...actionExecuteActivity({
          serviceUrl: world.bot.connector.serviceUrl,
          user: world.users['lid-contactpersoon'],
          tenantId: DEFAULT_TENANT,
          verb: 'profiel.show',
          locale: 'en-US',
        }),
        conversation: {
          id: '19:group@thread.v2',
          conversationType: 'groupChat',
          tenantId: DEFAULT_TENANT,
          isGroup: true,
        },
      };
      const response = await world.bot.post(activity);
      const reply = replyOf(response.status, response.body);
      expect(response.status).toBe(200);
      expect(reply.text).toMatch(/only works in a personal chat/);
      expect(reply.text).not.toMatch(EMAIL);
      expect(await world.snapshot()).toBe(before);
    });

    it('installing the app in a team stores nothing and posts nothing', async () => {
      const before = await world.snapshot();
      world.bot.connector.reset();
      const response = await world.bot.post({
        ...activityFor('gemeente', ''),
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [{ id: '28:tafelbot' }],
        conversation: {
          id: '19:team@thread.tacv2',
          conversationType: 'channel',
          tenantId: DEFAULT_TENANT,
          isGroup: true,
        },
      });
      expect(response.status).toBeLessThan(300);
      expect(world.bot.connector.sentActivities()).toEqual([]);
      expect(await world.snapshot()).toBe(before);
    });

    it('the same command in the personal chat still answers in full', async () => {
      const reply = await world.say('gemeente', 'profiel');
      expect(reply.card).toBeDefined();
      expect(reply.text).toMatch(EMAIL);
    });
  });
});
