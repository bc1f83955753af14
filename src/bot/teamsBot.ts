import {
  ActivityTypes,
  ConfigurationServiceClientCredentialFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import { Application, type TurnState } from '@microsoft/teams-ai';
import { localeOf } from '../cards/renderCard';
import type { AppConfig } from '../config/config';
import type { Logger } from '../observability/logger';
import { createActivityEntry, type HandleActivity } from './activityEntry';
import { CosmosTurnStateStorage } from './cosmosTurnStateStorage';
import { installPersonalChatGuard } from './personalChatGuard';
import { TafelbotAdapter } from './sdk/tafelbotAdapter';
import { ConnectorSender } from './connectorSender';
import { TeamsUserStateStorage } from './teamsUserStateStorage';
import { UserTurnState } from './userTurnState';
import { registerDemoHandlers } from './handlers/demoHandlers';
import { registerDeliveryHandlers } from './handlers/deliveryHandlers';
import { registerInschrijvingHandlers } from './handlers/inschrijvingHandlers';
import { registerMeetingsHandlers } from './handlers/meetingsHandlers';
import { registerOntwikkeltafelsHandlers } from './handlers/ontwikkeltafelsHandlers';
import { registerPublicatiesHandlers } from './handlers/publicatiesHandlers';
import { registerAuditHandlers } from './handlers/auditHandlers';
import { registerReachHandlers } from './handlers/reachHandlers';
import { registerRegistryHandlers } from './handlers/registryHandlers';
import { registerSignalenHandlers } from './handlers/signalenHandlers';
import { registerWelcomeHandlers } from './handlers/welcomeHandlers';
import { registerVoorstellenHandlers, voorstellenServiceFor } from './handlers/voorstellenHandlers';
import { registerVoorstellenTasks } from '../voorstellen/tasks';
import { publicCopiesFor, registerPublicCopiesTask } from '../public/publicCopies';
import { feedback } from './translate';
import { beginTurn, failureCard, messageCard, type BotServices } from './turn';
import type { TafelbotDatabase } from '../storage/cosmosClient';

/**
 * The Teams side of Tafelbot: the adapter (inbound authentication, outbound credentials) and one teams-ai
 * Application with every route. Everything Bot Framework or teams-ai specific stays in src/bot/.
 */

export interface TeamsBot {
  /** The framework-neutral entry: headers and a parsed body in, status and body out. */
  readonly handleActivity: HandleActivity;
  /** Sends proactive messages for the delivery worker, with the bot's credentials. */
  readonly sender: ConnectorSender;
}

/**
 * Test-only overrides of where inbound tokens are validated (a local OpenID issuer). Tafelbot's own type, so the
 * composition root needs no SDK type.
 */
export type AuthenticationOverrides = Readonly<
  Partial<Record<'ToBotFromChannelOpenIdMetadataUrl' | 'ToBotFromChannelTokenIssuer', string>>
>;

/** Adapter settings; extra options (OpenID metadata of a test issuer) can be passed by tests. */
export function authenticationOptions(
  config: AppConfig,
  overrides: AuthenticationOverrides = {},
): ConfigurationBotFrameworkAuthenticationOptions {
  if (!config.bot) {
    // Local mode: no app id means the SDK accepts unauthenticated requests. The server only listens on loopback.
    return { ...overrides } as ConfigurationBotFrameworkAuthenticationOptions;
  }
  return {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
    MicrosoftAppPassword: config.bot.password,
    ...overrides,
  } as ConfigurationBotFrameworkAuthenticationOptions;
}

function credentialsFactory(config: AppConfig): ConfigurationServiceClientCredentialFactory {
  return new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.bot?.appId,
    MicrosoftAppPassword: config.bot?.password,
    MicrosoftAppType: config.bot?.appType,
    MicrosoftAppTenantId: config.bot?.tenantId,
  });
}

export function createAdapter(config: AppConfig, overrides: AuthenticationOverrides = {}): TafelbotAdapter {
  return new TafelbotAdapter(authenticationOptions(config, overrides), credentialsFactory(config));
}

