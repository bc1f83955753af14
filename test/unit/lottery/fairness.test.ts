import { computeSelectionProbabilities, drawSelection, type Registration } from '../../../src/domain/lottery';
import { CHI_SQUARE_999, chiSquareUniform, framework, registration } from './support';

/**
 * Statistical tests with fixed seeds: deterministic, yet they fail for a draw that favours a candidate (a biased
 * shuffle, modulo bias, input-order dependence) at the strict 0.1% level of the chi-square test.
 */

describe('candidates of equal standing are drawn equally often', () => {
  const identical = Array.from({ length: 10 }, (_, i) => registration(`gelijk-${i}`, 1, 'klein'));
  const threeSeats = framework({ seats: 3, minimumPerPerceel: { 1: 2, 2: 0, 3: 0, 4: 0, 5: 0 } });

  it('10 identical candidates for 3 seats over 3,000 seeds: selection counts pass chi-square (df 9, 0.1%)', () => {
    const selected = new Map(identical.map((r) => [r.registrationId, 0]));
    for (let i = 0; i < 3000; i++) {
      for (const entry of drawSelection(identical, threeSeats, `eerlijk-${i}`).selected) {
        selected.set(entry.registrationId, (selected.get(entry.registrationId) as number) + 1);
      }
    }
    const counts = [...selected.values()];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(9000);
    expect(chiSquareUniform(counts)).toBeLessThan(CHI_SQUARE_999[9] as number);
  });

  it('and the first place on the reserve list is equally likely for each of them', () => {
    const firstReserve = new Map(identical.map((r) => [r.registrationId, 0]));
    for (let i = 0; i < 3000; i++) {
      const first = drawSelection(identical, threeSeats, `reserve-${i}`).reserve[0]?.registrationId as string;
      firstReserve.set(first, (firstReserve.get(first) as number) + 1);
    }
    expect(chiSquareUniform([...firstReserve.values()])).toBeLessThan(CHI_SQUARE_999[9] as number);
  });

  it('in a mixed field, each class is internally even and matches its exact probability', () => {
    const field: Registration[] = [
      ...[0, 1].map((i) => registration(`p1-lokaal-klein-${i}`, 1, 'klein', 'lokaal')),
      ...[0, 1, 2, 3].map((i) => registration(`p1-groot-${i}`, 1, 'groot')),
      ...[0, 1, 2, 3, 4, 5].map((i) => registration(`p1-klein-${i}`, 1, 'klein')),
      ...[0, 1, 2, 3, 4].map((i) => registration(`p2-terug-${i}`, 2, 'middel', 'regionaal', true)),
      ...[0, 1, 2].map((i) => registration(`p2-lokaal-${i}`, 2, 'middel', 'lokaal')),
    ];
    const rules = framework({
      seats: 6,
      minimumPerPerceel: { 1: 2, 2: 2, 3: 0, 4: 0, 5: 0 },
      continuity: { minimumReturning: 1 },
    });
    const runs = 4000;
    const counts = new Map(field.map((r) => [r.registrationId, 0]));
    for (let i = 0; i < runs; i++) {
      for (const entry of drawSelection(field, rules, `gemengd-${i}`).selected) {
        counts.set(entry.registrationId, (counts.get(entry.registrationId) as number) + 1);
      }
    }
    const exact = computeSelectionProbabilities(field, rules, 'gemengd');
    expect(exact.method).toBe('exact');
    const classes = new Map<string, number[]>();
    for (const entry of exact.entries) {
      const observed = counts.get(entry.registrationId) as number;
      classes.set(entry.category, [...(classes.get(entry.category) ?? []), observed]);
      // Each candidate's count is binomial over independent seeds.
      const sd = Math.sqrt((entry.probability * (1 - entry.probability)) / runs);
      expect(Math.abs(observed / runs - entry.probability)).toBeLessThanOrEqual(4.5 * sd + 1e-12);
    }
    for (const [, classCounts] of classes) {
      if (classCounts.length < 2) continue;
      expect(chiSquareUniform(classCounts)).toBeLessThan(CHI_SQUARE_999[classCounts.length - 1] as number);
    }
  });
});
