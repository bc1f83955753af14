import { can, type Actor, type PolicyContext } from '../domain/registry/actor';
import type { Versioned } from '../storage/documentStore';
import type { RegistryRepository, TeamsUserDocument } from '../storage/registryRepository';

/**
 * Local demo only: one person tries every role by linking their Teams account to the demo person of that role.
 * Refused outside demo mode, on the server, whatever the card says.
 */

/** Demo people per role (local demo only), as seeded by seedDemoData. */
export interface DemoDirectory {
  readonly roles: ReadonlyArray<{ readonly key: string; readonly personId: string | null }>;
}

export interface DemoRoleDeps {
  readonly registry: RegistryRepository;
  readonly config: PolicyContext;
  readonly demo: DemoDirectory | undefined;
}

/** The Teams account that switches, with its user document as this turn read it (for If-Match). */
export interface DemoSwitcher {
  readonly aadObjectId: string;
  readonly teamsUser: Versioned<TeamsUserDocument>;
}

export class DemoRoleService {
  constructor(private readonly deps: DemoRoleDeps) {}

  maySwitch(actor: Actor): boolean {
    return can(actor, 'demo.switchRole', this.deps.config);
  }

  /** Links the Teams account to the demo person of `roleKey`, or unlinks it for the role without a person. */
  async switchTo(actor: Actor, switcher: DemoSwitcher, roleKey: string): Promise<'switched' | 'demo-only'> {
    const directory = this.deps.demo;
    if (!this.maySwitch(actor) || !directory) return 'demo-only';
    const personId = directory.roles.find((r) => r.key === roleKey)?.personId ?? null;
    const person = personId ? await this.deps.registry.getPerson(personId) : undefined;
    // One demo person per account: the roles tried before let go of it, so a broadcast to several demo people
    // reaches the playground once (as the person of the current role), not once per role tried.
    for (const other of directory.roles) {
      if (other.personId && other.personId !== person?.value.id) {
        await this.deps.registry.unlinkTeamsUser(switcher.aadObjectId, other.personId);
      }
    }
    if (person) await this.deps.registry.linkTeamsUser(switcher.aadObjectId, person);
    await this.deps.registry.saveTeamsUser(switcher.aadObjectId, switcher.teamsUser, {
      personId: person?.value.id ?? null,
    });
    return 'switched';
  }
}
