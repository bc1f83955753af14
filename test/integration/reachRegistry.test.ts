import type { Actor } from '../../src/domain/registry/actor';
import { GraphError, type TenantDirectory } from '../../src/graph/graphClient';
import { silentLogger } from '../../src/observability/logger';
import { ReachService } from '../../src/reach/reachService';
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

  describe('the reach service', () => {
    const policy = { demoMode: false };
    let admin: Actor;
    let contact: Actor;
    const asked: string[] = [];
    let answer: (email: string) => Promise<Awaited<ReturnType<TenantDirectory['findUserByEmail']>>>;
    const directory: TenantDirectory = {
      findUserByEmail: (email) => {
        asked.push(email);
        return answer(email);
      },
      installAppForUser: () => Promise.reject(new Error('not used by the overview')),
    };
    const service = (budgetMs: number) =>
      new ReachService(registry, directory, silentLogger, () => new Date(), {
        installEnabled: true,
        lookupBudgetMs: budgetMs,
        lookupConcurrency: 1,
      });

    beforeAll(async () => {
      await registry.createOrganisation(
        {
          id: 'budget',
          name: 'Budget Zorg',
          type: 'aanbieder',
          percelen: [2],
          grootte: 'groot',
          herkomst: 'regionaal',
          kvkNumber: null,
          contracted: true,
        },
        null,
      );
      for (let i = 0; i < 8; i++)
        await registry.createPerson(
          {
            name: `Contact ${i}`,
            email: `contact-${i}@budget.example`,
            phone: null,
            aadObjectId: null,
            memberships: [{ organisationId: 'budget', role: 'contactpersoon' }],
            isAdmin: false,
          },
          null,
        );
      const adminPerson = await newPerson('beheer@reach.example');
      admin = { kind: 'person', person: { ...adminPerson.value, isAdmin: true }, roles: [], trekkerOf: [] };
      const someone = (await registry.getPerson(
        (await registry.findPersonByEmail('contact-0@budget.example'))!.value.id,
      ))!;
      contact = { kind: 'person', person: someone.value, roles: [], trekkerOf: [] };
    });
    beforeEach(() => {
      asked.length = 0;
    });

    it('refuses anyone but the gemeente, before reading anything from Graph', async () => {
      answer = () => Promise.resolve(undefined);
      const result = await service(1000).overview(contact, policy);
      expect(result).toMatchObject({ ok: false, code: 'reach.notAllowed' });
      expect(await service(1000).csv({ kind: 'unknown' }, policy)).toMatchObject({ ok: false });
      expect(asked).toEqual([]);
    });

    it('stops looking up when its time budget is spent, and continues where it stopped next time', async () => {
      answer = async () => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return { id: 'x', userType: 'member' };
      };
      const first = await service(150).overview(admin, policy);
      expect(first.ok && first.value.lookupProblem).toBe('budget');
      const firstCount = first.ok ? first.value.lookedUp : 0;
      expect(firstCount).toBeGreaterThan(0);
      expect(firstCount).toBeLessThan(8);
      expect(first.ok && first.value.summary.unchecked).toBe(8 - firstCount);

      const second = await service(10_000).overview(admin, policy);
      expect(second.ok && second.value.lookedUp).toBe(8 - firstCount);
      expect(second.ok && second.value.summary.totals['teams-installable']).toBe(8);
      expect(new Set(asked).size).toBe(8); // nobody was asked twice
    });

    it('stops at once when Graph refuses, and says why', async () => {
      await registry.createPerson(
        {
          name: 'Nog Een',
          email: 'nog-een@budget.example',
          phone: null,
          aadObjectId: null,
          memberships: [{ organisationId: 'budget', role: 'vervanger' }],
          isAdmin: false,
        },
        null,
      );
      answer = () => Promise.reject(new GraphError(403, undefined, 'Authorization_RequestDenied'));
      const result = await service(10_000).overview(admin, policy);
      expect(result.ok && result.value.lookupProblem).toBe('forbidden');
      expect(result.ok && result.value.summary.unchecked).toBe(1);
      expect(asked).toEqual(['nog-een@budget.example']);
    });
  });
});
