import { DemoRoleService } from '../../../src/demo/demoRoles';
import type { Actor } from '../../../src/domain/registry/actor';
import { RegistryService } from '../../../src/registry/registryService';
import type { Versioned } from '../../../src/storage/documentStore';
import type { RegistryRepository, TeamsUserDocument } from '../../../src/storage/registryRepository';
import { contact, gemeenteAdmin, organisation } from '../voorstellen/fixtures';

/**
 * The registry's permission checks live in its services: someone who may not act is refused before anything is
 * read or written. The store here fails the test on any use, so a refusal that touched it would show.
 */

const untouchable = new Proxy({} as RegistryRepository, {
  get: (_target, property) => {
    throw new Error(`the store was used: ${String(property)}`);
  },
});

const UNKNOWN: Actor = { kind: 'unknown' };
const CONTACT = contact('p-anna', organisation('org-alfa', 'Alfa Zorg'));

describe('RegistryService permissions', () => {
  const service = new RegistryService({ registry: untouchable, config: { demoMode: false } });

  it.each([
    ['an unknown user', UNKNOWN],
    ['a contact of an aanbieder', CONTACT],
  ])('refuses %s every registry use case without touching the store', async (_who, actor) => {
    expect(service.mayManage(actor)).toBe(false);
    expect(await service.overview(actor)).toEqual({ kind: 'not-allowed' });
    expect(await service.organisationToEdit(actor, 'org-alfa')).toEqual({ kind: 'not-allowed' });
    expect(
      await service.saveOrganisation(actor, {
        organisationId: '',
        etag: '',
        input: { name: 'Beta', type: 'aanbieder' },
      }),
    ).toEqual({ kind: 'not-allowed' });
    expect(await service.newPerson(actor)).toEqual({ kind: 'not-allowed' });
    expect(await service.personToEdit(actor, 'p-anna')).toEqual({ kind: 'not-allowed' });
    expect(
      await service.savePerson(actor, { personId: '', etag: '', input: { name: 'Bo', email: 'bo@x.nl' } }),
    ).toEqual({ kind: 'not-allowed' });
  });

  it('lets the gemeente admin manage the registry', () => {
    expect(service.mayManage(gemeenteAdmin())).toBe(true);
  });

  it('shows a profile to registered people only', () => {
    expect(service.profileOf(UNKNOWN)).toBeUndefined();
    expect(service.profileOf(CONTACT)).toBe(CONTACT);
  });
});

describe('DemoRoleService', () => {
  const switcher = {
    aadObjectId: 'aad-1',
    teamsUser: { value: {}, etag: 'e1' } as Versioned<TeamsUserDocument>,
  };
  const directory = { roles: [{ key: 'gemeente', personId: 'p-gemeente' }] };

  it('refuses a role switch outside demo mode without touching the store', async () => {
    const service = new DemoRoleService({
      registry: untouchable,
      config: { demoMode: false },
      demo: directory,
    });
    expect(service.maySwitch(gemeenteAdmin())).toBe(false);
    expect(await service.switchTo(gemeenteAdmin(), switcher, 'gemeente')).toBe('demo-only');
  });

  it('in demo mode links the account to the demo person of the role, even for an unknown user', async () => {
    const person = { value: { id: 'p-gemeente' }, etag: 'p1' };
    const registry = {
      getPerson: jest.fn().mockResolvedValue(person),
      linkTeamsUser: jest.fn().mockResolvedValue(person),
      saveTeamsUser: jest.fn().mockResolvedValue(switcher.teamsUser),
    };
    const service = new DemoRoleService({
      registry: registry as unknown as RegistryRepository,
      config: { demoMode: true },
      demo: directory,
    });
    expect(service.maySwitch(UNKNOWN)).toBe(true);
    expect(await service.switchTo(UNKNOWN, switcher, 'gemeente')).toBe('switched');
    expect(registry.linkTeamsUser).toHaveBeenCalledWith('aad-1', person);
    expect(registry.saveTeamsUser).toHaveBeenCalledWith('aad-1', switcher.teamsUser, {
      personId: 'p-gemeente',
    });
  });
});
