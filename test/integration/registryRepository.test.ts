import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { DocumentConflictError, StaleDocumentError, updateWithRetry } from '../../src/storage/documentStore';
import { RegistryRepository } from '../../src/storage/registryRepository';
import type { Organisation } from '../../src/domain/registry/registry';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

const organisation: Organisation = {
  id: 'org-alfa',
  name: 'Alfa Zorg',
  type: 'aanbieder',
  percelen: [1, 2],
  grootte: 'klein',
  herkomst: 'lokaal',
  kvkNumber: null,
  contracted: true,
};

describe('registry repository against the embedded Cosmos store', () => {
  let db: TafelbotDatabase;
  let registry: RegistryRepository;

  beforeAll(async () => {
    db = await createTestDatabase('registry');
    registry = new RegistryRepository(db);
  });
  afterAll(() => dropTestDatabase(db));

  it('refuses a duplicate create and keeps the first record', async () => {
    await registry.createOrganisation(organisation, null);
    await expect(
      registry.createOrganisation({ ...organisation, name: 'Dubbel' }, null),
    ).rejects.toBeInstanceOf(DocumentConflictError);
    expect((await registry.getOrganisation('org-alfa'))?.value.name).toBe('Alfa Zorg');
  });

  it("refuses a write with a stale ETag and keeps the other writer's change", async () => {
    const first = await registry.getOrganisation('org-alfa');
    const second = await registry.getOrganisation('org-alfa');
    await registry.replaceOrganisation(first!, { ...organisation, name: 'Alfa Zorg (eerste)' }, null);
    await expect(
      registry.replaceOrganisation(second!, { ...organisation, name: 'Alfa Zorg (tweede)' }, null),
    ).rejects.toBeInstanceOf(StaleDocumentError);
    expect((await registry.getOrganisation('org-alfa'))?.value.name).toBe('Alfa Zorg (eerste)');
  });

  it('applies concurrent read-modify-write changes without losing one', async () => {
    await Promise.all(
      [3, 4, 5].map((p) =>
        updateWithRetry(
          registry.organisations,
          'org-alfa',
          (o) => ({ ...o, percelen: [...new Set([...o.percelen, p as 3])].sort() }),
          { attempts: 10 },
        ),
      ),
    );
    expect((await registry.getOrganisation('org-alfa'))?.value.percelen).toEqual([1, 2, 3, 4, 5]);
  });

  it('claims an e-mail address once: a second person with the same address is refused', async () => {
    const base = {
      name: 'Anna',
      email: 'Anna@Example.org',
      phone: null,
      aadObjectId: null,
      memberships: [],
      isAdmin: false,
    };
    const created = await registry.createPerson(base, null);
    await expect(
      registry.createPerson({ ...base, name: 'Andere Anna', id: 'person-other' }, null),
    ).rejects.toBeInstanceOf(DocumentConflictError);
    expect((await registry.findPersonByEmail('anna@example.org'))?.value.id).toBe(created.value.id);
    expect(await registry.getPerson('person-other')).toBeUndefined();
  });

  it('moves the e-mail claim when an address changes', async () => {
    const anna = await registry.findPersonByEmail('anna@example.org');
    await registry.replacePerson(anna!, { ...anna!.value, email: 'anna@nieuw.example' }, null);
    expect(await registry.findPersonByEmail('anna@example.org')).toBeUndefined();
    expect((await registry.findPersonByEmail('anna@nieuw.example'))?.value.name).toBe('Anna');
  });

  it('finds the people of an organisation through their memberships', async () => {
    await registry.createPerson(
      {
        name: 'Bas',
        email: 'bas@alfa.example',
        phone: null,
        aadObjectId: null,
        memberships: [{ organisationId: 'org-alfa', role: 'vervanger' }],
        isAdmin: false,
      },
      null,
    );
    expect((await registry.peopleOfOrganisation('org-alfa')).map((p) => p.name)).toEqual(['Bas']);
  });

  it('writes a Teams user only when something changed', async () => {
    const created = await registry.saveTeamsUser('aad-1', undefined, { personId: null, locale: 'nl-NL' });
    const same = await registry.saveTeamsUser('aad-1', created, { locale: 'nl-NL' });
    expect(same.etag).toBe(created.etag);
    const changed = await registry.saveTeamsUser('aad-1', created, { locale: 'en-US' });
    expect(changed.etag).not.toBe(created.etag);
    // A stale copy is retried against the current document instead of overwriting it.
    const retried = await registry.saveTeamsUser('aad-1', created, { personId: 'p1' });
    expect(retried.value).toMatchObject({ personId: 'p1', locale: 'en-US' });
  });

  it('keeps an audit trail of registry changes', async () => {
    const entries = await registry.listAudit('registry');
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'organisation.created',
        'organisation.updated',
        'person.created',
        'person.updated',
      ]),
    );
    expect(entries.every((e) => e.stream === 'registry')).toBe(true);
  });
});
