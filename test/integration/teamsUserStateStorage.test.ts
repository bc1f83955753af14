import { CosmosTurnStateStorage } from '../../src/bot/cosmosTurnStateStorage';
import { TeamsUserStateStorage, userStateKey } from '../../src/bot/teamsUserStateStorage';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { RegistryRepository, StaleTurnStateError } from '../../src/storage/registryRepository';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

/**
 * The teams-ai user scope on the Teams user document: botbuilder's eTag contract, no lost state when the
 * document changes for another reason meanwhile, the one-off move from the botState container, and no read of
 * its own when the turn already read the document.
 */
describe('turn state on the Teams user document', () => {
  let db: TafelbotDatabase;
  let registry: RegistryRepository;
  let legacy: CosmosTurnStateStorage;
  let storage: TeamsUserStateStorage;

  beforeAll(async () => {
    db = await createTestDatabase('turnstate');
    registry = new RegistryRepository(db);
    legacy = new CosmosTurnStateStorage(db);
    storage = new TeamsUserStateStorage(registry, legacy);
  });
  afterAll(() => dropTestDatabase(db));

  it('reads back what was written; a write based on an older revision is refused', async () => {
    const key = userStateKey('aad-1');
    await registry.saveTeamsUser('aad-1', undefined, { personId: null });
    expect(await storage.read([key])).toEqual({ [key]: { eTag: '0' } });

    await storage.write({ [key]: { language: 'en', eTag: '0' } });
    expect(await storage.read([key])).toEqual({ [key]: { language: 'en', eTag: '1' } });

    // Another turn read revision 0 as well and writes after the first one: refused, the first one stays.
    await expect(storage.write({ [key]: { language: 'nl', eTag: '0' } })).rejects.toBeInstanceOf(
      StaleTurnStateError,
    );
    expect((await storage.read([key]))[key]).toEqual({ language: 'en', eTag: '1' });
    // '*' (or no eTag) is last writer wins.
    await storage.write({ [key]: { language: 'nl', eTag: '*' } });
    expect((await storage.read([key]))[key]).toEqual({ language: 'nl', eTag: '2' });
  });

  it('keeps the state when the document changed for another reason meanwhile, and keeps that change', async () => {
    const key = userStateKey('aad-2');
    const created = await registry.saveTeamsUser('aad-2', undefined, { personId: null });
    const read = await storage.read([key]);
    // The actor resolver records a tenant in the same turn.
    await registry.saveTeamsUser('aad-2', created, { tenantId: 'tenant-a' });
    await storage.write({ [key]: { ...read[key], language: 'en' } });
    const stored = await registry.getTeamsUser('aad-2');
    expect(stored?.value.tenantId).toBe('tenant-a');
    expect(stored?.value.turnState).toEqual({ revision: 1, user: { language: 'en' } });
    // And the other way round: saving the reference keeps the state.
    await registry.saveTeamsUser('aad-2', stored, { tenantId: 'tenant-b' });
    expect((await registry.getTeamsUser('aad-2'))?.value.turnState?.user).toEqual({ language: 'en' });
  });

  it('moves a language stored by earlier versions in botState once, then reads only the Teams user document', async () => {
    const legacyKey = 'msteams/bot/users/29:aad-3';
    await legacy.write({ [legacyKey]: { language: 'en', eTag: '*' } });
    // A document written before the state moved: no turnState field.
    await registry.teamsUsers.create({
      id: 'aad-3',
      personId: null,
      tenantId: null,
      reference: null,
      locale: null,
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const legacyRead = jest.spyOn(legacy, 'read');
    try {
      const moved = await storage.readUser('aad-3', legacyKey);
      expect(moved?.value.turnState).toEqual({ revision: 1, user: { language: 'en' } });
      expect(legacyRead).toHaveBeenCalledTimes(1);
      const again = await storage.readUser('aad-3', legacyKey);
      expect(again?.value.turnState?.user).toEqual({ language: 'en' });
      expect(legacyRead).toHaveBeenCalledTimes(1);
    } finally {
      legacyRead.mockRestore();
    }
  });

  it('answers the turn’s own read from the document already read, without a Cosmos call', async () => {
    const key = userStateKey('aad-4');
    await registry.saveTeamsUser('aad-4', undefined, { personId: null });
    await storage.write({ [key]: { language: 'en', eTag: '0' } });
    const document = await storage.readUser('aad-4', undefined);
    const reads = jest.spyOn(registry, 'getTeamsUser');
    try {
      expect(await storage.preloaded('aad-4', document).read([key])).toEqual({
        [key]: { language: 'en', eTag: '1' },
      });
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });

  it('refuses keys of other scopes: Tafelbot keeps only the user scope', async () => {
    await expect(storage.read(['msteams/bot/conversations/c-1'])).rejects.toThrow('unknown state key');
  });
});
