import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import { ontwikkeltafelsText, type Notice } from '../../cards/views/ontwikkeltafelsViews';
import type { KnownActor } from '../../domain/registry/actor';
import { type Refusal, refusalMessages } from '../../domain/shared/result';
import { OntwikkeltafelsService } from '../../ontwikkeltafels/ontwikkeltafelsService';
import { asCardData, type CardData } from '../cardData';
import {
  beginTurn,
  guardedAction,
  knownActor,
  messageCard,
  notAllowedCard,
  perBotServices,
  refusalCard,
  type BotServices,
  type Turn,
} from '../turn';

/** What the ontwikkeltafel and the rapportage handlers share: their service, routes, strings and refusals. */

export type CardResult = AdaptiveCard | string;

/** Hard caps on what a card may send; what lies between the domain's limit and this cap gets a clear message. */
export const CAP = { line: 2_000, text: 60_000, date: 40 } as const;

export const ontwikkeltafelsServiceFor = perBotServices(
  (botServices) => new OntwikkeltafelsService(botServices),
);

export function text(turn: Turn, key: string, values: Record<string, string | number> = {}): string {
  return ontwikkeltafelsText(turn.locale, key, values);
}

export function refused(turn: Turn, refusal: Refusal): AdaptiveCard {
  return refusalCard(turn.locale, text(turn, 'refusedTitle'), refusal, 'ontwikkeltafels.portfolio');
}

export function notFound(turn: Turn, key = 'notFound'): AdaptiveCard {
  return messageCard(
    turn.locale,
    text(turn, 'notFoundTitle'),
    [text(turn, key)],
    'warning',
    'ontwikkeltafels.portfolio',
  );
}

export function refusalNotice(turn: Turn, refusal: Refusal): Notice {
  return {
    title: text(turn, 'refusedTitle'),
    text: refusalMessages(refusal, turn.locale).join(' '),
    style: 'attention',
  };
}

/** A small count a form sends back (number or text); anything else counts as none, and it is capped. */
export function count(data: CardData, field: string, max: number): number {
  const value = data[field];
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,3}$/.test(value)
        ? Number(value)
        : 0;
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : 0;
}

export interface TafelRoutes {
  /** Every route resolves the actor from the store and refuses unknown users before anything else. */
  readonly route: (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<CardResult>,
  ) => void;
  /** The gemeente's actions: refused before the card data is looked at, whatever the card showed. */
  readonly gemeenteOnly: (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<CardResult>,
  ) => void;
}

export function tafelRoutes(app: Application<TurnState>, botServices: BotServices): TafelRoutes {
  const service = ontwikkeltafelsServiceFor(botServices);
  const route: TafelRoutes['route'] = (verb, run) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, botServices);
      return guardedAction(turn.locale, botServices.logger, async () => {
        const actor = knownActor(turn);
        return actor ? run(turn, actor, asCardData(data)) : notAllowedCard(turn.locale);
      });
    });
  return {
    route,
    gemeenteOnly: (verb, run) =>
      route(verb, async (turn, actor, data) =>
        service.mayManage(actor) ? run(turn, actor, data) : notAllowedCard(turn.locale),
      ),
  };
}
