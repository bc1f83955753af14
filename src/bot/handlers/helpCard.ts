import { unknownUserView, welcomeView } from '../../cards/views/welcomeViews';
import { card, type Turn } from '../turn';

/**
 * The role-aware help card (the welcome on first contact), or for someone the registry does not know, what
 * Tafelbot looked for. Shown by the typed commands and after a demo role switch, so it has a module of its own.
 */
export function helpCard(turn: Turn, firstContact: boolean) {
  const { actor } = turn.resolved;
  if (actor.kind === 'unknown') {
    return card('unknownUser', turn.locale, unknownUserView(turn.resolved.teamsEmail, turn.policy.demoMode));
  }
  return card('welcome', turn.locale, welcomeView(actor, turn.policy, turn.locale, firstContact));
}
