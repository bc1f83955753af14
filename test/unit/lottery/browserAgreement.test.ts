import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { runLotteryVerify } from '../../../src/cli/lotteryVerify';
import { buildDrawRecord, seedFromCommitReveal, type DrawRecord } from '../../../src/domain/lottery';
import { commitRevealRecord } from '../../support/commitRevealSamples';
import { frameworkArbitrary, registrationsArbitrary, reseal, seedArbitrary } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildLotteryBundle } = require('../../../scripts/build-browser.cjs') as {
  buildLotteryBundle(outfile?: string): Promise<string>;
};

/**
 * The browser verifier (the bundle the verification page loads, run here in node's vm without a document) and
 * `lottery:verify` give the same answer on 1,000 random records: true ones of both versions, and the four shapes of
 * the property tests in record.test.ts (flipped outcome, changed seed, edited registration, each resealed), plus a
 * changed secret and a changed public value for commit–reveal records, and files that are no record at all.
 */

type Verdict =
  | { kind: 'geen-verslag' | 'onbekende-versie'; message: string }
  | {
      kind: 'bevestigd' | 'weerlegd';
      result: { valid: boolean; committed: boolean; problems: { nl: string; en: string }[] };
    };

const directory = mkdtempSync(path.join(os.tmpdir(), 'loting-browser-'));
let browserVerify: (text: string) => Verdict;

beforeAll(async () => {
  const bundle = await buildLotteryBundle(path.join(directory, 'lotteryVerify.js'));
  const context = vm.createContext({ TextEncoder, setTimeout });
  vm.runInContext(readFileSync(bundle, 'utf8'), context);
  browserVerify = (context as { tafelbotLoting: { verifyRecordText(text: string): Verdict } }).tafelbotLoting
    .verifyRecordText;
}, 60_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const SHAPES = [
  'echt',
  'uitkomst-gewisseld',
  'seed-gewijzigd',
  'inschrijving-gewijzigd',
  'geheim-gewijzigd',
  'openbare-waarde-gewijzigd',
  'geen-verslag',
] as const;

const caseArbitrary = fc.record({
  registrations: registrationsArbitrary(24),
  framework: frameworkArbitrary(),
  seed: seedArbitrary,
  committed: fc.boolean(),
  shape: fc.constantFrom(...SHAPES),
  i: fc.nat(),
  j: fc.nat(),
});

type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

function recordFor(c: Case): unknown {
  const original: DrawRecord = c.committed
    ? commitRevealRecord(c.registrations, c.framework, { publicValue: c.seed })
    : (JSON.parse(
        JSON.stringify(
          buildDrawRecord({
            registrations: c.registrations,
            framework: c.framework,
            seed: c.seed,
            seedSource: 'aangekondigd',
            createdAt: new Date('2027-01-20T10:00:00Z'),
          }),
        ),
      ) as DrawRecord);
  switch (c.shape) {
    case 'echt':
      return original;
    case 'uitkomst-gewisseld': {
      const selected = [...original.outcome.selected];
      const reserve = [...original.outcome.reserve];
      if (selected.length === 0 || reserve.length === 0) return original;
      const s = c.i % selected.length;
      const r = c.j % reserve.length;
      const out = selected[s]!;
      const into = reserve[r]!;
      selected[s] = { ...out, ...into, rank: out.rank };
      reserve[r] = { ...into, registrationId: out.registrationId, organisationName: out.organisationName };
      return reseal({ ...original, outcome: { ...original.outcome, selected, reserve } });
    }
    case 'seed-gewijzigd':
      return reseal({ ...original, seed: `${original.seed}!` });
    case 'inschrijving-gewijzigd': {
      if (original.registrations.length === 0) return original;
      const k = c.i % original.registrations.length;
      return reseal({
        ...original,
        registrations: original.registrations.map((r, n) =>
          n === k ? { ...r, grootte: r.grootte === 'klein' ? ('groot' as const) : ('klein' as const) } : r,
        ),
      });
    }
    case 'geheim-gewijzigd': {
      if (!original.seedCommitment) return original;
      const secret = 'c'.repeat(64);
      return reseal({
        ...original,
        seedCommitment: { ...original.seedCommitment, secret },
        seed: seedFromCommitReveal(secret, original.seedCommitment.publicValue),
      });
    }
    case 'openbare-waarde-gewijzigd':
      return original.seedCommitment
        ? reseal({ ...original, seedCommitment: { ...original.seedCommitment, publicValue: `${c.seed}?` } })
        : original;
    case 'geen-verslag':
      return c.i % 2 === 0 ? { registrations: original.registrations } : [original.seed];
  }
}

async function cli(text: string): Promise<{ code: number; problems: string[] }> {
  const file = path.join(directory, 'verslag.json');
  writeFileSync(file, text, 'utf8');
  const out: string[] = [];
  const code = await runLotteryVerify([file, '--lang', 'nl'], {
    out: (l) => out.push(l),
    err: () => undefined,
  });
  return { code, problems: out.filter((l) => l.startsWith('  - ')).map((l) => l.slice(4)) };
}

describe('the browser verifier and lottery:verify', () => {
  it('agree on 1,000 random records of every shape', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        const text = JSON.stringify(recordFor(c));
        const browser = browserVerify(text);
        const node = await cli(text);
        const key = `${c.committed ? 'v2' : 'v1'} ${c.shape} ${browser.kind}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        const expectedCode = { bevestigd: 0, weerlegd: 1, 'geen-verslag': 2, 'onbekende-versie': 2 }[
          browser.kind
        ];
        expect(node.code).toBe(expectedCode);
        if (browser.kind === 'weerlegd')
          expect(node.problems).toEqual(browser.result.problems.map((p) => p.nl));
        if (browser.kind === 'bevestigd' || browser.kind === 'weerlegd') {
          expect(browser.result.committed).toBe(c.committed);
        }
        if (c.shape === 'geheim-gewijzigd' && c.committed) expect(browser.kind).toBe('weerlegd');
      }),
      { numRuns: 1000 },
    );
    // Every shape was tried, and both answers occurred.
    const kinds = [...seen.keys()].join('\n');
    for (const shape of SHAPES) expect(kinds).toContain(` ${shape} `);
    expect(kinds).toContain('bevestigd');
    expect(kinds).toContain('weerlegd');
    expect(kinds).toContain('geen-verslag');
  }, 600_000);
});
