import type { Actor, KnownActor } from '../registry/actor';
import type { Organisation } from '../registry/registry';
import { isGemeente } from './acting';
import type { Party, Voorstel } from './types';

/**
 * Who sees what of a voorstel, and for which organisations a person acts on it. A concept is the submitter's
 * and the gemeente's until the reaction window opens; the confidential parts stay theirs for good.
 */

/** The gemeente acts through its admins; a plain boolean (the guard would narrow a KnownActor's else to never). */
export function actsAsGemeente(actor: KnownActor): boolean {
  return isGemeente(actor);
}

/** The organisations a contact may submit a voorstel for: contracted aanbieders, gemeenten, the lokale toegang. */
export function organisationsToSubmitFor(actor: KnownActor): Organisation[] {
  return actor.roles
    .filter((r) => r.organisation.type !== 'aanbieder' || r.organisation.contracted)
    .map((r) => r.organisation);
}

/** The organisations a contact may react for: the contracted aanbieders. */
export function organisationsToReactFor(actor: KnownActor): Organisation[] {
  return actor.roles
    .filter((r) => r.organisation.type === 'aanbieder' && r.organisation.contracted)
    .map((r) => r.organisation);
}

/** The parties of the vote this person votes for: those of their own organisations. */
export function partiesOfVoter(actor: Actor, voorstel: Voorstel): Party[] {
  if (actor.kind !== 'person' || !voorstel.stemming) return [];
  const mine = new Set(actor.roles.map((r) => r.organisation.id));
  return voorstel.stemming.parties.filter((p) => mine.has(p.organisationId));
}

/** The submitter, or a contact of the organisation it was submitted for. */
export function isSubmitterSide(actor: KnownActor, voorstel: Pick<Voorstel, 'submittedBy'>): boolean {
  return (
    actor.person.id === voorstel.submittedBy.personId ||
    (voorstel.submittedBy.organisationId !== null &&
      actor.roles.some((r) => r.organisation.id === voorstel.submittedBy.organisationId))
  );
}

/** Whether the person may see the voorstel at all; to anyone else it does not exist. */
export function mayView(actor: KnownActor, voorstel: Pick<Voorstel, 'status' | 'submittedBy'>): boolean {
  return voorstel.status !== 'concept' || actsAsGemeente(actor) || isSubmitterSide(actor, voorstel);
}

/** The confidential parts are the gemeente's and the submitter's side's only. */
export function maySeeConfidentialParts(actor: KnownActor, voorstel: Pick<Voorstel, 'submittedBy'>): boolean {
  return actsAsGemeente(actor) || isSubmitterSide(actor, voorstel);
}
