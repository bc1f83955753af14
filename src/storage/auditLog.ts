import { randomUUID } from 'node:crypto';
import type { TafelbotDatabase } from './cosmosClient';
import { DocumentStore } from './documentStore';

/**
 * The audit trail: who did what to which record (votes, decisions, lottery records, composition changes, ...),
 * one partition per stream (a voorstel, a round, a table). Entries carry ids, never names or e-mail addresses,
 * so removing a person from the registry leaves the trail intact and tells nothing more about them.
 */
export interface AuditEntry {
  readonly id: string;
  readonly stream: string;
  readonly at: string;
  readonly actorPersonId: string | null;
  readonly action: string;
  readonly subjectId: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Append-only by construction: this is the only code that touches the `audit` container, and it can create an
 * entry (with a fresh id, so never over an existing one) and read. It has no way to replace, upsert or delete.
 */
export class AuditLog {
  readonly #store: DocumentStore<AuditEntry>;

  constructor(
    db: TafelbotDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#store = new DocumentStore(db.container('audit'), (d) => d.stream);
  }

  async append(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<AuditEntry> {
    const full: AuditEntry = { ...entry, id: randomUUID(), at: this.now().toISOString() };
    await this.#store.create(full);
    return full;
  }

  /** One stream, oldest first. */
  stream(stream: string): Promise<AuditEntry[]> {
    return this.#store.query(
      'SELECT * FROM c WHERE c.stream = @s ORDER BY c.at',
      [{ name: '@s', value: stream }],
      stream,
    );
  }

  /** The latest entries of every stream, newest first (a cross-partition read for the gemeente's overview). */
  async recent(limit: number): Promise<AuditEntry[]> {
    const top = Math.max(1, Math.min(500, Math.floor(limit)));
    return this.#store.query(`SELECT TOP ${top} * FROM c ORDER BY c.at DESC`);
  }
}
