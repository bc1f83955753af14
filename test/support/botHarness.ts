import { loadConfig, type AppConfig } from '../../src/config/config';
import { startTafelbot, type RunningTafelbot, type StartOptions } from '../../src/app/tafelbot';
import { silentLogger, type Logger } from '../../src/observability/logger';
import { startFakeConnector, type FakeConnector } from './fakeConnector';
import { testStoreConnection } from './testStore';
import { randomUUID } from 'node:crypto';

/** The real bot (restify + adapter + teams-ai + Cosmos) on 127.0.0.1 with a fake Teams service beside it. */

export interface TestBot {
  readonly url: string;
  readonly bot: RunningTafelbot;
  readonly connector: FakeConnector;
  readonly config: AppConfig;
  post(activity: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export interface TestBotOptions {
  /** The bot's clock (deadlines); defaults to the real time. */
  readonly now?: () => Date;
  /** Run the scheduler and delivery worker in the background (default false: tests drive them). */
  readonly backgroundWork?: boolean;
  /** Another way to the test store (e.g. through a fault-injecting proxy). */
  readonly store?: { endpoint: string; key: string; ca: string; requestTimeoutMs?: number };
  /** Where the bot logs (default: nowhere). */
  readonly logger?: Logger;
  /** Worker options, e.g. wider rate windows so a large broadcast finishes quickly in a test. */
  readonly deliveryOptions?: StartOptions['deliveryOptions'];
}

export async function startTestBot(
  env: Record<string, string> = {},
  options: TestBotOptions = {},
): Promise<TestBot> {
  const connector = await startFakeConnector();
  const config = loadConfig({
    LOCAL_MODE: 'true',
    PORT: '0',
    COSMOS_DATABASE: `bot-${randomUUID().slice(0, 8)}`,
    ADMIN_EMAILS: 'beheer@gemeente.example',
    ...env,
  });
  const bot = await startTafelbot(config, {
    logger: options.logger ?? silentLogger,
    store: options.store ?? testStoreConnection(),
    now: options.now,
    backgroundWork: options.backgroundWork ?? false,
    deliveryOptions: options.deliveryOptions,
  });
  const url = `http://127.0.0.1:${bot.port}`;
  return {
    url,
    bot,
    connector,
    config,
    async post(activity) {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body };
    },
    async stop() {
      await bot.db.database.delete().catch(() => undefined);
      await bot.stop();
      await connector.close();
    },
  };
}

/** The Adaptive Card of an Action.Execute invoke response body. */
export function invokeCard(body: unknown): Record<string, unknown> {
  const value = (body as { value?: unknown; type?: string })?.value;
  if (!value || typeof value !== 'object')
    throw new Error(`Not a card invoke response: ${JSON.stringify(body)}`);
  return value as Record<string, unknown>;
}

/** All text in a card, for assertions that do not depend on the layout. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') parts.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(card);
  return parts.join('\n');
}

/** The first Adaptive Card attachment of an activity the bot sent. */
export function attachmentCard(
  activity: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const attachments = activity?.attachments as
    | Array<{ contentType: string; content: Record<string, unknown> }>
    | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
