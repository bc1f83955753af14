import type { Application, TurnState } from '@microsoft/teams-ai';
import { escapeCardText, format, stringsFor, type AdaptiveCard } from '../../cards/renderCard';
import {
  publicatiesOverviewView,
  publicUrl,
  type PublicatiesMessage,
} from '../../cards/views/publicatiesViews';
import type { AppConfig } from '../../config/config';
import { can } from '../../domain/registry/actor';
import { publicPath } from '../../public/labels';
import { createPublicationService, type PublicationService } from '../../public/publicationService';
import { publicationSources } from '../../public/publicationSources';
import {
  PUBLIC_ID,
  PUBLICATION_KINDS,
  PublicViewError,
  type PublicationKind,
} from '../../public/publicViews';
import { asCardData, InvalidCardDataError, requireChoice, requireId, type CardData } from '../cardData';
import {
  beginTurn,
  card,
  guardedAction,
  notAllowedCard,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';

/**
 * The gemeente decides per item what goes on the virtuele overlegtafel (/openbaar): the `publicaties` card lists
 * what is published (with "Intrekken") and what the features hold that could be published ("Publiceren").
 * Gemeente only, checked on every invoke. Publishing rebuilds the public view from the feature's current data.
 */

function isGemeente(turn: Turn): boolean {
  return can(turn.resolved.actor, 'registry.manage', turn.policy);
}

function personId(turn: Turn): string | null {
  return turn.resolved.actor.kind === 'person' ? turn.resolved.actor.person.id : null;
}

/** PUBLIC_BASE_URL, or this bot's own address (local trial). */
export function publicBaseUrl(config: AppConfig): string {
  if (config.publicBaseUrl) return config.publicBaseUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** The publication service as other features should use it (audit trail and person names from the registry). */
export function publicationServiceFor(services: BotServices): PublicationService {
  return createPublicationService(services.db, services.registry, services.now);
}

function strings(turn: Turn): Record<string, string> {
  return stringsFor('publicaties', turn.locale) as Record<string, string>;
}

async function overviewCard(turn: Turn, message?: PublicatiesMessage): Promise<AdaptiveCard> {
  const service = publicationServiceFor(turn.services);
  const [published, candidates] = await Promise.all([
    service.list(),
    Promise.all(publicationSources(turn.services.db, turn.services.registry).map((s) => s.candidates())),
  ]);
  return card(
    'publicatiesOverzicht',
    turn.locale,
    publicatiesOverviewView({
      published,
      candidates: candidates.flat(),
      baseUrl: publicBaseUrl(turn.services.config),
      locale: turn.locale,
      message,
    }),
  );
}

export async function handlePublicatiesCommand(turn: Turn): Promise<void> {
  await sendCard(turn.context, isGemeente(turn) ? await overviewCard(turn) : notAllowedCard(turn.locale));
}

/** The item an action is about; anything else than a kind and a public id is tampering. */
function target(data: CardData): { kind: PublicationKind; sourceId: string } {
  const kind = requireChoice(data, 'kind', PUBLICATION_KINDS);
  const sourceId = requireId(data, 'sourceId');
  if (!PUBLIC_ID.test(sourceId)) throw new InvalidCardDataError('sourceId');
  return { kind, sourceId };
}

async function publish(turn: Turn, data: CardData): Promise<AdaptiveCard> {
  const { kind, sourceId } = target(data);
  const text = strings(turn);
  const source = publicationSources(turn.services.db, turn.services.registry).find((s) => s.kind === kind);
  try {
    const built = source ? await source.build(sourceId) : undefined;
    if (!built) {
      return overviewCard(turn, {
        title: text.notFoundTitle ?? '',
        lines: [text.notFound ?? ''],
        style: 'warning',
      });
    }
    const saved = await publicationServiceFor(turn.services).publish(kind, sourceId, built.view, {
      byPersonId: personId(turn),
      sourceVersion: built.sourceVersion,
    });
    const url = publicUrl(publicBaseUrl(turn.services.config), publicPath(kind, sourceId));
    return overviewCard(
      turn,
      saved.version === 1
        ? {
            title: text.publishedTitle ?? '',
            lines: [format(text.published ?? '', { title: saved.title, url })],
            style: 'good',
          }
        : {
            title: text.updatedTitle ?? '',
            lines: [format(text.updated ?? '', { title: saved.title, version: saved.version })],
            style: 'good',
          },
    );
  } catch (error) {
    if (!(error instanceof PublicViewError)) throw error;
    // Nothing was stored: the view could not pass the public gate (e.g. a draw record that does not verify).
    return overviewCard(turn, {
      title: text.refusedTitle ?? '',
      lines: [escapeCardText(error.message)],
      style: 'attention',
    });
  }
}

async function withdraw(turn: Turn, data: CardData): Promise<AdaptiveCard> {
  const { kind, sourceId } = target(data);
  const text = strings(turn);
  const service = publicationServiceFor(turn.services);
  const existing = await service.get(kind, sourceId);
  const removed = existing ? await service.withdraw(kind, sourceId, { byPersonId: personId(turn) }) : false;
  return overviewCard(
    turn,
    removed && existing
      ? {
          title: text.withdrawnTitle ?? '',
          lines: [format(text.withdrawn ?? '', { title: existing.title })],
          style: 'good',
        }
      : { title: text.withdrawnTitle ?? '', lines: [text.notPublished ?? ''], style: 'warning' },
  );
}

export function registerPublicatiesHandlers(app: Application<TurnState>, services: BotServices): void {
  const gemeenteAction = (verb: string, run: (turn: Turn, data: CardData) => Promise<AdaptiveCard>) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, async () =>
        isGemeente(turn) ? run(turn, asCardData(data)) : notAllowedCard(turn.locale),
      );
    });

  gemeenteAction('publicaties.overzicht', (turn) => overviewCard(turn));
  gemeenteAction('publicaties.publiceren', publish);
  gemeenteAction('publicaties.intrekken', withdraw);
}
