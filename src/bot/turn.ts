import { randomUUID } from 'node:crypto';
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { TurnState } from '@microsoft/teams-ai';
import {
  escapeCardText,
  localeOf,
  renderCard,
  type AdaptiveCard,
  type Locale,
  type RenderInput,
} from '../cards/renderCard';
import { messageView, type MessageStyle } from '../cards/views/welcomeViews';
import type { AppConfig } from '../config/config';
import type { KnownActor, PolicyContext } from '../domain/registry/actor';
import { type Refusal, refusalMessages } from '../domain/shared/result';
import type { Logger } from '../observability/logger';
import { StaleDocumentError } from '../storage/documentStore';
import type { RegistryRepository } from '../storage/registryRepository';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import type { DeliveryService } from '../delivery/deliveryService';
import type { DemoDirectory } from '../demo/demoRoles';
import type { Scheduler } from '../scheduling/scheduler';
import type { ActorResolver, ResolvedActor, ResolveOptions } from './actorResolver';
import { InvalidCardDataError } from './cardData';
import { feedback } from './translate';
import { UserTurnState } from './userTurnState';

/** What every handler may use. Built once per process by the composition root; holds no per-user state. */
export interface BotServices {
  readonly config: AppConfig;
  /** The database; features build their own repositories from it. */
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  /** The one path for proactive messages. */
  readonly delivery: DeliveryService;
  /** The clock; tests move it. */
  readonly now: () => Date;
  /** Periodic work that runs once across all instances (deadlines, reminders). Register tasks at start-up. */
  readonly scheduler: Scheduler;
  readonly resolver: ActorResolver;
  readonly logger: Logger;
  readonly demo: DemoDirectory | undefined;
}

/** The per-turn view of the request: who acts, in which language, under which policy. */
export interface Turn {
  readonly context: TurnContext;
  readonly state: TurnState;
  readonly services: BotServices;
  readonly resolved: ResolvedActor;
  readonly locale: Locale;
  readonly policy: PolicyContext;
}

export async function beginTurn(
  context: TurnContext,
  state: TurnState,
  services: BotServices,
  options: ResolveOptions = {},
): Promise<Turn> {
  // The turn state's load read the sender's Teams user document already; the resolver reuses it.
  const preloaded = state instanceof UserTurnState ? state.takeTeamsUser() : undefined;
  const resolved = await services.resolver.resolve(context, options, preloaded);
  const preferred = (state.user as { language?: string } | undefined)?.language;
  return {
    context,
    state,
    services,
    resolved,
    locale: preferred === 'en' || preferred === 'nl' ? preferred : localeOf(context.activity.locale),
    policy: { demoMode: services.config.demoMode },
  };
}

/**
 * The idempotency key of a card action: a redelivered invoke carries the same activity id, and the sender makes it
 * unique across people.
 */
export function idempotencyKeyOf(turn: Turn): string {
  const id = turn.context.activity.id;
  if (!id) throw new InvalidCardDataError('activity.id');
  return `${turn.resolved.aadObjectId}:${id}`.slice(0, 200);
}

/** The acting person, or undefined for a Teams user the registry does not know. */
export function knownActor(turn: Turn): KnownActor | undefined {
  return turn.resolved.actor.kind === 'person' ? turn.resolved.actor : undefined;
}

/**
 * One instance per BotServices (that is, per process) of a feature service built from them, made on first use.
 * The services hold no state of their own: this only saves rebuilding them every turn.
 */
export function perBotServices<T>(create: (services: BotServices) => T): (services: BotServices) => T {
  const made = new WeakMap<BotServices, T>();
  return (services) => {
    let instance = made.get(services);
    if (instance === undefined) {
      instance = create(services);
      made.set(services, instance);
    }
    return instance;
  };
}

export function card(name: string, locale: Locale, input: RenderInput): AdaptiveCard {
  return renderCard(name, locale, input);
}

export function messageCard(
  locale: Locale,
  title: string,
  messages: readonly string[],
  style: MessageStyle = 'default',
  backVerb = '',
): AdaptiveCard {
  return renderCard('message', locale, messageView(title, messages, style, backVerb));
}

export function notAllowedCard(locale: Locale): AdaptiveCard {
  return messageCard(
    locale,
    feedback(locale, 'notAllowedTitle'),
    [feedback(locale, 'notAllowed')],
    'attention',
    'help.show',
  );
}

/** A domain refusal as a card; its messages may quote user input, so they are escaped. */
export function refusalCard(locale: Locale, title: string, refusal: Refusal, backVerb = ''): AdaptiveCard {
  return messageCard(
    locale,
    title,
    refusalMessages(refusal, locale).map(escapeCardText),
    'attention',
    backVerb,
  );
}

export async function sendCard(
  context: TurnContext,
  adaptiveCard: AdaptiveCard,
  fallbackText?: string,
): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(adaptiveCard), fallbackText));
}

/**
 * Runs a card action and turns the expected failures into a clear card instead of an error:
 * tampered or malformed data, a stale ETag, anything else (logged with an id, nothing changed).
 */
export async function guardedAction(
  locale: Locale,
  logger: Logger,
  action: () => Promise<AdaptiveCard | string>,
): Promise<AdaptiveCard | string> {
  try {
    return await action();
  } catch (error) {
    return failureCard(locale, logger, error);
  }
}

export function failureCard(locale: Locale, logger: Logger, error: unknown): AdaptiveCard {
  if (error instanceof InvalidCardDataError) {
    logger.warn('invalid card data', { field: error.field });
    return messageCard(
      locale,
      feedback(locale, 'invalidCardTitle'),
      [feedback(locale, 'invalidCard')],
      'attention',
      'help.show',
    );
  }
  if (error instanceof StaleDocumentError) {
    return messageCard(
      locale,
      feedback(locale, 'staleTitle'),
      [feedback(locale, 'stale')],
      'warning',
      'help.show',
    );
  }
  const errorId = randomUUID();
  logger.error('card action failed', { errorId, error: (error as Error)?.stack ?? String(error) });
  return messageCard(
    locale,
    feedback(locale, 'errorTitle'),
    [feedback(locale, 'error'), `(${errorId})`],
    'attention',
  );
}
