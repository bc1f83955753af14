import { createHash } from 'node:crypto';
import type { SqlParameter } from '@azure/cosmos';
import type { Onderwerp, PilotAanvraag, Signaal } from '../domain/signalen';
import type { Result } from '../domain/shared/result';
import type { TafelbotDatabase } from './cosmosClient';
import { DocumentStore, StaleDocumentError, updateWithRetry, type Versioned } from './documentStore';

/**
 * Signalen and pilot requests in two containers:
 *
 * - `signalen` (pk /organisationId): a contact's "mijn signalen" is one partition; the gemeente's inbox reads
 *   across partitions (a region raises hundreds a year, not millions). Every query into one organisation's
 *   signalen filters organisationId in WHERE as well.
 * - `pilots` (pk /id): a handful a year, always read by id or listed whole; `organisationIds` is kept flat so
 *   "the pilots of my organisations" is one ARRAY_CONTAINS.
 *
 * Ids come from the invoke that created the document, so a redelivered submission finds what it created.
 */

export interface SignaalDocument extends Signaal {
  readonly kind: 'signaal';
}

export interface PilotDocument extends PilotAanvraag {
  readonly kind: 'pilot';
  /** The participants' ids, flat, for queries. */
  readonly organisationIds: readonly string[];
  /** Set once the requesters were asked for the result after the planned end (the scheduled reminder). */
  readonly resultReminderAt: string | null;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function signaalIdFor(idempotencyKey: string): string {
  return `sg-${hashOf(idempotencyKey)}`;
}

export function pilotIdFor(idempotencyKey: string): string {
  return `pl-${hashOf(idempotencyKey)}`;
}

export function toSignaalDocument(signaal: Signaal): SignaalDocument {
  return { ...signaal, kind: 'signaal' };
}

export function toSignaal(doc: SignaalDocument): Signaal {
  const { kind: _kind, ...signaal } = doc;
  return signaal;
}

export function toPilotDocument(
  pilot: PilotAanvraag,
  previous?: Pick<PilotDocument, 'resultReminderAt'>,
): PilotDocument {
  return {
    ...pilot,
    kind: 'pilot',
    organisationIds: pilot.organisations.map((o) => o.organisationId),
    resultReminderAt: previous?.resultReminderAt ?? null,
  };
}

export function toPilot(doc: PilotDocument): PilotAanvraag {
  const { kind: _kind, organisationIds: _ids, resultReminderAt: _reminder, ...pilot } = doc;
  return pilot;
}

/** The outcome of a mutation: the stored value before and after (equal objects when the step changed nothing). */
export interface Mutation<T> {
  readonly before: T;
  readonly after: T;
}

const MUTATE_ATTEMPTS = 6;

/**
 * Read, apply a pure domain step, replace with If-Match; when someone else wrote first, read again and re-apply.
 * A refusal of the step is returned as is and nothing is written; a step that returns its input writes nothing.
 */
async function mutate<D extends { readonly id: string }, T>(
  store: DocumentStore<D>,
  id: string,
  partitionKey: string,
  convert: { readonly toDomain: (doc: D) => T; readonly toDocument: (value: T, previous: D) => D },
  step: (current: T) => Result<T>,
): Promise<Result<Mutation<T>> | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.read(id, partitionKey);
    if (!current) return undefined;
    const before = convert.toDomain(current.value);
    const result = step(before);
    if (!result.ok) return result;
    if (result.value === before) return { ok: true, value: { before, after: before } };
    try {
      await store.replace(convert.toDocument(result.value, current.value), current.etag);
      return { ok: true, value: { before, after: result.value } };
    } catch (error) {
      if (!(error instanceof StaleDocumentError) || attempt >= MUTATE_ATTEMPTS) throw error;
    }
  }
}

export interface SignaalFilter {
  /** Raised at or after this instant (ISO). */
  readonly from?: string;
  /** Raised before this instant (ISO). */
  readonly until?: string;
  readonly onderwerp?: Onderwerp;
}

export class SignalenRepository {
  readonly signalen: DocumentStore<SignaalDocument>;
  readonly pilots: DocumentStore<PilotDocument>;

  constructor(db: TafelbotDatabase) {
    this.signalen = new DocumentStore(db.container('signalen'), (d) => d.organisationId);
    this.pilots = new DocumentStore(db.container('pilots'), (d) => d.id);
  }

  // Signalen --------------------------------------------------------------------------------------------------

  getSignaal(organisationId: string, id: string): Promise<Versioned<SignaalDocument> | undefined> {
    return this.signalen.read(id, organisationId);
  }

  /** Fails with DocumentConflictError when the signaal exists (a redelivered submission). */
  createSignaal(signaal: Signaal): Promise<Versioned<SignaalDocument>> {
    return this.signalen.create(toSignaalDocument(signaal));
  }

