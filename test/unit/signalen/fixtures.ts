import type { Actor } from '../../../src/domain/registry/actor';
import type { ContactRole, Organisation, Perceel } from '../../../src/domain/registry/registry';
import type { Result } from '../../../src/domain/shared/result';
import { parseLocalDateTime } from '../../../src/domain/time/amsterdam';
import {
  raiseSignaal,
  requestPilot,
  type PilotAanvraag,
  type PilotInput,
  type Signaal,
  type SignaalInput,
} from '../../../src/domain/signalen';

/** Builders for the signalen and pilot tests: organisations, actors as the registry resolves them, valid input. */

export function aanbieder(
  id: string,
  name: string,
  percelen: Perceel[] = [3, 4],
  contracted = true,
): Organisation {
  return {
    id,
    name,
    type: 'aanbieder',
    percelen,
    grootte: 'middel',
    herkomst: 'lokaal',
    kvkNumber: null,
    contracted,
  };
}

export const GEMEENTE: Organisation = {
  id: 'org-gemeente-rivierstad',
  name: 'Gemeente Rivierstad',
  type: 'gemeente',
  percelen: [],
  grootte: null,
  herkomst: null,
  kvkNumber: null,
  contracted: true,
};

export const BRUG = aanbieder('org-brug', 'Jeugdhulp De Brug');
export const KOMPAS = aanbieder('org-kompas', 'Praktijk Kompas GGZ', [4]);
export const OUD = aanbieder('org-oud', 'Zorg Zonder Contract', [3], false);

export function contact(
  personId: string,
  organisations: Organisation[],
  role: ContactRole = 'contactpersoon',
): Actor {
  return {
    kind: 'person',
    person: {
      id: personId,
      name: `Persoon ${personId}`,
      email: `${personId}@example.nl`,
      aadObjectId: null,
      phone: null,
      memberships: organisations.map((o) => ({ organisationId: o.id, role })),
      isAdmin: false,
    },
    roles: organisations.map((organisation) => ({ organisation, role })),
    trekkerOf: [],
  };
}

export function gemeenteAdmin(personId = 'p-gemeente', withRole = true): Actor {
  return {
    kind: 'person',
    person: {
      id: personId,
      name: 'Femke de Gemeente',
      email: `${personId}@rivierstad.example`,
      aadObjectId: null,
      phone: null,
      memberships: withRole ? [{ organisationId: GEMEENTE.id, role: 'contactpersoon' }] : [],
      isAdmin: true,
    },
    roles: withRole ? [{ organisation: GEMEENTE, role: 'contactpersoon' }] : [],
    trekkerOf: [],
  };
}

export const UNKNOWN: Actor = { kind: 'unknown' };

export function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

export function at(local: string): Date {
  return must(parseLocalDateTime(local));
}

export const SIGNAAL_INPUT: SignaalInput = {
  sentiment: 'negatief',
  onderwerp: 'inwoners',
  text: 'Steeds meer gezinnen in Oosterwijk melden zich pas als de problemen groot zijn.',
  confidential: 'false',
};

export function signaal(
  input: Partial<SignaalInput> = {},
  actor: Actor = contact('p-brug', [BRUG]),
  /** null: no organisation chosen (a gemeente admin may do that). */
  organisationId: string | null = BRUG.id,
  now = at('2027-03-10 10:00'),
  id = 'sg-1',
): Signaal {
  return must(
    raiseSignaal(
      { id, input: { ...SIGNAAL_INPUT, ...input }, onBehalfOfOrganisationId: organisationId ?? undefined },
      actor,
      now,
    ),
  ).signaal;
}

export const PILOT_INPUT: PilotInput = {
  title: 'Gezinscoach in de huisartsenpraktijk',
  start: '2027-04-01',
  end: '2027-12-31',
  participantIds: KOMPAS.id,
  innovation: 'Jeugdhulp aan de voorkant: een coach in de praktijk in plaats van een verwijzing.',
  researchQuestion: 'Daalt het aantal verwijzingen naar specialistische GGZ met 20%?',
  expectedResult: 'Een vergelijking van verwijzingen met dezelfde periode een jaar eerder.',
  deviation: 'Declaratie per uur in plaats van per traject.',
};

export const ORGANISATIONS: Organisation[] = [GEMEENTE, BRUG, KOMPAS, OUD];

export function pilot(
  input: Partial<PilotInput> = {},
  now = at('2027-03-10 10:00'),
  actor: Actor = contact('p-brug', [BRUG]),
): PilotAanvraag {
  return must(
    requestPilot(
      {
        id: 'pl-1',
        input: { ...PILOT_INPUT, ...input },
        onBehalfOfOrganisationId: BRUG.id,
        organisations: ORGANISATIONS,
      },
      actor,
      now,
    ),
  ).pilot;
}
