import { createHash } from 'node:crypto';
import type { TafelbotDatabase } from './cosmosClient';
import { DocumentConflictError, DocumentStore, StaleDocumentError } from './documentStore';

/**
 * E-mail uniqueness claims (container `identities`): one document per address, pointing to the person who holds
 * it, so a second person with the same address is refused even with many instances. A document id travels in
 * every request URL to the store, and so into dependency telemetry and the store's own logs: the id is therefore
 * `email:` + the SHA-256 (hex) of the normalised address, never the address itself. A claim is found again by
 * hashing the address.
 */

export interface EmailClaimDocument {
  readonly id: string;
  readonly personId: string;
}

const PREFIX = 'email:';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailClaimId(email: string): string {
  return `${PREFIX}${createHash('sha256').update(normaliseEmail(email)).digest('hex')}`;
}

export function emailClaims(db: TafelbotDatabase): DocumentStore<EmailClaimDocument> {
  return new DocumentStore<EmailClaimDocument>(db.container('identities'), (d) => d.id);
}

export interface ClaimMigration {
  /** Claims moved to their hashed id (by this run). */
  readonly moved: number;
  /**
   * Person ids whose old claim lost to a hashed claim of another person for the same address (written by a newer
   * instance while an older one still wrote old claims): the address now belongs to the hashed claim's person.
   */
  readonly conflicts: ReadonlyArray<{ readonly keptPersonId: string; readonly droppedPersonId: string }>;
}

/**
 * Moves claims stored before the ids were hashed (`email:<address>`) to their hashed id: create the hashed claim,
 * then delete the old one. Idempotent and safe on several instances at once: a hashed claim that exists already
 * (another instance, or a run that stopped between the two writes) is kept, and an old claim deleted meanwhile is
 * skipped. Run at start, before anything reads claims.
 */
export async function migrateEmailClaims(db: TafelbotDatabase): Promise<ClaimMigration> {
  const claims = emailClaims(db);
  // The partition key is the id, so this WHERE filters on the partition key (the local store scans containers).
  const old = await claims.queryVersioned(
    `SELECT * FROM c WHERE STARTSWITH(c.id, '${PREFIX}') AND CONTAINS(c.id, '@')`,
  );
  let moved = 0;
  const conflicts: Array<{ keptPersonId: string; droppedPersonId: string }> = [];
  for (const { value, etag } of old) {
    const id = emailClaimId(value.id.slice(PREFIX.length));
    let keptPersonId = value.personId;
    try {
      await claims.create({ id, personId: value.personId });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      keptPersonId = (await claims.read(id))?.value.personId ?? value.personId;
    }
    let deleted: boolean;
    try {
      deleted = await claims.delete(value.id, value.id, etag);
    } catch (error) {
      // Changed since we read it: the next start looks at it again.
      if (!(error instanceof StaleDocumentError)) throw error;
      deleted = false;
    }
    // Only the run that deleted the old claim counts and reports it, so two instances report it once.
    if (!deleted) continue;
    moved += 1;
    if (keptPersonId !== value.personId) conflicts.push({ keptPersonId, droppedPersonId: value.personId });
  }
  return { moved, conflicts };
}
