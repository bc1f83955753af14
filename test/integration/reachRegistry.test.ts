import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { RegistryRepository } from '../../src/storage/registryRepository';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

/** What reach stores on the person: the race of two links, and the cached tenant lookup. */
describe('reach data on the person, against the embedded Cosmos store', () => {
  let db: TafelbotDatabase;
  let registry: RegistryRepository;

  beforeAll(async () => {
    db = await createTestDatabase('reach');
    registry = new RegistryRepository(db);
  });
  afterAll(() => dropTestDatabase(db));

  const newPerson = (email: string) =>
    registry.createPerson(
      { name: 'Anna', email, phone: null, aadObjectId: null, memberships: [], isAdmin: false },
      null,
    );

  it('links a person from a stale copy when the installation linked them first (no failed turn)', async () => {
    const stale = await newPerson('race@zorg.example');
    // The proactive installation links first ...
    await registry.linkTeamsUser('aad-race', stale);
    // ... then the installationUpdate turn, which read the person before that write.
    const linked = await registry.linkTeamsUser('aad-race', stale);
    expect(linked.value.aadObjectId).toBe('aad-race');
    // A concurrent change of something else is kept.
    const current = (await registry.getPerson(stale.value.id))!;
    await registry.people.replace({ ...current.value, phone: '0612345678' }, current.etag);
    const again = await registry.linkTeamsUser('aad-other', current);
    expect(again.value).toMatchObject({ aadObjectId: 'aad-other', phone: '0612345678' });
  });

  it('caches a tenant lookup on the person and keeps it through an ordinary edit', async () => {
    const person = await newPerson('lookup@zorg.example');
    const lookup = { result: 'guest' as const, objectId: 'aad-guest', checkedAt: '2026-12-05T10:00:00.000Z' };
    await registry.recordTenantLookup(person.value.id, lookup);
    const read = (await registry.getPerson(person.value.id))!;
    expect(read.value.tenantLookup).toEqual(lookup);
    await registry.replacePerson(read, { ...read.value, name: 'Anna B.' }, null);
    expect((await registry.getPerson(person.value.id))?.value.tenantLookup).toEqual(lookup);
    await expect(registry.recordTenantLookup('bestaat-niet', lookup)).resolves.toBeUndefined();
  });
});
