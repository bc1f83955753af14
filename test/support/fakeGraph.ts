import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * A fake Microsoft Graph on 127.0.0.1 for proactive installation, like the fake Bot Connector: the users of a
 * tenant (members and guests), the user list with the $filter Tafelbot sends, a user's installed apps (201, or 409
 * when the app is already there), the organisation's app catalog (404 for an app it does not hold), its own
 * throttling (more than `limit` requests in `windowMs` get 429 with Retry-After) and every call recorded.
 */

export interface FakeGraphUser {
  readonly id: string;
  readonly userType: 'Member' | 'Guest';
  readonly mail: string | null;
  readonly otherMails?: readonly string[];
  readonly userPrincipalName: string;
  readonly accountEnabled?: boolean;
}

export interface GraphCall {
  readonly method: string;
  readonly path: string;
  /** The decoded $filter of a user query. */
  readonly filter: string | undefined;
  readonly body: Record<string, unknown> | undefined;
  readonly status: number;
  readonly at: number;
}

export interface GraphThrottle {
  readonly limit: number;
  readonly windowMs: number;
  readonly retryAfterSeconds: number;
}

export interface FakeGraph {
  readonly url: string;
  readonly calls: GraphCall[];
  readonly users: Map<string, FakeGraphUser>;
  /** Catalog ids of the apps in the organisation's app catalog. */
  readonly catalog: Set<string>;
  /** Installed apps per user id (catalog ids). */
  readonly installed: Map<string, Set<string>>;
  throttle: GraphThrottle | undefined;
  /** Answers every request with 403, as without the application permissions. */
  forbidden: boolean;
  /** Called after each new installation (201), as Teams then sends the bot an installationUpdate. */
  onInstall: ((userId: string) => void) | undefined;
  /** The next requests (in order) get these answers instead: e.g. one 429 with Retry-After. */
  readonly scripted: Array<{ status: number; retryAfterSeconds?: number }>;
  addMember(email: string, options?: Partial<FakeGraphUser>): FakeGraphUser;
  /** A guest: mail is the invited address, the UPN has the #EXT# form. */
  addGuest(email: string, options?: Partial<FakeGraphUser>): FakeGraphUser;
  installsFor(userId: string): number;
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_TENANT_DOMAIN = 'regio.onmicrosoft.com';

/** The literals of an OData filter, with doubled quotes undone. */
function literals(filter: string): string[] {
  return [...filter.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
}

export async function startFakeGraph(catalogAppId: string): Promise<FakeGraph> {
  const calls: GraphCall[] = [];
  const users = new Map<string, FakeGraphUser>();
  const catalog = new Set([catalogAppId]);
  const installed = new Map<string, Set<string>>();
  const scripted: Array<{ status: number; retryAfterSeconds?: number }> = [];
  const state: {
    throttle: GraphThrottle | undefined;
    forbidden: boolean;
    onInstall: ((userId: string) => void) | undefined;
  } = { throttle: undefined, forbidden: false, onInstall: undefined };
  const recent: number[] = [];
  const installCounts = new Map<string, number>();

  const server = http.createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const filter = url.searchParams.get('$filter') ?? undefined;
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
        calls.push({ method, path: url.pathname, filter, body, status, at });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      const error = (status: number, code: string, headers: Record<string, string> = {}) =>
        reply(status, { error: { code, message: code } }, headers);

      // Throttling: at most `limit` accepted requests per sliding window (refused ones do not count, so a
      // client that waits for Retry-After always gets through).
      while (recent.length > 0 && at - recent[0]! >= (state.throttle?.windowMs ?? 0)) recent.shift();
      if (state.throttle && recent.length >= state.throttle.limit) {
        error(429, 'TooManyRequests', { 'retry-after': String(state.throttle.retryAfterSeconds) });
        return;
      }
      recent.push(at);
      const next = scripted.shift();
      if (next) {
        error(
          next.status,
          next.status === 429 ? 'TooManyRequests' : 'Scripted',
          next.retryAfterSeconds === undefined ? {} : { 'retry-after': String(next.retryAfterSeconds) },
        );
        return;
      }
      if (state.forbidden) {
        error(403, 'Authorization_RequestDenied');
        return;
      }

      if (method === 'GET' && url.pathname === '/v1.0/users') {
        // Tafelbot's filter, and nothing looser: the three clauses, each with the same literal.
        const values = filter ? literals(filter) : [];
        const shape = /^mail eq '.*' or otherMails\/any\(x:x eq '.*'\) or userPrincipalName eq '.*'$/s;
        if (!filter || !shape.test(filter) || values.length !== 3 || new Set(values).size !== 1) {
          error(400, 'Request_UnsupportedQuery');
          return;
        }
        const address = values[0]!.toLowerCase();
        const found = [...users.values()].filter(
          (u) =>
            u.mail?.toLowerCase() === address ||
            u.userPrincipalName.toLowerCase() === address ||
            (u.otherMails ?? []).some((m) => m.toLowerCase() === address),
        );
        reply(200, {
          value: found.map((u) => ({
            id: u.id,
            userType: u.userType,
            accountEnabled: u.accountEnabled ?? true,
          })),
        });
        return;
      }

      const install = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(url.pathname);
      if (method === 'POST' && install) {
        const userId = decodeURIComponent(install[1] ?? '');
        const bind = String(body?.['teamsApp@odata.bind'] ?? '');
        const appId = /\/v1\.0\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1];
        if (!appId) {
          error(400, 'BadRequest');
          return;
        }
        if (![...users.values()].some((u) => u.id === userId)) {
          error(404, 'Request_ResourceNotFound');
          return;
        }
        if (!catalog.has(decodeURIComponent(appId))) {
          error(404, 'NotFound');
          return;
        }
        const apps = installed.get(userId) ?? new Set<string>();
        installed.set(userId, apps);
        if (apps.has(appId)) {
          error(409, 'Conflict');
          return;
        }
        apps.add(appId);
        installCounts.set(userId, (installCounts.get(userId) ?? 0) + 1);
        reply(201, undefined);
        state.onInstall?.(userId);
        return;
      }
      error(404, 'NotFound');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  const add = (user: FakeGraphUser): FakeGraphUser => {
    users.set(user.id, user);
    return user;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    users,
    catalog,
    installed,
    scripted,
    get throttle() {
      return state.throttle;
    },
    set throttle(value) {
      state.throttle = value;
    },
    get onInstall() {
      return state.onInstall;
    },
    set onInstall(value) {
      state.onInstall = value;
    },
    get forbidden() {
      return state.forbidden;
    },
    set forbidden(value) {
      state.forbidden = value;
    },
    addMember: (email, options = {}) =>
      add({ id: randomUUID(), userType: 'Member', mail: email, userPrincipalName: email, ...options }),
    addGuest: (email, options = {}) =>
      add({
        id: randomUUID(),
        userType: 'Guest',
        mail: email,
        userPrincipalName: `${email.replace('@', '_')}#EXT#@${FAKE_TENANT_DOMAIN}`,
        ...options,
      }),
    installsFor: (userId) => installCounts.get(userId) ?? 0,
    reset: () => {
      calls.length = 0;
      scripted.length = 0;
      state.throttle = undefined;
      state.forbidden = false;
      state.onInstall = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
