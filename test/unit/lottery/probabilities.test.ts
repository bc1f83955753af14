import fc from 'fast-check';
import {
  computeSelectionProbabilities,
  type DistributionFramework,
  type ProbabilityTable,
  type RandomSource,
  type Registration,
} from '../../../src/domain/lottery';
import { prepareRegistrations } from '../../../src/domain/lottery/prepared';
import { runDrawProcedure } from '../../../src/domain/lottery/procedure';
import {
  framework,
  frameworkArbitrary,
  registration,
  registrationsArbitrary,
  seedArbitrary,
} from './support';

/**
 * The selection probabilities of the real draw procedure by brute force: every random choice it asks for is
 * branched over all its values, each leaf weighted by the product of 1/bound. Independent of the combinatorics
 * of the exact method, so agreement checks that method against the code that actually draws.
 */
function enumeratedProbabilities(
  registrations: readonly Registration[],
  rules: DistributionFramework,
): Map<string, number> {
  const prepared = prepareRegistrations(registrations);
  const marginal = new Array<number>(prepared.registrations.length).fill(0);
  const choices: number[] = [];
  for (;;) {
    const bounds: number[] = [];
    const source: RandomSource = {
      uniformInt(bound) {
        const position = bounds.length;
        bounds.push(bound);
        if (position >= choices.length) choices.push(0);
        return choices[position] as number;
      },
    };
    const trace = runDrawProcedure(prepared, rules, () => source, 'alleen-selectie');
    const weight = bounds.reduce((product, bound) => product / bound, 1);
    for (const pick of trace.picks) marginal[pick.index] = (marginal[pick.index] as number) + weight;
    choices.length = bounds.length;
    while (
      choices.length > 0 &&
      (choices[choices.length - 1] as number) + 1 >= (bounds[choices.length - 1] as number)
    ) {
      choices.pop();
      bounds.pop();
    }
    if (choices.length === 0) break;
    choices[choices.length - 1] = (choices[choices.length - 1] as number) + 1;
  }
  return new Map(prepared.registrations.map((r, i) => [r.registrationId, marginal[i] as number]));
}

const sumOf = (table: ProbabilityTable): number =>
  table.entries.reduce((sum, entry) => sum + entry.probability, 0);

/** A field with every kind of competition: lokale seats, grootte seats, continuity, inflow and free seats. */
function smallField(): Registration[] {
  return [
    registration('a1', 1, 'klein', 'lokaal'),
    registration('a2', 1, 'klein', 'lokaal', true),
    registration('a3', 1, 'groot'),
    registration('a4', 1, 'groot', 'regionaal', true),
    registration('a5', 1, 'middel'),
    registration('b1', 2, 'middel', 'regionaal', true),
    registration('b2', 2, 'middel', 'regionaal', true),
    registration('b3', 2, 'klein'),
    registration('c1', 3, 'groot', 'lokaal'),
    registration('d1', 4, 'klein', 'regionaal', true),
    registration('d2', 4, 'middel'),
    registration('e1', 5, 'klein'),
    registration('e2', 5, 'groot', 'lokaal', true),
    registration('f1', 3, 'middel', 'regionaal', true),
  ];
}
const smallRules = framework({
  seats: 10,
  minimumPerPerceel: { 1: 2, 2: 2, 3: 1, 4: 1, 5: 1 },
  continuity: { minimumReturning: 4 },
  inflow: { minimumNewcomers: 3 },
});

