import { createHash } from 'node:crypto';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { emailClaimId, migrateEmailClaims } from '../../src/storage/emailClaims';
import { RegistryRepository } from '../../src/storage/registryRepository';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

/**
 * Issue 17: e-mail claims carry a hash of the address in their id (ids travel in request URLs, and so into
 * telemetry); claims stored before with the address in the id move over at start, idempotently, also when two
 * instances start at once.
 */

const person = (email: string) => ({
  name: 'Iemand',
  email,
  phone: null,
  aadObjectId: null,
  memberships: [],
  isAdmin: false,
});

async function claimIds(db: TafelbotDatabase): Promise<string[]> {
  const { resources } = await db.container('identities').items.readAll<{ id: string }>().fetchAll();
  return resources.map((r) => r.id).sort();
}

describe('e-mail claims', () => {
  let db: TafelbotDatabase;
  let registry: RegistryRepository;

  beforeAll(async () => {
    db = await createTestDatabase('claims');
    registry = new RegistryRepository(db);
  });
  afterAll(() => dropTestDatabase(db));

  it('are stored under email: plus the SHA-256 of the lower-cased address, and found by any casing', async () => {
    const created = await registry.createPerson(person('Lies@Alfa.Example'), null);
    const hash = createHash('sha256').update('lies@alfa.example').digest('hex');
    expect(emailClaimId(' LIES@alfa.example ')).toBe(`email:${hash}`);
    expect(await claimIds(db)).toEqual([`email:${hash}`]);
    expect((await registry.findPersonByEmail('LIES@ALFA.EXAMPLE'))?.value.id).toBe(created.value.id);

    // A changed address moves the claim: the new one is claimed, the old one released.
    await registry.replacePerson(created, { ...created.value, email: 'lies@nieuw.example' }, null);
    expect(await claimIds(db)).toEqual([emailClaimId('lies@nieuw.example')]);
    expect(await registry.findPersonByEmail('lies@alfa.example')).toBeUndefined();
    expect((await registry.findPersonByEmail('lies@nieuw.example'))?.value.id).toBe(created.value.id);
  });

  it('stored with the address in the id move to hashed ids, once, also on two instances at once', async () => {
    const anna = await registry.createPerson(person('anna@alfa.example'), null);
    const bas = await registry.createPerson(person('bas@alfa.example'), null);
    const identities = db.container('identities');
    // As earlier versions stored them: Anna's only in the old form; Bas's in both (a migration that stopped
    // between its two writes); a third address claimed in the old form for one person and in the new form for
    // another (an old and a new instance side by side).
    await identities.item(emailClaimId('anna@alfa.example'), emailClaimId('anna@alfa.example')).delete();
    await identities.items.create({ id: 'email:anna@alfa.example', personId: anna.value.id });
    await identities.items.create({ id: 'email:bas@alfa.example', personId: bas.value.id });
    await identities.items.create({ id: 'email:dubbel@alfa.example', personId: 'person-oud' });
    await identities.items.create({ id: emailClaimId('dubbel@alfa.example'), personId: 'person-nieuw' });

    const [first, second] = await Promise.all([migrateEmailClaims(db), migrateEmailClaims(db)]);
    expect(first.moved + second.moved).toBe(3);
    expect([...first.conflicts, ...second.conflicts]).toEqual([
      { keptPersonId: 'person-nieuw', droppedPersonId: 'person-oud' },
    ]);
    const ids = await claimIds(db);
    expect(ids.filter((id) => id.includes('@'))).toEqual([]);
    expect(ids).toEqual(
      expect.arrayContaining(
        ['anna@alfa.example', 'bas@alfa.example', 'dubbel@alfa.example'].map((e) => emailClaimId(e)),
      ),
    );
    expect((await registry.findPersonByEmail('anna@alfa.example'))?.value.id).toBe(anna.value.id);
    expect((await registry.findPersonByEmail('bas@alfa.example'))?.value.id).toBe(bas.value.id);

    // A third run finds nothing left to move.
    expect(await migrateEmailClaims(db)).toEqual({ moved: 0, conflicts: [] });
    expect(await claimIds(db)).toEqual(ids);
  });
});
