import type { Actor, KnownActor } from '../registry/actor';
import type { ContactRole, Organisation } from '../registry/registry';
import { refuse, succeed, type Bilingual, type Result } from '../shared/result';

/**
 * Who did something, copied into the record at the moment it happened. Names are copied too: a verslag or an
 * export must still say who voted after a person left or an organisation was renamed.
 */
export interface ActorRecord {
  readonly personId: string;
  readonly personName: string;
  readonly organisationId: string | null;
  readonly organisationName: string | null;
  /**
   * 'gemeente' for a gemeente admin acting for the gemeenten, 'trekker' for the lead of an ontwikkeltafel;
   * otherwise the contact role used.
   */
  readonly capacity: ContactRole | 'gemeente' | 'trekker';
}

export type { KnownActor };

export function requireKnownActor(actor: Actor): Result<KnownActor> {
  if (actor.kind !== 'person') {
    return refuse('auth.unknown-user', {
      nl: 'We kennen u nog niet. Vraag de gemeente om u te registreren.',
      en: 'We do not know you yet. Ask the gemeente to register you.',
    });
  }
  return succeed(actor);
}

/** The gemeente acts through its admins (functioneel beheerders) [domain: who may do what]. */
export function isGemeente(actor: Actor): actor is KnownActor {
  return actor.kind === 'person' && actor.person.isAdmin;
}

export function requireGemeente(actor: Actor, action: Bilingual): Result<KnownActor> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (!isGemeente(actor))
    return refuse('auth.gemeente-only', {
      nl: `Alleen de gemeente mag ${action.nl}.`,
      en: `Only the gemeente may ${action.en}.`,
    });
  return succeed(known.value);
}

export function gemeenteRecord(actor: KnownActor): ActorRecord {
  const gemeenteRole = actor.roles.find((r) => r.organisation.type === 'gemeente');
  return {
    personId: actor.person.id,
    personName: actor.person.name,
    organisationId: gemeenteRole?.organisation.id ?? null,
    organisationName: gemeenteRole?.organisation.name ?? null,
    capacity: 'gemeente',
  };
}

export interface ContactCapacity {
  readonly organisation: Organisation;
  readonly role: ContactRole;
}

/** The actor's contact role (contactpersoon or vervanger) for one organisation, if any. */
export function contactCapacityFor(actor: Actor, organisationId: string): ContactCapacity | undefined {
  if (actor.kind !== 'person') return undefined;
  return actor.roles.find((r) => r.organisation.id === organisationId);
}

export function contactRecord(actor: KnownActor, capacity: ContactCapacity): ActorRecord {
  return {
    personId: actor.person.id,
    personName: actor.person.name,
    organisationId: capacity.organisation.id,
    organisationName: capacity.organisation.name,
    capacity: capacity.role,
  };
}
