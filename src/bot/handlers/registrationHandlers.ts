import type { Application, TurnState } from '@microsoft/teams-ai';
import { registerInschrijvingTasks } from '../../inschrijving/tasks';
import type { AdaptiveCard } from '../../cards/renderCard';
import { registrationFormView, statusView, type OverviewNotice } from '../../cards/views/inschrijvingViews';
import { deadlineText, type RegistrationInput } from '../../domain/inschrijving';
import { inLocale, type Refusal } from '../../domain/shared/result';
import { InschrijvingService } from '../../inschrijving/inschrijvingService';
import type { RegistrationForm, RegistrationStatus } from '../../inschrijving/registrations';
import { asCardData, optionalId, optionalText, type CardData } from '../cardData';
import { translate } from '../translate';
import {
  beginTurn,
  card,
  guardedAction,
  messageCard,
  perBotServices,
  refusalCard,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';

/**
 * The contacts' side of the open invitation to the Overlegtafel: contacts of contracted aanbieders register,
 * change and withdraw until the deadline. InschrijvingService checks that the actor is a contact of the
 * organisation and applies the rules; this file reads the card data and shows the outcome. What both halves of
 * the feature share (the service, the strings) is here, as inschrijvingHandlers.ts imports this file.
 */

export type CardResult = AdaptiveCard | string;

export const inschrijvingServiceFor = perBotServices((services) => new InschrijvingService(services));

export const inschrijvingText = (
  turn: Turn,
  key: string,
  values: Record<string, string | number> = {},
): string => translate(turn.locale, 'inschrijving', key, values);
const t = inschrijvingText;

export function unknownRoundCard(turn: Turn): AdaptiveCard {
  return messageCard(turn.locale, t(turn, 'refusedTitle'), [t(turn, 'unknownRound')], 'warning', 'help.show');
}

function statusCard(turn: Turn, { round, items }: RegistrationStatus, notice?: OverviewNotice): AdaptiveCard {
  return card(
    'inschrijvingStatus',
    turn.locale,
    statusView(round, items, turn.services.now(), turn.locale, notice),
  );
}

function formCard(turn: Turn, form: RegistrationForm): AdaptiveCard {
  return card(
    'inschrijvingForm',
    turn.locale,
    registrationFormView(form.round, form.organisation, form.values, form.etag, form.isEdit, [], turn.locale),
  );
}

function notContactCard(turn: Turn): AdaptiveCard {
  return messageCard(
    turn.locale,
    t(turn, 'notContactTitle'),
    [t(turn, 'notContact')],
    'attention',
    'help.show',
  );
}

function closedOrRefused(turn: Turn, refusal: Refusal): AdaptiveCard {
  const title = refusal.code === 'inschrijving.gesloten' ? t(turn, 'closedTitle') : t(turn, 'refusedTitle');
  return refusalCard(turn.locale, title, refusal, 'help.show');
}

/** Why the contact cannot act here: no contact of the organisation, or no such round. */
function targetRefusedCard(
  turn: Turn,
  outcome: { kind: 'not-contact'; refusal: Refusal } | { kind: 'unknown-round' },
): AdaptiveCard {
  return outcome.kind === 'unknown-round'
    ? unknownRoundCard(turn)
    : refusalCard(turn.locale, t(turn, 'notContactTitle'), outcome.refusal, 'help.show');
}

async function registrationHomeCard(turn: Turn, roundId: string | undefined, showStatus: boolean) {
  const home = await inschrijvingServiceFor(turn.services).registrations.registrationHome(
    turn.resolved.actor,
    roundId,
    showStatus,
  );
  switch (home.kind) {
    case 'no-organisation':
      return notContactCard(turn);
    case 'no-round':
      return messageCard(turn.locale, t(turn, 'noRoundTitle'), [t(turn, 'noRound')], 'accent', 'help.show');
    case 'refused':
      return refusalCard(turn.locale, t(turn, 'closedTitle'), home.refusal, 'help.show');
    case 'form':
      return formCard(turn, home);
    case 'status':
      return statusCard(turn, home);
  }
}

function registrationInput(data: CardData): RegistrationInput {
  return {
    perceel: optionalText(data, 'perceel', 20),
    grootte: optionalText(data, 'grootte', 20),
    herkomst: optionalText(data, 'herkomst', 20),
    contactpersoonName: optionalText(data, 'contactpersoonName', 500),
    contactpersoonEmail: optionalText(data, 'contactpersoonEmail', 500),
    contactpersoonPhone: optionalText(data, 'contactpersoonPhone', 100),
    vervangerName: optionalText(data, 'vervangerName', 500),
    vervangerEmail: optionalText(data, 'vervangerEmail', 500),
    vervangerPhone: optionalText(data, 'vervangerPhone', 100),
    // Longer than the card allows is refused by the domain with a clear message; far longer is tampering.
    motivation: optionalText(data, 'motivation', 5000),
  };
}

export async function handleInschrijvenCommand(turn: Turn): Promise<void> {
  const reply = await guardedAction(turn.locale, turn.services.logger, () =>
    registrationHomeCard(turn, undefined, false),
  );
  if (typeof reply === 'string') await turn.context.sendActivity(reply);
  else await sendCard(turn.context, reply);
}

/** Registered by registerInschrijvingHandlers, with the gemeente's routes. */
export function registerRegistrationHandlers(app: Application<TurnState>, services: BotServices): void {
  registerInschrijvingTasks(services.scheduler, inschrijvingServiceFor(services));
  const service = inschrijvingServiceFor(services).registrations;
  const action = (verb: string, run: (turn: Turn, data: CardData) => Promise<CardResult>) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, () => run(turn, asCardData(data)));
    });
  const organisationIdOf = (data: CardData) => optionalId(data, 'organisationId') ?? '';
  const roundIdOf = (data: CardData) => optionalId(data, 'roundId');

  action('inschrijving.status', (turn, data) =>
    registrationHomeCard(turn, roundIdOf(data), optionalText(data, 'show', 10) === 'status'),
  );

  action('inschrijving.formulier', async (turn, data) => {
    const form = await service.registrationForm(turn.resolved.actor, organisationIdOf(data), roundIdOf(data));
    if (form.kind === 'form') return formCard(turn, form);
    if (form.kind === 'refused')
      return refusalCard(turn.locale, t(turn, 'closedTitle'), form.refusal, 'help.show');
    return targetRefusedCard(turn, form);
  });

  action('inschrijving.opslaan', async (turn, data) => {
    const organisationId = organisationIdOf(data);
    const roundId = roundIdOf(data);
    const input = registrationInput(data);
    const etag = optionalText(data, 'etag', 200);
    const saved = await service.saveRegistration(turn.resolved.actor, organisationId, roundId, input, etag);
    switch (saved.kind) {
      case 'not-contact':
      case 'unknown-round':
        return targetRefusedCard(turn, saved);
      case 'refused':
        return closedOrRefused(turn, saved.refusal);
      case 'invalid':
        return card(
          'inschrijvingForm',
          turn.locale,
          registrationFormView(
            saved.round,
            saved.organisation,
            input,
            etag,
            saved.isEdit,
            inLocale(saved.messages, turn.locale),
            turn.locale,
          ),
        );
      case 'duplicate':
        return messageCard(
          turn.locale,
          t(turn, 'refusedTitle'),
          [t(turn, 'duplicateRegistration', { name: saved.organisation.name, year: saved.round.year })],
          'warning',
          'inschrijving.status',
        );
      case 'saved': {
        const { round } = saved.status;
        const values = {
          name: saved.organisation.name,
          year: round.year,
          deadline: deadlineText(round, turn.locale),
        };
        return statusCard(turn, saved.status, {
          title: t(turn, saved.changed ? 'updatedTitle' : 'registeredTitle'),
          messages: [t(turn, saved.changed ? 'updated' : 'registered', values)],
          style: 'good',
        });
      }
    }
  });

  action('inschrijving.intrekken', async (turn, data) => {
    const organisationId = organisationIdOf(data);
    const roundId = roundIdOf(data);
    const etag = optionalText(data, 'etag', 200);
    const withdrawn = await service.withdraw(turn.resolved.actor, organisationId, roundId, etag);
    switch (withdrawn.kind) {
      case 'not-contact':
      case 'unknown-round':
        return targetRefusedCard(turn, withdrawn);
      case 'refused':
        return closedOrRefused(turn, withdrawn.refusal);
      case 'status':
        return statusCard(turn, withdrawn);
      case 'withdrawn': {
        const { round } = withdrawn.status;
        return statusCard(turn, withdrawn.status, {
          title: t(turn, 'withdrawnTitle'),
          messages: [
            t(turn, 'withdrawn', {
              name: withdrawn.organisation.name,
              deadline: deadlineText(round, turn.locale),
            }),
          ],
          style: 'accent',
        });
      }
    }
  });
}
