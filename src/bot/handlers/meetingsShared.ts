import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../../cards/renderCard';
import {
  agendaView,
  meetingDetailView,
  meetingsMessage,
  type MeetingNotice,
  type MemberSource,
} from '../../cards/views/meetingsViews';
import type { KnownActor } from '../../domain/registry/actor';
import type { Refusal } from '../../domain/shared/result';
import {
  meetingsServiceFor,
  type MeetingDocument,
  type MeetingsService,
} from '../../meetings/meetingsService';
import { VERSLAG_MAX_CHARS } from '../../meetings/meetingVerslag';
import { asCardData, requireId, type CardData } from '../cardData';
import {
  beginTurn,
  card,
  guardedAction,
  knownActor,
  messageCard,
  notAllowedCard,
  refusalCard,
  type BotServices,
  type Turn,
} from '../turn';

/** What the meeting handlers share: their routes, strings, the meeting and agenda cards and the refusals. */

export type CardResult = AdaptiveCard | string;

/** Hard caps on what a card may send; between the domain's limits and these the domain answers clearly. */
export const CAP = { line: 2_000, text: 10_000, verslag: VERSLAG_MAX_CHARS * 2, id: 128 } as const;

export const m = (turn: Turn, key: string, values: Record<string, string | number> = {}): string =>
  meetingsMessage(turn.locale, key, values);

export function service(turn: Turn): MeetingsService {
  return meetingsServiceFor(turn.services);
}

export function refused(turn: Turn, refusal: Refusal, backVerb = 'meeting.lijst'): AdaptiveCard {
  return refusalCard(turn.locale, m(turn, 'refusedTitle'), refusal, backVerb);
}

export function notFound(turn: Turn): AdaptiveCard {
  return messageCard(turn.locale, m(turn, 'refusedTitle'), [m(turn, 'notFound')], 'warning', 'meeting.lijst');
}

export async function loadMeeting(turn: Turn, data: CardData): Promise<MeetingDocument | undefined> {
  return service(turn).get(requireId(data, 'meetingId'));
}

/** The gemeente's card of one meeting. */
export async function detailCard(
  turn: Turn,
  doc: MeetingDocument,
  notice?: MeetingNotice,
  source?: MemberSource,
): Promise<AdaptiveCard> {
  return card(
    'meetingDetail',
    turn.locale,
    meetingDetailView(doc, turn.services.now(), turn.locale, {
      icsUrl: service(turn).icsUrlOf(doc),
      source,
      notice,
    }),
  );
}

/** The agenda as every provider sees it. */
export function agendaCard(turn: Turn, doc: MeetingDocument, notice?: MeetingNotice): AdaptiveCard {
  return card(
    'meetingAgenda',
    turn.locale,
    agendaView(doc, service(turn).icsUrlOf(doc), turn.services.now(), turn.locale, notice),
  );
}

export interface MeetingRoutes {
  /** The gemeente's actions: refused before the card data is looked at, whatever the card showed. */
  readonly gemeenteAction: (verb: string, run: (turn: Turn, data: CardData) => Promise<CardResult>) => void;
  /** Anyone with a role; the service decides what they may do with the meeting. */
  readonly memberAction: (
    verb: string,
    run: (turn: Turn, data: CardData, actor: KnownActor) => Promise<CardResult>,
  ) => void;
  /** Runs with the meeting the card names; an unknown one gets "not found". */
  readonly withMeeting: (
    run: (turn: Turn, doc: MeetingDocument, data: CardData) => Promise<CardResult>,
  ) => (turn: Turn, data: CardData) => Promise<CardResult>;
}

export function meetingRoutes(app: Application<TurnState>, services: BotServices): MeetingRoutes {
  const action = (verb: string, run: (turn: Turn, data: CardData) => Promise<CardResult>) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, () => run(turn, asCardData(data)));
    });
  return {
    gemeenteAction: (verb, run) =>
      action(verb, async (turn, data) =>
        service(turn).mayManage(turn.resolved.actor) ? run(turn, data) : notAllowedCard(turn.locale),
      ),
    memberAction: (verb, run) =>
      action(verb, async (turn, data) => {
        const actor = knownActor(turn);
        return actor && service(turn).mayRead(actor) ? run(turn, data, actor) : notAllowedCard(turn.locale);
      }),
    withMeeting: (run) => async (turn, data) => {
      const doc = await loadMeeting(turn, data);
      return doc ? run(turn, doc, data) : notFound(turn);
    },
  };
}
