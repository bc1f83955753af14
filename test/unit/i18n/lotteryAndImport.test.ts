import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dryRunSummary, importSummary, lineErrorText } from '../../../src/cli/importSummary';
import { runLotteryVerify } from '../../../src/cli/lotteryVerify';
import {
  buildDrawRecord,
  checkSeedCommitment,
  commitmentOf,
  drawSelection,
  LotteryInputError,
  seedFromCommitReveal,
  unmetRuleMessages,
  validateFramework,
  validateRegistrations,
  validateSeed,
  verifyDrawRecord,
  type Bilingual,
  type DrawRecord,
  type Registration,
} from '../../../src/domain/lottery';
import { outcomeView, publicationView } from '../../../src/cards/views/drawViews';
import { parseOrganisationsCsv } from '../../../src/domain/registry/csvImport';
import { drawRecordPublicView } from '../../../src/public/publicBoundary';
import { PublicViewError } from '../../../src/public/publicViewTypes';
import { buildSampleRound } from '../../support/inschrijvingSamples';
import { framework, registration, reseal as resealRecord } from '../lottery/support';
import { DUTCH_WORDS, ENGLISH_WORDS, wordsFound } from './stopWords';

/**
 * Bilingual throughout (issue 21), for what the lottery and the organisation import say at run time: every problem
 * a verifier, the gemeente or the CLI can meet, in English without Dutch and in Dutch without English. Record data
 * (organisation names, titles, seed sources) is chosen free of stop words, so only Tafelbot's own words are judged.
 */

const CREATED_AT = new Date('2027-01-20T10:00:00Z');

/** A record edited by hand (also into shapes no record has) with its digests recomputed. */
const reseal = (edited: object): DrawRecord => resealRecord(edited as DrawRecord);
const SECRET = 'a'.repeat(64);

function field(): Registration[] {
  return [
    registration('r01', 1, 'klein', 'lokaal'),
    registration('r02', 1, 'groot'),
    registration('r03', 2, 'middel', 'lokaal', true),
    registration('r04', 3, 'klein', 'regionaal', true),
    registration('r05', 3, 'klein'),
    registration('r06', 4, 'groot'),
  ];
}

function plainRecord(registrations = field()): DrawRecord {
  return buildDrawRecord({
    title: 'Overlegtafel 2027',
    registrations,
    framework: framework({ continuity: { minimumReturning: 3 }, inflow: { minimumNewcomers: 5 } }),
    seed: 'AEX 2027-01-15 912,34',
    seedSource: 'AEX 2027-01-15',
    createdAt: CREATED_AT,
  });
}

function committedRecord(): DrawRecord {
  return buildDrawRecord({
    title: 'Overlegtafel 2027',
    registrations: field(),
    framework: framework({ seats: 10 }),
    seedCommitment: {
      commitment: commitmentOf(SECRET),
      secret: SECRET,
      publicValue: '912,37',
      publicValueSource: 'AEX 2027-01-16',
      publicValueDate: '2027-01-16',
      registrationDeadline: '2027-01-15T11:00:00.000Z',
      committedAt: '2026-12-01T09:00:00.000Z',
    },
    deviations: [{ rule: 'zetels', bijlage9: 12, chosen: 10, reason: 'Tien zetels' }],
    seedSource: 'AEX 2027-01-16',
    createdAt: CREATED_AT,
  });
}

