import fc from 'fast-check';
import {
  GROOTTES,
  HERKOMSTEN,
  PERCELEN,
  canonicalJson,
  sha256Hex,
  type DistributionFramework,
  type DrawRecord,
  type Grootte,
  type Herkomst,
  type Perceel,
  type Registration,
  type SelectionOutcome,
} from '../../../src/domain/lottery';

export const REGISTERED_AT = '2027-01-10T09:30:00Z';

/** A registration with readable defaults; `id` becomes registrationId and the organisation id. */
export function registration(
  id: string,
  perceel: Perceel,
  grootte: Grootte = 'middel',
  herkomst: Herkomst = 'regionaal',
  previouslySeated = false,
): Registration {
  return {
    registrationId: id,
    organisationId: `org-${id}`,
    organisationName: `Zorgaanbieder ${id}`,
    perceel,
    grootte,
    herkomst,
    previouslySeated,
    registeredAt: REGISTERED_AT,
  };
}

export function framework(overrides: Partial<DistributionFramework> = {}): DistributionFramework {
  return {
    seats: 12,
    minimumPerPerceel: { 1: 2, 2: 2, 3: 2, 4: 2, 5: 1 },
    differentGrootteWithinPerceel: true,
    atLeastOneLokaalPerPerceel: true,
    continuity: { minimumReturning: 0 },
    inflow: { minimumNewcomers: 0 },
    ...overrides,
  };
}

const ID_CHARACTERS = [...'abcdefghijkmnpqrstuvwxyzABCXYZ0123456789-_.:'];

/**
 * Registration sets of 0..maxLength with unique ids. Each set draws its attributes from random subsets of the
 * percelen, grootten and herkomsten, so empty percelen, single-grootte percelen and missing lokale aanbieders
 * (the unmet-rule cases) are common rather than rare.
 */
export function registrationsArbitrary(maxLength = 60): fc.Arbitrary<Registration[]> {
  return fc
    .record({
      percelen: fc.subarray([...PERCELEN], { minLength: 1 }),
      grootten: fc.subarray([...GROOTTES], { minLength: 1 }),
      herkomsten: fc.subarray([...HERKOMSTEN], { minLength: 1 }),
      returningShare: fc.constantFrom(0, 0.2, 0.5, 1),
    })
    .chain(({ percelen, grootten, herkomsten, returningShare }) =>
      // The length is drawn explicitly: fast-check's default size would keep arrays near ten items.
      fc.integer({ min: 0, max: maxLength }).chain((length) =>
        fc.array(
          fc.record({
            perceel: fc.constantFrom(...percelen),
            grootte: fc.constantFrom(...grootten),
            herkomst: fc.constantFrom(...herkomsten),
            previouslySeated: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < returningShare),
          }),
          { minLength: length, maxLength: length },
        ),
      ),
    )
    .chain((attributes) =>
      fc
        .uniqueArray(fc.string({ unit: fc.constantFrom(...ID_CHARACTERS), minLength: 1, maxLength: 8 }), {
          minLength: attributes.length,
          maxLength: attributes.length,
        })
        .map((ids) =>
          attributes.map((attribute, i) => ({
            ...registration(ids[i] as string, attribute.perceel, attribute.grootte, attribute.herkomst),
            previouslySeated: attribute.previouslySeated,
          })),
        ),
    );
}

/** Valid frameworks, including the default; seats range from the sum of the minimums up to ten more. */
export function frameworkArbitrary(): fc.Arbitrary<DistributionFramework> {
  const random = fc
    .record({
      minimums: fc.tuple(...PERCELEN.map(() => fc.integer({ min: 0, max: 3 }))),
      extraSeats: fc.integer({ min: 0, max: 10 }),
      differentGrootteWithinPerceel: fc.boolean(),
      atLeastOneLokaalPerPerceel: fc.boolean(),
      returningShare: fc.double({ min: 0, max: 1, noNaN: true }),
      newcomerShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((drawn): DistributionFramework => {
      const [m1, m2, m3, m4, m5] = drawn.minimums;
      const seats = Math.max(1, m1 + m2 + m3 + m4 + m5 + drawn.extraSeats);
      const minimumReturning = Math.floor(drawn.returningShare * seats);
      const minimumNewcomers = Math.floor(drawn.newcomerShare * (seats - minimumReturning));
      return {
        seats,
        minimumPerPerceel: { 1: m1, 2: m2, 3: m3, 4: m4, 5: m5 },
        differentGrootteWithinPerceel: drawn.differentGrootteWithinPerceel,
        atLeastOneLokaalPerPerceel: drawn.atLeastOneLokaalPerPerceel,
        continuity: { minimumReturning },
        inflow: { minimumNewcomers },
      };
    });
  return fc.oneof(
    { arbitrary: random, weight: 4 },
    {
      arbitrary: fc.constant(
        framework({ continuity: { minimumReturning: 3 }, inflow: { minimumNewcomers: 3 } }),
      ),
      weight: 1,
    },
  );
}

export const seedArbitrary: fc.Arbitrary<string> = fc
  .string({ unit: fc.constantFrom(...'abcXYZ019 :-/é€'), minLength: 1, maxLength: 24 })
  .filter((seed) => seed.trim() === seed);

/** Recomputes both hashes after an edit, as a careful forger would; only the re-run can then refute the record. */
export function reseal(record: DrawRecord): DrawRecord {
  const withHash = { ...record, registrationsSha256: sha256Hex(canonicalJson(record.registrations)) };
  const withoutDigest: Record<string, unknown> = { ...withHash };
  delete withoutDigest.recordSha256;
  return { ...withHash, recordSha256: sha256Hex(canonicalJson(withoutDigest)) };
}

export function selectedIds(outcome: SelectionOutcome): string[] {
  return outcome.selected.map((entry) => entry.registrationId);
}

/** Chi-square statistic of observed counts against equal expected counts. */
export function chiSquareUniform(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

/** Upper 0.1% points of the chi-square distribution by degrees of freedom (standard tables). */
export const CHI_SQUARE_999: Readonly<Record<number, number>> = {
  1: 10.828,
  2: 13.816,
  3: 16.266,
  4: 18.467,
  5: 20.515,
  6: 22.458,
  7: 24.322,
  8: 26.124,
  9: 27.877,
};
