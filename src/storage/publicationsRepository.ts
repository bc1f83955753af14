import type { PublicationKind, PublicViewOf } from '../public/publicViews';
import type { TafelbotDatabase } from './cosmosClient';
import { DocumentConflictError, DocumentStore, StaleDocumentError, type Versioned } from './documentStore';

/**
 * The `publications` container (partition /kind): one snapshot per published item, written when the gemeente
 * presses "Publiceren". The public pages read only this container, never the features' own containers, so what
 * the gemeente did not publish (or withdrew) cannot appear on them. The id is `<kind>:<sourceId>`, unique across
 * partitions too (an agenda and a verslag share their meeting id), so publishing twice replaces the snapshot.
 */

export interface PublicationDocument<K extends PublicationKind = PublicationKind> {
  readonly id: string;
  readonly kind: K;
  readonly sourceId: string;
  readonly title: string;
  /** One line for lists and the Atom feed. */
  readonly summary: string;
  /** Orders publications of one kind (a year, a meeting start, a decision time). */
  readonly sortKey: string;
  /** The feature's version of the source when it was published (to show "changed since publication"). */
  readonly sourceVersion: string;
  /** 1 at the first publication, +1 for every update. */
  readonly version: number;
  readonly firstPublishedAt: string;
  readonly updatedAt: string;
  /** What changed at each update after the first publication, oldest first ("gewijzigd op … : …"). */
  readonly changes?: readonly PublicationChange[];
  readonly view: PublicViewOf<K>;
}

export interface PublicationChange {
  readonly at: string;
  /** Dutch, built from the public views only (never from the feature's own data). */
  readonly note: string;
}

/** A publication without its (possibly large) view: for lists, the index page and the Atom feed. */
export type PublicationSummary = Omit<PublicationDocument, 'view'>;

export function publicationId(kind: PublicationKind, sourceId: string): string {
  return `${kind}:${sourceId}`;
}

const SUMMARY_FIELDS =
  'c.id, c.kind, c.sourceId, c.title, c.summary, c.sortKey, c.sourceVersion, c.version, c.firstPublishedAt, c.updatedAt, c.changes';

export class PublicationsRepository {
  private readonly store: DocumentStore<PublicationDocument>;

  constructor(db: TafelbotDatabase) {
    this.store = new DocumentStore<PublicationDocument>(db.container('publications'), (d) => d.kind);
  }

  async get<K extends PublicationKind>(
    kind: K,
    sourceId: string,
  ): Promise<PublicationDocument<K> | undefined> {
    const found = await this.store.read(publicationId(kind, sourceId), kind);
    // The local store may ignore the partition; the id carries the kind, but check it anyway.
    return found && found.value.kind === kind ? (found.value as PublicationDocument<K>) : undefined;
  }

  /** Every publication of one kind, newest first (by sortKey). */
  async list<K extends PublicationKind>(kind: K): Promise<PublicationDocument<K>[]> {
    const found = await this.store.query(
      'SELECT * FROM c WHERE c.kind = @k',
      [{ name: '@k', value: kind }],
      kind,
    );
    return (found as PublicationDocument<K>[]).sort(newestFirst);
  }

  /** Every publication without its view, newest update first; one small cross-partition query. */
  async listSummaries(): Promise<PublicationSummary[]> {
    const found = (await this.store.query(
      `SELECT ${SUMMARY_FIELDS} FROM c`,
    )) as unknown as PublicationSummary[];
    return found.sort((a, b) => compare(b.updatedAt, a.updatedAt) || compare(a.id, b.id));
  }

  /**
   * Creates the publication or replaces the earlier snapshot (If-Match, retried when another instance published
   * the same item at the same moment). `build` gets the current document, if any, and returns the new one.
   */
  async save<K extends PublicationKind>(
    kind: K,
    sourceId: string,
    build: (current: PublicationDocument<K> | undefined) => PublicationDocument<K>,
  ): Promise<PublicationDocument<K>> {
    for (let attempt = 1; ; attempt++) {
      const current = (await this.store.read(publicationId(kind, sourceId), kind)) as
        | Versioned<PublicationDocument<K>>
        | undefined;
      try {
        const next = build(current?.value);
        if (current) await this.store.replace(next, current.etag);
        else await this.store.create(next);
        return next;
      } catch (error) {
        const retry = error instanceof StaleDocumentError || error instanceof DocumentConflictError;
        if (!retry || attempt >= 5) throw error;
      }
    }
  }

  /** True when there was a publication to withdraw. */
  remove(kind: PublicationKind, sourceId: string): Promise<boolean> {
    return this.store.delete(publicationId(kind, sourceId), kind);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newestFirst(a: PublicationDocument, b: PublicationDocument): number {
  return compare(b.sortKey, a.sortKey) || compare(a.id, b.id);
}
