import type { ContactRole, Organisation, Person } from './registry';

/**
 * Who is acting, and what they may do. Every handler resolves the actor from the store on every turn and asks
 * `can` before it changes anything: a hidden button is not a permission.
 */

export interface OrganisationRole {
  readonly organisation: Organisation;
  readonly role: ContactRole;
}

export interface TableLead {
  readonly ontwikkeltafelId: string;
  readonly name: string;
}

export type Actor =
  | { readonly kind: 'unknown' }
  | {
      readonly kind: 'person';
      readonly person: Person;
      readonly roles: readonly OrganisationRole[];
      readonly trekkerOf: readonly TableLead[];
    };

/** Someone the registry knows: the only kind of actor who may do anything beyond reading the welcome. */
export type KnownActor = Extract<Actor, { kind: 'person' }>;

/** A person's memberships with their organisations; one whose organisation is gone is no role. */
export function rolesOf(
  person: Pick<Person, 'memberships'>,
  organisations: readonly Organisation[],
): OrganisationRole[] {
  return person.memberships.flatMap((m) => {
    const organisation = organisations.find((o) => o.id === m.organisationId);
    return organisation ? [{ organisation, role: m.role }] : [];
  });
}

/** The person acting with their roles, as the actor directory resolves them; tables they lead when given. */
export function personActor(
  person: Person,
  organisations: readonly Organisation[],
  trekkerOf: readonly TableLead[] = [],
): KnownActor {
  return { kind: 'person', person, roles: rolesOf(person, organisations), trekkerOf };
}

export const CAPABILITIES = ['profile.view', 'registry.view', 'registry.manage', 'demo.switchRole'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface PolicyContext {
  readonly demoMode: boolean;
}

/** Roles as shown to people, in the order the help card lists them. */
export type RoleLabel = 'gemeente' | 'contactpersoon' | 'vervanger' | 'trekker';

export function roleLabels(actor: Actor): RoleLabel[] {
  if (actor.kind !== 'person') return [];
  const labels = new Set<RoleLabel>();
  if (actor.person.isAdmin) labels.add('gemeente');
  for (const r of actor.roles) labels.add(r.role);
  if (actor.trekkerOf.length > 0) labels.add('trekker');
  return [...labels];
}

/** A contact (contactpersoon or vervanger) of a contracted aanbieder. */
export function contractedAanbiederRoles(actor: Actor): OrganisationRole[] {
  if (actor.kind !== 'person') return [];
  return actor.roles.filter((r) => r.organisation.type === 'aanbieder' && r.organisation.contracted);
}

export function can(actor: Actor, capability: Capability, context: PolicyContext): boolean {
  switch (capability) {
    case 'demo.switchRole':
      // Anyone may switch in the local demo, even an unlinked user: that is how the demo starts.
      return context.demoMode;
    case 'profile.view':
      return actor.kind === 'person';
    case 'registry.view':
      return actor.kind === 'person' && (actor.person.isAdmin || actor.roles.length > 0);
    case 'registry.manage':
      return actor.kind === 'person' && actor.person.isAdmin;
  }
}

export function capabilitiesOf(actor: Actor, context: PolicyContext): Capability[] {
  return CAPABILITIES.filter((c) => can(actor, c, context));
}
