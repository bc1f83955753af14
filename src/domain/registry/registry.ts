import { createHash } from 'node:crypto';
import { refuse, refuseFields, succeed, type Bilingual, type Result } from '../shared/result';
import { isEmail, normaliseEmail, normaliseLine, slugify } from '../shared/text';

/** The organisations and people that act in Tafelbot, and the rules for registering them. */

export const ORGANISATION_TYPES = ['gemeente', 'lokale-toegang', 'aanbieder'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const PERCELEN = [1, 2, 3, 4, 5] as const;
export type Perceel = (typeof PERCELEN)[number];

/** Contract lots of the Inkoopstrategie Wmo en Jeugdhulp 2027 [004 §4]. */
export const PERCEEL_NAMES: Readonly<Record<Perceel, string>> = {
  1: 'Wmo - Hulp bij het Huishouden',
  2: 'Wmo - Algemeen',
  3: 'Jeugd - Algemeen',
  4: 'Jeugd - GGZ',
  5: 'Jeugd - Ernstige Dyslexie',
};

export const GROOTTES = ['klein', 'middel', 'groot'] as const;
export type Grootte = (typeof GROOTTES)[number];

export const HERKOMSTEN = ['lokaal', 'regionaal'] as const;
export type Herkomst = (typeof HERKOMSTEN)[number];

export const CONTACT_ROLES = ['contactpersoon', 'vervanger'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly type: OrganisationType;
  /** Percelen the organisation is contracted for; empty for gemeenten and lokale toegang. */
  readonly percelen: readonly Perceel[];
  readonly grootte: Grootte | null;
  readonly herkomst: Herkomst | null;
  readonly kvkNumber: string | null;
  /** False once the contract ended: kept for history, no longer invited or broadcast to. */
  readonly contracted: boolean;
}

export interface Membership {
  readonly organisationId: string;
  readonly role: ContactRole;
}

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** The Teams (Microsoft Entra) object id, set when the person is linked on first contact. */
  readonly aadObjectId: string | null;
  readonly phone: string | null;
  readonly memberships: readonly Membership[];
  /** A gemeente admin (functioneel beheerder): manages the registry and runs the gemeente's actions. */
  readonly isAdmin: boolean;
}

export const LIMITS = { name: 120, email: 254, phone: 30, kvk: 8 } as const;

export function isPerceel(value: unknown): value is Perceel {
  return typeof value === 'number' && (PERCELEN as readonly number[]).includes(value);
}

/** Parses "1,3,5" or [1,3,5] into sorted unique percelen; undefined when any part is not a perceel. */
export function parsePercelen(value: unknown): Perceel[] | undefined {
  const parts: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/[,;\s]+/).filter(Boolean)
      : value === undefined || value === null
        ? []
        : [value];
  const numbers = parts.map((p) => (typeof p === 'string' && /^\d+$/.test(p.trim()) ? Number(p) : p));
  if (!numbers.every(isPerceel)) return undefined;
  return [...new Set(numbers as Perceel[])].sort((a, b) => a - b);
}

export interface OrganisationInput {
  readonly name: unknown;
  readonly type: unknown;
  readonly percelen?: unknown;
  readonly grootte?: unknown;
  readonly herkomst?: unknown;
  readonly kvkNumber?: unknown;
  readonly contracted?: unknown;
}

