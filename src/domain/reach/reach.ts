import { isEmail } from '../shared/text';
import { toCsv, type CsvOptions } from '../voorstellen/csv';

/**
 * Reach per person: how a broadcast can get to a contact. Pure rules; the application service in src/reach/
 * gathers the facts (saved conversation, cached tenant lookup) and the Graph lookups.
 *
 * - teams: a 1:1 conversation is saved, so a message goes out right away;
 * - teams-installable: installation through Graph is enabled and the contact is known in the tenant (a member or
 *   a guest found by e-mail address, or already linked to a Teams account): Tafelbot installs the app, then sends;
 * - email-only: a usable e-mail address but no Teams route (not in the tenant, or installation disabled);
 * - unreachable: no usable address at all.
 *
 * Decision: a contact that was not looked up yet (Graph throttled, or the overview's time budget ran out) is NOT
 * counted as teams-installable on a guess: it is counted by its address (usually email-only) and flagged
 * `unchecked`, so the overview never promises more Teams reach than Graph confirmed.
 */

export const REACH_STATES = ['teams', 'teams-installable', 'email-only', 'unreachable'] as const;
export type ReachState = (typeof REACH_STATES)[number];

/** What a Graph lookup of the contact's e-mail address found; cached on the person with the time of the lookup. */
export interface TenantLookup {
  readonly result: 'member' | 'guest' | 'not-found';
  /** The Entra object id when found. */
  readonly objectId: string | null;
  readonly checkedAt: string;
}

export interface ReachFacts {
  readonly email: string;
  /** A 1:1 conversation with the bot is saved for the person. */
  readonly hasConversation: boolean;
  /** The Entra object id the person is linked to (on first contact or after an installation). */
  readonly aadObjectId: string | null;
  /** GRAPH_INSTALL: Tafelbot may install the app for people in the tenant. */
  readonly installEnabled: boolean;
  readonly lookup: TenantLookup | undefined;
}

export interface Reach {
  readonly state: ReachState;
  /** Installation is enabled but the tenant was not (yet) asked about this contact. */
  readonly unchecked: boolean;
}

/** A found contact stays found for a week; "not found" is asked again after a day (a guest may be invited). */
export const LOOKUP_FRESH_MS = { found: 7 * 24 * 3600_000, notFound: 24 * 3600_000 } as const;

export function isUsableEmail(email: string): boolean {
  return isEmail(email.trim().toLowerCase());
}

export function reachOf(facts: ReachFacts): Reach {
  if (facts.hasConversation) return { state: 'teams', unchecked: false };
  const usable = isUsableEmail(facts.email);
  if (facts.installEnabled) {
    if (facts.aadObjectId || (facts.lookup && facts.lookup.result !== 'not-found'))
      return { state: 'teams-installable', unchecked: false };
    const unchecked = usable && !facts.lookup;
    return { state: usable ? 'email-only' : 'unreachable', unchecked };
  }
  return { state: usable ? 'email-only' : 'unreachable', unchecked: false };
}

/**
 * The invited address inside a guest's UPN: "anna.de_vries_zorg.example#EXT#@regio.onmicrosoft.com" ->
 * "anna.de_vries@zorg.example" (the last underscore before #EXT# stands for the @; domains have no underscore).
 * Undefined for a member's UPN.
 */
