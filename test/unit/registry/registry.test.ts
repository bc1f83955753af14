import fc from 'fast-check';
import {
  can,
  capabilitiesOf,
  personActor,
  roleLabels,
  rolesOf,
  type Actor,
} from '../../../src/domain/registry/actor';
import { composition, searchOrganisations } from '../../../src/domain/registry/composition';
import {
  checkRoleAvailable,
  organisationIdFor,
  parsePercelen,
  personIdFor,
  validateOrganisation,
  validatePerson,
  withMembership,
  type Organisation,
  type Person,
} from '../../../src/domain/registry/registry';

const aanbieder = (overrides: Partial<Organisation> = {}): Organisation => ({
  id: 'org-1',
  name: 'Zorg BV',
  type: 'aanbieder',
  percelen: [1],
  grootte: 'klein',
  herkomst: 'lokaal',
  kvkNumber: null,
  contracted: true,
  ...overrides,
});

const person = (overrides: Partial<Person> = {}): Person => ({
  id: 'p1',
  name: 'Anna',
  email: 'anna@example.org',
  phone: null,
  aadObjectId: null,
  memberships: [],
  isAdmin: false,
  ...overrides,
});

describe('organisation validation', () => {
  it('accepts a complete aanbieder and normalises its input', () => {
    const result = validateOrganisation({
      name: '  Zorg   BV ',
      type: 'Aanbieder',
      percelen: '3, 1,3',
      grootte: 'Groot',
      herkomst: 'regionaal',
      kvkNumber: '1234 5678',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        id: 'org-kvk-12345678',
        name: 'Zorg BV',
        type: 'aanbieder',
        percelen: [1, 3],
        grootte: 'groot',
        herkomst: 'regionaal',
        kvkNumber: '12345678',
        contracted: true,
      },
    });
  });

  it('names every problem in Dutch, per field', () => {
    const result = validateOrganisation({
      name: 'x',
      type: 'aanbieder',
      percelen: '6',
      grootte: 'reus',
      herkomst: '',
      kvkNumber: '123',
      contracted: 'misschien',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([
      'contracted',
      'grootte',
      'herkomst',
      'kvkNumber',
      'name',
      'percelen',
    ]);
    expect(result.fieldErrors?.percelen).toBe('Percelen moeten nummers van 1 tot en met 5 zijn.');
    expect(result.fieldErrors?.kvkNumber).toBe('Een KvK-nummer bestaat uit 8 cijfers.');
  });

  it('requires a perceel for an aanbieder but none for a gemeente, and drops grootte for a gemeente', () => {
    expect(
      validateOrganisation({
        name: 'Zorg BV',
        type: 'aanbieder',
        percelen: '',
        grootte: 'klein',
        herkomst: 'lokaal',
      }).ok,
    ).toBe(false);
    const gemeente = validateOrganisation({ name: 'Gemeente Dijkdorp', type: 'gemeente', grootte: 'klein' });
    expect(gemeente.ok && gemeente.value.grootte).toBe(null);
    expect(gemeente.ok && gemeente.value.percelen).toEqual([]);
  });

  it('keeps the id of an existing organisation when it is renamed', () => {
    const result = validateOrganisation({ name: 'Nieuwe naam', type: 'gemeente' }, 'org-oud');
    expect(result.ok && result.value.id).toBe('org-oud');
  });

  it('refuses names that are too long', () => {
    const result = validateOrganisation({ name: 'a'.repeat(121), type: 'gemeente' });
    expect(!result.ok && result.fieldErrors?.name).toContain('te lang');
  });

  it('derives deterministic ids', () => {
    expect(organisationIdFor('Zorg & Co B.V.', null)).toBe('org-zorg-co-b-v');
    expect(organisationIdFor('Zorg', '12345678')).toBe('org-kvk-12345678');
    expect(personIdFor('Anna@Example.org')).toBe(personIdFor('anna@example.org'));
  });

  it('parses percelen from any list shape, or refuses', () => {
    expect(parsePercelen([5, '2', 2])).toEqual([2, 5]);
    expect(parsePercelen('1;4 3')).toEqual([1, 3, 4]);
    expect(parsePercelen('0')).toBeUndefined();
    expect(parsePercelen('een')).toBeUndefined();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 9 })), (numbers) => {
        const parsed = parsePercelen(numbers);
        const valid = numbers.every((n) => n >= 1 && n <= 5);
        expect(parsed !== undefined).toBe(valid);
        if (parsed) expect(parsed).toEqual([...new Set(numbers)].sort((a, b) => a - b));
      }),
    );
  });
});

