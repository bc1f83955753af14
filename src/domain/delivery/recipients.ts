import { isUsableEmail, LOOKUP_FRESH_MS, type TenantLookup } from '../reach/reach';
import type { BroadcastAudience } from './broadcast';

/**
 * Who receives a broadcast: one message per person, whatever the audience says. Pure, so the rules are tested
 * without a store.
 *
 * - A person is selected directly (personIds) or as a contact (contactpersoon/vervanger) of an organisation in
 *   the audience; a contact of several organisations is one recipient who carries all their names.
 * - People linked to the same Teams account (the same Entra object id) are one recipient too: Teams would put
 *   both messages in the same chat. (In practice: one person with an address per organisation, or the local
 *   demo, where one playground account is linked to a demo person per role.) The recipient is the first of
 *   them by id, so a retried enqueue chooses the same one.
 * - A recipient starts on e-mail when the tenant was asked about their address recently and does not know it
 *   (the reach overview before a broadcast does exactly this): no Teams request is spent on them and their
 *   e-mail is not queued behind Teams' rate.
 */

export interface RecipientPerson {
  readonly id: string;
  readonly email: string;
  readonly aadObjectId: string | null;
  readonly memberships: ReadonlyArray<{ readonly organisationId: string; readonly role: string }>;
  readonly tenantLookup?: TenantLookup;
}

export interface PlannedRecipient<P extends RecipientPerson> {
  readonly person: P;
  /** Every organisation this person receives the message for, in the order of the audience. */
  readonly organisationNames: string[];
  /** Other people (ids) whose message this one carries: linked to the same Teams account. */
  readonly alsoFor: string[];
  readonly startsOnEmail: boolean;
}

/** True when a recent lookup found no Teams account for the address and none is linked. */
export function knownOutsideTenant(person: RecipientPerson, now: Date): boolean {
  const lookup = person.tenantLookup;
  if (person.aadObjectId || !lookup || lookup.result !== 'not-found') return false;
  if (!isUsableEmail(person.email)) return false;
  const age = now.getTime() - Date.parse(lookup.checkedAt);
  return age >= 0 && age < LOOKUP_FRESH_MS.notFound;
}

export function planRecipients<P extends RecipientPerson>(
  people: readonly P[],
  organisationNames: ReadonlyMap<string, string>,
  audience: BroadcastAudience,
  now: Date,
): PlannedRecipient<P>[] {
  const roles = new Set<string>(audience.contactRoles ?? ['contactpersoon', 'vervanger']);
  const wanted = new Set(audience.organisationIds ?? []);
  const direct = new Set(audience.personIds ?? []);
  const byPerson = new Map<string, { person: P; organisationNames: string[] }>();
  const add = (person: P, organisationName?: string): void => {
    const entry = byPerson.get(person.id) ?? { person, organisationNames: [] };
    if (organisationName && !entry.organisationNames.includes(organisationName))
      entry.organisationNames.push(organisationName);
    byPerson.set(person.id, entry);
  };
  for (const person of people) if (direct.has(person.id)) add(person);
  for (const person of people) {
    for (const m of person.memberships) {
      if (wanted.has(m.organisationId) && roles.has(m.role))
        add(person, organisationNames.get(m.organisationId));
    }
  }
  // One recipient per Teams account: people without one stand alone.
  const byAccount = new Map<string, Array<{ person: P; organisationNames: string[] }>>();
  for (const entry of byPerson.values()) {
    const key = entry.person.aadObjectId ? `aad:${entry.person.aadObjectId}` : `person:${entry.person.id}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), entry]);
  }
  const planned: PlannedRecipient<P>[] = [];
  for (const group of byAccount.values()) {
    group.sort((a, b) => a.person.id.localeCompare(b.person.id));
    const [first, ...others] = group;
    if (!first) continue;
    const names = [...first.organisationNames];
    for (const other of others)
      for (const name of other.organisationNames) if (!names.includes(name)) names.push(name);
    planned.push({
      person: first.person,
      organisationNames: names,
      alsoFor: others.map((o) => o.person.id),
      startsOnEmail: knownOutsideTenant(first.person, now),
    });
  }
  return planned.sort((a, b) => a.person.id.localeCompare(b.person.id));
}
