import type { Application, TurnState } from '@microsoft/teams-ai';
import { profileView } from '../../cards/views/welcomeViews';
import { parseCommand, MAX_MESSAGE_LENGTH } from '../commands';
import { feedback } from '../translate';
import {
  beginTurn,
  card,
  guardedAction,
  messageCard,
  notAllowedCard,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';
import { helpCard } from './helpCard';
import { handleOrganisationsCommand, registryServiceFor } from './registryHandlers';
import { handleRondeCommand } from './inschrijvingHandlers';
import { handleInschrijvenCommand } from './registrationHandlers';
import { handleRoleCommand } from './demoHandlers';
import { handleVoorstellenCommand } from './voorstellenHandlers';
import { handleSignalenCommand } from './signalenHandlers';
import { handleTafelsCommand } from './ontwikkeltafelsHandlers';
import { handleVergaderingenCommand } from './meetingsHandlers';
import { handlePublicatiesCommand } from './publicatiesHandlers';
import { handleAuditCommand } from './auditHandlers';
import { handleBereikCommand } from './reachHandlers';

/** Welcome, help, profile and language; and the routing of typed commands. */

/** The person's own profile, or undefined for someone who has none to see. */
function profileCard(turn: Turn) {
  const person = registryServiceFor(turn.services).profileOf(turn.resolved.actor);
  return person && card('profile', turn.locale, profileView(person, turn.locale));
}

export function registerWelcomeHandlers(app: Application<TurnState>, services: BotServices): void {
  // Installed in a personal scope, or added to a team or chat: greet the people who were added.
  // Teams sends both installationUpdate and conversationUpdate when the app is installed: greet once, on the
  // installation. A conversationUpdate only refreshes the saved conversation reference.
  app.conversationUpdate('membersAdded', async (context, state) => {
    const added = context.activity.membersAdded ?? [];
    const botId = context.activity.recipient?.id;
    if (!added.some((m) => m.id !== botId)) return;
    await beginTurn(context, state, services);
  });

  app.activity('installationUpdate', async (context, state) => {
    if ((context.activity as { action?: string }).action !== 'add') return;
    const turn = await beginTurn(context, state, services, { withTables: true });
    await sendCard(context, await helpCard(turn, true));
  });

  app.activity('message', async (context, state) => {
    // A tampering client may send any JSON as the text: only a string is read as a command.
    const text = typeof context.activity.text === 'string' ? context.activity.text : '';
    const turn = await beginTurn(context, state, services, { withTables: true });
    if (text.length > MAX_MESSAGE_LENGTH) {
      await context.sendActivity(feedback(turn.locale, 'textTooLong', { max: MAX_MESSAGE_LENGTH }));
      return;
    }
    const command = parseCommand(text);
    // Card submits (Action.Submit) arrive as messages without text; there are none in Tafelbot's cards.
    if (!text.trim() && context.activity.value !== undefined) {
      await sendCard(
        context,
        messageCard(
          turn.locale,
          feedback(turn.locale, 'invalidCardTitle'),
          [feedback(turn.locale, 'invalidCard')],
          'attention',
          'help.show',
        ),
      );
      return;
    }
    if (command.name === 'rol') {
      await handleRoleCommand(turn);
      return;
    }
    if (command.name === 'taal') {
      await handleLanguageCommand(turn, command.argument);
      return;
    }
    if (turn.resolved.actor.kind === 'unknown') {
      await sendCard(context, await helpCard(turn, false));
      return;
    }
    switch (command.name) {
      case 'help':
        await sendCard(context, await helpCard(turn, false));
        return;
      case 'profiel':
        await sendCard(context, profileCard(turn) ?? (await helpCard(turn, false)));
        return;
      case 'organisaties':
        await handleOrganisationsCommand(turn);
        return;
      case 'ronde':
        await handleRondeCommand(turn);
        return;
      case 'inschrijven':
        await handleInschrijvenCommand(turn);
        return;
      case 'voorstellen':
        await handleVoorstellenCommand(turn);
        return;
      case 'signalen':
        await handleSignalenCommand(turn, command.word);
        return;
      case 'tafels':
        await handleTafelsCommand(turn);
        return;
      case 'vergaderingen':
        await handleVergaderingenCommand(turn);
        return;
      case 'publicaties':
        await handlePublicatiesCommand(turn);
        return;
      case 'audit':
        await handleAuditCommand(turn, command.argument);
        return;
      case 'bereik':
        await handleBereikCommand(turn);
        return;
      default:
        await context.sendActivity(
          feedback(turn.locale, 'unknownCommand', { command: command.word.slice(0, 40) }),
        );
    }
  });

  app.adaptiveCards.actionExecute('help.show', async (context, state) => {
    const turn = await beginTurn(context, state, services, { withTables: true });
    return guardedAction(turn.locale, services.logger, () => helpCard(turn, false));
  });

  app.adaptiveCards.actionExecute('profile.show', async (context, state) => {
    const turn = await beginTurn(context, state, services, { withTables: true });
    return guardedAction(
      turn.locale,
      services.logger,
      async () => profileCard(turn) ?? notAllowedCard(turn.locale),
    );
  });
}

async function handleLanguageCommand(turn: Turn, argument: string): Promise<void> {
  const choice = argument.trim().toLowerCase();
  if (choice !== 'nl' && choice !== 'en') {
    await turn.context.sendActivity(feedback(turn.locale, 'languageUnknown'));
    return;
  }
  // The preference lives in teams-ai user state (Cosmos), so every instance honours it.
  (turn.state.user as { language?: string }).language = choice;
  await turn.context.sendActivity(feedback(choice, 'languageSet'));
}
