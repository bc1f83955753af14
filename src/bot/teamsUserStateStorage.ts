import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { Versioned } from '../storage/documentStore';
import type { RegistryRepository, TeamsUserDocument } from '../storage/registryRepository';
import type { CosmosTurnStateStorage } from './cosmosTurnStateStorage';

const KEY_PREFIX = 'teamsUser/';

/** The storage key of a user's teams-ai user scope: their Teams user document. */
export function userStateKey(aadObjectId: string): string {
  return `${KEY_PREFIX}${aadObjectId}`;
}

function aadObjectIdOf(key: string): string {
  if (!key.startsWith(KEY_PREFIX) || key.length === KEY_PREFIX.length) {
    throw new Error(`Tafelbot keeps only the user scope of turn state; unknown state key ${key}`);
  }
  return key.slice(KEY_PREFIX.length);
}

function itemOf(document: Versioned<TeamsUserDocument> | undefined): StoreItem | undefined {
  const turnState = document?.value.turnState;
  return turnState ? { ...turnState.user, eTag: String(turnState.revision) } : undefined;
}

/**
 * botbuilder Storage for the teams-ai user scope, kept on the user's Teams user document in Cosmos (teamsUsers
 * container). Every turn reads that document to resolve the actor, so UserTurnState reads it once for both and
 * the state costs no Cosmos call of its own (the separate botState read was a 404 on most turns).
 *
 * The eTag teams-ai keeps is the state's revision: a write based on an older revision is refused, as botbuilder
 * storages refuse a stale eTag. Language choices stored by earlier versions in the botState container are moved
 * here on the user's first turn (`legacy`).
 */
export class TeamsUserStateStorage implements Storage {
  constructor(
    private readonly registry: RegistryRepository,
    private readonly legacy: CosmosTurnStateStorage,
  ) {}

  /**
   * Reads a user's Teams user document for the turn. A document without turn state (written before the state
   * moved here) gets the state from the botState container once.
   */
  async readUser(
    aadObjectId: string,
    legacyKey: string | undefined,
  ): Promise<Versioned<TeamsUserDocument> | undefined> {
    const document = await this.registry.getTeamsUser(aadObjectId);
    if (!document || document.value.turnState || legacyKey === undefined) return document;
    const legacyItem = (await this.legacy.read([legacyKey]))[legacyKey];
    const { eTag: _eTag, ...state } = (legacyItem ?? {}) as StoreItem;
    try {
      return await this.registry.saveTurnState(aadObjectId, 0, state);
    } catch {
      // Another turn of this user moved it first: theirs is the same state.
      return this.registry.getTeamsUser(aadObjectId);
    }
  }

  /** This storage, answering reads of `document`'s key from the document already read. */
  preloaded(aadObjectId: string, document: Versioned<TeamsUserDocument> | undefined): Storage {
    const key = userStateKey(aadObjectId);
    return {
      read: async (keys: string[]) => {
        const items = await this.read(keys.filter((k) => k !== key));
        const item = itemOf(document);
        if (keys.includes(key) && item) items[key] = item;
        return items;
      },
      write: (changes: StoreItems) => this.write(changes),
      delete: (keys: string[]) => this.delete(keys),
    };
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const documents = await Promise.all(keys.map((key) => this.registry.getTeamsUser(aadObjectIdOf(key))));
    keys.forEach((key, i) => {
      const item = itemOf(documents[i]);
      if (item) items[key] = item;
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, value]) => {
        const { eTag, ...state } = (value ?? {}) as StoreItem;
        const expected = eTag === undefined || eTag === '*' ? undefined : Number(eTag);
        await this.registry.saveTurnState(aadObjectIdOf(key), expected, state);
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.registry.saveTurnState(aadObjectIdOf(key), undefined, {})));
  }
}
