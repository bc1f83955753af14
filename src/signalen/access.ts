import type { KnownActor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';

/**
 * Who may do what with signalen and pilots (002 art. 5.5 and 10). The domain checks each step again when it is
 * taken; this is what the cards offer and what a turn may start.
 */
export interface SignalenAccess {
  /** The gemeente (it acts through its admins): the inbox, answers, the agenda, voorstellen, pilot decisions. */
  readonly gemeente: boolean;
  /** Contracted organisations the actor is a contact of: they raise signalen for those. */
  readonly signaalOrganisations: readonly Organisation[];
  /** Contracted aanbieders the actor is a contact of: they request pilots for those. */
  readonly pilotOrganisations: readonly Organisation[];
  /** The gemeente, or a contact of a contracted organisation. */
  readonly maySignal: boolean;
  /** The gemeente, or a contact of any organisation (whose pilots they see). */
  readonly maySeePilots: boolean;
}

export function accessOf(actor: KnownActor): SignalenAccess {
  const gemeente = actor.person.isAdmin;
  const signaalOrganisations = actor.roles
    .filter((r) => r.organisation.contracted)
    .map((r) => r.organisation);
  const pilotOrganisations = signaalOrganisations.filter((o) => o.type === 'aanbieder');
  return {
    gemeente,
    signaalOrganisations,
    pilotOrganisations,
    maySignal: gemeente || signaalOrganisations.length > 0,
    maySeePilots: gemeente || actor.roles.length > 0,
  };
}
