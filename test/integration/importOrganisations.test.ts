import { importOrganisations } from '../../src/cli/importOrganisationsCore';
import { parseOrganisationsCsv } from '../../src/domain/registry/csvImport';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { RegistryRepository } from '../../src/storage/registryRepository';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

describe('importing organisations into the store', () => {
  let db: TafelbotDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('import');
  });
  afterAll(() => dropTestDatabase(db));

  it('creates, then on a second run only updates what changed', async () => {
    const registry = new RegistryRepository(db);
    const first = parseOrganisationsCsv(
      'naam,soort,percelen,grootte,herkomst\nAlfa,aanbieder,1,klein,lokaal\nBeta,aanbieder,2,groot,regionaal\n',
    );
    expect(await importOrganisations(registry, first.organisations)).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    const second = parseOrganisationsCsv(
      'naam,soort,percelen,grootte,herkomst\nAlfa,aanbieder,1,klein,lokaal\nBeta,aanbieder,"2,5",groot,regionaal\n',
    );
    expect(await importOrganisations(registry, second.organisations)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 1,
    });
    expect((await registry.getOrganisation('org-beta'))?.value.percelen).toEqual([2, 5]);
    expect(await registry.listOrganisations()).toHaveLength(2);
  });
});