/** Every kind of lottery problem there is, each as the {nl, en} pair a reader gets. */
function lotteryProblems(): Bilingual[] {
  const problems: Bilingual[] = [];
  const add = (found: readonly { message: Bilingual }[]) => problems.push(...found.map((p) => p.message));
  add(validateFramework(null));
  add(
    validateFramework({
      seats: 0,
      minimumPerPerceel: { 1: 11, 2: 'x', 7: 1 },
      differentGrootteWithinPerceel: 'ja',
      atLeastOneLokaalPerPerceel: undefined,
      continuity: { minimumReturning: -1 },
      inflow: {},
    }),
  );
  add(validateFramework(framework({ seats: 5 })));
  add(
    validateFramework(
      framework({ seats: 12, continuity: { minimumReturning: 7 }, inflow: { minimumNewcomers: 6 } }),
    ),
  );
  add(validateFramework({ ...framework(), minimumPerPerceel: undefined }));
  add(validateRegistrations('geen'));
  add(validateRegistrations([42, { registrationId: 'r 1', perceel: 6, grootte: 'reus', herkomst: 'x' }, {}]));
  const twin = { ...registration('a', 2), organisationId: 'org-b' };
  add(validateRegistrations([registration('a', 1), twin, registration('b', 1)]));
  add(validateSeed(''));
  add(validateSeed(` ${'x'.repeat(1001)}\n`));
  add(checkSeedCommitment(undefined, 'x'));
  add(
    checkSeedCommitment(
      {
        commitment: 'kort',
        secret: 'ook kort',
        publicValue: ' ',
        publicValueSource: '',
        publicValueDate: '16-01-2027',
        registrationDeadline: 'morgen',
        committedAt: 'gisteren',
      },
      'x',
    ),
  );
  add(
    checkSeedCommitment(
      {
        commitment: commitmentOf(SECRET),
        secret: SECRET,
        publicValue: '912,37',
        publicValueSource: 'AEX',
        publicValueDate: '2027-01-15',
        registrationDeadline: '2027-01-15T11:00:00.000Z',
        committedAt: '2027-01-16T09:00:00.000Z',
      },
      'x',
    ),
  );
  add(
    checkSeedCommitment(
      {
        commitment: commitmentOf('b'.repeat(64)),
        secret: SECRET,
        publicValue: '912,37',
        publicValueSource: 'AEX',
        publicValueDate: '2027-01-16',
        registrationDeadline: '2027-01-15T11:00:00.000Z',
        committedAt: '2026-12-01T09:00:00.000Z',
      },
      seedFromCommitReveal(SECRET, '1'),
    ),
  );
  try {
    buildDrawRecord({ registrations: field(), framework: framework(), seed: 'x', seedSource: ' ' });
  } catch (error) {
    add((error as LotteryInputError).problems);
  }

  // Verification of records: not a record, another version, missing parts, every kind of tampering.
  const record = plainRecord();
  const committed = committedRecord();
  const verified = (value: unknown) => problems.push(...verifyDrawRecord(value).problems);
  verified([1]);
  verified({ algorithmVersion: 'tafelbot-loting/9' });
  verified({ ...record, seedCommitment: committed.seedCommitment });
  verified({ algorithmVersion: record.algorithmVersion, probabilities: { method: 'monte-carlo', runs: 1 } });
  verified({ ...record, probabilities: { method: 'gok' } });
  verified({ ...record, seed: 'ander' });
  verified(reseal({ ...record, seed: 'ander' }));
  verified(reseal({ ...record, registrations: record.registrations.map((r) => ({ ...r, email: 'x' })) }));
  verified(reseal({ ...record, unmetRules: [] }));
  verified(reseal({ ...record, outcome: { ...record.outcome, selected: 'geen', reserve: [] } }));
  verified(
    reseal({
      ...record,
      outcome: { ...record.outcome, seatsFilled: 99 },
      probabilities: { ...record.probabilities, method: 'monte-carlo', runs: 1000, entries: [] },
    }),
  );
  verified(reseal({ ...record, probabilities: { ...record.probabilities, entries: 'geen' } }));
  verified(
    reseal({
      ...record,
      probabilities: { ...record.probabilities, entries: record.probabilities.entries.slice(1) },
    }),
  );
  verified(reseal({ ...committed, classifications: 'geen', deviations: 'geen' }));
  verified(
    reseal({
      ...committed,
      classifications: [
        { registrationId: 'r01', basis: 'gok', declared: 'x', extra: 1 },
        { registrationId: 'r02', basis: 'register', declared: { grootte: 'klein', herkomst: 'lokaal' } },
        { registrationId: 'r03', basis: 'register-bevestigd', declared: null },
      ],
      deviations: [{ rule: 'zetels', bijlage9: 12, chosen: 10, reason: '', extra: 1 }, 7],
    }),
  );
  verified(
    reseal({ ...committed, deviations: [{ rule: 'zetels', bijlage9: 12, chosen: 10, reason: 'x', y: 1 }] }),
  );

  // The unmet rules of records with every kind of shortfall, and of an edited one (the fallback).
  problems.push(...unmetRuleMessages(record));
  problems.push(...unmetRuleMessages(plainRecord([registration('r01', 1), registration('r02', 1)])));
  problems.push(...unmetRuleMessages({ ...record, seed: 'ander' }));
  return problems;
}

function offending(texts: readonly string[], words: readonly string[]) {
  return texts.map((text) => ({ text, words: wordsFound(text, words) })).filter((t) => t.words.length > 0);
}

describe('lottery problems', () => {
  const problems = lotteryProblems();

  it('are many and of every kind (the check below would pass vacuously otherwise)', () => {
    expect(problems.length).toBeGreaterThanOrEqual(80);
    expect(new Set(problems.map((p) => p.en)).size).toBeGreaterThanOrEqual(60);
  });

  it('in English contain no Dutch', () => {
    expect(
      offending(
        problems.map((p) => p.en),
        DUTCH_WORDS,
      ),
    ).toEqual([]);
  });

  it('in Dutch contain no English', () => {
    expect(
      offending(
        problems.map((p) => p.nl),
        ENGLISH_WORDS,
      ),
    ).toEqual([]);
  });

  it('differ between the languages', () => {
    expect(problems.filter((p) => p.nl === p.en).map((p) => p.nl)).toEqual([]);
  });

  it('leave the record as it was: its unmet rules keep their Dutch message', () => {
    const outcome = drawSelection(field(), framework({ continuity: { minimumReturning: 3 } }), 'x');
    expect(outcome.unmetRules.map((r) => Object.keys(r))).toEqual(
      outcome.unmetRules.map((r) =>
        r.perceel === undefined
          ? ['rule', 'code', 'required', 'achieved', 'message']
          : ['rule', 'code', 'perceel', 'required', 'achieved', 'message'],
      ),
    );
    const record = plainRecord();
    expect(unmetRuleMessages(record).map((m) => m.nl)).toEqual(record.unmetRules.map((r) => r.message));
  });

  it('of a record edited by hand: the recorded Dutch, and the rule named by its fields in English', () => {
    const record = plainRecord();
    const edited = { ...record, unmetRules: [{ ...record.unmetRules[0]!, message: 'Iets anders' }] };
    expect(unmetRuleMessages(edited)).toEqual([
      { nl: 'Iets anders', en: "Lot 2: rule 'minimum per lot' not met (1 of 2)" },
    ]);
  });
});

