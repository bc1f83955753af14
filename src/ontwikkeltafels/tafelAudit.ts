import type { Actor } from '../domain/registry/actor';
import type { Logger } from '../observability/logger';
import type { RegistryRepository } from '../storage/registryRepository';

/**
 * The audit trail of an ontwikkeltafel: one stream per table. A failure to write an entry is logged and does not
 * undo the change it records.
 */

export async function recordTafelAudit(
  deps: { readonly registry: RegistryRepository; readonly logger: Logger },
  tafelId: string,
  actorPersonId: string | null,
  action: string,
  details: Record<string, unknown>,
) {
  await deps.registry
    .recordAudit({
      stream: `ontwikkeltafel-${tafelId}`,
      actorPersonId,
      action,
      subjectId: tafelId,
      details,
    })
    .catch((error: unknown) =>
      deps.logger.warn('audit entry not written', { tafelId, error: (error as Error).message }),
    );
}

export function personIdOf(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.person.id : null;
}