describe('person validation and roles', () => {
  const known = new Set(['org-1']);

  it('accepts a contact with a membership', () => {
    const result = validatePerson(
      { name: 'Anna', email: ' Anna@Example.ORG ', organisationId: 'org-1', role: 'vervanger' },
      known,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Anna',
        email: 'anna@example.org',
        phone: null,
        membership: { organisationId: 'org-1', role: 'vervanger' },
        isAdmin: false,
      },
    });
  });

  it('refuses a bad e-mail, an unknown organisation and an unknown role', () => {
    const result = validatePerson(
      { name: 'Anna', email: 'anna@', organisationId: 'org-x', role: 'baas' },
      known,
    );
    expect(!result.ok && Object.keys(result.fieldErrors ?? {}).sort()).toEqual([
      'email',
      'organisationId',
      'role',
    ]);
  });

  it('allows one contactpersoon and one vervanger per organisation', () => {
    const holder = person({ id: 'p2', memberships: [{ organisationId: 'org-1', role: 'contactpersoon' }] });
    expect(
      checkRoleAvailable([holder], { organisationId: 'org-1', role: 'contactpersoon' }, 'p1', 'Zorg BV'),
    ).toEqual({
      ok: false,
      code: 'membership.role-taken',
      messages: [
        'Zorg BV heeft al een contactpersoon. Maak eerst de rol van de huidige contactpersoon vrij.',
      ],
      messagesEn: ['Zorg BV already has a contact person. First free the role of the current one.'],
    });
    expect(
      checkRoleAvailable([holder], { organisationId: 'org-1', role: 'vervanger' }, 'p1', 'Zorg BV').ok,
    ).toBe(true);
    expect(
      checkRoleAvailable([holder], { organisationId: 'org-1', role: 'contactpersoon' }, 'p2', 'Zorg BV').ok,
    ).toBe(true);
  });

  it('replaces the membership of the same organisation instead of adding a second one', () => {
    const p = withMembership(person({ memberships: [{ organisationId: 'org-1', role: 'contactpersoon' }] }), {
      organisationId: 'org-1',
      role: 'vervanger',
    });
    expect(p.memberships).toEqual([{ organisationId: 'org-1', role: 'vervanger' }]);
  });
});

describe('actor capabilities', () => {
  const unknown: Actor = { kind: 'unknown' };
  const admin: Actor = { kind: 'person', person: person({ isAdmin: true }), roles: [], trekkerOf: [] };
  const contact: Actor = {
    kind: 'person',
    person: person(),
    roles: [{ organisation: aanbieder(), role: 'contactpersoon' }],
    trekkerOf: [{ ontwikkeltafelId: 't', name: 'T' }],
  };

  it('gives an unknown user nothing but the demo switch in demo mode', () => {
    expect(capabilitiesOf(unknown, { demoMode: false })).toEqual([]);
    expect(capabilitiesOf(unknown, { demoMode: true })).toEqual(['demo.switchRole']);
  });

  it('lets only gemeente admins manage the registry', () => {
    expect(can(admin, 'registry.manage', { demoMode: false })).toBe(true);
    expect(can(contact, 'registry.manage', { demoMode: true })).toBe(false);
    expect(can(unknown, 'registry.manage', { demoMode: true })).toBe(false);
  });

  it('labels roles in a stable order', () => {
    expect(roleLabels(contact)).toEqual(['contactpersoon', 'trekker']);
    expect(roleLabels(admin)).toEqual(['gemeente']);
    expect(roleLabels(unknown)).toEqual([]);
  });

  it("builds a person's roles from their memberships, skipping an organisation that is gone", () => {
    const zorg = aanbieder();
    const wijk = aanbieder({ id: 'org-2', name: 'Wijkteam', type: 'lokale-toegang' });
    const anna = person({
      memberships: [
        { organisationId: 'org-2', role: 'vervanger' },
        { organisationId: 'org-weg', role: 'contactpersoon' },
        { organisationId: 'org-1', role: 'contactpersoon' },
      ],
    });
    expect(rolesOf(anna, [zorg, wijk])).toEqual([
      { organisation: wijk, role: 'vervanger' },
      { organisation: zorg, role: 'contactpersoon' },
    ]);
    expect(personActor(anna, [zorg])).toEqual({
      kind: 'person',
      person: anna,
      roles: [{ organisation: zorg, role: 'contactpersoon' }],
      trekkerOf: [],
    });
  });
});

describe('composition per perceel', () => {
  it('counts contracted aanbieders per perceel by grootte and herkomst', () => {
    const rows = composition([
      aanbieder({ id: 'a', percelen: [1, 2], grootte: 'groot', herkomst: 'regionaal' }),
      aanbieder({ id: 'b', percelen: [1] }),
      aanbieder({ id: 'c', percelen: [1], contracted: false }),
      { ...aanbieder({ id: 'g' }), type: 'gemeente', percelen: [] },
    ]);
    expect(rows[0]).toEqual({
      perceel: 1,
      count: 2,
      grootte: { klein: 1, middel: 0, groot: 1 },
      herkomst: { lokaal: 1, regionaal: 1 },
    });
    expect(rows[1]?.count).toBe(1);
    expect(rows[4]?.count).toBe(0);
  });

  it('searches by name part, KvK number or perceel', () => {
    const list = [
      aanbieder({ id: 'a', name: 'Alfa Zorg', kvkNumber: '11112222' }),
      aanbieder({ id: 'b', name: 'Beta Jeugd', percelen: [3] }),
    ];
    expect(searchOrganisations(list, 'zorg').map((o) => o.id)).toEqual(['a']);
    expect(searchOrganisations(list, '1111').map((o) => o.id)).toEqual(['a']);
    expect(searchOrganisations(list, '3').map((o) => o.id)).toEqual(['b']);
    expect(searchOrganisations(list, '').map((o) => o.id)).toEqual(['a', 'b']);
  });
});
