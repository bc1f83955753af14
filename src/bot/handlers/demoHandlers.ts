import type { Application, TurnState } from '@microsoft/teams-ai';
import { can, roleLabels } from '../../domain/registry/actor';
import { asCardData, requireChoice } from '../cardData';
import { translate, feedback } from '../translate';
import { beginTurn, card, guardedAction, messageCard, sendCard, type BotServices, type Turn } from '../turn';
import { helpCard } from './helpCard';

/**
 * Local demo only: one person can try every role by linking their Teams account to the demo person of that
 * role. Refused outside demo mode, on the server, whatever the card says.
 */

export const DEMO_ROLE_KEYS = ['gemeente', 'contactpersoon', 'vervanger', 'trekker', 'onbekend'] as const;
export type DemoRoleKey = (typeof DEMO_ROLE_KEYS)[number];

const DESCRIPTIONS: Record<DemoRoleKey, { title: string; description: string }> = {
  gemeente: {
    title: 'Gemeente (beheerder)',
    description:
      'Organisaties beheren, rondes openen, stemmingen openen en besluiten, agenda en verslag versturen.',
  },
  contactpersoon: {
    title: 'Contactpersoon van een aanbieder aan de Overlegtafel',
    description: 'Inschrijven, reageren op voorstellen en stemmen namens de organisatie.',
  },
  vervanger: {
    title: 'Vervanger van een aanbieder',
    description: 'Handelt namens de organisatie als de contactpersoon er niet is.',
  },
  trekker: {
    title: 'Trekker van een ontwikkeltafel',
    description: 'Schrijft de halfjaarlijkse voortgangsrapportages van de tafel.',
  },
  onbekend: {
    title: 'Onbekende gebruiker',
    description: 'Zie wat iemand ziet die (nog) niet geregistreerd is.',
  },
};

function currentRoleLabel(turn: Turn): string {
  const labels = roleLabels(turn.resolved.actor);
  return labels.length === 0
    ? DESCRIPTIONS.onbekend.title
    : labels.map((l) => translate(turn.locale, 'roles', l)).join(', ');
}

function rolesCard(turn: Turn) {
  return card('demoRoles', turn.locale, {
    view: {
      current: currentRoleLabel(turn),
      roles: DEMO_ROLE_KEYS.map((key) => ({ key, ...DESCRIPTIONS[key] })),
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
  await sendCard(
    turn.context,
    can(turn.resolved.actor, 'demo.switchRole', turn.policy) ? rolesCard(turn) : demoOnlyCard(turn),
  );
}

export function registerDemoHandlers(app: Application<TurnState>, services: BotServices): void {
  app.adaptiveCards.actionExecute('demo.roles', async (context, state) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () =>
      can(turn.resolved.actor, 'demo.switchRole', turn.policy) ? rolesCard(turn) : demoOnlyCard(turn),
    );
  });

  app.adaptiveCards.actionExecute('demo.switch', async (context, state, data) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () => {
      if (!can(turn.resolved.actor, 'demo.switchRole', turn.policy) || !services.demo)
        return demoOnlyCard(turn);
      const key = requireChoice(asCardData(data), 'role', DEMO_ROLE_KEYS);
      const personId = services.demo.roles.find((r) => r.key === key)?.personId ?? null;
      const person = personId ? await services.registry.getPerson(personId) : undefined;
      if (person) await services.registry.linkTeamsUser(turn.resolved.aadObjectId, person);
      await services.registry.saveTeamsUser(turn.resolved.aadObjectId, turn.resolved.teamsUser, {
        personId: person?.value.id ?? null,
      });
      const switched = await beginTurn(context, state, services, { withTables: true });
      return helpCard(switched, false);
    });
  });
}
