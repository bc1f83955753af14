import type { Application, TurnState } from '@microsoft/teams-ai';
import { roleLabels } from '../../domain/registry/actor';
import { DemoRoleService } from '../../demo/demoRoles';
import { asCardData, requireChoice } from '../cardData';
import { translate, feedback } from '../translate';
import {
  beginTurn,
  card,
  guardedAction,
  messageCard,
  perBotServices,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';
import { helpCard } from './helpCard';

/** The demo role switch (local demo only); DemoRoleService decides whether it is allowed and links the account. */

const demoRolesFor = perBotServices((services) => new DemoRoleService(services));

export const DEMO_ROLE_KEYS = ['gemeente', 'contactpersoon', 'vervanger', 'trekker', 'onbekend'] as const;
export type DemoRoleKey = (typeof DEMO_ROLE_KEYS)[number];

/** A demo role's name and what it shows, in the person's language (strings section demoRoles). */
function describeRole(turn: Turn, key: DemoRoleKey): { title: string; description: string } {
  return {
    title: translate(turn.locale, 'demoRoles', `${key}Title`),
    description: translate(turn.locale, 'demoRoles', `${key}Description`),
  };
}

function currentRoleLabel(turn: Turn): string {
  const labels = roleLabels(turn.resolved.actor);
  return labels.length === 0
    ? describeRole(turn, 'onbekend').title
    : labels.map((l) => translate(turn.locale, 'roles', l)).join(', ');
}

function rolesCard(turn: Turn) {
  return card('demoRoles', turn.locale, {
    view: {
      current: currentRoleLabel(turn),
      roles: DEMO_ROLE_KEYS.map((key) => ({ key, ...describeRole(turn, key) })),
    },
  });
}

function demoOnlyCard(turn: Turn) {
  return messageCard(
    turn.locale,
    feedback(turn.locale, 'notAllowedTitle'),
    [feedback(turn.locale, 'demoOnly')],
    'attention',
  );
}

export async function handleRoleCommand(turn: Turn): Promise<void> {
  const demoRoles = demoRolesFor(turn.services);
  await sendCard(
    turn.context,
    demoRoles.maySwitch(turn.resolved.actor) ? rolesCard(turn) : demoOnlyCard(turn),
  );
}

export function registerDemoHandlers(app: Application<TurnState>, services: BotServices): void {
  const demoRoles = demoRolesFor(services);

  app.adaptiveCards.actionExecute('demo.roles', async (context, state) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () =>
      demoRoles.maySwitch(turn.resolved.actor) ? rolesCard(turn) : demoOnlyCard(turn),
    );
  });

  app.adaptiveCards.actionExecute('demo.switch', async (context, state, data) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () => {
      if (!demoRoles.maySwitch(turn.resolved.actor)) return demoOnlyCard(turn);
      const key = requireChoice(asCardData(data), 'role', DEMO_ROLE_KEYS);
      const switched = await demoRoles.switchTo(turn.resolved.actor, turn.resolved, key);
      if (switched === 'demo-only') return demoOnlyCard(turn);
      // The turn again, as the person the account is now linked to.
      return helpCard(await beginTurn(context, state, services, { withTables: true }), false);
    });
  });
}