  /** Read-modify-write with ETag retries; `change` must be pure. */
  updateSignaal(
    organisationId: string,
    id: string,
    change: (current: SignaalDocument) => SignaalDocument,
  ): Promise<Versioned<SignaalDocument> | undefined> {
    return updateWithRetry(this.signalen, id, change, { partitionKey: organisationId });
  }

  /** Applies a domain step to the stored signaal (see `mutate`); undefined when it does not exist. */
  mutateSignaal(
    organisationId: string,
    id: string,
    step: (current: Signaal) => Result<Signaal>,
  ): Promise<Result<Mutation<Signaal>> | undefined> {
    return mutate(
      this.signalen,
      id,
      organisationId,
      { toDomain: toSignaal, toDocument: toSignaalDocument },
      step,
    );
  }

  /** The signalen of one organisation, newest first (one partition). */
  signalenOf(organisationId: string, limit = 20): Promise<SignaalDocument[]> {
    return this.signalen.query(
      "SELECT TOP @n * FROM c WHERE c.organisationId = @o AND c.kind = 'signaal' ORDER BY c.raisedAt DESC",
      [
        { name: '@n', value: limit },
        { name: '@o', value: organisationId },
      ],
      organisationId,
    );
  }

  /** The gemeente's inbox: every organisation's signalen in a period, newest first (across partitions). */
  async listSignalen(filter: SignaalFilter = {}): Promise<SignaalDocument[]> {
    const conditions = ["c.kind = 'signaal'"];
    const parameters: SqlParameter[] = [];
    if (filter.from) {
      conditions.push('c.raisedAt >= @from');
      parameters.push({ name: '@from', value: filter.from });
    }
    if (filter.until) {
      conditions.push('c.raisedAt < @until');
      parameters.push({ name: '@until', value: filter.until });
    }
    if (filter.onderwerp) {
      conditions.push('c.onderwerp = @onderwerp');
      parameters.push({ name: '@onderwerp', value: filter.onderwerp });
    }
    const found = await this.signalen.query(`SELECT * FROM c WHERE ${conditions.join(' AND ')}`, parameters);
    return found.sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  }

  /** Signalen the gemeente put "voor de agenda", oldest request first: what the next agenda should take up. */
  async agendaRequests(): Promise<SignaalDocument[]> {
    const found = await this.signalen.query(
      "SELECT * FROM c WHERE c.kind = 'signaal' AND IS_OBJECT(c.agenda)",
    );
    return found.sort((a, b) => a.agenda!.requestedAt.localeCompare(b.agenda!.requestedAt));
  }

  // Pilots ----------------------------------------------------------------------------------------------------

  getPilot(id: string): Promise<Versioned<PilotDocument> | undefined> {
    return this.pilots.read(id);
  }

  /** Fails with DocumentConflictError when the pilot exists (a redelivered submission). */
  createPilot(pilot: PilotAanvraag): Promise<Versioned<PilotDocument>> {
    return this.pilots.create(toPilotDocument(pilot));
  }

  updatePilot(
    id: string,
    change: (current: PilotDocument) => PilotDocument,
  ): Promise<Versioned<PilotDocument> | undefined> {
    return updateWithRetry(this.pilots, id, change);
  }

  /** Applies a domain step to the stored pilot (see `mutate`); undefined when it does not exist. */
  mutatePilot(
    id: string,
    step: (current: PilotAanvraag) => Result<PilotAanvraag>,
  ): Promise<Result<Mutation<PilotAanvraag>> | undefined> {
    return mutate(this.pilots, id, id, { toDomain: toPilot, toDocument: toPilotDocument }, step);
  }

  /** Every pilot, newest request first. */
  async listPilots(): Promise<PilotDocument[]> {
    const found = await this.pilots.query("SELECT * FROM c WHERE c.kind = 'pilot'");
    return found.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  }

  /** The pilots any of these organisations takes part in, newest request first. */
  async pilotsOf(organisationIds: readonly string[]): Promise<PilotDocument[]> {
    if (organisationIds.length === 0) return [];
    const parameters = organisationIds.map((id, i) => ({ name: `@o${i}`, value: id }));
    const anyOf = parameters.map((p) => `ARRAY_CONTAINS(c.organisationIds, ${p.name})`).join(' OR ');
    const found = await this.pilots.query(
      `SELECT * FROM c WHERE c.kind = 'pilot' AND (${anyOf})`,
      parameters,
    );
    return found.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  }

  /** Approved pilots past their planned end without a reminder yet (the scheduled task's work list). */
  async pilotsAwaitingResult(today: string): Promise<PilotDocument[]> {
    return this.pilots.query(
      "SELECT * FROM c WHERE c.kind = 'pilot' AND (c.status = 'goedgekeurd' OR c.status = 'gestart') AND c['end'] < @today AND IS_NULL(c.resultReminderAt)",
      [{ name: '@today', value: today }],
    );
  }
}
