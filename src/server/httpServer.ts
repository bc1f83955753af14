import restify, { type Server } from 'restify';
import type { Logger } from '../observability/logger';
import { encodingProblem, readJsonBody } from './requestBody';

/**
 * The HTTP surface: POST /api/messages for Teams, GET /healthz (alive) and GET /readyz (the store answers).
 * The bot arrives as a framework-neutral function (headers and parsed body in, status and body out), so this
 * file knows nothing of the Bot Framework and the bot nothing of restify.
 */

export interface ActivityExchange {
  (request: {
    readonly headers: Readonly<Record<string, string | string[] | undefined>>;
    readonly body: unknown;
  }): Promise<{ readonly status: number; readonly body?: unknown }>;
}

export interface HttpServerOptions {
  readonly logger: Logger;
  readonly handleActivity: ActivityExchange;
  readonly isReady: () => Promise<boolean>;
  /**
   * Local mode (no inbound authentication): only this machine may call. Requests whose Host is not a loopback
   * name (a tunnel, DNS rebinding) or whose Origin is a web page elsewhere get 403.
   */
  readonly loopbackOnly?: boolean;
  /** Extra routes registered by features (e.g. the public pages). */
  readonly extend?: (server: Server) => void;
}

/** Limits for slow or greedy clients; App Service's front end keeps its own connections for up to 230 s. */
export const HTTP_LIMITS = {
  /** All headers must arrive within this time. */
  headersTimeoutMs: 20_000,
  /** The whole request (headers and body) must arrive within this time; a turn itself may take longer. */
  requestTimeoutMs: 30_000,
  /** Idle keep-alive connections close after this; above the 60 s of common load balancers. */
  keepAliveTimeoutMs: 65_000,
  /** Open connections at once; more are refused by the operating system's backlog, not queued in memory. */
  maxConnections: 2_000,
  maxHeadersCount: 100,
} as const;

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const LOOPBACK_ORIGIN = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/** Why a local-mode request is refused, or undefined when it comes from this machine. */
export function localCallerProblem(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string | undefined {
  const host = headers.host;
  if (typeof host !== 'string' || !LOOPBACK_HOST.test(host)) return 'host';
  const origin = headers.origin;
  // Browsers send Origin on cross-site POSTs (and "null" from sandboxed or file pages): only loopback pages pass.
  if (origin !== undefined && (typeof origin !== 'string' || !LOOPBACK_ORIGIN.test(origin))) return 'origin';
  return undefined;
}

export function createHttpServer(options: HttpServerOptions): Server {
  const { logger } = options;
  const server = restify.createServer({ name: 'tafelbot', handleUncaughtExceptions: false });
  server.server.headersTimeout = HTTP_LIMITS.headersTimeoutMs;
  server.server.requestTimeout = HTTP_LIMITS.requestTimeoutMs;
  server.server.keepAliveTimeout = HTTP_LIMITS.keepAliveTimeoutMs;
  server.server.maxConnections = HTTP_LIMITS.maxConnections;
  server.server.maxHeadersCount = HTTP_LIMITS.maxHeadersCount;

  // Before routing, for every route: no encoded request bodies (there is no body parser to decompress them
  // anyway), and in local mode nobody but this machine.
  server.pre((req, res, next) => {
    if (options.loopbackOnly) {
      const problem = localCallerProblem(req.headers);
      if (problem) {
        logger.warn('local mode: request from elsewhere refused', { reason: problem });
        res.header('connection', 'close');
        res.send(403, { message: 'Tafelbot in local mode only answers requests from this machine' });
        return next(false);
      }
    }
    const encoded = encodingProblem(req);
    if (encoded && !encoded.ok) {
      res.header('connection', 'close');
      res.send(encoded.status, { message: encoded.message });
      return next(false);
    }
    return next();
  });

  server.post('/api/messages', async (req, res) => {
    const read = await readJsonBody(req);
    if (!read.ok) {
      // Whatever is left of a refused body is not drained: the connection closes after the answer.
      res.header('connection', 'close');
      res.send(read.status, { message: read.message });
      return;
    }
    let answer;
    try {
      answer = await options.handleActivity({ headers: req.headers, body: read.body });
    } catch (error) {
      logger.error('processing an activity failed', { error: (error as Error)?.message ?? String(error) });
      answer = { status: 500, body: { message: 'internal error' } };
    }
    if (res.headersSent) return;
    if (answer.body === undefined) {
      res.status(answer.status);
      res.end();
    } else {
      res.send(answer.status, answer.body);
    }
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req, res) => {
    const ready = await options.isReady();
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'store unreachable' });
  });

  options.extend?.(server);
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
