import { PERCELEN, type DistributionFramework, type ValidationProblem } from './types';

export const MAX_SEATS = 50;
/** Keeps the exact probability computation (which enumerates the reserved seats of a perceel) tractable. */
export const MAX_MINIMUM_PER_PERCEEL = 10;

/**
 * The Verdelingskader of Bijlage 9 §3: twelve seats, percelen 1-4 at least two, perceel 5 at least one,
 * different grootte within a perceel, at least one lokale aanbieder per perceel. The document weighs continuity
 * and inflow without numbers; three returning and three new aanbieders (a quarter of the table each) is
 * Tafelbot's default, editable per round.
 */
export function defaultFramework(): DistributionFramework {
  return {
    seats: 12,
    minimumPerPerceel: { 1: 2, 2: 2, 3: 2, 4: 2, 5: 1 },
    differentGrootteWithinPerceel: true,
    atLeastOneLokaalPerPerceel: true,
    continuity: { minimumReturning: 3 },
    inflow: { minimumNewcomers: 3 },
  };
}

function isWholeNumberBetween(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'ontbreekt' : JSON.stringify(value);
}

function describeEn(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

/**
 * Checks a framework as entered by a gemeente or read from a record. Takes `unknown` because records come from
 * JSON files; every problem is reported, not only the first.
 */
export function validateFramework(framework: unknown): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!isRecord(framework)) {
    return [
      {
        code: 'kader-ontbreekt',
        message: {
          nl: 'Het verdelingskader ontbreekt of is geen object',
          en: 'The distribution framework is missing or not an object',
        },
      },
    ];
  }
  const {
    seats,
    minimumPerPerceel,
    differentGrootteWithinPerceel,
    atLeastOneLokaalPerPerceel,
    continuity,
    inflow,
  } = framework;

  const seatsValid = isWholeNumberBetween(seats, 1, MAX_SEATS);
  if (!seatsValid) {
    problems.push({
      code: 'zetels-ongeldig',
      message: {
        nl: `Het aantal zetels moet tussen 1 en ${MAX_SEATS} liggen (een geheel getal); nu: ${describe(seats)}`,
        en: `The number of seats must be a whole number from 1 to ${MAX_SEATS}; now: ${describeEn(seats)}`,
      },
    });
  }

  let minimumsValid = isRecord(minimumPerPerceel);
  if (!isRecord(minimumPerPerceel)) {
    problems.push({
      code: 'perceelminima-ontbreken',
      message: {
        nl: 'De minimumaantallen per perceel ontbreken (verwacht: een aantal voor perceel 1 t/m 5)',
        en: 'The minimum numbers per lot are missing (expected: a number for lots 1 to 5)',
      },
    });
  } else {
    for (const perceel of PERCELEN) {
      const minimum = minimumPerPerceel[String(perceel)];
      if (!isWholeNumberBetween(minimum, 0, MAX_MINIMUM_PER_PERCEEL)) {
        minimumsValid = false;
        problems.push({
          code: 'perceelminimum-ongeldig',
          message: {
            nl: `Het minimum voor perceel ${perceel} moet een geheel getal van 0 t/m ${MAX_MINIMUM_PER_PERCEEL} zijn; nu: ${describe(minimum)}`,
            en: `The minimum for lot ${perceel} must be a whole number from 0 to ${MAX_MINIMUM_PER_PERCEEL}; now: ${describeEn(minimum)}`,
          },
        });
      }
    }
    const unknownKeys = Object.keys(minimumPerPerceel).filter(
      (key) => !['1', '2', '3', '4', '5'].includes(key),
    );
    if (unknownKeys.length > 0) {
      minimumsValid = false;
      problems.push({
        code: 'perceel-onbekend',
        message: {
          nl: `Onbekend perceel in de minimumaantallen: ${unknownKeys.join(', ')} (toegestaan: 1 t/m 5)`,
          en: `Unknown lot in the minimum numbers: ${unknownKeys.join(', ')} (allowed: 1 to 5)`,
        },
      });
    }
  }
  if (seatsValid && minimumsValid && isRecord(minimumPerPerceel)) {
    const sum = PERCELEN.reduce(
      (total, perceel) => total + (minimumPerPerceel[String(perceel)] as number),
      0,
    );
    if (sum > (seats as number)) {
      problems.push({
        code: 'perceelminima-te-hoog',
        message: {
          nl: `De minimumaantallen per perceel tellen op tot ${sum}, meer dan de ${seats as number} zetels`,
          en: `The minimum numbers per lot add up to ${sum}, more than the ${seats as number} seats`,
        },
      });
    }
  }

  if (typeof differentGrootteWithinPerceel !== 'boolean') {
    problems.push({
      code: 'regel-grootte-ongeldig',
      message: {
        nl: `De regel 'verschillende grootte per perceel' moet aan of uit staan (true/false); nu: ${describe(differentGrootteWithinPerceel)}`,
        en: `The rule 'different sizes per lot' must be on or off (true/false); now: ${describeEn(differentGrootteWithinPerceel)}`,
      },
    });
  }
  if (typeof atLeastOneLokaalPerPerceel !== 'boolean') {
    problems.push({
      code: 'regel-lokaal-ongeldig',
      message: {
        nl: `De regel 'minimaal één lokale aanbieder per perceel' moet aan of uit staan (true/false); nu: ${describe(atLeastOneLokaalPerPerceel)}`,
        en: `The rule 'at least one local provider per lot' must be on or off (true/false); now: ${describeEn(atLeastOneLokaalPerPerceel)}`,
      },
    });
  }

  const upperBound = seatsValid ? (seats as number) : MAX_SEATS;
  const minimumReturning = isRecord(continuity) ? continuity.minimumReturning : undefined;
  const minimumNewcomers = isRecord(inflow) ? inflow.minimumNewcomers : undefined;
  const returningValid = isWholeNumberBetween(minimumReturning, 0, upperBound);
  const newcomersValid = isWholeNumberBetween(minimumNewcomers, 0, upperBound);
  if (!returningValid) {
    problems.push({
      code: 'continuiteit-ongeldig',
      message: {
        nl: `Het minimum aantal terugkerende aanbieders (continuïteit) moet een geheel getal van 0 t/m ${upperBound} zijn; nu: ${describe(minimumReturning)}`,
        en: `The minimum number of returning providers (continuity) must be a whole number from 0 to ${upperBound}; now: ${describeEn(minimumReturning)}`,
      },
    });
  }
  if (!newcomersValid) {
    problems.push({
      code: 'instroom-ongeldig',
      message: {
        nl: `Het minimum aantal nieuwe aanbieders (instroom) moet een geheel getal van 0 t/m ${upperBound} zijn; nu: ${describe(minimumNewcomers)}`,
        en: `The minimum number of new providers (inflow) must be a whole number from 0 to ${upperBound}; now: ${describeEn(minimumNewcomers)}`,
      },
    });
  }
  if (
    seatsValid &&
    returningValid &&
    newcomersValid &&
    minimumReturning + minimumNewcomers > (seats as number)
  ) {
    problems.push({
      code: 'continuiteit-instroom-te-hoog',
      message: {
        nl: `Het minimum aantal terugkerende (${minimumReturning}) en nieuwe aanbieders (${minimumNewcomers}) samen is meer dan de ${seats as number} zetels`,
        en: `The minimum numbers of returning (${minimumReturning}) and new providers (${minimumNewcomers}) together exceed the ${seats as number} seats`,
      },
    });
  }
  return problems;
}
