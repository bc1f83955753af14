import type { Application, TurnState } from '@microsoft/teams-ai';
import { reachCsvView, reachOverviewView } from '../../cards/views/reachViews';
import { tenantDirectoryFor } from '../../graph/tenantDirectory';
import { ReachService } from '../../reach/reachService';
import { asCardData, optionalText } from '../cardData';
import {
  beginTurn,
  card,
  guardedAction,
  perBotServices,
  notAllowedCard,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';

/**
 * Reach per person (issue 15): the typed command `bereik` and the card actions of the overview. Translation only:
 * the service checks that the actor is the gemeente and does the work.
 */

export const reachServiceFor = perBotServices(
  (services) =>
    new ReachService(services.registry, tenantDirectoryFor(services.config), services.logger, services.now, {
      installEnabled: services.config.graph.install,
    }),
);

async function overviewCard(turn: Turn) {
  const result = await reachServiceFor(turn.services).overview(turn.resolved.actor, turn.policy);
  if (!result.ok) return notAllowedCard(turn.locale);
  return card('reachOverview', turn.locale, reachOverviewView(result.value, turn.locale));
}

async function csvCard(turn: Turn, part: number) {
  const result = await reachServiceFor(turn.services).csv(turn.resolved.actor, turn.policy);
  if (!result.ok) return notAllowedCard(turn.locale);
  return card('reachCsv', turn.locale, reachCsvView(result.value, part, turn.locale));
}

/** The typed command `bereik`. */
export async function handleBereikCommand(turn: Turn): Promise<void> {
  const reply = await guardedAction(turn.locale, turn.services.logger, () => overviewCard(turn));
  if (typeof reply === 'string') await turn.context.sendActivity(reply);
  else await sendCard(turn.context, reply);
}

/** Background lookups for the overview, once across instances (only with installation on). */
export const REACH_LOOKUP_TASK_EVERY_MS = 15 * 60_000;

export function registerReachHandlers(app: Application<TurnState>, services: BotServices): void {
  if (services.config.graph.install)
    services.scheduler.register({
      name: 'reach-lookups',
      everyMs: REACH_LOOKUP_TASK_EVERY_MS,
      run: async () => {
        await reachServiceFor(services).refreshLookups();
      },
    });

  app.adaptiveCards.actionExecute('reach.overview', async (context, state) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, () => overviewCard(turn));
  });

  app.adaptiveCards.actionExecute('reach.csv', async (context, state, data) => {
    const turn = await beginTurn(context, state, services);
    return guardedAction(turn.locale, services.logger, async () => {
      const partText = optionalText(asCardData(data), 'part', 6).trim();
      return csvCard(turn, /^\d{1,4}$/.test(partText) ? Number(partText) : 1);
    });
  });
}
