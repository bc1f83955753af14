import { createHash } from 'node:crypto';
import {
  buildDrawRecord,
  COMMIT_REVEAL_VERSION,
  commitmentOf,
  deviationsWithReason,
  frameworkDeviations,
  LotteryInputError,
  seedFromCommitReveal,
  verifyDrawRecord,
  type DrawRecord,
  type SeedCommitment,
} from '../../../src/domain/lottery';
import { framework, registration, reseal } from './support';

const SECRET = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function commitment(overrides: Partial<SeedCommitment> = {}): SeedCommitment {
  return {
    commitment: commitmentOf(SECRET),
    secret: SECRET,
    publicValue: '912,37',
    publicValueSource: 'slotkoers AEX op 16 januari 2027',
    publicValueDate: '2027-01-16',
    registrationDeadline: '2027-01-15T11:00:00.000Z',
    committedAt: '2026-12-01T09:00:00.000Z',
    ...overrides,
  };
}

const registrations = [
  registration('a', 1, 'klein', 'lokaal'),
  registration('b', 1, 'groot'),
  registration('c', 1, 'middel', 'regionaal', true),
  registration('d', 2, 'klein', 'lokaal'),
  registration('e', 2, 'groot'),
];

function build(overrides: Partial<SeedCommitment> = {}, seats = 3): DrawRecord {
  const kader = framework({ seats, minimumPerPerceel: { 1: 1, 2: 1, 3: 0, 4: 0, 5: 0 } });
  return JSON.parse(
    JSON.stringify(
      buildDrawRecord({
        registrations,
        framework: kader,
        seedCommitment: commitment(overrides),
        seedSource: 'toezegging',
        classifications: [
          {
            registrationId: 'b',
            basis: 'register-bevestigd',
            declared: { grootte: 'klein', herkomst: 'lokaal' },
          },
        ],
        deviations: deviationsWithReason(kader, 'Proef met een kleine tafel'),
        createdAt: new Date('2027-01-17T10:00:00Z'),
      }),
    ),
  ) as DrawRecord;
}

describe('commit–reveal seed', () => {
  it('is SHA-256 of the secret, and of secret ":" public value, as docs/lottery.md says', () => {
    expect(commitmentOf(SECRET)).toBe(sha256(SECRET));
    expect(seedFromCommitReveal(SECRET, '912,37')).toBe(sha256(`${SECRET}:912,37`));
  });

  it('gives a version-2 record that verifies, with the derived seed, classifications and deviations', () => {
    const record = build();
    expect(record.algorithmVersion).toBe(COMMIT_REVEAL_VERSION);
    expect(record.seed).toBe(seedFromCommitReveal(SECRET, '912,37'));
    expect(record.classifications?.map((c) => c.basis)).toEqual([
      'register',
      'register-bevestigd',
      'register',
      'register',
      'register',
    ]);
    expect(record.deviations?.map((d) => d.rule)).toEqual([
      'zetels',
      'perceelminimum-1',
      'perceelminimum-2',
      'perceelminimum-3',
      'perceelminimum-4',
      'perceelminimum-5',
    ]);
    expect(verifyDrawRecord(record)).toEqual({ valid: true, committed: true, problems: [] });
  });

  it('refutes a changed secret or public value, even with the seed and the hashes recomputed', () => {
    const record = build();
    const otherSecret = 'a'.repeat(64);
    const changedSecret = reseal({
      ...record,
      seedCommitment: { ...record.seedCommitment!, secret: otherSecret },
      seed: seedFromCommitReveal(otherSecret, '912,37'),
    });
    const secretResult = verifyDrawRecord(changedSecret);
    expect(secretResult.valid).toBe(false);
    expect(secretResult.problems.map((p) => p.nl).join(' ')).toContain(
      'past niet bij de vooraf gepubliceerde toezegging',
    );

    const changedValue = reseal({
      ...record,
      seedCommitment: { ...record.seedCommitment!, publicValue: '912,38' },
    });
    const valueResult = verifyDrawRecord(changedValue);
    expect(valueResult.valid).toBe(false);
    expect(valueResult.problems.map((p) => p.nl).join(' ')).toContain(
      'niet afgeleid van het geheim en de openbare waarde',
    );
  });

  it('refutes a public value dated on or before the deadline, and a commitment made after it', () => {
    expect(() => build({ publicValueDate: '2027-01-15' })).toThrow(LotteryInputError);
    const late = reseal({
      ...build(),
      seedCommitment: { ...build().seedCommitment!, committedAt: '2027-01-15T12:00:00.000Z' },
    });
    expect(
      verifyDrawRecord(late)
        .problems.map((p) => p.nl)
        .join(' '),
    ).toContain('niet vóór de sluitingstermijn');
  });

  it('refutes a deviation without a reason, and deviations that do not match the framework', () => {
    const record = build();
    const noReason = reseal({
      ...record,
      deviations: record.deviations!.map((d) => ({ ...d, reason: ' ' })),
    });
    expect(
      verifyDrawRecord(noReason)
        .problems.map((p) => p.nl)
        .join(' '),
    ).toContain('heeft geen reden');
    const hidden = reseal({ ...record, deviations: [] });
    expect(
      verifyDrawRecord(hidden)
        .problems.map((p) => p.nl)
        .join(' '),
    ).toContain('kloppen niet met het verdelingskader');
  });

  it('has no deviations for the Bijlage 9 framework', () => {
    expect(frameworkDeviations(framework())).toEqual([]);
  });

  it('labels an old record "zonder toezegging" and refutes one that pretends to be version 2', () => {
    const record = build();
    const stripped: Record<string, unknown> = { ...record };
    delete stripped.seedCommitment;
    const result = verifyDrawRecord(reseal(stripped as unknown as DrawRecord));
    expect(result).toMatchObject({ valid: false, committed: true });
    expect(result.problems.map((p) => p.nl).join(' ')).toContain('mist de toezegging van de seed');
  });
});
