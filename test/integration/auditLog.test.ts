import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../../src/storage/auditLog';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { RegistryRepository } from '../../src/storage/registryRepository';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

/** The audit trail is append-only: an API without change or delete, and no other code that writes to it. */

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('the append-only audit trail', () => {
  let db: TafelbotDatabase;
  let clock = new Date('2027-03-10T09:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDatabase('audit');
  });
  afterAll(() => dropTestDatabase(db));

  it('appends entries with fresh ids and reads them per stream (oldest first) and overall (newest first)', async () => {
    const log = new AuditLog(db, () => clock);
    const first = await log.append({
      stream: 'voorstel-vs-1',
      actorPersonId: 'person-a',
      action: 'stem.uitgebracht',
      subjectId: 'vs-1',
      details: { partyId: 'org-alfa', choice: 'voor' },
    });
    clock = new Date(clock.getTime() + 1000);
    const second = await log.append({ ...first, details: { partyId: 'org-alfa', choice: 'tegen' } });
    clock = new Date(clock.getTime() + 1000);
    await log.append({
      stream: 'ronde-2027',
      actorPersonId: null,
      action: 'loting.uitgevoerd',
      subjectId: 'ronde-2027',
      details: {},
    });
    expect(second.id).not.toBe(first.id);
    expect((await log.stream('voorstel-vs-1')).map((e) => e.details.choice)).toEqual(['voor', 'tegen']);
    expect((await log.recent(2)).map((e) => e.action)).toEqual(['loting.uitgevoerd', 'stem.uitgebracht']);
  });

  it('offers no way to change or delete an entry, also not through the registry', async () => {
    const registry = new RegistryRepository(db, () => clock);
    const [entry] = await registry.listAudit('voorstel-vs-1');
    expect(entry).toBeDefined();
    for (const log of [registry.audit, new AuditLog(db)]) {
      const api = log as unknown as Record<string, unknown>;
      for (const method of ['replace', 'upsert', 'delete', 'update', 'create', 'mutate'])
        expect(api[method]).toBeUndefined();
      // The store behind it is a private field: not reachable from outside the class.
      expect(Object.values(api).some((v) => v && typeof v === 'object' && 'replace' in (v as object))).toBe(
        false,
      );
      expect(() => (api.replace as (e: unknown) => unknown)({ ...entry, action: 'vervalst' })).toThrow(
        TypeError,
      );
    }
    expect((await registry.listAudit('voorstel-vs-1'))[0]).toEqual(entry);
  });

  it('is written by no code but the audit log itself', () => {
    const writers = sourceFiles('src').filter((file) => {
      const text = readFileSync(file, 'utf8');
      return (
        /container\(\s*['"`]audit['"`]\s*\)/.test(text) && !file.endsWith(path.join('storage', 'auditLog.ts'))
      );
    });
    expect(writers).toEqual([]);
  });
});
