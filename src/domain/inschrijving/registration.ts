import { contractedAanbiederRoles, type Actor } from '../registry/actor';
import {
  GROOTTES,
  HERKOMSTEN,
  PERCEEL_NAMES,
  isPerceel,
  type Grootte,
  type Herkomst,
  type Organisation,
  type Person,
} from '../registry/registry';
import { refuse, refuseFields, succeed, type Bilingual, type Result } from '../shared/result';
import { isEmail, normaliseEmail, normaliseLine, normaliseMultiline } from '../shared/text';
import { isWithinDeadline, toIsoInstant } from '../time';
import { deadlineText } from './round';
import { MAX_MOTIVATION_LENGTH, type ContactDetails, type Round, type RoundRegistration } from './types';

/**
 * Registering an organisation for the Overlegtafel: who may (a contactpersoon or vervanger of that contracted
 * aanbieder), until when (the deadline, Amsterdam time, to the second) and what a registration must contain.
 */

/** The contracted aanbieders this person may register: those they are contactpersoon or vervanger of. */
export function registrableOrganisations(actor: Actor): Organisation[] {
  const seen = new Map<string, Organisation>();
  for (const role of contractedAanbiederRoles(actor)) seen.set(role.organisation.id, role.organisation);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

/** The organisation, if this person may register, change or withdraw its registration. */
export function checkMayRegisterFor(actor: Actor, organisationId: string): Result<Organisation> {
  if (actor.kind !== 'person') {
    return refuse('inschrijving.onbekend', {
      nl: 'U bent niet bekend bij Tafelbot. Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder kan die inschrijven.',
      en: 'Tafelbot does not know you. Only the contact person or substitute of a contracted provider can register it.',
    });
  }
  const organisation = registrableOrganisations(actor).find((o) => o.id === organisationId);
  if (!organisation) {
    return refuse('inschrijving.geen-contact', {
      nl: 'U bent geen contactpersoon of vervanger van deze organisatie. Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder kan die inschrijven, wijzigen of intrekken.',
      en: 'You are not the contact person or substitute of this organisation. Only the contact person or substitute of a contracted provider can register, change or withdraw it.',
    });
  }
  return succeed(organisation);
}

/** Registering, changing and withdrawing are possible while the round is open, up to and including the deadline second. */
export function checkRegistrationOpen(round: Round, now: Date): Result<true> {
  if (round.status !== 'open' || !isWithinDeadline(now, new Date(round.deadline))) {
    return refuse('inschrijving.gesloten', {
      nl: `De inschrijving voor de Overlegtafel ${round.year} is gesloten sinds ${deadlineText(round)}. Inschrijven, wijzigen of intrekken kan niet meer. Neem bij vragen contact op met de gemeente.`,
      en: `Registration for the Overlegtafel ${round.year} has been closed since ${deadlineText(round, 'en')}. Registering, changing or withdrawing is no longer possible. Contact the gemeente with any questions.`,
    });
  }
  return succeed(true);
}

/** The registration card's fields as text. */
export interface RegistrationInput {
  readonly perceel: string;
  readonly grootte: string;
  readonly herkomst: string;
  readonly contactpersoonName: string;
  readonly contactpersoonEmail: string;
  readonly contactpersoonPhone: string;
  readonly vervangerName: string;
  readonly vervangerEmail: string;
  readonly vervangerPhone: string;
  readonly motivation: string;
}

export interface RegistrationContext {
  readonly round: Round;
  readonly organisation: Organisation;
  readonly personId: string;
  readonly now: Date;
  /** The stored registration of this organisation in this round, if any (also a withdrawn one). */
  readonly existing?: RoundRegistration;
}

const PHONE = /^\+?[0-9 ()-]{6,30}$/;

function contactFrom(
  role: 'contactpersoon' | 'vervanger',
  name: string,
  email: string,
  phone: string,
  errors: Record<string, Bilingual>,
): ContactDetails {
  const label = role === 'contactpersoon' ? 'de contactpersoon' : 'de vervanger';
  const labelEn = role === 'contactpersoon' ? 'the contact person' : 'the substitute';
  const cleanName = normaliseLine(name);
  const cleanEmail = normaliseEmail(email);
  const cleanPhone = normaliseLine(phone);
  if (cleanName.length < 2 || cleanName.length > 120)
    errors[`${role}Name`] = {
      nl: `Vul de naam van ${label} in (2 tot 120 tekens).`,
      en: `Fill in the name of ${labelEn} (2 to 120 characters).`,
    };
  if (!isEmail(cleanEmail))
    errors[`${role}Email`] = {
      nl: `Vul een geldig e-mailadres van ${label} in, bijvoorbeeld naam@organisatie.nl.`,
      en: `Enter a valid e-mail address of ${labelEn}, for example name@organisation.nl.`,
    };
  if (cleanPhone && !PHONE.test(cleanPhone))
    errors[`${role}Phone`] = {
      nl: `Het telefoonnummer van ${label} bevat alleen cijfers, spaties, +, - en haakjes.`,
      en: `The phone number of ${labelEn} contains only digits, spaces, +, - and brackets.`,
    };
  return { name: cleanName, email: cleanEmail, phone: cleanPhone || null };
}

/**
 * Validates a new or changed registration: the round must still be open, the perceel one the organisation is
 * contracted for, grootte and herkomst known values, contactpersoon and vervanger two people with a name and an
 * e-mail address, the motivation present and at most 1000 characters. The caller checks the permission first.
 */
export function validateRegistration(
  input: RegistrationInput,
  context: RegistrationContext,
): Result<RoundRegistration> {
  const open = checkRegistrationOpen(context.round, context.now);
  if (!open.ok) return open;
  const { organisation } = context;
  const errors: Record<string, Bilingual> = {};

  const perceelText = input.perceel.trim();
  const perceel = /^\d{1,3}$/.test(perceelText) ? Number(perceelText) : undefined;
  if (perceelText === '')
    errors.perceel = {
      nl: 'Kies het perceel dat uw organisatie aan tafel vertegenwoordigt.',
      en: 'Choose the lot your organisation represents at the table.',
    };
  else if (!isPerceel(perceel)) {
    errors.perceel = {
      nl: `Perceel '${perceelText.slice(0, 20)}' bestaat niet. Kies perceel 1 tot en met 5.`,
      en: `Lot '${perceelText.slice(0, 20)}' does not exist. Choose lot 1 to 5.`,
    };
  } else if (!organisation.percelen.includes(perceel)) {
    errors.perceel = {
      nl: `${organisation.name} is niet gecontracteerd voor perceel ${perceel} (${PERCEEL_NAMES[perceel]}). Kies een van de percelen: ${organisation.percelen.join(', ')}.`,
      en: `${organisation.name} is not contracted for lot ${perceel} (${PERCEEL_NAMES[perceel]}). Choose one of the lots: ${organisation.percelen.join(', ')}.`,
    };
  }
  const grootte = input.grootte.trim().toLowerCase();
  if (!(GROOTTES as readonly string[]).includes(grootte))
    errors.grootte = {
      nl: 'Kies de grootte van uw organisatie: klein, middel of groot.',
      en: 'Choose the size of your organisation: small, medium or large.',
    };
  const herkomst = input.herkomst.trim().toLowerCase();
  if (!(HERKOMSTEN as readonly string[]).includes(herkomst))
    errors.herkomst = {
      nl: 'Kies de herkomst van uw organisatie: lokaal of regionaal.',
      en: 'Choose the origin of your organisation: local or regional.',
    };

  const contactpersoon = contactFrom(
    'contactpersoon',
    input.contactpersoonName,
    input.contactpersoonEmail,
    input.contactpersoonPhone,
    errors,
  );
  const vervanger = contactFrom(
    'vervanger',
    input.vervangerName,
    input.vervangerEmail,
    input.vervangerPhone,
    errors,
  );
  if (!errors.contactpersoonEmail && !errors.vervangerEmail && contactpersoon.email === vervanger.email) {
    errors.vervangerEmail = {
      nl: 'De vervanger is een andere persoon dan de contactpersoon: vul een ander e-mailadres in.',
      en: 'The substitute is a different person from the contact person: enter a different e-mail address.',
    };
  }

  const motivation = normaliseMultiline(input.motivation);
  if (motivation.length === 0)
    errors.motivation = {
      nl: 'Schrijf een korte motivatie: waarom wil uw organisatie aan de Overlegtafel?',
      en: 'Write a short motivation: why does your organisation want a seat at the Overlegtafel?',
    };
  else if (motivation.length > MAX_MOTIVATION_LENGTH)
    errors.motivation = {
      nl: `De motivatie is te lang: ${motivation.length} tekens, maximaal ${MAX_MOTIVATION_LENGTH}.`,
      en: `The motivation is too long: ${motivation.length} characters, at most ${MAX_MOTIVATION_LENGTH}.`,
    };

  if (Object.keys(errors).length > 0 || !isPerceel(perceel))
    return refuseFields('inschrijving.ongeldig', errors);
  const at = toIsoInstant(context.now);
  const existing = context.existing;
  return succeed({
    id: organisation.id,
    roundId: context.round.id,
    organisationId: organisation.id,
    organisationName: organisation.name,
    perceel,
    grootte: grootte as Grootte,
    herkomst: herkomst as Herkomst,
    contactpersoon,
    vervanger,
    motivation,
    status: 'ingeschreven',
    registeredAt: existing?.registeredAt ?? at,
    updatedAt: at,
    registeredByPersonId: existing?.registeredByPersonId ?? context.personId,
    updatedByPersonId: context.personId,
  });
}

/** Withdrawing keeps the document (marked 'ingetrokken'): the organisation may register again before the deadline. */
export function withdrawRegistration(
  registration: RoundRegistration,
  round: Round,
  personId: string,
  now: Date,
): Result<RoundRegistration> {
  const open = checkRegistrationOpen(round, now);
  if (!open.ok) return open;
  if (registration.status === 'ingetrokken') {
    return refuse('inschrijving.al-ingetrokken', {
      nl: `De inschrijving van ${registration.organisationName} is al ingetrokken.`,
      en: `The registration of ${registration.organisationName} has already been withdrawn.`,
    });
  }
  return succeed({
    ...registration,
    status: 'ingetrokken',
    updatedAt: toIsoInstant(now),
    updatedByPersonId: personId,
  });
}

/** The values a new registration form starts with: what the registry knows about the organisation and its contacts. */
export function registrationDefaults(
  organisation: Organisation,
  people: readonly Person[],
): RegistrationInput {
  const holder = (role: 'contactpersoon' | 'vervanger'): Person | undefined =>
    people.find((p) => p.memberships.some((m) => m.organisationId === organisation.id && m.role === role));
  const contact = holder('contactpersoon');
  const substitute = holder('vervanger');
  return {
    perceel: organisation.percelen.length === 1 ? String(organisation.percelen[0]) : '',
    grootte: organisation.grootte ?? '',
    herkomst: organisation.herkomst ?? '',
    contactpersoonName: contact?.name ?? '',
    contactpersoonEmail: contact?.email ?? '',
    contactpersoonPhone: contact?.phone ?? '',
    vervangerName: substitute?.name ?? '',
    vervangerEmail: substitute?.email ?? '',
    vervangerPhone: substitute?.phone ?? '',
    motivation: '',
  };
}

/** The form values of a stored registration, for editing it. */
export function registrationInputOf(registration: RoundRegistration): RegistrationInput {
  return {
    perceel: String(registration.perceel),
    grootte: registration.grootte,
    herkomst: registration.herkomst,
    contactpersoonName: registration.contactpersoon.name,
    contactpersoonEmail: registration.contactpersoon.email,
    contactpersoonPhone: registration.contactpersoon.phone ?? '',
    vervangerName: registration.vervanger.name,
    vervangerEmail: registration.vervanger.email,
    vervangerPhone: registration.vervanger.phone ?? '',
    motivation: registration.motivation,
  };
}
