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
import { can } from '../../domain/registry/actor';
import {
  checkRoleAvailable,
  validateOrganisation,
  validatePerson,
  withMembership,
  type Person,
} from '../../domain/registry/registry';
import { DocumentConflictError } from '../../storage/documentStore';
import { asCardData, optionalId, optionalText, type CardData } from '../cardData';
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

/** The gemeente's registry: organisations and people, with the composition per perceel. */

function isAdmin(turn: Turn): boolean {
  return can(turn.resolved.actor, 'registry.manage', turn.policy);
}

function actorId(turn: Turn): string | null {
  return turn.resolved.actor.kind === 'person' ? turn.resolved.actor.person.id : null;
}

async function overviewCard(turn: Turn, query: string) {
  const [organisations, people] = await Promise.all([
    turn.services.registry.listOrganisations(),
    turn.services.registry.listPeople(),
  ]);
  return card(
    'registryOverview',
    turn.locale,
    registryOverviewView(organisations, people, query, turn.locale),
  );
}

export async function handleOrganisationsCommand(turn: Turn): Promise<void> {
  await sendCard(turn.context, isAdmin(turn) ? await overviewCard(turn, '') : notAllowedCard(turn.locale));
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
  /** Every registry action is admin-only; the check runs here, on the server, for each invoke. */
  const adminAction = (
    verb: string,
    run: (turn: Turn, data: CardData) => Promise<ReturnType<typeof card> | string>,
  ) =>
    app.adaptiveCards.actionExecute(verb, async (context, state, data) => {
      const turn = await beginTurn(context, state, services);
      return guardedAction(turn.locale, services.logger, async () =>
        isAdmin(turn) ? run(turn, asCardData(data)) : notAllowedCard(turn.locale),
      );
    });

  adminAction('registry.overview', async (turn, data) =>
    overviewCard(turn, optionalText(data, 'query', 100)),
  );

  adminAction('registry.organisation.new', async (turn) =>
    card('organisationForm', turn.locale, organisationFormView(organisationFormValues(), [])),
  );

  adminAction('registry.organisation.edit', async (turn, data) => {
    const id = optionalId(data, 'organisationId') ?? '';
    const current = id ? await services.registry.getOrganisation(id) : undefined;
    if (!current)
      return messageCard(turn.locale, feedback(turn.locale, 'notFound'), [], 'warning', 'registry.overview');
    return card(
      'organisationForm',
      turn.locale,
      organisationFormView(organisationFormValues(current.value, current.etag), []),
    );
  });

  adminAction('registry.organisation.save', async (turn, data) => {
    const input = organisationInput(data);
    const existing = input.organisationId
      ? await services.registry.getOrganisation(input.organisationId)
      : undefined;
    if (input.organisationId && !existing)
      return messageCard(turn.locale, feedback(turn.locale, 'notFound'), [], 'warning', 'registry.overview');
    const validated = validateOrganisation(input, existing?.value.id);
    if (!validated.ok)
      return card('organisationForm', turn.locale, organisationFormView(input, validated.messages));
    if (existing) {
      // The form carries the ETag it was rendered with: a change made meanwhile by someone else is not overwritten.
      await services.registry.replaceOrganisation(
        { value: existing.value, etag: input.etag || existing.etag },
        validated.value,
        actorId(turn),
      );
    } else {
      try {
        await services.registry.createOrganisation(validated.value, actorId(turn));
      } catch (error) {
        if (!(error instanceof DocumentConflictError)) throw error;
        return card(
          'organisationForm',
          turn.locale,
          organisationFormView(input, [feedback(turn.locale, 'duplicateOrganisation')]),
        );
      }
    }
    return messageCard(
      turn.locale,
      feedback(turn.locale, 'savedTitle'),
      [feedback(turn.locale, 'organisationSaved', { name: validated.value.name })],
      'good',
      'registry.overview',
    );
  });

  adminAction('registry.person.new', async (turn, data) => {
    const organisations = await services.registry.listOrganisations();
    const organisationId = optionalId(data, 'organisationId') ?? '';
    return card(
      'personForm',
      turn.locale,
      personFormView(personFormValues(undefined, '', organisationId), organisations, []),
    );
  });

  adminAction('registry.person.edit', async (turn, data) => {
    const id = optionalId(data, 'personId') ?? '';
    const [current, organisations] = await Promise.all([
      id ? services.registry.getPerson(id) : undefined,
      services.registry.listOrganisations(),
    ]);
    if (!current)
      return messageCard(turn.locale, feedback(turn.locale, 'notFound'), [], 'warning', 'registry.overview');
    return card(
      'personForm',
      turn.locale,
      personFormView(personFormValues(current.value, current.etag), organisations, []),
    );
  });

  adminAction('registry.person.save', async (turn, data) => {
    const input = personInput(data);
    const [organisations, people] = await Promise.all([
      services.registry.listOrganisations(),
      services.registry.listPeople(),
    ]);
    const rerender = (errors: string[]) =>
      card('personForm', turn.locale, personFormView(input, organisations, errors));
    const validated = validatePerson(input, new Set(organisations.map((o) => o.id)));
    if (!validated.ok) return rerender([...validated.messages]);
    const { name, email, phone, membership, isAdmin: admin } = validated.value;

    const existing = input.personId ? await services.registry.getPerson(input.personId) : undefined;
    if (input.personId && !existing)
      return messageCard(turn.locale, feedback(turn.locale, 'notFound'), [], 'warning', 'registry.overview');
    const base: Person = existing?.value ?? {
      id: '',
      name,
      email,
      phone,
      aadObjectId: null,
      memberships: [],
      isAdmin: admin,
    };
    const person: Person = membership
      ? withMembership({ ...base, name, email, phone, isAdmin: admin }, membership)
      : { ...base, name, email, phone, isAdmin: admin };

    if (membership) {
      const organisation = organisations.find((o) => o.id === membership.organisationId);
      const available = checkRoleAvailable(people, membership, person.id, organisation?.name ?? '');
      if (!available.ok) return rerender([...available.messages]);
    }
    try {
      if (existing)
        await services.registry.replacePerson(
          { value: existing.value, etag: input.etag || existing.etag },
          person,
          actorId(turn),
        );
      else await services.registry.createPerson({ ...person, id: undefined }, actorId(turn));
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      return rerender([feedback(turn.locale, 'duplicateEmail', { email })]);
    }
    return messageCard(
      turn.locale,
      feedback(turn.locale, 'savedTitle'),
      [feedback(turn.locale, 'personSaved', { name })],
      'good',
      'registry.overview',
    );
  });
}
