import {
  buildDrawRecord,
  commitmentOf,
  deviationsWithReason,
  type DistributionFramework,
  type DrawRecord,
  type Registration,
  type SeedCommitment,
} from '../../src/domain/lottery';

/** A version-2 (commit–reveal) draw record as the draw writes it, for tests of the verifiers. */

export const SAMPLE_COMMIT_SECRET = '3f7c2a9e81b4d6053c1e9a7f2b8d4e6a0c5f1b3d7e9a2c4f6b8d0e1a3c5f7b9d';

export function seedCommitment(overrides: Partial<SeedCommitment> = {}): SeedCommitment {
  const secret = overrides.secret ?? SAMPLE_COMMIT_SECRET;
  return {
    commitment: commitmentOf(secret),
    secret,
    publicValue: '912,37',
    publicValueSource: 'slotkoers AEX op 16 januari 2027',
    publicValueDate: '2027-01-16',
    registrationDeadline: '2027-01-15T11:00:00.000Z',
    committedAt: '2026-11-02T09:00:00.000Z',
    ...overrides,
  };
}

export function commitRevealRecord(
  registrations: readonly Registration[],
  framework: DistributionFramework,
  overrides: Partial<SeedCommitment> = {},
  title = 'Loting Overlegtafel 2027',
): DrawRecord {
  return JSON.parse(
    JSON.stringify(
      buildDrawRecord({
        registrations,
        framework,
        seedCommitment: seedCommitment(overrides),
        seedSource: 'toezegging gepubliceerd bij het openen van de inschrijving',
        classifications: [],
        deviations: deviationsWithReason(framework, 'Afwijking voor de test'),
        title,
        createdAt: new Date('2027-01-20T10:00:00Z'),
      }),
    ),
  ) as DrawRecord;
}
