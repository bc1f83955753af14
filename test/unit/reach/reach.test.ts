import {
  addressFromGuestUpn,
  knownTenantObjectId,
  needsLookup,
  reachCsv,
  reachOf,
  summariseReach,
  type ReachContact,
  type ReachFacts,
} from '../../../src/domain/reach/reach';
import { installFailureReason } from '../../../src/domain/reach/installation';
import { describeFailure } from '../../../src/domain/delivery/retryPolicy';

const NOW = new Date('2026-12-05T10:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();

const facts = (change: Partial<ReachFacts> = {}): ReachFacts => ({
  email: 'anna@zorg.example',
  hasConversation: false,
  aadObjectId: null,
  installEnabled: true,
  lookup: undefined,
  ...change,
});

describe('reach per person', () => {
  it('is Teams whenever a conversation is saved, whatever else is known', () => {
    expect(reachOf(facts({ hasConversation: true, email: '' })).state).toBe('teams');
    expect(reachOf(facts({ hasConversation: true, installEnabled: false })).state).toBe('teams');
  });

  it('is Teams after installation for a member or guest found in the tenant, or a linked account', () => {
    for (const result of ['member', 'guest'] as const)
      expect(reachOf(facts({ lookup: { result, objectId: 'id', checkedAt: hoursAgo(1) } }))).toEqual({
        state: 'teams-installable',
        unchecked: false,
      });
    expect(reachOf(facts({ aadObjectId: 'id' })).state).toBe('teams-installable');
  });

  it('is e-mail only when not in the tenant, or when installation is off', () => {
    expect(
      reachOf(facts({ lookup: { result: 'not-found', objectId: null, checkedAt: hoursAgo(1) } })),
    ).toEqual({
      state: 'email-only',
      unchecked: false,
    });
    expect(reachOf(facts({ installEnabled: false, aadObjectId: 'id' }))).toEqual({
      state: 'email-only',
      unchecked: false,
    });
  });

  it('never guesses: a contact not yet looked up counts by its address and is flagged unchecked', () => {
    expect(reachOf(facts())).toEqual({ state: 'email-only', unchecked: true });
  });

  it('is unreachable without a usable address', () => {
    for (const email of ['', 'geen adres', 'anna@', 'anna@zorg'])
      expect(reachOf(facts({ email, installEnabled: false })).state).toBe('unreachable');
    expect(reachOf(facts({ email: '' }))).toEqual({ state: 'unreachable', unchecked: false });
  });
});

describe('when the overview asks Graph again', () => {
  it('asks for an unchecked contact, a "not found" after a day and a "found" after a week', () => {
    expect(needsLookup(facts(), NOW)).toBe(true);
    const notFound = (h: number) =>
      facts({ lookup: { result: 'not-found', objectId: null, checkedAt: hoursAgo(h) } });
    expect(needsLookup(notFound(23), NOW)).toBe(false);
    expect(needsLookup(notFound(25), NOW)).toBe(true);
    const found = (h: number) =>
      facts({ lookup: { result: 'member', objectId: 'id', checkedAt: hoursAgo(h) } });
    expect(needsLookup(found(24 * 6), NOW)).toBe(false);
    expect(needsLookup(found(24 * 8), NOW)).toBe(true);
    expect(knownTenantObjectId(found(1).lookup, NOW)).toBe('id');
    expect(knownTenantObjectId(found(24 * 8).lookup, NOW)).toBeNull();
    expect(knownTenantObjectId(notFound(1).lookup, NOW)).toBeNull();
  });

  it('never asks with installation off, for someone on Teams or linked, or without an address', () => {
    expect(needsLookup(facts({ installEnabled: false }), NOW)).toBe(false);
    expect(needsLookup(facts({ hasConversation: true }), NOW)).toBe(false);
    expect(needsLookup(facts({ aadObjectId: 'id' }), NOW)).toBe(false);
    expect(needsLookup(facts({ email: 'geen' }), NOW)).toBe(false);
  });

  it('treats a lookup stamped in the future (clock skew) as stale', () => {
    const future = facts({ lookup: { result: 'member', objectId: 'id', checkedAt: hoursAgo(-2) } });
    expect(needsLookup(future, NOW)).toBe(true);
  });
});

describe('a guest address inside a #EXT# UPN', () => {
  it('takes the last underscore as the @', () => {
    expect(addressFromGuestUpn('anna.de_vries_Zorg.example#EXT#@regio.onmicrosoft.com')).toBe(
      'anna.de_vries@zorg.example',
    );
    expect(addressFromGuestUpn('anna@regio.onmicrosoft.com')).toBeUndefined();
    expect(addressFromGuestUpn('nodomain#EXT#@regio.onmicrosoft.com')).toBeUndefined();
  });
});

describe('the overview per organisation', () => {
  const contact = (
    personId: string,
    organisationId: string,
    state: ReachContact['reach']['state'],
    unchecked = false,
  ) =>
    ({
      personId,
      name: personId,
      email: `${personId}@x.example`,
      organisationId,
      role: 'contactpersoon',
      reach: { state, unchecked },
    }) as ReachContact;

  it('counts per state per organisation, a person once in the totals, least Teams reach first', () => {
    const organisations = [
      { id: 'a', name: 'Alfa' },
      { id: 'b', name: 'Beta' },
      { id: 'c', name: 'Leeg' },
    ];
    const summary = summariseReach(organisations, [
      contact('p1', 'a', 'teams'),
      contact('p2', 'a', 'teams-installable'),
      contact('p3', 'b', 'email-only', true),
      contact('p3', 'a', 'email-only', true),
      contact('p4', 'b', 'unreachable'),
    ]);
    expect(summary.totals).toEqual({
      teams: 1,
      'teams-installable': 1,
      'email-only': 1,
      unreachable: 1,
      total: 4,
    });
    expect(summary.unchecked).toBe(1);
    expect(summary.rows.map((r) => r.name)).toEqual(['Leeg', 'Beta', 'Alfa']);
    expect(summary.rows.find((r) => r.name === 'Alfa')).toMatchObject({
      counts: { teams: 1, 'teams-installable': 1, 'email-only': 1, unreachable: 0, total: 3 },
      unchecked: 1,
    });
    expect(summary.rows[0]?.counts.total).toBe(0);
  });

  it('exports one CSV line per contact per organisation, formulas neutralised', () => {
    const csv = reachCsv(
      [{ id: 'a', name: '=Alfa' }],
      [contact('p1', 'a', 'teams-installable'), contact('p2', 'a', 'email-only', true)],
      { separator: ';' },
    );
    expect(csv.split('\r\n')).toEqual([
      'Organisatie;Naam;E-mail;Rol;Bereik;Gecontroleerd in tenant',
      "'=Alfa;p1;p1@x.example;contactpersoon;Teams na installatie;ja",
      "'=Alfa;p2;p2@x.example;contactpersoon;alleen e-mail;nee",
      '',
    ]);
  });
});

describe('failure reasons the gemeente can act on', () => {
  it('names the cause and what to check, in Dutch', () => {
    expect(installFailureReason('not-in-tenant')).toMatch(/^Niet gevonden in de tenant/);
    expect(installFailureReason('app-not-in-catalog')).toContain('TEAMS_CATALOG_APP_ID');
    expect(installFailureReason('permission-missing', 403)).toContain(
      'TeamsAppInstallation.ReadWriteSelfForUser.All',
    );
    expect(
      describeFailure({ status: 429, retryAfterMs: 1000, reason: 'Microsoft Graph remde af (429)' }),
    ).toContain('Microsoft Graph');
    expect(describeFailure({ status: 429, retryAfterMs: 1000, reason: '' })).toContain('Teams');
  });
});
