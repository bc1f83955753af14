/**
 * Bench child: the baseline. The same server stack as Tafelbot (restify with the same options and body reader,
 * from src/server/httpServer.ts), the same framework-neutral entry and the same adapter (built by createAdapter
 * from the same local-mode config), with bot logic that answers every invoke with a fixed small invoke response: no
 * teams-ai, no storage, no cards.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { createActivityEntry } from '../src/bot/activityEntry';
import { createAdapter } from '../src/bot/teamsBot';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/observability/logger';
import { createHttpServer, listen } from '../src/server/httpServer';
import { ECHO_INVOKE_BODY, failChild, serveBenchChild } from './childProtocol';

async function echo(context: TurnContext): Promise<void> {
  if (context.activity.type === ActivityTypes.Invoke) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: ECHO_INVOKE_BODY },
    });
  }
}

async function main(): Promise<void> {
  const config = loadConfig({ LOCAL_MODE: 'true', PORT: '0', LOG_LEVEL: 'error' });
  const logger = createLogger(config.logLevel, { service: 'bench-echo' });
  const adapter = createAdapter(config);
  const server = createHttpServer({
    logger,
    handleActivity: createActivityEntry(adapter, echo, { logger, localMode: true }),
    loopbackOnly: true,
    isReady: async () => true,
  });
  const port = await listen(server, config.port, config.host);
  serveBenchChild(port, async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.server.closeAllConnections();
    await closed;
  });
}

main().catch(failChild);
