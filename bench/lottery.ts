/**
 * Benchmark of the Overlegtafel lottery for 1,000 registrations: the draw, the record with its probability table
 * (exact, and forced Monte Carlo with 2,000 runs) and verification. Run alone with `npx tsx bench/lottery.ts`;
 * the main bench calls {@link runLotteryBench}.
 */
import { performance } from 'node:perf_hooks';
import {
  GROOTTES,
  Sha256CounterStream,
  buildDrawRecord,
  defaultFramework,
  drawSelection,
  verifyDrawRecord,
  type DrawRecord,
  type Perceel,
  type Registration,
} from '../src/domain/lottery';

const REGISTRATIONS = 1000;
/** Last year's table: twelve of the registrants sat at it. */
const RETURNING = 12;
const SEED = 'bench-2027';

/** A reproducible field: percelen weighted towards Wmo and Jeugd-Algemeen, about a third lokaal. */
export function benchRegistrations(count = REGISTRATIONS): Registration[] {
  const random = new Sha256CounterStream('bench-inschrijvingen', 'velden');
  const perceelWeights: Array<[Perceel, number]> = [
    [1, 25],
    [2, 30],
    [3, 25],
    [4, 15],
    [5, 5],
  ];
  const pickPerceel = (): Perceel => {
    let roll = random.uniformInt(100);
    for (const [perceel, weight] of perceelWeights) {
      if (roll < weight) return perceel;
      roll -= weight;
    }
    return 5;
  };
  return Array.from({ length: count }, (_, i) => {
    const id = String(i).padStart(4, '0');
    return {
      registrationId: `inschrijving-${id}`,
      organisationId: `org-${id}`,
      organisationName: `Zorgaanbieder ${id}`,
      perceel: pickPerceel(),
      grootte: GROOTTES[random.uniformInt(3)] as Registration['grootte'],
      herkomst: random.uniformInt(3) === 0 ? 'lokaal' : 'regionaal',
      previouslySeated: i < RETURNING,
      registeredAt: '2027-01-10T09:30:00Z',
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function time(repeats: number, action: () => void): number {
  action(); // warm-up: JIT and module initialisation are not what we measure
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    action();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function runLotteryBench(): Promise<Array<{ name: string; ms: number }>> {
  const registrations = benchRegistrations();
  const framework = defaultFramework();
  const recordInput = {
    title: 'Benchmark',
    registrations,
    framework,
    seed: SEED,
    seedSource: 'benchmark',
  };
  let exactRecord: DrawRecord | undefined;
  let monteCarloRecord: DrawRecord | undefined;
  const results = [
    {
      name: 'loting: drawSelection (1.000 inschrijvingen)',
      ms: time(9, () => drawSelection(registrations, framework, SEED)),
    },
    {
      name: 'loting: buildDrawRecord + kansen exact',
      ms: time(9, () => (exactRecord = buildDrawRecord(recordInput))),
    },
    {
      name: 'loting: buildDrawRecord + kansen Monte Carlo (2.000 runs)',
      ms: time(5, () => {
        monteCarloRecord = buildDrawRecord({
          ...recordInput,
          probabilities: { method: 'monte-carlo', monteCarloRuns: 2000 },
        });
      }),
    },
  ];
  const exact = JSON.parse(JSON.stringify(exactRecord)) as unknown;
  const monteCarlo = JSON.parse(JSON.stringify(monteCarloRecord)) as unknown;
  for (const [name, record] of [
    ['loting: verifyDrawRecord (kansen exact)', exact],
    ['loting: verifyDrawRecord (kansen Monte Carlo, 2.000 runs)', monteCarlo],
  ] as const) {
    if (!verifyDrawRecord(record).valid) throw new Error(`${name}: het eigen verslag wordt niet bevestigd`);
    results.push({ name, ms: time(5, () => verifyDrawRecord(record)) });
  }
  return results;
}

if (require.main === module) {
  void runLotteryBench().then((results) => {
    const width = Math.max(...results.map((r) => r.name.length));
    console.log(`${'meting'.padEnd(width)}  mediaan (ms)`);
    for (const { name, ms } of results) console.log(`${name.padEnd(width)}  ${ms.toFixed(1).padStart(12)}`);
  });
}
