import fc from 'fast-check';
import {
  PERCELEN,
  drawSelection,
  type DistributionFramework,
  type Registration,
  type SelectionOutcome,
} from '../../../src/domain/lottery';
import { prepareRegistrations } from '../../../src/domain/lottery/prepared';
import { runDrawProcedure } from '../../../src/domain/lottery/procedure';
import { sha256Streams } from '../../../src/domain/lottery/random';
import {
  frameworkArbitrary,
  registration,
  registrationsArbitrary,
  seedArbitrary,
  selectedIds,
} from './support';

/**
 * An independent reading of the framework: which rules could be met for these registrations, and which the
 * outcome meets. Written from docs/lottery.md, not from the implementation.
 */
function ruleReport(
  registrations: readonly Registration[],
  framework: DistributionFramework,
  outcome: SelectionOutcome,
) {
  const byId = new Map(registrations.map((r) => [r.registrationId, r]));
  const chosen = outcome.selected.map((entry) => byId.get(entry.registrationId) as Registration);
  const violations: string[] = [];
  const notMet: string[] = [];
  let reservedTotal = 0;

  for (const perceel of PERCELEN) {
    const minimum = framework.minimumPerPerceel[perceel];
    const members = registrations.filter((r) => r.perceel === perceel);
    const seated = chosen.filter((r) => r.perceel === perceel);
    reservedTotal += Math.min(minimum, members.length);
    if (minimum === 0) continue;

    if (seated.length < Math.min(minimum, members.length)) violations.push(`perceel ${perceel}: minimum`);
    if (seated.length < minimum) notMet.push(`perceelminimum:${perceel}`);

    if (framework.differentGrootteWithinPerceel && minimum >= 2) {
      const available = new Set(members.map((r) => r.grootte)).size;
      const achieved = new Set(seated.map((r) => r.grootte)).size;
      if (available >= 2 && achieved < 2) violations.push(`perceel ${perceel}: verschillende grootte`);
      if (achieved < 2) notMet.push(`verschillende-grootte:${perceel}`);
    }
    if (framework.atLeastOneLokaalPerPerceel) {
      const available = members.some((r) => r.herkomst === 'lokaal');
      const achieved = seated.some((r) => r.herkomst === 'lokaal');
      if (available && !achieved) violations.push(`perceel ${perceel}: lokale aanbieder`);
      if (!achieved) notMet.push(`lokale-aanbieder:${perceel}`);
    }
  }

  // Continuity and inflow can always be met up to the seats the perceel minimums leave over.
  const seatsAfterPercelen = framework.seats - reservedTotal;
  const returning = chosen.filter((r) => r.previouslySeated).length;
  const returningAvailable = registrations.filter((r) => r.previouslySeated).length;
  if (returning < Math.min(framework.continuity.minimumReturning, returningAvailable, seatsAfterPercelen)) {
    violations.push('continuïteit');
  }
  if (returning < framework.continuity.minimumReturning) notMet.push('continuiteit');
  const newcomers = chosen.length - returning;
  const newcomersAvailable = registrations.length - returningAvailable;
  if (newcomers < Math.min(framework.inflow.minimumNewcomers, newcomersAvailable, seatsAfterPercelen)) {
    violations.push('instroom');
  }
  if (newcomers < framework.inflow.minimumNewcomers) notMet.push('instroom');

  return { violations, notMet: notMet.sort() };
}

const listedUnmet = (outcome: SelectionOutcome): string[] =>
  outcome.unmetRules
    .map((rule) => (rule.perceel === undefined ? rule.rule : `${rule.rule}:${rule.perceel}`))
    .sort();

const drawCase = fc.record({
  registrations: registrationsArbitrary(60),
  framework: frameworkArbitrary(),
  seed: seedArbitrary,
});

