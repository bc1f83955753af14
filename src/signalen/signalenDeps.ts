import type { DeliveryService } from '../delivery/deliveryService';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import type { RegistryRepository } from '../storage/registryRepository';

/** What the signalen and pilot services need from the process; BotServices provides it. */
export interface SignalenDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
  readonly logger: Logger;
}

/** Every gemeente admin except the one acting (they know already). */
export async function gemeenteAdminIds(deps: SignalenDeps, except: string | null): Promise<string[]> {
  const people = await deps.registry.listPeople();
  return people.filter((p) => p.isAdmin && p.id !== except).map((p) => p.id);
}

/** Organisations that still exist (the delivery service refuses an audience with an unknown id). */
export async function existingOrganisationIds(deps: SignalenDeps, ids: readonly string[]): Promise<string[]> {
  const found = await Promise.all(ids.map((id) => deps.registry.getOrganisation(id)));
  return ids.filter((_, i) => found[i] !== undefined);
}

/** An audit entry; a failure to write one is logged and does not undo the change it records. */
export async function recordAudit(
  deps: SignalenDeps,
  entry: {
    readonly stream: string;
    readonly actorPersonId: string | null;
    readonly action: string;
    readonly subjectId: string;
    readonly details?: Record<string, unknown>;
  },
): Promise<void> {
  // Ids only: a confidential signaal's text never goes into the audit trail.
  await deps.registry
    .recordAudit({ ...entry, details: entry.details ?? {} })
    .catch((error: unknown) =>
      deps.logger.warn('audit entry not written', { stream: entry.stream, error: (error as Error).message }),
    );
}
