import type { TafelbotDatabase } from '../../storage/cosmosClient';
import { DocumentStore, type Versioned } from '../../storage/documentStore';

/**
 * The e-mail rate of a sending slot, kept in the store (issue 15): the send times that still count in the
 * transport's windows, and the slots reserved for recipients put back in the queue. The instance holding the slot
 * writes it before each send (grouped), so an instance that takes the slot over after a crash starts from the
 * same window instead of an empty one, and keeps to the configured rate. One small document per slot, in the
 * leases container (partition key = id), next to the lease it belongs to.
 */

export interface EmailRateDocument {
  readonly id: string;
  readonly slot: string;
  /** Start times (ms since epoch) of sends and reservations still inside a window, oldest first. */
  readonly sends: readonly number[];
  /** Reserved send times of deferred recipients, by `broadcastId.personId`. */
  readonly reservations: Readonly<Record<string, number>>;
  readonly updatedAt: string;
}

export function emailRateDocumentId(slot: string): string {
  return `email-rate-${slot}`;
}

export class EmailRateStore {
  private readonly documents: DocumentStore<EmailRateDocument>;

  constructor(db: TafelbotDatabase) {
    this.documents = new DocumentStore<EmailRateDocument>(db.container('leases'), (d) => d.id);
  }

  load(slot: string): Promise<Versioned<EmailRateDocument> | undefined> {
    return this.documents.read(emailRateDocumentId(slot));
  }

  /** Creates (no etag) or replaces (If-Match) the slot's window; a stale etag throws StaleDocumentError. */
  save(document: EmailRateDocument, etag: string | undefined): Promise<Versioned<EmailRateDocument>> {
    return etag ? this.documents.replace(document, etag) : this.documents.create(document);
  }
}
