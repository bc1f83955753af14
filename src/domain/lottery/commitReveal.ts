import { sha256Hex } from './sha256';
import { validateSeed } from './random';
import type { SeedCommitment, ValidationProblem } from './types';

/**
 * Commit, then reveal (docs/lottery.md §1, in the spirit of RFC 3797): when the round opens Tafelbot draws a
 * secret and publishes only its SHA-256 (the commitment); the round also names a public value that becomes known
 * only after the registration deadline. At the draw both are revealed and the seed is derived from both, so
 * neither the gemeente (who cannot know the public value in advance) nor anyone who knows the public value (who
 * cannot know the secret) can compute the outcome before the deadline, and the secret cannot be swapped afterwards
 * without breaking the commitment.
 *
 *   commitment = hex(SHA-256(UTF-8(secret)))
 *   seed       = hex(SHA-256(UTF-8(secret + ":" + publicValue)))
 */

/** 32 random bytes, as 64 lower-case hex digits. */
export const SECRET_PATTERN = /^[0-9a-f]{64}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function commitmentOf(secret: string): string {
  return sha256Hex(secret);
}

export type { SeedCommitment };

export function seedFromCommitReveal(secret: string, publicValue: string): string {
  return sha256Hex(`${secret}:${publicValue}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a record's commitment and that the recorded seed is the one derived from it. The public value date is
 * compared with the deadline's UTC date: Amsterdam is ahead of UTC, so a round that passed the (stricter,
 * Amsterdam) check at opening always passes this one.
 */
export function checkSeedCommitment(value: unknown, seed: unknown): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      {
        code: 'toezegging-ontbreekt',
        message: {
          nl: "Het verslag mist de toezegging van de seed ('seedCommitment')",
          en: "The record lacks the commitment of the seed ('seedCommitment')",
        },
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  const {
    commitment,
    secret,
    publicValue,
    publicValueSource,
    publicValueDate,
    registrationDeadline,
    committedAt,
  } = value;
  if (typeof commitment !== 'string' || !HEX64.test(commitment)) {
    problems.push({
      code: 'toezegging-ongeldig',
      message: {
        nl: 'De toezegging moet 64 hexadecimale tekens zijn',
        en: 'The commitment must be 64 hexadecimal characters',
      },
    });
  }
  if (typeof secret !== 'string' || !SECRET_PATTERN.test(secret)) {
    problems.push({
      code: 'geheim-ongeldig',
      message: {
        nl: 'Het onthulde geheim moet 64 hexadecimale tekens zijn',
        en: 'The revealed secret must be 64 hexadecimal characters',
      },
    });
  }
  problems.push(
    ...validateSeed(publicValue).map((p) => ({
      code: `publieke-waarde-${p.code}`,
      message: { nl: `Openbare waarde: ${p.message.nl}`, en: `Public value: ${p.message.en}` },
    })),
  );
  if (typeof publicValueSource !== 'string' || publicValueSource.trim() === '') {
    problems.push({
      code: 'bron-ontbreekt',
      message: {
        nl: 'Het verslag noemt de bron van de openbare waarde niet',
        en: 'The record does not name the source of the public value',
      },
    });
  }
  if (typeof registrationDeadline !== 'string' || !ISO_INSTANT.test(registrationDeadline)) {
    problems.push({
      code: 'termijn-ongeldig',
      message: {
        nl: 'Het verslag mist de sluitingstermijn (ISO 8601)',
        en: 'The record lacks the registration deadline (ISO 8601)',
      },
    });
  }
  if (typeof committedAt !== 'string' || !ISO_INSTANT.test(committedAt)) {
    problems.push({
      code: 'toegezegd-ongeldig',
      message: {
        nl: 'Het verslag mist het moment van de toezegging',
        en: 'The record lacks the time of the commitment',
      },
    });
  }
  if (typeof publicValueDate !== 'string' || !LOCAL_DATE.test(publicValueDate)) {
    problems.push({
      code: 'datum-ongeldig',
      message: {
        nl: 'De datum van de openbare waarde moet JJJJ-MM-DD zijn',
        en: 'The date of the public value must be YYYY-MM-DD',
      },
    });
  } else if (
    typeof registrationDeadline === 'string' &&
    ISO_INSTANT.test(registrationDeadline) &&
    publicValueDate <= new Date(registrationDeadline).toISOString().slice(0, 10)
  ) {
    problems.push({
      code: 'datum-voor-termijn',
      message: {
        nl: `De openbare waarde (${publicValueDate}) is niet van na de sluitingstermijn (${registrationDeadline}): die kon vooraf bekend zijn`,
        en: `The public value (${publicValueDate}) is not from after the registration deadline (${registrationDeadline}): it could have been known in advance`,
      },
    });
  }
  if (
    typeof committedAt === 'string' &&
    typeof registrationDeadline === 'string' &&
    Date.parse(committedAt) >= Date.parse(registrationDeadline)
  ) {
    problems.push({
      code: 'toezegging-te-laat',
      message: {
        nl: 'De toezegging is niet vóór de sluitingstermijn gedaan',
        en: 'The commitment was not made before the registration deadline',
      },
    });
  }
  if (problems.length > 0) return problems;
  if (commitmentOf(secret as string) !== commitment) {
    problems.push({
      code: 'geheim-past-niet',
      message: {
        nl: `Het onthulde geheim past niet bij de vooraf gepubliceerde toezegging (SHA-256 van het geheim is ${commitmentOf(secret as string)}, toegezegd was ${String(commitment)})`,
        en: `The revealed secret does not match the commitment published in advance (SHA-256 of the secret is ${commitmentOf(secret as string)}, committed was ${String(commitment)})`,
      },
    });
  }
  const derived = seedFromCommitReveal(secret as string, publicValue as string);
  if (seed !== derived) {
    problems.push({
      code: 'seed-afgeleid',
      message: {
        nl: `De seed is niet afgeleid van het geheim en de openbare waarde (vastgelegd ${JSON.stringify(seed)}, afgeleid ${derived})`,
        en: `The seed is not derived from the secret and the public value (recorded ${JSON.stringify(seed)}, derived ${derived})`,
      },
    });
  }
  return problems;
}
