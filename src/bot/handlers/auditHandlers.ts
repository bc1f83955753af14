import type { Application, TurnState } from '@microsoft/teams-ai';
import { auditTrailView, MAX_AUDIT_ENTRIES } from '../../cards/views/auditViews';
import { can } from '../../domain/registry/actor';
import type { AuditEntry } from '../../storage/auditLog';
import { asCardData, InvalidCardDataError, optionalText, type CardData } from '../cardData';
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
 * The gemeente reads the audit trail (votes, decisions, lottery records, composition changes and the rest):
 * the latest entries, or one stream. Read-only: there is no action that changes an entry.
 */

/** Stream names Tafelbot makes: `registry`, `ronde-2027`, `voorstel-vs-…`, `ontwikkeltafel-ot-…`, … */
const STREAM = /^[a-z][a-z0-9-]{0,139}$/;

function mayRead(turn: Turn): boolean {
  return can(turn.resolved.actor, 'registry.manage', turn.policy);
}

function streamOf(value: string): string {
  const stream = value.trim().toLowerCase();
  if (stream && !STREAM.test(stream)) throw new InvalidCardDataError('stream');
  return stream;
}

async function auditCard(turn: Turn, stream: string) {
  const { registry } = turn.services;
  const entries: AuditEntry[] = stream
    ? await registry.audit.stream(stream)
    : await registry.audit.recent(MAX_AUDIT_ENTRIES);
  const people = new Set(entries.map((e) => e.actorPersonId).filter((id): id is string => Boolean(id)));
  const names = new Map<string, string>();
  for (const person of await registry.listPeople())
    if (people.has(person.id)) names.set(person.id, person.name);
  return card('auditTrail', turn.locale, auditTrailView(entries, { stream, names, locale: turn.locale }));
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
