import type { Actor } from '../../../src/domain/registry/actor';
import type { ContactRole, Organisation, OrganisationType } from '../../../src/domain/registry/registry';
import type { Result } from '../../../src/domain/shared/result';
import { parseLocalDateTime } from '../../../src/domain/time/amsterdam';
import { openReactieperiode } from '../../../src/domain/voorstellen/reacties';
import { openStemming, type Party } from '../../../src/domain/voorstellen/stemming';
import { submitVoorstel, type Voorstel, type VoorstelInput } from '../../../src/domain/voorstellen/voorstel';

/** Builders for domain tests: organisations, actors as the registry resolves them, and voorstellen in a given state. */

export function organisation(
  id: string,
  name: string,
  type: OrganisationType = 'aanbieder',
  contracted = true,
): Organisation {
  return {
    id,
    name,
    type,
    percelen: type === 'aanbieder' ? [1, 2] : [],
    grootte: type === 'aanbieder' ? 'middel' : null,
    herkomst: type === 'aanbieder' ? 'lokaal' : null,
    kvkNumber: null,
    contracted,
  };
}

export function contact(personId: string, org: Organisation, role: ContactRole = 'contactpersoon'): Actor {
  return {
    kind: 'person',
    person: {
      id: personId,
      name: `Persoon ${personId}`,
      email: `${personId}@example.nl`,
      aadObjectId: null,
      phone: null,
      memberships: [{ organisationId: org.id, role }],
      isAdmin: false,
    },
    roles: [{ organisation: org, role }],
    trekkerOf: [],
  };
}

export const GEMEENTE_ORG = organisation('org-zaltbommel', 'Gemeente Zaltbommel', 'gemeente');

export function gemeenteAdmin(personId = 'p-gemeente'): Actor {
  return {
    kind: 'person',
    person: {
      id: personId,
      name: 'Beheerder Gemeente',
      email: `${personId}@zaltbommel.nl`,
      aadObjectId: null,
      phone: null,
      memberships: [{ organisationId: GEMEENTE_ORG.id, role: 'contactpersoon' }],
      isAdmin: true,
    },
    roles: [{ organisation: GEMEENTE_ORG, role: 'contactpersoon' }],
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

export function partyOf(org: Organisation): Party {
  return { organisationId: org.id, name: org.name, type: org.type };
}

export const VALID_INPUT: VoorstelInput = {
  title: 'Reistijd bij individuele begeleiding expliciet maken',
  summary: 'Neem in het artikel op dat reistijd alleen bij Jeugd declarabel is.',
  text: 'Artikel 12 lid 3 wordt aangevuld met: "Dit geldt uitsluitend voor het product individuele begeleiding."',
  type: 'contractwijziging',
  percelen: [2, 3],
  origin: 'overlegtafel',
  confidentialParts: [{ title: 'Kostprijs', text: 'Onze kostprijs per uur is EUR 71,43.' }],
};

export function conceptVoorstel(now: Date, input: VoorstelInput = VALID_INPUT): Voorstel {
  return must(submitVoorstel({ id: 'vs-1', input }, gemeenteAdmin(), now)).voorstel;
}

/** A voorstel whose reaction window opened at `opened` and a vote that opened a day after it closed. */
export function voorstelInStemming(
  parties: readonly Party[],
  deadline: Date,
  opened = at('2027-02-01 09:00'),
): Voorstel {
  const concept = conceptVoorstel(opened);
  const reacting = must(openReactieperiode(concept, {}, gemeenteAdmin(), opened)).voorstel;
  const voteOpens = at('2027-02-16 09:00');
  return must(openStemming(reacting, { deadline, parties }, gemeenteAdmin(), voteOpens)).voorstel;
}
