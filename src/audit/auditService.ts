import { can, type Actor, type PolicyContext } from '../domain/registry/actor';
import { refuse, succeed, type Result } from '../domain/shared/result';
import type { AuditEntry } from '../storage/auditLog';
import type { RegistryRepository } from '../storage/registryRepository';

/**
 * Reading the audit trail: the latest entries of every stream, or one stream. Read-only: nothing here (or anywhere)
 * changes an entry. Only the gemeente reads it, since it holds every vote, decision and draw.
 */

export interface AuditDeps {
  readonly registry: RegistryRepository;
}

export interface AuditTrail {
  /** The stream shown, or '' for the latest entries of all streams. */
  readonly stream: string;
  readonly entries: readonly AuditEntry[];
  /** The current names of the people in the entries, by id: the entries carry ids only. */
  readonly names: ReadonlyMap<string, string>;
}

export class AuditService {
  constructor(private readonly deps: AuditDeps) {}

  mayRead(actor: Actor, policy: PolicyContext): boolean {
    return can(actor, 'registry.manage', policy);
  }

  /** One stream, oldest first; without a stream the `latest` newest entries of all streams. */
  async trail(
    actor: Actor,
    policy: PolicyContext,
    request: { readonly stream: string; readonly latest: number },
  ): Promise<Result<AuditTrail>> {
    if (!this.mayRead(actor, policy))
      return refuse('auth.gemeente-only', {
        nl: 'Alleen de gemeente mag de audit trail lezen.',
        en: 'Only the gemeente may read the audit trail.',
      });
    const { registry } = this.deps;
    const { stream } = request;
    const entries = stream
      ? await registry.audit.stream(stream)
      : await registry.audit.recent(request.latest);
    const people = new Set(entries.map((e) => e.actorPersonId).filter((id): id is string => Boolean(id)));
    const names = new Map<string, string>();
    for (const person of await registry.listPeople())
      if (people.has(person.id)) names.set(person.id, person.name);
    return succeed({ stream, entries, names });
  }
}
