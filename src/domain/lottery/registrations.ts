import {
  GROOTTES,
  HERKOMSTEN,
  PERCELEN,
  type Bilingual,
  type Registration,
  type ValidationProblem,
} from './types';

/**
 * Printable ASCII without spaces: the draw sorts on registrationId, and a plain byte order is the same in every
 * programming language a verifier might use.
 */
const REGISTRATION_ID_PATTERN = /^[\x21-\x7e]{1,200}$/;
const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): Bilingual {
  const shown = JSON.stringify(value);
  return value === undefined ? { nl: 'ontbreekt', en: 'missing' } : { nl: shown, en: shown };
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
      {
        code: 'inschrijving-ongeldig',
        message: {
          nl: `Inschrijving nr. ${position}: geen geldige inschrijving`,
          en: `Registration no. ${position}: not a valid registration`,
        },
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  const id = value.registrationId;
  const label: Bilingual =
    typeof id === 'string' && id.length > 0
      ? { nl: `Inschrijving '${id}'`, en: `Registration '${id}'` }
      : { nl: `Inschrijving nr. ${position}`, en: `Registration no. ${position}` };
  if (typeof id !== 'string' || !REGISTRATION_ID_PATTERN.test(id)) {
    problems.push({
      code: 'inschrijvings-id-ongeldig',
      message: {
        nl: `${label.nl}: de inschrijvings-id moet 1 tot 200 zichtbare ASCII-tekens zijn, zonder spaties; nu: ${describe(id).nl}`,
        en: `${label.en}: the registration id must be 1 to 200 visible ASCII characters, without spaces; now: ${describe(id).en}`,
      },
    });
  }
  if (typeof value.organisationId !== 'string' || value.organisationId.trim() === '') {
    problems.push({
      code: 'organisatie-id-ontbreekt',
      message: {
        nl: `${label.nl}: de organisatie-id ontbreekt`,
        en: `${label.en}: the organisation id is missing`,
      },
    });
  }
  if (typeof value.organisationName !== 'string' || value.organisationName.trim() === '') {
    problems.push({
      code: 'organisatienaam-ontbreekt',
      message: {
        nl: `${label.nl}: de naam van de organisatie ontbreekt`,
        en: `${label.en}: the organisation's name is missing`,
      },
    });
  }
  if (!(PERCELEN as readonly unknown[]).includes(value.perceel)) {
    problems.push({
      code: 'perceel-onbekend',
      message: {
        nl: `${label.nl}: onbekend perceel ${describe(value.perceel).nl} (toegestaan: 1 t/m 5)`,
        en: `${label.en}: unknown lot ${describe(value.perceel).en} (allowed: 1 to 5)`,
      },
    });
  }
  if (!(GROOTTES as readonly unknown[]).includes(value.grootte)) {
    problems.push({
      code: 'grootte-onbekend',
      message: {
        nl: `${label.nl}: onbekende grootte ${describe(value.grootte).nl} (toegestaan: klein, middel, groot)`,
        en: `${label.en}: unknown size ${describe(value.grootte).en} (allowed: klein, middel, groot)`,
      },
    });
  }
  if (!(HERKOMSTEN as readonly unknown[]).includes(value.herkomst)) {
    problems.push({
      code: 'herkomst-onbekend',
      message: {
        nl: `${label.nl}: onbekende herkomst ${describe(value.herkomst).nl} (toegestaan: lokaal, regionaal)`,
        en: `${label.en}: unknown origin ${describe(value.herkomst).en} (allowed: lokaal, regionaal)`,
      },
    });
  }
  if (typeof value.previouslySeated !== 'boolean') {
    problems.push({
      code: 'continuiteit-onbekend',
      message: {
        nl: `${label.nl}: of de organisatie vorig jaar aan tafel zat moet ja of nee zijn (true/false); nu: ${describe(value.previouslySeated).nl}`,
        en: `${label.en}: whether the organisation had a seat last year must be yes or no (true/false); now: ${describe(value.previouslySeated).en}`,
      },
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
      message: {
        nl: `${label.nl}: het inschrijfmoment is geen geldig tijdstip (verwacht ISO 8601, bijv. 2027-01-10T09:30:00Z); nu: ${describe(registeredAt).nl}`,
        en: `${label.en}: the time of registration is not a valid instant (expected ISO 8601, e.g. 2027-01-10T09:30:00Z); now: ${describe(registeredAt).en}`,
      },
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
    return [
      {
        code: 'inschrijvingen-ontbreken',
        message: {
          nl: 'De inschrijvingen ontbreken of zijn geen lijst',
          en: 'The registrations are missing or not a list',
        },
      },
    ];
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
        message: {
          nl: `De inschrijvings-id '${registrationId}' komt ${count} keer voor; elke inschrijving heeft een eigen id`,
          en: `The registration id '${registrationId}' occurs ${count} times; every registration has an id of its own`,
        },
      });
    }
  }
  for (const [organisationId, { name, registrationIds }] of byOrganisation) {
    if (registrationIds.length > 1) {
      problems.push({
        code: 'organisatie-dubbel-ingeschreven',
        message: {
          nl: `Organisatie '${name}' (${organisationId}) heeft ${registrationIds.length} inschrijvingen (${registrationIds.join(', ')}); per organisatie is één inschrijving toegestaan`,
          en: `Organisation '${name}' (${organisationId}) has ${registrationIds.length} registrations (${registrationIds.join(', ')}); one registration per organisation is allowed`,
        },
      });
    }
  }
  return problems;
}
