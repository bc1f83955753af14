import type { AdaptiveCard } from '../../cards/renderCard';
import { meetingsMessage } from '../../cards/views/meetingsViews';
import { unknownUserView, welcomeView } from '../../cards/views/welcomeViews';
import { meetingsServiceFor } from '../../meetings/meetingsService';
import { card, type Turn } from '../turn';

/**
 * The role-aware help card (the welcome on first contact), or for someone the registry does not know, what
 * Tafelbot looked for. Shown by the typed commands and after a demo role switch, so it has a module of its own.
 * The gemeente is warned on it when fewer than two Overlegtafel meetings are planned this year [000 §1].
 */
export async function helpCard(turn: Turn, firstContact: boolean): Promise<AdaptiveCard> {
  const { actor } = turn.resolved;
  if (actor.kind === 'unknown') {
    return card('unknownUser', turn.locale, unknownUserView(turn.resolved.teamsEmail, turn.policy.demoMode));
  }
  const planning = await meetingsServiceFor(turn.services).yearPlanning.current(actor);
  const warnings = planning?.short
    ? [meetingsMessage(turn.locale, 'yearShort', { year: planning.year, count: planning.count })]
    : [];
  return card('welcome', turn.locale, welcomeView(actor, turn.policy, turn.locale, firstContact, warnings));
}