/** Deterministic id: the KvK number when known, else the name, so a repeated import finds the same record. */
export function organisationIdFor(name: string, kvkNumber: string | null): string {
  return kvkNumber
    ? `org-kvk-${kvkNumber}`
    : `org-${slugify(name) || createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

export function validateOrganisation(input: OrganisationInput, existingId?: string): Result<Organisation> {
  const errors: Record<string, Bilingual> = {};
  const name = normaliseLine(input.name);
  if (name.length < 2)
    errors.name = {
      nl: 'Vul de naam van de organisatie in (minstens 2 tekens).',
      en: 'Fill in the name of the organisation (at least 2 characters).',
    };
  else if (name.length > LIMITS.name)
    errors.name = {
      nl: `De naam is te lang (maximaal ${LIMITS.name} tekens).`,
      en: `The name is too long (at most ${LIMITS.name} characters).`,
    };

  const typeText = normaliseLine(input.type).toLowerCase().replace(/\s+/g, '-');
  const type = (ORGANISATION_TYPES as readonly string[]).includes(typeText)
    ? (typeText as OrganisationType)
    : undefined;
  if (!type)
    errors.type = {
      nl: 'Kies het soort organisatie: gemeente, lokale toegang of aanbieder.',
      en: 'Choose the type of organisation: gemeente, local access point (lokale toegang) or provider.',
    };

  const percelen = parsePercelen(input.percelen);
  if (!percelen)
    errors.percelen = {
      nl: 'Percelen moeten nummers van 1 tot en met 5 zijn.',
      en: 'Lots must be numbers from 1 to 5.',
    };
  else if (type === 'aanbieder' && percelen.length === 0)
    errors.percelen = {
      nl: 'Een aanbieder is voor minstens één perceel gecontracteerd.',
      en: 'A provider is contracted for at least one lot.',
    };

  const grootteText = normaliseLine(input.grootte).toLowerCase();
  const herkomstText = normaliseLine(input.herkomst).toLowerCase();
  let grootte: Grootte | null = null;
  let herkomst: Herkomst | null = null;
  if (type === 'aanbieder') {
    if ((GROOTTES as readonly string[]).includes(grootteText)) grootte = grootteText as Grootte;
    else
      errors.grootte = {
        nl: 'Kies de grootte van de aanbieder: klein, middel of groot.',
        en: 'Choose the size of the provider: small (klein), medium (middel) or large (groot).',
      };
    if ((HERKOMSTEN as readonly string[]).includes(herkomstText)) herkomst = herkomstText as Herkomst;
    else
      errors.herkomst = {
        nl: 'Kies de herkomst van de aanbieder: lokaal of regionaal.',
        en: 'Choose the origin of the provider: local (lokaal) or regional (regionaal).',
      };
  }

  const kvkText = normaliseLine(input.kvkNumber).replace(/\s/g, '');
  if (kvkText && !/^\d{8}$/.test(kvkText))
    errors.kvkNumber = {
      nl: 'Een KvK-nummer bestaat uit 8 cijfers.',
      en: 'A chamber of commerce (KvK) number has 8 digits.',
    };

  const contracted =
    input.contracted === undefined || input.contracted === null || input.contracted === ''
      ? true
      : parseYesNo(input.contracted);
  if (contracted === undefined)
    errors.contracted = {
      nl: 'Geef aan of de organisatie gecontracteerd is (ja of nee).',
      en: 'Say whether the organisation is contracted (yes or no).',
    };

  if (Object.keys(errors).length > 0 || !type || !percelen || contracted === undefined) {
    return refuseFields('organisation.invalid', errors);
  }
  const kvkNumber = kvkText || null;
  return succeed({
    id: existingId ?? organisationIdFor(name, kvkNumber),
    name,
    type,
    percelen: type === 'aanbieder' ? percelen : [],
    grootte,
    herkomst,
    kvkNumber,
    contracted,
  });
}

function parseYesNo(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = normaliseLine(value).toLowerCase();
  if (['ja', 'yes', 'true', '1', 'j'].includes(text)) return true;
  if (['nee', 'no', 'false', '0', 'n'].includes(text)) return false;
  return undefined;
}

export interface PersonInput {
  readonly name: unknown;
  readonly email: unknown;
  readonly phone?: unknown;
  readonly organisationId?: unknown;
  readonly role?: unknown;
  readonly isAdmin?: unknown;
}

export function personIdFor(email: string): string {
  return `person-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 20)}`;
}

export interface ValidatedPerson {
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly membership: Membership | null;
  readonly isAdmin: boolean;
}

export function validatePerson(
  input: PersonInput,
  knownOrganisationIds: ReadonlySet<string>,
): Result<ValidatedPerson> {
  const errors: Record<string, Bilingual> = {};
  const name = normaliseLine(input.name);
  if (name.length < 2)
    errors.name = {
      nl: 'Vul de naam van de persoon in (minstens 2 tekens).',
      en: 'Fill in the name of the person (at least 2 characters).',
    };
  else if (name.length > LIMITS.name)
    errors.name = {
      nl: `De naam is te lang (maximaal ${LIMITS.name} tekens).`,
      en: `The name is too long (at most ${LIMITS.name} characters).`,
    };
  const email = normaliseEmail(input.email);
  if (!isEmail(email))
    errors.email = {
      nl: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.',
      en: 'Enter a valid e-mail address, for example name@organisation.nl.',
    };
  const phone = normaliseLine(input.phone);
  if (phone && !/^\+?[0-9 ()-]{6,30}$/.test(phone))
    errors.phone = {
      nl: 'Een telefoonnummer bevat alleen cijfers, spaties, +, - en haakjes.',
      en: 'A phone number contains only digits, spaces, +, - and brackets.',
    };

  const organisationId = normaliseLine(input.organisationId);
  const roleText = normaliseLine(input.role).toLowerCase();
  let membership: Membership | null = null;
  if (organisationId) {
    if (!knownOrganisationIds.has(organisationId))
      errors.organisationId = {
        nl: 'Deze organisatie bestaat niet (meer). Kies een organisatie uit de lijst.',
        en: 'This organisation does not exist (any more). Choose an organisation from the list.',
      };
    if (!(CONTACT_ROLES as readonly string[]).includes(roleText))
      errors.role = {
        nl: 'Kies de rol: contactpersoon of vervanger.',
        en: 'Choose the role: contact person (contactpersoon) or substitute (vervanger).',
      };
    else membership = { organisationId, role: roleText as ContactRole };
  } else if (roleText) {
    errors.organisationId = {
      nl: 'Kies de organisatie waarvoor deze persoon ' + roleText + ' is.',
      en: 'Choose the organisation for which this person is ' + roleText + '.',
    };
  }
  const isAdmin = input.isAdmin === undefined ? false : parseYesNo(input.isAdmin);
  if (isAdmin === undefined)
    errors.isAdmin = {
      nl: 'Geef aan of deze persoon beheerder is (ja of nee).',
      en: 'Say whether this person is an administrator (yes or no).',
    };

  if (Object.keys(errors).length > 0 || isAdmin === undefined) return refuseFields('person.invalid', errors);
  return succeed({ name, email, phone: phone || null, membership, isAdmin });
}

/**
 * An organisation acts through one contactpersoon and one vervanger [002 art. 5.2]. Assigning a role that
 * someone else holds is refused, so a change of contact is always an explicit act.
 */
export function checkRoleAvailable(
  people: readonly Person[],
  membership: Membership,
  forPersonId: string,
  organisationName: string,
): Result<true> {
  const holder = people.find(
    (p) =>
      p.id !== forPersonId &&
      p.memberships.some((m) => m.organisationId === membership.organisationId && m.role === membership.role),
  );
  if (holder) {
    return refuse('membership.role-taken', {
      nl: `${organisationName} heeft al een ${membership.role}. Maak eerst de rol van de huidige ${membership.role} vrij.`,
      en: `${organisationName} already has a ${membership.role === 'contactpersoon' ? 'contact person' : 'substitute'}. First free the role of the current one.`,
    });
  }
  return succeed(true);
}

export function withMembership(person: Person, membership: Membership): Person {
  const others = person.memberships.filter((m) => m.organisationId !== membership.organisationId);
  return { ...person, memberships: [...others, membership] };
}
