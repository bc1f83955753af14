import {
  commitmentOf,
  seedFromCommitReveal,
  computeSelectionProbabilities,
  defaultFramework,
  drawSelection,
  registrationsSha256,
  Sha256CounterStream,
  sortCanonically,
  type Registration,
} from '../../../src/domain/lottery';
import { registration } from './support';

/**
 * The worked example of docs/lottery.md §7: a known answer for anyone re-implementing "tafelbot-loting/1". If this
 * test has to change, the algorithm changed, and so must its version string and the document.
 */
const example: Registration[] = [
  registration('r01', 1, 'klein', 'lokaal'),
  registration('r02', 1, 'groot', 'regionaal', true),
  registration('r03', 1, 'klein', 'regionaal'),
  registration('r04', 2, 'middel', 'lokaal', true),
  registration('r05', 2, 'middel', 'regionaal'),
  registration('r06', 2, 'groot', 'regionaal'),
  registration('r07', 3, 'klein', 'regionaal'),
  registration('r08', 3, 'klein', 'regionaal', true),
  registration('r09', 4, 'groot', 'lokaal'),
  registration('r10', 4, 'middel', 'regionaal'),
  registration('r11', 4, 'klein', 'lokaal', true),
  registration('r12', 5, 'klein', 'regionaal'),
  registration('r13', 5, 'groot', 'lokaal'),
  registration('r14', 1, 'middel', 'regionaal'),
  registration('r15', 3, 'groot', 'lokaal'),
  registration('r16', 2, 'klein', 'regionaal'),
];
const SEED = 'voorbeeld-2027';

describe('worked example (docs/lottery.md §7)', () => {
  it('starts stream perceel-1 with the word sha256sum shows', () => {
    // printf 'voorbeeld-2027:perceel-1:0' | sha256sum → 9cf33e75…
    expect(new Sha256CounterStream(SEED, 'perceel-1').nextUint32()).toBe(0x9cf33e75);
  });

  it('gives the documented outcome and reserve list', () => {
    const outcome = drawSelection(example, defaultFramework(), SEED);
    expect(outcome.selected.map((entry) => [entry.registrationId, entry.reason])).toEqual([
      ['r01', 'lokale-aanbieder'],
      ['r14', 'verschillende-grootte'],
      ['r04', 'lokale-aanbieder'],
      ['r16', 'verschillende-grootte'],
      ['r15', 'lokale-aanbieder'],
      ['r08', 'verschillende-grootte'],
      ['r11', 'lokale-aanbieder'],
      ['r10', 'verschillende-grootte'],
      ['r13', 'lokale-aanbieder'],
      ['r12', 'vrije-loting'],
      ['r03', 'vrije-loting'],
      ['r02', 'vrije-loting'],
    ]);
    expect(outcome.reserve.map((entry) => entry.registrationId)).toEqual(['r07', 'r09', 'r05', 'r06']);
    expect(outcome.unmetRules).toEqual([]);
  });

  it('gives the documented probabilities and registrations hash', () => {
    const table = computeSelectionProbabilities(example, defaultFramework(), SEED);
    const probability = (id: string) =>
      table.entries.find((entry) => entry.registrationId === id)?.probability;
    for (const certain of ['r01', 'r04', 'r15', 'r13']) expect(probability(certain)).toBeCloseTo(1, 12);
    expect(probability('r02')).toBeCloseTo(0.7929, 4);
    expect(registrationsSha256(sortCanonically(example))).toBe(
      '31102f7e10f536ec5312961bfa7f2db887539ab49a8f8f351b1558242672d4ec',
    );
  });
});

describe('commit–reveal test vector (docs/lottery.md §7)', () => {
  const SECRET = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
  const PUBLIC_VALUE = '912,37';

  it('gives the documented commitment and seed (printf … | sha256sum)', () => {
    expect(commitmentOf(SECRET)).toBe('2a8abfa8cb9906290437854193ca6bca41d4d4e26d1d454bd66a35158095e737');
    expect(seedFromCommitReveal(SECRET, PUBLIC_VALUE)).toBe(
      '49bb24160fcb8f8eb6a731919b6114af76f8287462dcd1d457cc3abec10e84ca',
    );
  });

  it('gives the documented draw order for the sixteen example registrations', () => {
    const seed = seedFromCommitReveal(SECRET, PUBLIC_VALUE);
    expect(new Sha256CounterStream(seed, 'perceel-1').nextUint32()).toBe(0x94e7a43b);
    const outcome = drawSelection(example, defaultFramework(), seed);
    expect(outcome.selected.map((entry) => `${entry.registrationId} ${entry.reason}`)).toEqual([
      'r01 lokale-aanbieder',
      'r14 verschillende-grootte',
      'r04 lokale-aanbieder',
      'r16 verschillende-grootte',
      'r15 lokale-aanbieder',
      'r07 verschillende-grootte',
      'r09 lokale-aanbieder',
      'r10 verschillende-grootte',
      'r13 lokale-aanbieder',
      'r11 continuiteit',
      'r08 continuiteit',
      'r06 vrije-loting',
    ]);
    expect(outcome.reserve.map((entry) => entry.registrationId)).toEqual(['r02', 'r12', 'r05', 'r03']);
    expect(outcome.unmetRules).toEqual([]);
  });
});
