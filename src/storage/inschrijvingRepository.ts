import type { DrawRecord } from '../domain/lottery';
import {
  overlegtafelMembers,
  roundIdFor,
  type CompositionMember,
  type Round,
  type RoundRegistration,
  type RoundSecret,
} from '../domain/inschrijving';
import type { TafelbotDatabase } from './cosmosClient';
import { DocumentConflictError, DocumentStore, updateWithRetry, type Versioned } from './documentStore';

/**
 * Registration rounds for the Overlegtafel: `rounds` (one document per year, id `ronde-<year>`), `registrations`
 * (partition per round, id = organisation id: a second registration of an organisation is a conflict by
 * construction) and `drawRecords` (the lotingsverslag exactly as the lottery produced it, one per round).
 */

export interface DrawRecordDocument {
  /** The round id: one record per round; a second draw is a conflict. */
  readonly id: string;
  readonly roundId: string;
  readonly record: DrawRecord;
}

/**
 * The secret of a commit–reveal round, in the drawRecords container beside (not inside) the round's record: the
 * round document, which cards, pages, exports and the audit trail read, carries only the commitment. Read only by
 * the draw, after the deadline.
 */
export interface RoundSecretDocument extends RoundSecret {
  /** `<roundId>-geheim`. */
  readonly id: string;
}

export function roundSecretId(roundId: string): string {
  return `${roundId}-geheim`;
}

export class InschrijvingRepository {
  readonly rounds: DocumentStore<Round>;
  readonly registrations: DocumentStore<RoundRegistration>;
  readonly drawRecords: DocumentStore<DrawRecordDocument>;
  private readonly secrets: DocumentStore<RoundSecretDocument>;

  constructor(db: TafelbotDatabase) {
    this.rounds = new DocumentStore<Round>(db.container('rounds'), (d) => d.id);
    this.registrations = new DocumentStore<RoundRegistration>(
      db.container('registrations'),
      (d) => d.roundId,
    );
    this.drawRecords = new DocumentStore<DrawRecordDocument>(db.container('drawRecords'), (d) => d.roundId);
    this.secrets = new DocumentStore<RoundSecretDocument>(db.container('drawRecords'), (d) => d.roundId);
  }

  // Rounds ----------------------------------------------------------------------------------------------------

  getRound(roundId: string): Promise<Versioned<Round> | undefined> {
    return this.rounds.read(roundId);
  }

  getRoundOfYear(year: number): Promise<Versioned<Round> | undefined> {
    return this.rounds.read(roundIdFor(year));
  }

  /** The round with the highest year (the current or coming one); a small cross-partition query. */
  async latestRound(): Promise<Versioned<Round> | undefined> {
    const rounds = await this.rounds.queryVersioned('SELECT * FROM c');
    return rounds.sort((a, b) => b.value.year - a.value.year)[0];
  }

  /** Fails with DocumentConflictError when the year already has a round. */
  createRound(round: Round): Promise<Versioned<Round>> {
    return this.rounds.create(round);
  }

  /** If-Match on the ETag: a change made meanwhile by someone else is refused (StaleDocumentError). */
  replaceRound(round: Round, etag: string): Promise<Versioned<Round>> {
    return this.rounds.replace(round, etag);
  }

  /** Read-modify-write with retries; `change` must be pure. */
  updateRound(roundId: string, change: (current: Round) => Round): Promise<Versioned<Round> | undefined> {
    return updateWithRetry(this.rounds, roundId, change);
  }

  // Registrations ---------------------------------------------------------------------------------------------

  getRegistration(
    roundId: string,
    organisationId: string,
  ): Promise<Versioned<RoundRegistration> | undefined> {
    return this.registrations.read(organisationId, roundId);
  }

  /** All registrations of one round (withdrawn ones too, unless asked otherwise); roundId filtered in WHERE. */
  async listRegistrations(
    roundId: string,
    options: { activeOnly?: boolean } = {},
  ): Promise<Versioned<RoundRegistration>[]> {
    const status = options.activeOnly ? " AND c.status = 'ingeschreven'" : '';
    const found = await this.registrations.queryVersioned(
      `SELECT * FROM c WHERE c.roundId = @r${status}`,
      [{ name: '@r', value: roundId }],
      roundId,
    );
    return found.sort((a, b) => a.value.organisationName.localeCompare(b.value.organisationName, 'nl'));
  }

  /** Fails with DocumentConflictError when the organisation already has a registration in this round. */
  createRegistration(registration: RoundRegistration): Promise<Versioned<RoundRegistration>> {
    return this.registrations.create(registration);
  }

  replaceRegistration(registration: RoundRegistration, etag: string): Promise<Versioned<RoundRegistration>> {
    return this.registrations.replace(registration, etag);
  }

  // Draw records ----------------------------------------------------------------------------------------------

  /** Fails with DocumentConflictError when the round was drawn already. */
  async createDrawRecord(roundId: string, record: DrawRecord): Promise<void> {
    await this.drawRecords.create({ id: roundId, roundId, record });
  }

  async getDrawRecord(roundId: string): Promise<DrawRecord | undefined> {
    return (await this.drawRecords.read(roundId, roundId))?.value.record;
  }

  // Round secrets (commit–reveal) -----------------------------------------------------------------------------

  /**
   * Stores the round's secret before the round itself, so a round with a commitment always has its secret. Never
   * overwrites: when the round's secret exists already (a retried opening), that one is kept and returned.
   */
  async claimRoundSecret(secret: RoundSecret): Promise<string> {
    try {
      await this.secrets.create({ id: roundSecretId(secret.roundId), ...secret });
      return secret.secret;
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      const stored = await this.getRoundSecret(secret.roundId);
      if (stored === undefined) throw error;
      return stored;
    }
  }

  async getRoundSecret(roundId: string): Promise<string | undefined> {
    return (await this.secrets.read(roundSecretId(roundId), roundId))?.value.secret;
  }
}

/**
 * The aanbieders at the Overlegtafel in `year`: the published composition of that year's round (with any later
 * change the gemeente made and recorded), or none when nothing has been published. For voting (issue 5), the
 * parties are these plus the gemeenten and the lokale toegang.
 */
export async function currentOverlegtafelMembers(
  db: TafelbotDatabase,
  year: number,
): Promise<CompositionMember[]> {
  const round = await new InschrijvingRepository(db).getRoundOfYear(year);
  return overlegtafelMembers(round?.value);
}
