import { organisationIdFor, personIdFor, type Organisation, type Person } from '../domain/registry/registry';
import type { Logger } from '../observability/logger';
import { DocumentConflictError } from '../storage/documentStore';
import type { RegistryRepository } from '../storage/registryRepository';
import { demoOntwikkeltafelDocument } from '../ontwikkeltafels/demoTafel';
import type { DemoDirectory } from './demoRoles';

/**
 * Fictional demo data for the local trial: gemeenten, the lokale toegang and aanbieders across all five
 * percelen, with demo people for each role. Ids are deterministic, so seeding again changes nothing and
 * edits made during the demo survive a restart.
 */

type DemoOrganisation = Omit<Organisation, 'id' | 'kvkNumber' | 'contracted'>;

const ORGANISATIONS: DemoOrganisation[] = [
  { name: 'Gemeente Rivierstad', type: 'gemeente', percelen: [], grootte: null, herkomst: null },
  { name: 'Gemeente Dijkdorp', type: 'gemeente', percelen: [], grootte: null, herkomst: null },
  { name: 'Sociaal Team Rivierland', type: 'lokale-toegang', percelen: [], grootte: null, herkomst: null },
  { name: 'Thuishulp De Waard', type: 'aanbieder', percelen: [1], grootte: 'klein', herkomst: 'lokaal' },
  {
    name: 'Huishoudzorg Gelderland',
    type: 'aanbieder',
    percelen: [1, 2],
    grootte: 'groot',
    herkomst: 'regionaal',
  },
  {
    name: 'Schoon & Zorg Rivierstad',
    type: 'aanbieder',
    percelen: [1],
    grootte: 'middel',
    herkomst: 'lokaal',
  },
  { name: 'Dagbesteding Het Erf', type: 'aanbieder', percelen: [2], grootte: 'klein', herkomst: 'lokaal' },
  {
    name: 'Begeleiding Bommelerwaard',
    type: 'aanbieder',
    percelen: [2, 3],
    grootte: 'middel',
    herkomst: 'lokaal',
  },
  {
    name: 'Zorggroep Maas en Waal',
    type: 'aanbieder',
    percelen: [2, 3, 4],
    grootte: 'groot',
    herkomst: 'regionaal',
  },
  { name: 'Jeugdhulp De Brug', type: 'aanbieder', percelen: [3], grootte: 'klein', herkomst: 'lokaal' },
  { name: 'Gezinshuis De Linde', type: 'aanbieder', percelen: [3], grootte: 'klein', herkomst: 'regionaal' },
  {
    name: 'Kinder- en Jeugdpsychiatrie Oost',
    type: 'aanbieder',
    percelen: [4],
    grootte: 'groot',
    herkomst: 'regionaal',
  },
  { name: 'Praktijk Kompas GGZ', type: 'aanbieder', percelen: [4], grootte: 'klein', herkomst: 'lokaal' },
  { name: 'Leespraktijk Letterwijs', type: 'aanbieder', percelen: [5], grootte: 'klein', herkomst: 'lokaal' },
  {
    name: 'Dyslexiecentrum Gelre',
    type: 'aanbieder',
    percelen: [5],
    grootte: 'middel',
    herkomst: 'regionaal',
  },
];

interface DemoPerson {
  readonly key: 'gemeente' | 'contactpersoon' | 'vervanger' | 'trekker' | 'extra';
  readonly name: string;
  readonly email: string;
  readonly organisation: string | null;
  readonly role: 'contactpersoon' | 'vervanger' | null;
  readonly isAdmin: boolean;
}

const PEOPLE: DemoPerson[] = [
  {
    key: 'gemeente',
    name: 'Femke de Gemeente',
    email: 'femke.gemeente@rivierstad.example',
    organisation: 'Gemeente Rivierstad',
    role: 'contactpersoon',
    isAdmin: true,
  },
  {
    key: 'contactpersoon',
    name: 'Karim Contact',
    email: 'karim@zorggroepmaaswaal.example',
    organisation: 'Zorggroep Maas en Waal',
    role: 'contactpersoon',
    isAdmin: false,
  },
  {
    key: 'vervanger',
    name: 'Vera Vervanger',
    email: 'vera@zorggroepmaaswaal.example',
    organisation: 'Zorggroep Maas en Waal',
    role: 'vervanger',
    isAdmin: false,
  },
  {
    key: 'trekker',
    name: 'Tom Trekker',
    email: 'tom@debrug.example',
    organisation: 'Jeugdhulp De Brug',
    role: 'contactpersoon',
    isAdmin: false,
  },
  {
    key: 'extra',
    name: 'Lotte Letterwijs',
    email: 'lotte@letterwijs.example',
    organisation: 'Leespraktijk Letterwijs',
    role: 'contactpersoon',
    isAdmin: false,
  },
];

export async function seedDemoData(registry: RegistryRepository, logger: Logger): Promise<DemoDirectory> {
  let created = 0;
  for (const o of ORGANISATIONS) {
    const organisation: Organisation = {
      ...o,
      id: organisationIdFor(o.name, null),
      kvkNumber: null,
      contracted: true,
    };
    if (await registry.getOrganisation(organisation.id)) continue;
    await ignoreConflict(registry.createOrganisation(organisation, null));
    created++;
  }
  for (const p of PEOPLE) {
    const id = personIdFor(p.email);
    if (await registry.getPerson(id)) continue;
    const person: Person = {
      id,
      name: p.name,
      email: p.email,
      phone: null,
      aadObjectId: null,
      memberships:
        p.organisation && p.role
          ? [{ organisationId: organisationIdFor(p.organisation, null), role: p.role }]
          : [],
      isAdmin: p.isAdmin,
    };
    await ignoreConflict(registry.createPerson(person, null));
    created++;
  }
  const trekker = personIdFor(PEOPLE.find((p) => p.key === 'trekker')!.email);
  const tables = [
    demoOntwikkeltafelDocument({
      trekkerPersonId: trekker,
      gemeentePersonId: personIdFor(PEOPLE[0]!.email),
      organisationId: (name) => organisationIdFor(name, null),
    }),
  ];
  for (const table of tables) {
    // Older demo data held only the membership fields of the table: those are replaced by the full table.
    const existing = await registry.ontwikkeltafels.read(table.id);
    if (existing && 'schedule' in existing.value) continue;
    // The trekkers' led-tables hint before the table (see PersonDocument.ledTableIds).
    for (const personId of table.trekkerPersonIds) await registry.addLedTable(personId, table.id);
    await registry.ontwikkeltafels.upsert(table);
    created++;
  }
  logger.info('demo data ready', { created });
  return {
    roles: [
      { key: 'gemeente', personId: personIdFor(PEOPLE[0]!.email) },
      { key: 'contactpersoon', personId: personIdFor(PEOPLE[1]!.email) },
      { key: 'vervanger', personId: personIdFor(PEOPLE[2]!.email) },
      { key: 'trekker', personId: trekker },
      { key: 'onbekend', personId: null },
    ],
  };
}

async function ignoreConflict(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof DocumentConflictError)) throw error;
  }
}
