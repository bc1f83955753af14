import type { Actor } from '../src/domain/registry/actor';
import {
  GROOTTES,
  HERKOMSTEN,
  organisationIdFor,
  personIdFor,
  type Organisation,
  type Perceel,
  type Person,
} from '../src/domain/registry/registry';
import type { OntwikkeltafelMembershipDocument } from '../src/storage/registryRepository';

/**
 * A deterministic region of the size Tafelbot is built for: 5 gemeenten, the lokale toegang, 54 aanbieders
 * over the five percelen, two contacts per aanbieder, and the bench user: a gemeente admin who is
 * contactpersoon of a gemeente and trekker of an ontwikkeltafel (so the profile card has every section).
 */

/** The ontwikkeltafel the bench user leads: their profile card names it. */
export const BENCH_TABLE_NAME = 'Wachttijden Jeugd-GGZ';

export const BENCH_USER = {
  name: 'Femke de Gemeente',
  email: 'femke.gemeente@rivierstad.example',
  /** Teams ids of the bench user (Entra object id and the 29: id Teams posts). */
  aadObjectId: '00000000-0000-4000-8000-00000000b001',
  teamsId: '29:00000000-0000-4000-8000-00000000b001',
} as const;

const GEMEENTEN = ['Rivierstad', 'Dijkdorp', 'Polderwijk', 'Maasoever', 'Waalkant'];
const KINDS = [
  'Thuishulp',
  'Zorggroep',
  'Begeleiding',
  'Jeugdhulp',
  'Dagbesteding',
  'Praktijk',
  'Gezinshuis',
  'Stichting',
  'Leespraktijk',
];
const PLACES = [
  'De Waard',
  'Gelderland',
  'Bommelerwaard',
  'Maas en Waal',
  'Het Erf',
  'De Brug',
  'De Linde',
  'Oost',
  'Letterwijs',
];

export interface SampleRegion {
  readonly organisations: Organisation[];
  readonly people: Person[];
  readonly tables: OntwikkeltafelMembershipDocument[];
  readonly user: Person;
}

export function sampleRegion(): SampleRegion {
  const organisations: Organisation[] = [];
  for (const g of GEMEENTEN) {
    const name = `Gemeente ${g}`;
    organisations.push({
      id: organisationIdFor(name, null),
      name,
      type: 'gemeente',
      percelen: [],
      grootte: null,
      herkomst: null,
      kvkNumber: null,
      contracted: true,
    });
  }
  const toegang = 'Sociaal Team Rivierland';
  organisations.push({
    id: organisationIdFor(toegang, null),
    name: toegang,
    type: 'lokale-toegang',
    percelen: [],
    grootte: null,
    herkomst: null,
    kvkNumber: null,
    contracted: true,
  });
  for (let i = 0; i < 54; i++) {
    const name = `${KINDS[i % KINDS.length]} ${PLACES[(i * 5) % PLACES.length]} ${i + 1}`;
    const kvkNumber = String(10_000_000 + i * 7919);
    const first = ((i % 5) + 1) as Perceel;
    const percelen = (i % 3 === 0 ? [first, ((first % 5) + 1) as Perceel] : [first]).sort((a, b) => a - b);
    organisations.push({
      id: organisationIdFor(name, kvkNumber),
      name,
      type: 'aanbieder',
      percelen,
      grootte: GROOTTES[i % GROOTTES.length] ?? null,
      herkomst: HERKOMSTEN[i % HERKOMSTEN.length] ?? null,
      kvkNumber,
      contracted: i % 17 !== 16,
    });
  }
  const aanbieders = organisations.filter((o) => o.type === 'aanbieder');
  const people: Person[] = [];
  aanbieders.forEach((o, i) => {
    for (const role of ['contactpersoon', 'vervanger'] as const) {
      const email = `${role}.${i + 1}@aanbieder${i + 1}.example`;
      people.push({
        id: personIdFor(email),
        name: `${role === 'contactpersoon' ? 'Karim' : 'Vera'} ${o.name.split(' ')[0]} ${i + 1}`,
        email,
        phone: i % 2 === 0 ? `06-${String(12_345_678 + i)}` : null,
        aadObjectId: null,
        memberships: [{ organisationId: o.id, role }],
        isAdmin: false,
      });
    }
  });
  const rivierstad = organisations[0]!;
  const user: Person = {
    id: personIdFor(BENCH_USER.email),
    name: BENCH_USER.name,
    email: BENCH_USER.email,
    phone: '06-11223344',
    aadObjectId: null,
    memberships: [{ organisationId: rivierstad.id, role: 'contactpersoon' }],
    isAdmin: true,
  };
  const tables: OntwikkeltafelMembershipDocument[] = [
    {
      id: 'ontwikkeltafel-wachttijden-jeugd',
      name: BENCH_TABLE_NAME,
      percelen: [3, 4],
      trekkerPersonIds: [user.id, people[6]!.id],
      participantOrganisationIds: aanbieders.slice(0, 6).map((o) => o.id),
      status: 'actief',
    },
    {
      id: 'ontwikkeltafel-huishoudelijke-hulp',
      name: 'Huishoudelijke hulp',
      percelen: [1],
      trekkerPersonIds: [people[0]!.id],
      participantOrganisationIds: aanbieders.slice(6, 12).map((o) => o.id),
      status: 'actief',
    },
  ];
  return { organisations, people, tables, user: { ...user } };
}

/** The bench user as the resolver builds it after linking: the actor every card of the bench is rendered for. */
export function sampleActor(region: SampleRegion): Actor & { kind: 'person' } {
  const byId = new Map(region.organisations.map((o) => [o.id, o]));
  return {
    kind: 'person',
    person: { ...region.user, aadObjectId: BENCH_USER.aadObjectId },
    roles: region.user.memberships.flatMap((m) => {
      const organisation = byId.get(m.organisationId);
      return organisation ? [{ organisation, role: m.role }] : [];
    }),
    trekkerOf: region.tables
      .filter((t) => t.trekkerPersonIds.includes(region.user.id))
      .map((t) => ({ ontwikkeltafelId: t.id, name: t.name })),
  };
}
