import type { Container, ItemDefinition, SqlParameter } from '@azure/cosmos';

/**
 * Thin typed access to one container with the three rules every repository follows:
 * deterministic ids, If-Match on every replace (optimistic concurrency), and typed errors for the two
 * expected failures (conflict on create, stale ETag on replace) so callers can retry or explain.
 */

export class DocumentConflictError extends Error {
  constructor(readonly documentId: string) {
    super(`Document ${documentId} already exists`);
    this.name = 'DocumentConflictError';
  }
}

export class StaleDocumentError extends Error {
  constructor(readonly documentId: string) {
    super(`Document ${documentId} was changed by someone else (ETag mismatch)`);
    this.name = 'StaleDocumentError';
  }
}

export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

type CosmosError = { code?: number | string; statusCode?: number };

function statusOf(error: unknown): number | undefined {
  const e = error as CosmosError;
  return typeof e?.code === 'number' ? e.code : e?.statusCode;
}

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_ts', '_attachments', '_lsn'] as const;

function withoutSystemFields<T>(resource: ItemDefinition): T {
  const copy: Record<string, unknown> = { ...resource };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return copy as T;
}

export class DocumentStore<T extends { readonly id: string }> {
  constructor(
    private readonly container: Container,
    /** The partition key value of a document; must match the container's declared path. */
    private readonly partitionKeyOf: (doc: T) => string,
  ) {}

  async read(id: string, partitionKey: string = id): Promise<Versioned<T> | undefined> {
    try {
      const { resource, etag } = await this.container.item(id, partitionKey).read<ItemDefinition>();
      return resource
        ? { value: withoutSystemFields<T>(resource), etag: etag ?? String(resource._etag) }
        : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Creates the document; a document with the same id makes this fail with DocumentConflictError. */
  async create(doc: T): Promise<Versioned<T>> {
    try {
      const { resource, etag } = await this.container.items.create<T>(doc);
      return { value: doc, etag: etag ?? String(resource?._etag) };
    } catch (error) {
      if (statusOf(error) === 409) throw new DocumentConflictError(doc.id);
      throw error;
    }
  }

  /** Replaces the document only if it is still the version we read. */
  async replace(doc: T, etag: string): Promise<Versioned<T>> {
    try {
      const { resource, etag: newEtag } = await this.container
        .item(doc.id, this.partitionKeyOf(doc))
        .replace<T>(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
      return { value: doc, etag: newEtag ?? String(resource?._etag) };
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) throw new StaleDocumentError(doc.id);
      if (status === 404) throw new StaleDocumentError(doc.id);
      throw error;
    }
  }

  /** Last writer wins: only for documents that one writer owns (caches, the bot's turn state, leases renewals use replace). */
  async upsert(doc: T): Promise<Versioned<T>> {
    const { resource, etag } = await this.container.items.upsert<T>(doc);
    return { value: doc, etag: etag ?? String(resource?._etag) };
  }

  async delete(id: string, partitionKey: string = id, etag?: string): Promise<boolean> {
    try {
      await this.container
        .item(id, partitionKey)
        .delete(etag ? { accessCondition: { type: 'IfMatch', condition: etag } } : undefined);
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return false;
      if (status === 412) throw new StaleDocumentError(id);
      throw error;
    }
  }

  /**
   * A query over the container. The local store may ignore the partition header, so queries that target one
   * partition must also filter on the partition key in WHERE.
   */
  async query(query: string, parameters: SqlParameter[] = [], partitionKey?: string): Promise<T[]> {
    const iterator = this.container.items.query<ItemDefinition>(
      { query, parameters },
      partitionKey === undefined ? {} : { partitionKey },
    );
    const { resources } = await iterator.fetchAll();
    return resources.map((r) => withoutSystemFields<T>(r));
  }

  /** `SELECT VALUE COUNT(1) FROM c WHERE <where>`: how many documents match, without reading them. */
  async count(where: string, parameters: SqlParameter[] = [], partitionKey?: string): Promise<number> {
    const iterator = this.container.items.query<number>(
      { query: `SELECT VALUE COUNT(1) FROM c WHERE ${where}`, parameters },
      partitionKey === undefined ? {} : { partitionKey },
    );
    const { resources } = await iterator.fetchAll();
    return resources.reduce((sum, n) => sum + n, 0);
  }

  async queryVersioned(
    query: string,
    parameters: SqlParameter[] = [],
    partitionKey?: string,
  ): Promise<Versioned<T>[]> {
    const iterator = this.container.items.query<ItemDefinition>(
      { query, parameters },
      partitionKey === undefined ? {} : { partitionKey },
    );
    const { resources } = await iterator.fetchAll();
    return resources.map((r) => ({ value: withoutSystemFields<T>(r), etag: String(r._etag) }));
  }
}

/**
 * Read-modify-write with optimistic concurrency: re-reads and re-applies `change` when another writer got
 * there first. `change` must be a pure function of the current value (it may read other documents); when it
 * returns undefined there is nothing to change and nothing is written.
 */
export async function updateWithRetry<T extends { readonly id: string }>(
  store: DocumentStore<T>,
  id: string,
  change: (current: T) => T | undefined | Promise<T | undefined>,
  options: { partitionKey?: string; attempts?: number } = {},
): Promise<Versioned<T> | undefined> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const current = await store.read(id, options.partitionKey ?? id);
    if (!current) return undefined;
    try {
      const next = await change(current.value);
      if (next === undefined) return current;
      return await store.replace(next, current.etag);
    } catch (error) {
      if (!(error instanceof StaleDocumentError) || attempt >= attempts) throw error;
    }
  }
}
