import type { Application, TurnState } from '@microsoft/teams-ai';
import { AuditService } from '../../audit/auditService';
import { auditTrailView, MAX_AUDIT_ENTRIES } from '../../cards/views/auditViews';
import { asCardData, InvalidCardDataError, optionalText, type CardData } from '../cardData';
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
 * The gemeente reads the audit trail (votes, decisions, lottery records, composition changes and the rest):
 * the latest entries, or one stream. AuditService decides who may read it and reads it; this file turns a turn
 * into a request and the trail into a card.
 */

/** Stream names Tafelbot makes: `registry`, `ronde-2027`, `voorstel-vs-…`, `ontwikkeltafel-ot-…`, … */
const STREAM = /^[a-z][a-z0-9-]{0,139}$/;

const auditServiceFor = perBotServices((services) => new AuditService(services));

function streamOf(value: string): string {
  const stream = value.trim().toLowerCase();
  if (stream && !STREAM.test(stream)) throw new InvalidCardDataError('stream');
  return stream;
}

async function auditCard(turn: Turn, stream: string) {
  const trail = await auditServiceFor(turn.services).trail(turn.resolved.actor, turn.policy, {
    stream,
    latest: MAX_AUDIT_ENTRIES,
  });
  if (!trail.ok) return notAllowedCard(turn.locale);
  const { entries, names } = trail.value;
  return card('auditTrail', turn.locale, auditTrailView(entries, { stream, names, locale: turn.locale }));
}

/** Who may not read gets the refusal before their input is looked at. */
function mayRead(turn: Turn): boolean {
  return auditServiceFor(turn.services).mayRead(turn.resolved.actor, turn.policy);
}

/** The typed command `audit [stream]`. */
export async function handleAuditCommand(turn: Turn, argument: string): Promise<void> {
  const reply = await guardedAction(turn.locale, turn.services.logger, async () =>
    mayRead(turn) ? auditCard(turn, streamOf(argument.slice(0, 140))) : notAllowedCard(turn.locale),
  );
  if (typeof reply === 'string') await turn.context.sendActivity(reply);
  else await sendCard(turn.context, reply);
}

export function registerAuditHandlers(app: Application<TurnState>, services: BotServices): void {
  app.adaptiveCards.actionExecute('audit.show', async (context, state, data) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () => {
      if (!mayRead(turn)) return notAllowedCard(turn.locale);
      const input: CardData = asCardData(data);
      return auditCard(turn, streamOf(optionalText(input, 'stream', 140)));
    });
  });
}
