import type { Organisation } from '../domain/registry/registry';
import { DocumentConflictError, StaleDocumentError } from '../storage/documentStore';
import type { RegistryRepository } from '../storage/registryRepository';

export interface ImportSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

const SAME_FIELDS = ['name', 'type', 'percelen', 'grootte', 'herkomst', 'kvkNumber', 'contracted'] as const;

/** Creates or updates each organisation; idempotent, and safe against a concurrent edit (ETag, re-read). */
export async function importOrganisations(
  registry: RegistryRepository,
  organisations: readonly Organisation[],
): Promise<ImportSummary> {
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const organisation of organisations) {
    for (let attempt = 1; ; attempt++) {
      const current = await registry.getOrganisation(organisation.id);
      try {
        if (!current) {
          await registry.createOrganisation(organisation, null);
          created++;
        } else if (
          SAME_FIELDS.every((f) => JSON.stringify(current.value[f]) === JSON.stringify(organisation[f]))
        ) {
          unchanged++;
        } else {
          await registry.replaceOrganisation(current, organisation, null);
          updated++;
        }
        break;
      } catch (error) {
        const retriable = error instanceof DocumentConflictError || error instanceof StaleDocumentError;
        if (!retriable || attempt >= 5) throw error;
      }
    }
  }
  return { created, updated, unchanged };
}
