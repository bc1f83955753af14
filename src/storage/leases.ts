import type { TafelbotDatabase } from './cosmosClient';
import { DocumentConflictError, DocumentStore, StaleDocumentError } from './documentStore';

/**
 * Leases let exactly one instance at a time do a piece of work (a scheduled job, the sending for a tenant).
 * A lease is a document with a holder and an expiry, taken with create (if absent) or an If-Match replace (if
 * expired or ours). Time-based, not Cosmos TTL (the local store has none): an expired lease is simply taken.
 */

interface LeaseDocument {
  readonly id: string;
  readonly holder: string;
  readonly expiresAt: string;
  readonly acquiredAt: string;
}

export interface Lease {
  readonly name: string;
  readonly holder: string;
  readonly etag: string;
  readonly expiresAt: Date;
}

export class LeaseManager {
  private readonly leases: DocumentStore<LeaseDocument>;

  constructor(
    db: TafelbotDatabase,
    readonly holder: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.leases = new DocumentStore(db.container('leases'), (d) => d.id);
  }

  /** Takes the lease if it is free, expired, or already ours; undefined when another holder has it. */
  async acquire(name: string, durationMs: number): Promise<Lease | undefined> {
    const now = this.now();
    const doc: LeaseDocument = {
      id: `lease-${name}`,
      holder: this.holder,
      expiresAt: new Date(now.getTime() + durationMs).toISOString(),
      acquiredAt: now.toISOString(),
    };
    const current = await this.leases.read(doc.id);
    try {
      if (!current) {
        const created = await this.leases.create(doc);
        return { name, holder: this.holder, etag: created.etag, expiresAt: new Date(doc.expiresAt) };
      }
      if (current.value.holder !== this.holder && new Date(current.value.expiresAt) > now) return undefined;
      const replaced = await this.leases.replace(doc, current.etag);
      return { name, holder: this.holder, etag: replaced.etag, expiresAt: new Date(doc.expiresAt) };
    } catch (error) {
      if (error instanceof DocumentConflictError || error instanceof StaleDocumentError) return undefined;
      throw error;
    }
  }

  /** Extends a lease we hold; undefined when it was lost (expired and taken by another instance). */
  async renew(lease: Lease, durationMs: number): Promise<Lease | undefined> {
    const now = this.now();
    const doc: LeaseDocument = {
      id: `lease-${lease.name}`,
      holder: this.holder,
      expiresAt: new Date(now.getTime() + durationMs).toISOString(),
      acquiredAt: now.toISOString(),
    };
    try {
      const replaced = await this.leases.replace(doc, lease.etag);
      return { ...lease, etag: replaced.etag, expiresAt: new Date(doc.expiresAt) };
    } catch (error) {
      if (error instanceof StaleDocumentError) return undefined;
      throw error;
    }
  }

  /** Gives the lease back early (graceful shutdown) so another instance need not wait for the expiry. */
  async release(lease: Lease): Promise<void> {
    try {
      await this.leases.replace(
        {
          id: `lease-${lease.name}`,
          holder: this.holder,
          expiresAt: new Date(0).toISOString(),
          acquiredAt: this.now().toISOString(),
        },
        lease.etag,
      );
    } catch (error) {
      if (!(error instanceof StaleDocumentError)) throw error;
    }
  }
}