describe('drawSelection, over random registration sets', () => {
  it('meets every rule that can be met, and lists exactly the rules it does not meet', () => {
    fc.assert(
      fc.property(drawCase, ({ registrations, framework, seed }) => {
        const outcome = drawSelection(registrations, framework, seed);
        const { violations, notMet } = ruleReport(registrations, framework, outcome);
        expect(violations).toEqual([]);
        expect(listedUnmet(outcome)).toEqual(notMet);
        for (const rule of outcome.unmetRules) {
          expect(rule.message.length).toBeGreaterThan(10);
          expect(rule.achieved).toBeLessThan(rule.required);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never exceeds the seats and fills them while registrations remain', () => {
    fc.assert(
      fc.property(drawCase, ({ registrations, framework, seed }) => {
        const outcome = drawSelection(registrations, framework, seed);
        expect(outcome.selected.length).toBeLessThanOrEqual(framework.seats);
        expect(outcome.seatsFilled).toBe(Math.min(framework.seats, registrations.length));
        expect(outcome.selected.length).toBe(outcome.seatsFilled);
      }),
      { numRuns: 300 },
    );
  });

  it('seats no organisation twice, and selected plus reserve hold every registration exactly once', () => {
    fc.assert(
      fc.property(drawCase, ({ registrations, framework, seed }) => {
        const outcome = drawSelection(registrations, framework, seed);
        const organisations = outcome.selected.map((entry) => entry.organisationId);
        expect(new Set(organisations).size).toBe(organisations.length);
        const all = [...outcome.selected, ...outcome.reserve].map((entry) => entry.registrationId).sort();
        expect(all).toEqual(registrations.map((r) => r.registrationId).sort());
        expect(outcome.selected.map((entry) => entry.rank)).toEqual(outcome.selected.map((_, i) => i + 1));
        expect(outcome.reserve.map((entry) => entry.rank)).toEqual(outcome.reserve.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same outcome for the same seed, whatever the order of the registrations', () => {
    fc.assert(
      fc.property(
        drawCase.chain((drawn) =>
          fc.record({
            drawn: fc.constant(drawn),
            shuffled: fc.shuffledSubarray(drawn.registrations, {
              minLength: drawn.registrations.length,
              maxLength: drawn.registrations.length,
            }),
          }),
        ),
        ({ drawn, shuffled }) => {
          const outcome = drawSelection(drawn.registrations, drawn.framework, drawn.seed);
          expect(drawSelection(drawn.registrations, drawn.framework, drawn.seed)).toEqual(outcome);
          expect(drawSelection(shuffled, drawn.framework, drawn.seed)).toEqual(outcome);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('selects the same in the simulation mode that stops early as in the full draw', () => {
    fc.assert(
      fc.property(drawCase, ({ registrations, framework, seed }) => {
        const prepared = prepareRegistrations(registrations);
        const full = runDrawProcedure(prepared, framework, sha256Streams(seed), 'volledig');
        const early = runDrawProcedure(prepared, framework, sha256Streams(seed), 'alleen-selectie');
        expect(early.picks).toEqual(full.picks);
        expect(early.reserve).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('depends on the seed where chance decides (20 registrations for 4 free seats, 20 seeds)', () => {
    const registrations = Array.from({ length: 20 }, (_, i) =>
      registration(`r${String(i).padStart(2, '0')}`, 1),
    );
    const outcomes = new Set(
      Array.from({ length: 20 }, (_, i) =>
        selectedIds(drawSelection(registrations, seatsOnly(4), `zaad-${i}`)).join(','),
      ),
    );
    expect(outcomes.size).toBeGreaterThan(15);
  });

  it('states the reason of every seat, and perceel reasons only for seats of that perceel step', () => {
    fc.assert(
      fc.property(drawCase, ({ registrations, framework, seed }) => {
        const outcome = drawSelection(registrations, framework, seed);
        const order = ['perceel', 'continuiteit', 'instroom', 'vrije-loting'];
        const step = (reason: string) =>
          ['lokale-aanbieder', 'verschillende-grootte', 'perceelminimum'].includes(reason)
            ? 0
            : order.indexOf(reason);
        const steps = outcome.selected.map((entry) => step(entry.reason));
        expect(steps).toEqual([...steps].sort((a, b) => a - b));
        const percelen = outcome.selected.filter((e) => step(e.reason) === 0).map((e) => e.perceel);
        expect(percelen).toEqual([...percelen].sort((a, b) => a - b));
        for (const entry of outcome.selected) expect(entry.reasonDescription).not.toBe('');
      }),
      { numRuns: 200 },
    );
  });
});

function seatsOnly(seats: number): DistributionFramework {
  return {
    seats,
    minimumPerPerceel: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    differentGrootteWithinPerceel: true,
    atLeastOneLokaalPerPerceel: true,
    continuity: { minimumReturning: 0 },
    inflow: { minimumNewcomers: 0 },
  };
}
