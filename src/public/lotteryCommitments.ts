import type { Round } from '../domain/inschrijving';
import { describeDeviation, frameworkDeviations } from '../domain/lottery';
import type { InschrijvingRepository } from '../storage/inschrijvingRepository';

/**
 * The commitments of commit–reveal rounds, for /openbaar/toezeggingen. Unlike every other public page this one does
 * not wait for the gemeente to press "Publiceren": a commitment is only worth something if it is public from the
 * moment the round opens, so it is read from the round itself. Only these fields leave the round: the secret is not
 * on the round at all (it is stored apart), and nothing here names a person.
 */
export interface PublicCommitment {
  readonly roundId: string;
  readonly year: number;
  readonly deadline: string;
  readonly committedAt: string;
  /** hex(SHA-256(secret)). */
  readonly commitment: string;
  readonly publicValueSource: string;
  readonly publicValueDate: string;
  /** Dutch lines, e.g. "Aantal zetels: 10 in plaats van 12 (Bijlage 9)". */
  readonly deviations: readonly string[];
  readonly deviationReason: string;
  /** Drawn: the record (once published) reveals the secret and the public value. */
  readonly drawn: boolean;
}

export function publicCommitmentOf(round: Round): PublicCommitment | undefined {
  if (round.seed.mode !== 'toezegging') return undefined;
  return {
    roundId: round.id,
    year: round.year,
    deadline: round.deadline,
    committedAt: round.seed.announcedAt,
    commitment: round.seed.commitment,
    publicValueSource: round.seed.source,
    publicValueDate: round.seed.publicValueDate,
    deviations: frameworkDeviations(round.framework).map((d) => describeDeviation(d, 'nl')),
    deviationReason: round.deviationReason ?? '',
    drawn: round.status !== 'open',
  };
}

/** Newest year first. */
export async function publicCommitments(inschrijving: InschrijvingRepository): Promise<PublicCommitment[]> {
  const rounds = await inschrijving.rounds.query('SELECT * FROM c');
  return rounds
    .sort((a, b) => b.year - a.year)
    .map(publicCommitmentOf)
    .filter((c): c is PublicCommitment => c !== undefined);
}