function tenantOf(context: TurnContext): string | undefined {
  const activity = context.activity;
  return (
    activity.conversation?.tenantId ??
    (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id
  );
}

/**
 * Refuses activities from tenants outside ALLOWED_TENANT_IDS before any state is read or written.
 * An invoke gets a 403 with a message; a message gets one sentence; everything else is dropped.
 */
export function installTenantGuard(adapter: TafelbotAdapter, config: AppConfig, logger: Logger): void {
  if (config.allowedTenantIds.length === 0) return;
  const allowed = new Set(config.allowedTenantIds.map((t) => t.toLowerCase()));
  adapter.use(async (context, next) => {
    const tenant = tenantOf(context)?.toLowerCase();
    if (tenant && allowed.has(tenant)) {
      await next();
      return;
    }
    logger.warn('activity from a tenant that is not allowed', {
      tenantId: tenant ?? 'none',
      type: context.activity.type,
    });
    const message = feedback(localeOf(context.activity.locale), 'otherTenant');
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 403, body: { message } },
      });
    } else if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(message);
    }
  });
}

export function createTeamsBot(
  config: AppConfig,
  db: TafelbotDatabase,
  services: BotServices,
  adapterOverrides: AuthenticationOverrides = {},
): TeamsBot {
  const adapter = createAdapter(config, adapterOverrides);
  installTenantGuard(adapter, config, services.logger);
  installPersonalChatGuard(adapter, config.bot?.appId, services.logger);
  adapter.onTurnError = async (context, error) => {
    const card = failureCard(localeOf(context.activity.locale), services.logger, error);
    // Never a 5xx for a failure of ours: the user gets a card that says what to check before trying again.
    if (context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action') {
      await context
        .sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: {
            status: 200,
            body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
          },
        })
        .catch(() => undefined);
    } else if (context.activity.type === ActivityTypes.Message) {
      await context
        .sendActivity({
          attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
        })
        .catch(() => undefined);
    }
  };

  const app = new Application<TurnState>({
    adapter,
    botAppId: config.bot?.appId ?? '',
    storage: new TeamsUserStateStorage(services.registry, new CosmosTurnStateStorage(db)),
    turnStateFactory: () => new UserTurnState(),
    startTypingTimer: false,
    longRunningMessages: false,
    removeRecipientMention: true,
    adaptiveCards: { actionSubmitFilter: 'verb' },
  });

  registerWelcomeHandlers(app, services);
  registerRegistryHandlers(app, services);
  registerDemoHandlers(app, services);
  registerVoorstellenHandlers(app, services);
  registerVoorstellenTasks(services.scheduler, voorstellenServiceFor(services));
  registerDeliveryHandlers(app, services);
  registerInschrijvingHandlers(app, services);
  registerSignalenHandlers(app, services);
  registerOntwikkeltafelsHandlers(app, services);
  registerMeetingsHandlers(app, services);
  registerPublicatiesHandlers(app, services);
  registerPublicCopiesTask(services.scheduler, publicCopiesFor(services));
  registerAuditHandlers(app, services);
  registerReachHandlers(app, services);

  // Registered last: any other Action.Execute verb (an old card, a tampered one) gets a clear answer.
  app.adaptiveCards.actionExecute(/.*/, async (context, state) => {
    const turn = await beginTurn(context, state, services);
    services.logger.warn('unknown card action', {
      verb: String((context.activity.value as { action?: { verb?: unknown } })?.action?.verb).slice(0, 80),
    });
    return messageCard(
      turn.locale,
      feedback(turn.locale, 'invalidCardTitle'),
      [feedback(turn.locale, 'unknownAction')],
      'attention',
      'help.show',
    );
  });
  // Any invoke nothing above took (a card action without a verb or with a non-object value, an invoke Tafelbot
  // does not offer) gets a clear answer instead of the SDK's empty 501.
  app.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke,
    async (context) => {
      const locale = localeOf(context.activity.locale);
      services.logger.warn('malformed or unknown invoke', {
        name: String(context.activity.name).slice(0, 80),
      });
      const card = messageCard(
        locale,
        feedback(locale, 'invalidCardTitle'),
        [feedback(locale, 'invalidCard')],
        'attention',
        'help.show',
      );
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value:
          context.activity.name === 'adaptiveCard/action'
            ? {
                status: 200,
                body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
              }
            : { status: 400, body: { message: feedback(locale, 'invalidCard') } },
      });
    },
    true,
  );

  return {
    handleActivity: createActivityEntry(adapter, (context) => app.run(context).then(() => undefined), {
      logger: services.logger,
      localMode: config.localMode,
    }),
    sender: new ConnectorSender(credentialsFactory(config), config.bot?.appId ?? ''),
  };
}
