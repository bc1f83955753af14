import type { Application, TurnState } from '@microsoft/teams-ai';
import { escapeCardText, format, stringsFor, type AdaptiveCard } from '../../cards/renderCard';
import {
  publicatiesOverviewView,
  publicUrl,
  type PublicatiesMessage,
} from '../../cards/views/publicatiesViews';
import type { AppConfig } from '../../config/config';
import type { PublicationService } from '../../public/publicationService';
import { PublicatiesService } from '../../public/publicatiesService';
import { PUBLIC_ID, PUBLICATION_KINDS, type PublicationKind } from '../../public/publicViews';
import { asCardData, InvalidCardDataError, requireChoice, requireId, type CardData } from '../cardData';
import {
  beginTurn,
  card,
  guardedAction,
  notAllowedCard,
  perBotServices,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';

/**
 * The `publicaties` card: what is published on /openbaar (with "Intrekken") and what could be ("Publiceren").
 * PublicatiesService (src/public/) checks that the actor is the gemeente and does the work; this file reads card
 * data and renders the outcome.
 */

const publicatiesServiceFor = perBotServices((services) => new PublicatiesService(services));

/** PUBLIC_BASE_URL, or this bot's own address (local trial). */
export function publicBaseUrl(config: AppConfig): string {
  if (config.publicBaseUrl) return config.publicBaseUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** The publication service as other features should use it (audit trail and person names from the registry). */
export function publicationServiceFor(services: BotServices): PublicationService {
  return publicatiesServiceFor(services).publications;
}

function strings(turn: Turn): Record<string, string> {
  return stringsFor('publicaties', turn.locale) as Record<string, string>;
}

async function overviewCard(turn: Turn, message?: PublicatiesMessage): Promise<AdaptiveCard> {
  const overview = await publicatiesServiceFor(turn.services).overview(turn.resolved.actor, turn.policy);
  if (!overview) return notAllowedCard(turn.locale);
  return card(
    'publicatiesOverzicht',
    turn.locale,
    publicatiesOverviewView({
      published: overview.published,
      candidates: [...overview.candidates],
      baseUrl: publicBaseUrl(turn.services.config),
      locale: turn.locale,
      message,
    }),
  );
}

export async function handlePublicatiesCommand(turn: Turn): Promise<void> {
  await sendCard(turn.context, await overviewCard(turn));
}

/** The item an action is about; anything else than a kind and a public id is tampering. */
function target(data: CardData): { kind: PublicationKind; sourceId: string } {
  const kind = requireChoice(data, 'kind', PUBLICATION_KINDS);
  const sourceId = requireId(data, 'sourceId');
  if (!PUBLIC_ID.test(sourceId)) throw new InvalidCardDataError('sourceId');
  return { kind, sourceId };
}

async function publish(turn: Turn, data: CardData): Promise<AdaptiveCard> {
  const service = publicatiesServiceFor(turn.services);
  if (!service.mayManage(turn.resolved.actor, turn.policy)) return notAllowedCard(turn.locale);
  const { kind, sourceId } = target(data);
  const text = strings(turn);
  const outcome = await service.publish(turn.resolved.actor, turn.policy, kind, sourceId);
  switch (outcome.status) {
    case 'not-allowed':
      return notAllowedCard(turn.locale);
    case 'not-found':
      return overviewCard(turn, {
        title: text.notFoundTitle ?? '',
        lines: [text.notFound ?? ''],
        style: 'warning',
      });
    case 'refused':
      return overviewCard(turn, {
        title: text.refusedTitle ?? '',
        lines: [escapeCardText(outcome.message[turn.locale])],
        style: 'attention',
      });
    case 'published': {
      const url = publicUrl(publicBaseUrl(turn.services.config), outcome.path);
      return overviewCard(
        turn,
        outcome.version === 1
          ? {
              title: text.publishedTitle ?? '',
              lines: [format(text.published ?? '', { title: outcome.title, url })],
              style: 'good',
            }
          : {
              title: text.updatedTitle ?? '',
              lines: [format(text.updated ?? '', { title: outcome.title, version: outcome.version })],
              style: 'good',
            },
      );
    }
  }
}

async function withdraw(turn: Turn, data: CardData): Promise<AdaptiveCard> {
  const service = publicatiesServiceFor(turn.services);
  if (!service.mayManage(turn.resolved.actor, turn.policy)) return notAllowedCard(turn.locale);
  const { kind, sourceId } = target(data);
  const text = strings(turn);
  const outcome = await service.withdraw(turn.resolved.actor, turn.policy, kind, sourceId);
  if (outcome.status === 'not-allowed') return notAllowedCard(turn.locale);
  return overviewCard(
    turn,
    outcome.status === 'withdrawn'
      ? {
          title: text.withdrawnTitle ?? '',
          lines: [format(text.withdrawn ?? '', { title: outcome.title })],
          style: 'good',
        }
      : { title: text.withdrawnTitle ?? '', lines: [text.notPublished ?? ''], style: 'warning' },
  );
}

export function registerPublicatiesHandlers(app: Application<TurnState>, services: BotServices): void {
  const action = (verb: string, run: (turn: Turn, data: CardData) => Promise<AdaptiveCard>) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, () => run(turn, asCardData(data)));
    });

  action('publicaties.overzicht', (turn) => overviewCard(turn));
  action('publicaties.publiceren', publish);
  action('publicaties.intrekken', withdraw);
}
