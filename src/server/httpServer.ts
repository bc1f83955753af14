import restify, { type Server } from 'restify';
import type { Logger } from '../observability/logger';

/**
 * The HTTP surface: POST /api/messages for Teams, GET /healthz (alive) and GET /readyz (the store answers).
 * The bot logic arrives as a callback so this file knows nothing of the Bot Framework.
 */

export interface HttpServerOptions {
  readonly logger: Logger;
  readonly processMessage: (req: restify.Request, res: restify.Response) => Promise<void>;
  readonly isReady: () => Promise<boolean>;
  /** Extra routes registered by features (e.g. the public pages). */
  readonly extend?: (server: Server) => void;
}

export function createHttpServer(options: HttpServerOptions): Server {
  const server = restify.createServer({ name: 'tafelbot', handleUncaughtExceptions: false });
  // Keep-alive: Teams and load balancers reuse connections; a short timeout closes idle ones.
  server.server.keepAliveTimeout = 65_000;
  server.server.headersTimeout = 66_000;
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req, res) => {
    // The SDK answers a body that is no activity with a 500; it is the sender's error, so say 400.
    const body = req.body as { type?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.type !== 'string' || body.type.length > 64) {
      res.send(400, { message: 'The body must be a Bot Framework activity' });
      return;
    }
    try {
      await options.processMessage(req, res);
    } catch (error) {
      options.logger.error('processing an activity failed', { error: (error as Error).message });
      if (!res.headersSent) res.send(500, { message: 'internal error' });
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
