import { can, type Actor, type KnownActor, type PolicyContext } from '../domain/registry/actor';
import {
  checkRoleAvailable,
  validateOrganisation,
  validatePerson,
  withMembership,
  type Organisation,
  type OrganisationInput,
  type Person,
  type PersonInput,
} from '../domain/registry/registry';
import { DocumentConflictError } from '../storage/documentStore';
import type { RegistryRepository } from '../storage/registryRepository';
import { messagesOf, type LocalisedMessages } from '../domain/shared/result';

/**
 * The gemeente's registry: organisations and people, and the profile a registered person sees of themselves.
 * Every use case checks the actor's capability first, on the server, whatever the card offered.
 */

export interface RegistryDeps {
  readonly registry: RegistryRepository;
  readonly config: PolicyContext;
}

export type NotAllowed = { readonly kind: 'not-allowed' };
export type NotFound = { readonly kind: 'not-found' };

const NOT_ALLOWED: NotAllowed = { kind: 'not-allowed' };
const NOT_FOUND: NotFound = { kind: 'not-found' };

/** A stored record with the ETag a form carries back, so a change made meanwhile is refused. */
export interface Editable<T> {
  readonly value: T;
  readonly etag: string;
}

export interface SaveOrganisation {
  /** '' for a new organisation. */
  readonly organisationId: string;
  /** The ETag the form was rendered with; '' means the stored one. */
  readonly etag: string;
  readonly input: OrganisationInput;
}

export type SaveOrganisationOutcome =
  | NotAllowed
  | NotFound
  | { readonly kind: 'invalid'; readonly messages: LocalisedMessages }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'saved'; readonly organisation: Organisation };

export interface SavePerson {
  /** '' for a new person. */
  readonly personId: string;
  readonly etag: string;
  readonly input: PersonInput;
}

export type SavePersonOutcome =
  | NotAllowed
  | NotFound
  /** `organisations` is what the form offers again. */
  | {
      readonly kind: 'invalid';
      readonly messages: LocalisedMessages;
      readonly organisations: readonly Organisation[];
    }
  | {
      readonly kind: 'duplicate-email';
      readonly email: string;
      readonly organisations: readonly Organisation[];
    }
  | { readonly kind: 'saved'; readonly person: Person };

export class RegistryService {
  constructor(private readonly deps: RegistryDeps) {}

  /**
   * Whether the actor manages the registry (the gemeente's admins). Every use case below checks it again; the
   * handlers ask first so that someone without the right is told so before their card data is even read.
   */
  mayManage(actor: Actor): boolean {
    return can(actor, 'registry.manage', this.deps.config);
  }

  private actorIdOf(actor: Actor): string | null {
    return actor.kind === 'person' ? actor.person.id : null;
  }

  /** The registered person whose profile this is, or undefined for someone who may not see one. */
  profileOf(actor: Actor): KnownActor | undefined {
    return actor.kind === 'person' && can(actor, 'profile.view', this.deps.config) ? actor : undefined;
  }

  async overview(
    actor: Actor,
  ): Promise<
    | NotAllowed
    | { readonly kind: 'overview'; readonly organisations: Organisation[]; readonly people: Person[] }
  > {
    if (!this.mayManage(actor)) return NOT_ALLOWED;
    const [organisations, people] = await Promise.all([
      this.deps.registry.listOrganisations(),
      this.deps.registry.listPeople(),
    ]);
    return { kind: 'overview', organisations, people };
  }

  // Organisations ----------------------------------------------------------------------------------------------

  async organisationToEdit(
    actor: Actor,
    organisationId: string,
  ): Promise<
    NotAllowed | NotFound | { readonly kind: 'organisation'; readonly organisation: Editable<Organisation> }
  > {
    if (!this.mayManage(actor)) return NOT_ALLOWED;
    const current = organisationId ? await this.deps.registry.getOrganisation(organisationId) : undefined;
    return current ? { kind: 'organisation', organisation: current } : NOT_FOUND;
  }

