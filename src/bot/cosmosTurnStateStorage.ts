import { createHash } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentConflictError, DocumentStore, StaleDocumentError } from '../storage/documentStore';

interface TurnStateDocument {
  readonly id: string;
  readonly key: string;
  readonly state: Record<string, unknown>;
}

/** Storage keys may hold characters Cosmos ids cannot ('/', '?', '#'); a hash keeps ids short and safe. */
function documentIdFor(key: string): string {
  return `state-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/**
 * botbuilder Storage for teams-ai turn state, in the botState container. Honours the eTag contract of
 * botbuilder: an item written with a stale eTag fails instead of overwriting another instance's write;
 * '*' or no eTag means last writer wins.
 */
export class CosmosTurnStateStorage implements Storage {
  private readonly documents: DocumentStore<TurnStateDocument>;

  constructor(db: TafelbotDatabase) {
    this.documents = new DocumentStore(db.container('botState'), (d) => d.id);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const found = await Promise.all(keys.map((key) => this.documents.read(documentIdFor(key))));
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const doc = found[i];
      if (doc) items[key] = { ...doc.value.state, eTag: doc.etag };
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, value]) => {
        const { eTag, ...state } = (value ?? {}) as Record<string, unknown> & { eTag?: string };
        const doc: TurnStateDocument = { id: documentIdFor(key), key, state };
        if (!eTag || eTag === '*') {
          await this.documents.upsert(doc);
          return;
        }
        try {
          await this.documents.replace(doc, eTag);
        } catch (error) {
          // The item was deleted meanwhile: recreate it, unless someone else did first.
          if (error instanceof StaleDocumentError && !(await this.documents.read(doc.id))) {
            await this.documents.create(doc).catch((e: unknown) => {
              throw e instanceof DocumentConflictError ? error : e;
            });
            return;
          }
          throw error;
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.documents.delete(documentIdFor(key))));
  }
}
