import type { Application, TurnState } from '@microsoft/teams-ai';
import {
  organisationFormValues,
  organisationFormView,
  personFormValues,
  personFormView,
  registryOverviewView,
  type OrganisationFormValues,
  type PersonFormValues,
} from '../../cards/views/registryViews';
import { RegistryService } from '../../registry/registryService';
import { asCardData, optionalId, optionalText, type CardData } from '../cardData';
import { feedback } from '../translate';
import {
  beginTurn,
  card,
  guardedAction,
  messageCard,
  notAllowedCard,
  perBotServices,
  sendCard,
  type BotServices,
  type Turn,
} from '../turn';
import { inLocale } from '../../domain/shared/result';

/**
 * The gemeente's registry: organisations and people, with the composition per perceel. RegistryService checks
 * the permission and does the reads and writes; this file turns card data into its commands and its answers
 * into cards.
 */

export const registryServiceFor = perBotServices((services) => new RegistryService(services));

type Card = ReturnType<typeof card>;

function notFoundCard(turn: Turn): Card {
  return messageCard(turn.locale, feedback(turn.locale, 'notFound'), [], 'warning', 'registry.overview');
}

function savedCard(turn: Turn, key: 'organisationSaved' | 'personSaved', name: string): Card {
  return messageCard(
    turn.locale,
    feedback(turn.locale, 'savedTitle'),
    [feedback(turn.locale, key, { name })],
    'good',
    'registry.overview',
  );
}

async function overviewCard(turn: Turn, query: string): Promise<Card> {
  const overview = await registryServiceFor(turn.services).overview(turn.resolved.actor);
  if (overview.kind === 'not-allowed') return notAllowedCard(turn.locale);
  return card(
    'registryOverview',
    turn.locale,
    registryOverviewView(overview.organisations, overview.people, query, turn.locale),
  );
}

export async function handleOrganisationsCommand(turn: Turn): Promise<void> {
  await sendCard(turn.context, await overviewCard(turn, ''));
}

function organisationInput(data: CardData): OrganisationFormValues {
  return {
    organisationId: optionalId(data, 'organisationId') ?? '',
    etag: optionalText(data, 'etag', 200),
    name: optionalText(data, 'name', 500),
    type: optionalText(data, 'type', 40),
    percelen: optionalText(data, 'percelen', 40),
    grootte: optionalText(data, 'grootte', 20),
    herkomst: optionalText(data, 'herkomst', 20),
    kvkNumber: optionalText(data, 'kvkNumber', 40),
    contracted: optionalText(data, 'contracted', 10) || 'nee',
  };
}

function personInput(data: CardData): PersonFormValues {
  return {
    personId: optionalId(data, 'personId') ?? '',
    etag: optionalText(data, 'etag', 200),
    name: optionalText(data, 'name', 500),
    email: optionalText(data, 'email', 500),
    phone: optionalText(data, 'phone', 60),
    organisationId: optionalId(data, 'organisationId') ?? '',
    role: optionalText(data, 'role', 40),
    isAdmin: optionalText(data, 'isAdmin', 10) || 'nee',
  };
}

export function registerRegistryHandlers(app: Application<TurnState>, services: BotServices): void {
  const registry = registryServiceFor(services);
  /** Every registry action is the admins': refused before the card data is read, whatever the card showed. */
  const action = (verb: string, run: (turn: Turn, data: CardData) => Promise<Card | string>) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, async () =>
        registry.mayManage(turn.resolved.actor) ? run(turn, asCardData(data)) : notAllowedCard(turn.locale),
      );
    });

  action('registry.overview', async (turn, data) => overviewCard(turn, optionalText(data, 'query', 100)));

  action('registry.organisation.new', async (turn) =>
    card('organisationForm', turn.locale, organisationFormView(organisationFormValues(), [])),
  );

  action('registry.organisation.edit', async (turn, data) => {
    const found = await registry.organisationToEdit(
      turn.resolved.actor,
      optionalId(data, 'organisationId') ?? '',
    );
    if (found.kind === 'not-allowed') return notAllowedCard(turn.locale);
    if (found.kind === 'not-found') return notFoundCard(turn);
    const { value, etag } = found.organisation;
    return card(
      'organisationForm',
      turn.locale,
      organisationFormView(organisationFormValues(value, etag), []),
    );
  });

  action('registry.organisation.save', async (turn, data) => {
    const input = organisationInput(data);
    const saved = await registry.saveOrganisation(turn.resolved.actor, {
      organisationId: input.organisationId,
      etag: input.etag,
      input,
    });
    switch (saved.kind) {
      case 'not-allowed':
        return notAllowedCard(turn.locale);
      case 'not-found':
        return notFoundCard(turn);
      case 'invalid':
        return card(
          'organisationForm',
          turn.locale,
          organisationFormView(input, inLocale(saved.messages, turn.locale)),
        );
      case 'duplicate':
        return card(
          'organisationForm',
          turn.locale,
          organisationFormView(input, [feedback(turn.locale, 'duplicateOrganisation')]),
        );
      case 'saved':
        return savedCard(turn, 'organisationSaved', saved.organisation.name);
    }
  });

  action('registry.person.new', async (turn, data) => {
    const form = await registry.newPerson(turn.resolved.actor);
    if (form.kind === 'not-allowed') return notAllowedCard(turn.locale);
    const organisationId = optionalId(data, 'organisationId') ?? '';
    return card(
      'personForm',
      turn.locale,
      personFormView(personFormValues(undefined, '', organisationId), form.organisations, []),
    );
  });

  action('registry.person.edit', async (turn, data) => {
    const found = await registry.personToEdit(turn.resolved.actor, optionalId(data, 'personId') ?? '');
    if (found.kind === 'not-allowed') return notAllowedCard(turn.locale);
    if (found.kind === 'not-found') return notFoundCard(turn);
    const { value, etag } = found.person;
    return card(
      'personForm',
      turn.locale,
      personFormView(personFormValues(value, etag), found.organisations, []),
    );
  });

  action('registry.person.save', async (turn, data) => {
    const input = personInput(data);
    const saved = await registry.savePerson(turn.resolved.actor, {
      personId: input.personId,
      etag: input.etag,
      input,
    });
    switch (saved.kind) {
      case 'not-allowed':
        return notAllowedCard(turn.locale);
      case 'not-found':
        return notFoundCard(turn);
      case 'invalid':
        return card(
          'personForm',
          turn.locale,
          personFormView(input, saved.organisations, inLocale(saved.messages, turn.locale)),
        );
      case 'duplicate-email':
        return card(
          'personForm',
          turn.locale,
          personFormView(input, saved.organisations, [
            feedback(turn.locale, 'duplicateEmail', { email: saved.email }),
          ]),
        );
      case 'saved':
        return savedCard(turn, 'personSaved', saved.person.name);
    }
  });
}