  async saveOrganisation(actor: Actor, command: SaveOrganisation): Promise<SaveOrganisationOutcome> {
    if (!this.mayManage(actor)) return NOT_ALLOWED;
    const existing = command.organisationId
      ? await this.deps.registry.getOrganisation(command.organisationId)
      : undefined;
    if (command.organisationId && !existing) return NOT_FOUND;
    const validated = validateOrganisation(command.input, existing?.value.id);
    if (!validated.ok) return { kind: 'invalid', messages: messagesOf(validated) };
    if (existing) {
      // The form's ETag: a change made meanwhile by someone else is refused, never overwritten.
      await this.deps.registry.replaceOrganisation(
        { value: existing.value, etag: command.etag || existing.etag },
        validated.value,
        this.actorIdOf(actor),
      );
    } else {
      try {
        await this.deps.registry.createOrganisation(validated.value, this.actorIdOf(actor));
      } catch (error) {
        if (!(error instanceof DocumentConflictError)) throw error;
        return { kind: 'duplicate' };
      }
    }
    return { kind: 'saved', organisation: validated.value };
  }

  // People -----------------------------------------------------------------------------------------------------

  async newPerson(
    actor: Actor,
  ): Promise<NotAllowed | { readonly kind: 'new'; readonly organisations: Organisation[] }> {
    if (!this.mayManage(actor)) return NOT_ALLOWED;
    return { kind: 'new', organisations: await this.deps.registry.listOrganisations() };
  }

  async personToEdit(
    actor: Actor,
    personId: string,
  ): Promise<
    | NotAllowed
    | NotFound
    | { readonly kind: 'person'; readonly person: Editable<Person>; readonly organisations: Organisation[] }
  > {
    if (!this.mayManage(actor)) return NOT_ALLOWED;
    const [current, organisations] = await Promise.all([
      personId ? this.deps.registry.getPerson(personId) : undefined,
      this.deps.registry.listOrganisations(),
    ]);
    return current ? { kind: 'person', person: current, organisations } : NOT_FOUND;
  }

  /**
   * Creates or changes a person with at most one new membership; an organisation has one contactpersoon and one
   * vervanger, so a role someone else holds is refused.
   */
  async savePerson(actor: Actor, command: SavePerson): Promise<SavePersonOutcome> {
    if (!this.mayManage(actor)) return NOT_ALLOWED;
    const [organisations, people] = await Promise.all([
      this.deps.registry.listOrganisations(),
      this.deps.registry.listPeople(),
    ]);
    const validated = validatePerson(command.input, new Set(organisations.map((o) => o.id)));
    if (!validated.ok) return { kind: 'invalid', messages: messagesOf(validated), organisations };
    const { name, email, phone, membership, isAdmin } = validated.value;

    const existing = command.personId ? await this.deps.registry.getPerson(command.personId) : undefined;
    if (command.personId && !existing) return NOT_FOUND;
    const base: Person = existing?.value ?? {
      id: '',
      name,
      email,
      phone,
      aadObjectId: null,
      memberships: [],
      isAdmin,
    };
    const person: Person = membership
      ? withMembership({ ...base, name, email, phone, isAdmin }, membership)
      : { ...base, name, email, phone, isAdmin };

    if (membership) {
      const organisation = organisations.find((o) => o.id === membership.organisationId);
      const available = checkRoleAvailable(people, membership, person.id, organisation?.name ?? '');
      if (!available.ok) return { kind: 'invalid', messages: messagesOf(available), organisations };
    }
    try {
      if (existing) {
        await this.deps.registry.replacePerson(
          { value: existing.value, etag: command.etag || existing.etag },
          person,
          this.actorIdOf(actor),
        );
      } else {
        await this.deps.registry.createPerson({ ...person, id: undefined }, this.actorIdOf(actor));
      }
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      return { kind: 'duplicate-email', email, organisations };
    }
    return { kind: 'saved', person };
  }
}
