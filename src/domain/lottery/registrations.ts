import { GROOTTES, HERKOMSTEN, PERCELEN, type Registration, type ValidationProblem } from './types';

/**
 * Printable ASCII without spaces: the draw sorts on registrationId, and a plain byte order is the same in every
 * programming language a verifier might use.
 */
const REGISTRATION_ID_PATTERN = /^[\x21-\x7e]{1,200}$/;
const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'ontbreekt' : JSON.stringify(value);
}

/** Ordinal comparison (UTF-16 code units, equal to byte order for the allowed ASCII ids). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The draw and the record always work on registrations sorted by registrationId, so input order never matters. */
export function sortCanonically<T extends { readonly registrationId: string }>(
  registrations: readonly T[],
): T[] {
  return [...registrations].sort((a, b) => compareIds(a.registrationId, b.registrationId));
}

/** Copies only the fields the draw uses, so contact details passed along by a caller never reach a record. */
export function toDrawRegistration(registration: Registration): Registration {
  return {
    registrationId: registration.registrationId,
    organisationId: registration.organisationId,
    organisationName: registration.organisationName,
    perceel: registration.perceel,
    grootte: registration.grootte,
    herkomst: registration.herkomst,
    previouslySeated: registration.previouslySeated,
    registeredAt: registration.registeredAt,
  };
}

function validateOne(value: unknown, position: number): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      { code: 'inschrijving-ongeldig', message: `Inschrijving nr. ${position}: geen geldige inschrijving` },
    ];
  }
  const problems: ValidationProblem[] = [];
  const id = value.registrationId;
  const label =
    typeof id === 'string' && id.length > 0 ? `Inschrijving '${id}'` : `Inschrijving nr. ${position}`;
  if (typeof id !== 'string' || !REGISTRATION_ID_PATTERN.test(id)) {
    problems.push({
      code: 'inschrijvings-id-ongeldig',
      message: `${label}: de inschrijvings-id moet 1 tot 200 zichtbare ASCII-tekens zijn, zonder spaties; nu: ${describe(id)}`,
    });
  }
  if (typeof value.organisationId !== 'string' || value.organisationId.trim() === '') {
    problems.push({ code: 'organisatie-id-ontbreekt', message: `${label}: de organisatie-id ontbreekt` });
  }
  if (typeof value.organisationName !== 'string' || value.organisationName.trim() === '') {
    problems.push({
      code: 'organisatienaam-ontbreekt',
      message: `${label}: de naam van de organisatie ontbreekt`,
    });
  }
  if (!(PERCELEN as readonly unknown[]).includes(value.perceel)) {
    problems.push({
      code: 'perceel-onbekend',
      message: `${label}: onbekend perceel ${describe(value.perceel)} (toegestaan: 1 t/m 5)`,
    });
  }
  if (!(GROOTTES as readonly unknown[]).includes(value.grootte)) {
    problems.push({
      code: 'grootte-onbekend',
      message: `${label}: onbekende grootte ${describe(value.grootte)} (toegestaan: klein, middel, groot)`,
    });
  }
  if (!(HERKOMSTEN as readonly unknown[]).includes(value.herkomst)) {
    problems.push({
      code: 'herkomst-onbekend',
      message: `${label}: onbekende herkomst ${describe(value.herkomst)} (toegestaan: lokaal, regionaal)`,
    });
  }
  if (typeof value.previouslySeated !== 'boolean') {
    problems.push({
      code: 'continuiteit-onbekend',
      message: `${label}: of de organisatie vorig jaar aan tafel zat moet ja of nee zijn (true/false); nu: ${describe(value.previouslySeated)}`,
    });
  }
  const registeredAt = value.registeredAt;
  if (
    typeof registeredAt !== 'string' ||
    !ISO_TIMESTAMP_PATTERN.test(registeredAt) ||
    Number.isNaN(Date.parse(registeredAt))
  ) {
    problems.push({
      code: 'inschrijfmoment-ongeldig',
      message: `${label}: het inschrijfmoment is geen geldig tijdstip (verwacht ISO 8601, bijv. 2027-01-10T09:30:00Z); nu: ${describe(registeredAt)}`,
    });
  }
  return problems;
}

/**
 * Checks every registration and refuses duplicates: one registration per organisation, unique ids. Runs before
 * every draw; takes `unknown` because records come from JSON files.
 */
export function validateRegistrations(registrations: unknown): ValidationProblem[] {
  if (!Array.isArray(registrations)) {
    return [{ code: 'inschrijvingen-ontbreken', message: 'De inschrijvingen ontbreken of zijn geen lijst' }];
  }
  const problems = registrations.flatMap((registration, index) => validateOne(registration, index + 1));

  const idsSeen = new Map<string, number>();
  const byOrganisation = new Map<string, { name: string; registrationIds: string[] }>();
  for (const registration of registrations) {
    if (!isRecord(registration)) continue;
    const { registrationId, organisationId, organisationName } = registration;
    if (typeof registrationId === 'string')
      idsSeen.set(registrationId, (idsSeen.get(registrationId) ?? 0) + 1);
    if (typeof organisationId === 'string' && organisationId.trim() !== '') {
      const entry = byOrganisation.get(organisationId) ?? {
        name: typeof organisationName === 'string' ? organisationName : organisationId,
        registrationIds: [],
      };
      entry.registrationIds.push(String(registrationId));
      byOrganisation.set(organisationId, entry);
    }
  }
  for (const [registrationId, count] of idsSeen) {
    if (count > 1) {
      problems.push({
        code: 'inschrijvings-id-dubbel',
        message: `De inschrijvings-id '${registrationId}' komt ${count} keer voor; elke inschrijving heeft een eigen id`,
      });
    }
  }
  for (const [organisationId, { name, registrationIds }] of byOrganisation) {
    if (registrationIds.length > 1) {
      problems.push({
        code: 'organisatie-dubbel-ingeschreven',
        message: `Organisatie '${name}' (${organisationId}) heeft ${registrationIds.length} inschrijvingen (${registrationIds.join(', ')}); per organisatie is één inschrijving toegestaan`,
      });
    }
  }
  return problems;
}