describe("the gemeente's outcome card and the published composition", () => {
  it("list the unmet rules in the reader's language", () => {
    const round = buildSampleRound().changed;
    const record = plainRecord();
    for (const view of [outcomeView, publicationView]) {
      const english = view(round, record, 'en').view?.unmet as string[];
      const dutch = view(round, record, 'nl').view?.unmet as string[];
      expect(english).toHaveLength(record.unmetRules.length);
      expect(english[0]).toMatch(/^Lot 2: at least 2 providers required/);
      expect(dutch).toEqual(record.unmetRules.map((r) => r.message));
      expect(offending(english, DUTCH_WORDS)).toEqual([]);
    }
  });
});

describe('a draw record refused for publication', () => {
  it('says why in both languages, the problems included', () => {
    const refusals = [
      'geen verslag',
      { ...plainRecord(), extra: 1 },
      { ...plainRecord(), seed: 'ander' },
    ].map((record) => {
      try {
        drawRecordPublicView('ronde-2027', 2027, record);
      } catch (error) {
        return (error as PublicViewError).text;
      }
      throw new Error('published a record that does not hold');
    });
    expect(refusals[2]?.en).toMatch(/^The draw record does not hold: The record's checksum/);
    expect(
      offending(
        refusals.map((r) => r.en),
        DUTCH_WORDS,
      ),
    ).toEqual([]);
    expect(
      offending(
        refusals.map((r) => r.nl),
        ENGLISH_WORDS,
      ),
    ).toEqual([]);
  });
});

describe('lottery:verify output', () => {
  const directory = mkdtempSync(join(tmpdir(), 'taal-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function output(content: string, locale: 'nl' | 'en', n: number): Promise<string[]> {
    const file = join(directory, `record-${locale}-${n}.json`);
    writeFileSync(file, content, 'utf8');
    const lines: string[] = [];
    await runLotteryVerify(
      [file, '--lang', locale],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
      {},
    );
    // The path is the visitor's; the record's own data is free of stop words by construction.
    return lines.map((line) => line.split(file).join(' '));
  }

  const inputs = () => {
    const record = plainRecord();
    const committed = committedRecord();
    return [
      JSON.stringify(record),
      JSON.stringify(committed),
      JSON.stringify(reseal({ ...record, seed: 'ander' })),
      JSON.stringify({ ...committed, title: 'X' }),
      '{ kapot',
      '{"hallo": 1}',
      JSON.stringify({ ...record, algorithmVersion: 'tafelbot-loting/9' }),
    ];
  };

  it('in English contains no Dutch', async () => {
    const lines = (await Promise.all(inputs().map((input, n) => output(input, 'en', n)))).flat();
    expect(lines.length).toBeGreaterThan(30);
    expect(offending(lines, DUTCH_WORDS)).toEqual([]);
  });

  it('in Dutch contains no English', async () => {
    const lines = (await Promise.all(inputs().map((input, n) => output(input, 'nl', n)))).flat();
    expect(offending(lines, ENGLISH_WORDS)).toEqual([]);
  });
});

describe('organisation import messages', () => {
  const parsed = parseOrganisationsCsv(
    [
      'naam;soort;percelen;grootte;herkomst;kvk;gecontracteerd',
      'Alfa;aanbieder;1;klein;lokaal;12345678;ja',
      'A;aanbieder;7;reus;overal;123;misschien',
      ';gemeente;;;;;',
      'Beta;iets;1;klein;lokaal;;',
      'Gamma;aanbieder;;;;;',
      'Alfa Dubbel;aanbieder;1;klein;lokaal;12345678;',
    ].join('\n'),
  );
  const headerless = [...parseOrganisationsCsv('').errors, ...parseOrganisationsCsv('foo;bar\n1;2').errors];
  const errors = [...parsed.errors, ...headerless];
  const lines = (locale: 'nl' | 'en') => [
    ...errors.map((e) => lineErrorText(e, locale)),
    dryRunSummary(1, 1, locale),
    dryRunSummary(0, 5, locale),
    importSummary({ created: 1, updated: 0, unchanged: 2 }, 1, locale),
    importSummary({ created: 0, updated: 1, unchanged: 1 }, 0, locale),
  ];

  it('report every bad line in both languages', () => {
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    for (const e of errors) expect(e.messages.en).toHaveLength(e.messages.nl.length);
  });

  it('in English contain no Dutch', () => {
    expect(offending(lines('en'), DUTCH_WORDS)).toEqual([]);
  });

  it('in Dutch contain no English', () => {
    expect(offending(lines('nl'), ENGLISH_WORDS)).toEqual([]);
  });
});
