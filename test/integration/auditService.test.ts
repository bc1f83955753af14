import { AuditService } from '../../src/audit/auditService';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { RegistryRepository } from '../../src/storage/registryRepository';
import { contact, gemeenteAdmin, GEMEENTE } from '../unit/signalen/fixtures';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

/** The gemeente reads the audit trail with the current names of who acted; nobody else reads it. */

describe('the audit service against the embedded store', () => {
  let db: TafelbotDatabase;
  let service: AuditService;
  const admin = gemeenteAdmin('p-beheer');
  const policy = { demoMode: false };

  beforeAll(async () => {
    db = await createTestDatabase('audit-service');
    let clock = new Date('2027-03-10T09:00:00.000Z');
    const registry = new RegistryRepository(db, () => {
      clock = new Date(clock.getTime() + 1000);
      return clock;
    });
    service = new AuditService({ registry });
    await registry.createOrganisation(GEMEENTE, null);
    if (admin.kind === 'person') await registry.createPerson(admin.person, null);
    for (const subjectId of ['vs-1', 'vs-2'])
      await registry.recordAudit({
        stream: `voorstel-${subjectId}`,
        actorPersonId: 'p-beheer',
        action: 'voorstel.besloten',
        subjectId,
        details: {},
      });
    await registry.recordAudit({
      stream: 'voorstel-vs-1',
      actorPersonId: 'p-vertrokken',
      action: 'stem.uitgebracht',
      subjectId: 'vs-1',
      details: {},
    });
  });
  afterAll(() => dropTestDatabase(db));

  it('refuses everyone but the gemeente, whatever they ask for', async () => {
    const aanbieder = contact('p-alfa', [GEMEENTE]);
    expect(service.mayRead(aanbieder, policy)).toBe(false);
    expect(await service.trail(aanbieder, policy, { stream: '', latest: 10 })).toMatchObject({
      ok: false,
      code: 'auth.gemeente-only',
    });
    expect(
      await service.trail({ kind: 'unknown' }, policy, { stream: 'voorstel-vs-1', latest: 10 }),
    ).toMatchObject({ ok: false });
  });

  it('gives the gemeente one stream oldest first, or the latest entries, with the names of who acted now', async () => {
    const stream = await service.trail(admin, policy, { stream: 'voorstel-vs-1', latest: 10 });
    if (!stream.ok) throw new Error(stream.code);
    expect(stream.value.entries.map((e) => e.action)).toEqual(['voorstel.besloten', 'stem.uitgebracht']);
    // Someone no longer in the registry has no name: the card says they were removed.
    expect([...stream.value.names]).toEqual([['p-beheer', 'Femke de Gemeente']]);
    const latest = await service.trail(admin, policy, { stream: '', latest: 2 });
    if (!latest.ok) throw new Error(latest.code);
    expect(latest.value.entries.map((e) => e.stream)).toEqual(['voorstel-vs-1', 'voorstel-vs-2']);
    expect(latest.value.stream).toBe('');
  });
});