export function addressFromGuestUpn(upn: string): string | undefined {
  const match = /^(.+)_([^_@#]+\.[^_@#]+)#EXT#@/i.exec(upn.trim());
  return match ? `${match[1]}@${match[2]}`.toLowerCase() : undefined;
}

/** Whether the overview should ask Graph (again) about this contact. */
export function needsLookup(facts: ReachFacts, now: Date): boolean {
  if (!facts.installEnabled || facts.hasConversation || facts.aadObjectId || !isUsableEmail(facts.email))
    return false;
  if (!facts.lookup) return true;
  const age = now.getTime() - Date.parse(facts.lookup.checkedAt);
  const fresh = facts.lookup.result === 'not-found' ? LOOKUP_FRESH_MS.notFound : LOOKUP_FRESH_MS.found;
  return !(age >= 0 && age < fresh);
}

/** The object id of a fresh "found" lookup, so a retried delivery does not ask Graph the same question again. */
export function knownTenantObjectId(lookup: TenantLookup | undefined, now: Date): string | null {
  if (!lookup?.objectId || lookup.result === 'not-found') return null;
  const age = now.getTime() - Date.parse(lookup.checkedAt);
  return age >= 0 && age < LOOKUP_FRESH_MS.found ? lookup.objectId : null;
}

// The overview per organisation ------------------------------------------------------------------------------

export interface ReachContact {
  readonly personId: string;
  readonly name: string;
  readonly email: string;
  readonly organisationId: string;
  readonly role: string;
  readonly reach: Reach;
}

export interface ReachOrganisation {
  readonly id: string;
  readonly name: string;
}

export type ReachCounts = Readonly<Record<ReachState, number>> & { readonly total: number };

export interface ReachRow {
  readonly organisationId: string;
  readonly name: string;
  readonly counts: ReachCounts;
  readonly unchecked: number;
}

export interface ReachSummary {
  readonly totals: ReachCounts;
  readonly unchecked: number;
  /** Organisations with the fewest contacts on Teams first: those need attention before a broadcast. */
  readonly rows: readonly ReachRow[];
}

function emptyCounts(): Record<ReachState, number> & { total: number } {
  return { teams: 0, 'teams-installable': 0, 'email-only': 0, unreachable: 0, total: 0 };
}

/** Counts per organisation; an organisation without contacts is a row of its own (all zero: unreachable). */
export function summariseReach(
  organisations: readonly ReachOrganisation[],
  contacts: readonly ReachContact[],
): ReachSummary {
  const totals = emptyCounts();
  let unchecked = 0;
  const byOrganisation = new Map<string, ReachContact[]>();
  for (const c of contacts) {
    const list = byOrganisation.get(c.organisationId) ?? [];
    list.push(c);
    byOrganisation.set(c.organisationId, list);
  }
  const seen = new Set<string>();
  const rows = organisations.map((o) => {
    const counts = emptyCounts();
    let rowUnchecked = 0;
    for (const c of byOrganisation.get(o.id) ?? []) {
      counts[c.reach.state]++;
      counts.total++;
      if (c.reach.unchecked) rowUnchecked++;
      // A person who is a contact of two organisations counts once in the totals.
      if (!seen.has(c.personId)) {
        seen.add(c.personId);
        totals[c.reach.state]++;
        totals.total++;
        if (c.reach.unchecked) unchecked++;
      }
    }
    return { organisationId: o.id, name: o.name, counts, unchecked: rowUnchecked };
  });
  const teamsShare = (r: ReachRow) => (r.counts.total === 0 ? -1 : r.counts.teams / r.counts.total);
  rows.sort((a, b) => teamsShare(a) - teamsShare(b) || a.name.localeCompare(b.name, 'nl'));
  return { totals, unchecked, rows };
}

export const REACH_LABELS_NL: Readonly<Record<ReachState, string>> = {
  teams: 'Teams',
  'teams-installable': 'Teams na installatie',
  'email-only': 'alleen e-mail',
  unreachable: 'onbereikbaar',
};

/** One line per contact per organisation, for the gemeente to work on in a spreadsheet. */
export function reachCsv(
  organisations: readonly ReachOrganisation[],
  contacts: readonly ReachContact[],
  options: CsvOptions = {},
): string {
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const rows: string[][] = [['Organisatie', 'Naam', 'E-mail', 'Rol', 'Bereik', 'Gecontroleerd in tenant']];
  const sorted = [...contacts].sort(
    (a, b) =>
      (names.get(a.organisationId) ?? '').localeCompare(names.get(b.organisationId) ?? '', 'nl') ||
      a.name.localeCompare(b.name, 'nl'),
  );
  for (const c of sorted) {
    rows.push([
      names.get(c.organisationId) ?? c.organisationId,
      c.name,
      c.email,
      c.role,
      REACH_LABELS_NL[c.reach.state],
      c.reach.unchecked ? 'nee' : 'ja',
    ]);
  }
  return toCsv(rows, options);
}
