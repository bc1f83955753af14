import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import { signalenText, type Notice } from '../../cards/views/signalenLabels';
import type { KnownActor } from '../../domain/registry/actor';
import { type Refusal, refusalMessages } from '../../domain/shared/result';
import { asCardData, type CardData } from '../cardData';
import { translate } from '../translate';
import {
  beginTurn,
  guardedAction,
  knownActor,
  messageCard,
  notAllowedCard,
  type BotServices,
  type Turn,
} from '../turn';

/** What the signalen and the pilot handlers share: their routes, strings and refusal cards. */

export type CardResult = AdaptiveCard | string;

/** Hard caps on what a card may send; between the domain's limit and the cap the domain explains the problem. */
export const CAP = { line: 2_000, text: 20_000 } as const;

/** A sentence of the `signalen` strings, escaped: for message cards. */
export const t = (turn: Turn, key: string, values: Record<string, string | number> = {}): string =>
  translate(turn.locale, 'signalen', key, values);

/** The same sentence unescaped, for notices (rendered through `view`, which escapes). */
export const plain = (turn: Turn, key: string, values: Record<string, string | number> = {}): string =>
  signalenText(turn.locale, key, values);

export function refusalNotice(turn: Turn, refusal: Refusal): Notice {
  return {
    title: plain(turn, 'refusedTitle'),
    messages: [...refusalMessages(refusal, turn.locale)],
    style: 'attention',
  };
}

export function notFoundCard(
  turn: Turn,
  key: 'notFound' | 'pilotNotFound',
  backVerb = 'signalen.home',
): AdaptiveCard {
  return messageCard(turn.locale, t(turn, 'refusedTitle'), [t(turn, key)], 'warning', backVerb);
}

export function notAllowedToSignal(turn: Turn): AdaptiveCard {
  return messageCard(turn.locale, t(turn, 'refusedTitle'), [t(turn, 'notAllowed')], 'attention', 'help.show');
}

export type SignalenRoute = (
  verb: string,
  run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<CardResult>,
) => void;

/** Every route resolves the actor from the store and refuses unknown users before anything else. */
export function signalenRoute(app: Application<TurnState>, services: BotServices): SignalenRoute {
  return (verb, run) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, async () => {
        const actor = knownActor(turn);
        return actor ? run(turn, actor, asCardData(data)) : notAllowedCard(turn.locale);
      });
    });
}
