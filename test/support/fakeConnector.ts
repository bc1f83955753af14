import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  PER_CONVERSATION_WINDOWS,
  PER_TENANT_WINDOWS,
  SlidingWindowLimiter,
} from '../../src/domain/delivery/rateLimits';

/**
 * A fake Bot Connector (the Teams service) on 127.0.0.1 that records what the bot sends and answers the
 * calls the bot makes: send/reply/update activities, read a member, create a conversation.
 *
 * With `enforceLimits` it applies Teams' published limits (per conversation and per tenant) and answers 429 to
 * every request over them, counting each as a violation. It can also fail a share of requests on purpose
 * (429 with Retry-After, 503) and refuse conversations (403, as when the app is not installed).
 */

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown> | undefined;
  readonly at: number;
  readonly status: number;
}

export interface FakeMember {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
}

export interface FaultOptions {
  /** Share of message requests answered with 429 + Retry-After (0..1). */
  share429?: number;
  /** Share answered with 503 (0..1). */
  share503?: number;
  retryAfterSeconds?: number;
  /** Conversation ids (or created-member aad ids) answered with 403. */
  forbidden?: Set<string>;
  /** Deterministic randomness for the shares. */
  random?: () => number;
}

export interface FakeConnector {
  readonly serviceUrl: string;
  readonly calls: RecordedCall[];
  readonly members: Map<string, FakeMember>;
  /** Requests over Teams' limits (only counted with enforceLimits). */
  readonly violations: RecordedCall[];
  faults: FaultOptions;
  enforceLimits: boolean;
  /** Activities accepted (2xx) into conversations, by conversation id. */
  delivered(): Map<string, number>;
  sentActivities(): Array<Record<string, unknown>>;
  reset(): void;
  close(): Promise<void>;
}

/** A small seeded generator (mulberry32) so fault injection is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: RecordedCall[] = [];
  const violations: RecordedCall[] = [];
  const members = new Map<string, FakeMember>();
  const tenantLimiter = new SlidingWindowLimiter(PER_TENANT_WINDOWS);
  const conversationLimiters = new Map<string, SlidingWindowLimiter>();
  let sequence = 0;
  const state = { faults: {} as FaultOptions, enforceLimits: false };

  const overLimit = (conversationId: string, now: number): boolean => {
    let conversation = conversationLimiters.get(conversationId);
    if (!conversation) {
      conversation = new SlidingWindowLimiter(PER_CONVERSATION_WINDOWS);
      conversationLimiters.set(conversationId, conversation);
    }
    // Every request counts against the limits, refused or not, as in Teams.
    const over = tenantLimiter.nextAllowedAt(now) > now || conversation.nextAllowedAt(now) > now;
    tenantLimiter.record(now);
    conversation.record(now);
    return over;
  };

  const server = http.createServer((req, res) => {
    // Teams counts a request when it arrives: take the time before reading the body.
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const method = req.method ?? 'GET';
      const now = arrivedAt;
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
        calls.push({ method, path, body, at: now, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };

      const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
      if (method === 'GET' && member) {
        const found = members.get(decodeURIComponent(member[1] ?? ''));
        if (found)
          reply(200, { ...found, givenName: found.name, surname: '', tenantId: 'tenant', userRole: 'user' });
        else reply(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
        return;
      }

      const conversationMatch = /^\/v3\/conversations\/([^/]+)/.exec(path);
      // Teams' limits are per bot per thread: creating the 1:1 chat with a user counts against that user's
      // thread, not one shared "create" thread (which would cap proactive installation at 60 users per 30 s).
      const conversationId =
        method === 'POST' && path === '/v3/conversations'
          ? `create:${String((body?.members as Array<{ id?: string }> | undefined)?.[0]?.id ?? '')}`
          : decodeURIComponent(conversationMatch?.[1] ?? '');
      if (state.enforceLimits && overLimit(conversationId, now)) {
        violations.push({ method, path, body, at: now, status: 429 });
        reply(429, { error: { code: 'TooManyRequests', message: 'over the limit' } }, { 'retry-after': '1' });
        return;
      }
      const f = state.faults;
      const roll = (f.random ?? Math.random)();
      if (f.share429 && roll < f.share429) {
        reply(
          429,
          { error: { code: 'TooManyRequests', message: 'throttled' } },
          { 'retry-after': String(f.retryAfterSeconds ?? 1) },
        );
        return;
      }
      if (f.share503 && roll >= (f.share429 ?? 0) && roll < (f.share429 ?? 0) + f.share503) {
        reply(503, { error: { code: 'ServiceUnavailable', message: 'try again' } });
        return;
      }

      if (method === 'POST' && path === '/v3/conversations') {
        const memberId = String((body?.members as Array<{ id?: string }> | undefined)?.[0]?.id ?? '');
        if (f.forbidden?.has(memberId)) {
          reply(403, { error: { code: 'Forbidden', message: 'The bot is not installed for this user' } });
          return;
        }
        reply(201, { id: `a:created-${memberId || ++sequence}` });
        return;
      }
      if (f.forbidden?.has(conversationId)) {
        reply(403, {
          error: {
            code: 'ConversationBlockedByUser',
            message: 'User blocked the conversation with the bot.',
          },
        });
        return;
      }
      if (method === 'POST' && /\/activities(\/[^/]+)?$/.test(path)) {
        reply(200, { id: `activity-${++sequence}` });
        return;
      }
      if (method === 'PUT' && /\/activities\/[^/]+$/.test(path)) {
        reply(200, { id: path.split('/').pop() });
        return;
      }
      reply(404, { error: { code: 'NotFound', message: `${method} ${path}` } });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const isActivityPost = (c: RecordedCall): boolean =>
    c.method === 'POST' && /\/activities(\/[^/]+)?$/.test(c.path);
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    members,
    violations,
    get faults() {
      return state.faults;
    },
    set faults(value: FaultOptions) {
      state.faults = value;
    },
    get enforceLimits() {
      return state.enforceLimits;
    },
    set enforceLimits(value: boolean) {
      state.enforceLimits = value;
    },
    delivered: () => {
      const counts = new Map<string, number>();
      for (const c of calls) {
        if (!isActivityPost(c) || c.status >= 300) continue;
        const id = decodeURIComponent(/^\/v3\/conversations\/([^/]+)/.exec(c.path)?.[1] ?? '');
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    sentActivities: () =>
      calls
        .filter((c) => isActivityPost(c) && c.status < 300 && c.body)
        .map((c) => c.body as Record<string, unknown>),
    reset: () => {
      calls.length = 0;
      violations.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
