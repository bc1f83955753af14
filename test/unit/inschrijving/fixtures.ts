import type { Actor } from '../../../src/domain/registry/actor';
import type { ContactRole, Organisation, Person } from '../../../src/domain/registry/registry';
import type { RegistrationInput } from '../../../src/domain/inschrijving';

export function person(id: string, isAdmin = false): Person {
  return {
    id,
    name: `Persoon ${id}`,
    email: `${id}@example.org`,
    aadObjectId: null,
    phone: null,
    memberships: [],
    isAdmin,
  };
}

export function actorFor(p: Person, roles: Array<[Organisation, ContactRole]> = []): Actor {
  return {
    kind: 'person',
    person: { ...p, memberships: roles.map(([o, role]) => ({ organisationId: o.id, role })) },
    roles: roles.map(([organisation, role]) => ({ organisation, role })),
    trekkerOf: [],
  };
}

export const validInput: RegistrationInput = {
  perceel: '2',
  grootte: 'klein',
  herkomst: 'lokaal',
  contactpersoonName: 'Karim Contact',
  contactpersoonEmail: 'karim@alfa.example',
  contactpersoonPhone: '06 1234 5678',
  vervangerName: 'Vera Vervanger',
  vervangerEmail: 'vera@alfa.example',
  vervangerPhone: '',
  motivation: 'Wij willen bijdragen aan de ontwikkeling van het contract.',
};