describe('exact probabilities', () => {
  it('equal the brute-force enumeration of the draw procedure, for random small fields', () => {
    fc.assert(
      fc.property(
        registrationsArbitrary(7),
        frameworkArbitrary()
          .map((rules) => ({ ...rules, seats: Math.min(rules.seats, 6) }))
          .filter(
            (rules) => Object.values(rules.minimumPerPerceel).reduce((a, b) => a + b, 0) <= rules.seats,
          ),
        (registrations, generated) => {
          const rules: DistributionFramework = {
            ...generated,
            continuity: {
              minimumReturning: Math.min(generated.continuity.minimumReturning, generated.seats),
            },
            inflow: {
              minimumNewcomers: Math.min(
                generated.inflow.minimumNewcomers,
                generated.seats - Math.min(generated.continuity.minimumReturning, generated.seats),
              ),
            },
          };
          const table = computeSelectionProbabilities(registrations, rules, 'x');
          expect(table.method).toBe('exact');
          const enumerated = enumeratedProbabilities(registrations, rules);
          for (const entry of table.entries) {
            expect(entry.probability).toBeCloseTo(enumerated.get(entry.registrationId) as number, 12);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('agree with the enumeration on a field where every step competes', () => {
    const table = computeSelectionProbabilities(smallField(), smallRules, 'x');
    const enumerated = enumeratedProbabilities(smallField(), smallRules);
    for (const entry of table.entries) {
      expect(entry.probability).toBeCloseTo(enumerated.get(entry.registrationId) as number, 12);
    }
  });

  it('sum to the number of seats filled', () => {
    fc.assert(
      fc.property(
        registrationsArbitrary(60),
        frameworkArbitrary(),
        seedArbitrary,
        (registrations, rules, seed) => {
          const table = computeSelectionProbabilities(registrations, rules, seed);
          expect(sumOf(table)).toBeCloseTo(Math.min(rules.seats, registrations.length), 9);
          for (const entry of table.entries) {
            expect(entry.probability).toBeGreaterThanOrEqual(-1e-12);
            expect(entry.probability).toBeLessThanOrEqual(1 + 1e-12);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('give candidates of equal standing equal probabilities, and certainty where a rule leaves no choice', () => {
    const table = computeSelectionProbabilities(smallField(), smallRules, 'x');
    const byId = new Map(table.entries.map((entry) => [entry.registrationId, entry]));
    expect(byId.get('b1')?.probability).toBe(byId.get('b2')?.probability);
    // c1 is the only lokale aanbieder of perceel 3, which has one reserved seat.
    expect(byId.get('c1')?.probability).toBeCloseTo(1, 12);
    expect(byId.get('c1')?.category).toBe('perceel 3 · groot · lokaal · nieuw');
    expect(table.entries.every((entry) => entry.method === 'exact' && entry.runs === undefined)).toBe(true);
  });

  it('do not depend on the seed or the input order', () => {
    const table = computeSelectionProbabilities(smallField(), smallRules, 'een');
    expect(computeSelectionProbabilities([...smallField()].reverse(), smallRules, 'twee')).toEqual(table);
  });
});

describe('Monte Carlo estimates', () => {
  const cases: Array<[string, Registration[], DistributionFramework]> = [
    ['every step competes', smallField(), smallRules],
    [
      'one perceel, lokaal and grootte rules',
      [
        registration('l1', 1, 'klein', 'lokaal'),
        registration('l2', 1, 'groot', 'lokaal'),
        ...[1, 2, 3, 4, 5].map((i) => registration(`k${i}`, 1, 'klein')),
        ...[1, 2, 3, 4, 5].map((i) => registration(`g${i}`, 1, 'groot')),
      ],
      framework({ seats: 4, minimumPerPerceel: { 1: 3, 2: 0, 3: 0, 4: 0, 5: 0 } }),
    ],
  ];

  it.each(cases)(
    'agree with the exact probabilities within the stated error (%s)',
    (_name, registrations, rules) => {
      const exact = computeSelectionProbabilities(registrations, rules, 'mc');
      const estimated = computeSelectionProbabilities(registrations, rules, 'mc', {
        method: 'monte-carlo',
        monteCarloRuns: 2000,
      });
      expect(estimated.method).toBe('monte-carlo');
      expect(estimated.runs).toBe(2000);
      const categories = new Map<string, { exact: number; estimate: (typeof estimated.entries)[number] }>();
      estimated.entries.forEach((entry, i) => {
        categories.set(entry.category, {
          exact: (exact.entries[i] as { probability: number }).probability,
          estimate: entry,
        });
      });
      let inside = 0;
      for (const { exact: truth, estimate } of categories.values()) {
        const halfWidth = estimate.halfWidth95 as number;
        const [low, high] = estimate.interval95 as [number, number];
        expect(low).toBeLessThanOrEqual(estimate.probability);
        expect(high).toBeGreaterThanOrEqual(estimate.probability);
        if (Math.abs(truth - estimate.probability) <= halfWidth) inside += 1;
        // No class may miss by more than four standard errors (or the rule-of-three bound when all runs agreed).
        const bound =
          (estimate.standardError as number) > 0 ? 4 * (estimate.standardError as number) : halfWidth;
        expect(Math.abs(truth - estimate.probability)).toBeLessThanOrEqual(bound + 1e-12);
      }
      // A 95% interval may miss now and then, but not often.
      expect(inside / categories.size).toBeGreaterThanOrEqual(0.75);
    },
  );

  it('sum to the number of seats filled and are reproducible from the seed', () => {
    const options = { method: 'monte-carlo', monteCarloRuns: 500 } as const;
    const table = computeSelectionProbabilities(smallField(), smallRules, 'herhaal', options);
    expect(sumOf(table)).toBeCloseTo(10, 9);
    expect(
      computeSelectionProbabilities([...smallField()].reverse(), smallRules, 'herhaal', options),
    ).toEqual(table);
    expect(computeSelectionProbabilities(smallField(), smallRules, 'ander', options)).not.toEqual(table);
  });

  it('state the runs, standard error and 95% half-width for every registrant', () => {
    const table = computeSelectionProbabilities(smallField(), smallRules, 's', {
      method: 'monte-carlo',
      monteCarloRuns: 300,
    });
    for (const entry of table.entries) {
      expect(entry.method).toBe('monte-carlo');
      expect(entry.runs).toBe(300);
      expect(entry.standardError).toBeGreaterThanOrEqual(0);
      expect(entry.halfWidth95).toBeGreaterThan(0);
    }
    // c1 always gets the reserved seat of perceel 3: no spread, so the rule of three (3 / runs) is stated.
    const certain = table.entries.find((entry) => entry.registrationId === 'c1');
    expect(certain).toMatchObject({
      probability: 1,
      standardError: 0,
      halfWidth95: 0.01,
      interval95: [0.99, 1],
    });
  });

  it('take over automatically when the reserved seats of a perceel are too many to enumerate', () => {
    const grootten = ['klein', 'middel', 'groot'] as const;
    const herkomsten = ['lokaal', 'regionaal'] as const;
    const crowded = grootten.flatMap((grootte) =>
      herkomsten.flatMap((herkomst) =>
        [false, true].flatMap((returning) =>
          [0, 1, 2].map((i) =>
            registration(`${grootte}-${herkomst}-${returning}-${i}`, 1, grootte, herkomst, returning),
          ),
        ),
      ),
    );
    const rules = framework({ seats: 12, minimumPerPerceel: { 1: 10, 2: 0, 3: 0, 4: 0, 5: 0 } });
    const table = computeSelectionProbabilities(crowded, rules, 'vol', { monteCarloRuns: 400 });
    expect(table.method).toBe('monte-carlo');
    expect(table.runs).toBe(400);
    expect(sumOf(table)).toBeCloseTo(12, 9);
  });

  it('refuses a number of runs outside 100..100,000', () => {
    expect(() =>
      computeSelectionProbabilities(smallField(), smallRules, 's', { monteCarloRuns: 10 }),
    ).toThrow('Het aantal simulaties moet een geheel getal van 100 t/m 100000 zijn; nu: 10');
  });
});
