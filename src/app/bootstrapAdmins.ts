import type { Logger } from '../observability/logger';
import { DocumentConflictError } from '../storage/documentStore';
import type { RegistryRepository } from '../storage/registryRepository';

/**
 * The first gemeente admins come from ADMIN_EMAILS. Each gets a person record (or the admin flag on the
 * existing one); they are linked to their Teams account on first contact, like everyone else. Idempotent and
 * safe when several instances start at once.
 */
export async function ensureConfiguredAdmins(
  registry: RegistryRepository,
  adminEmails: readonly string[],
  logger: Logger,
): Promise<void> {
  for (const email of adminEmails) {
    const existing = await registry.findPersonByEmail(email);
    if (existing) {
      if (!existing.value.isAdmin)
        await registry.replacePerson(existing, { ...existing.value, isAdmin: true }, null);
      continue;
    }
    try {
      await registry.createPerson(
        {
          name: email.split('@')[0] ?? email,
          email,
          phone: null,
          aadObjectId: null,
          memberships: [],
          isAdmin: true,
        },
        null,
      );
      logger.info('configured admin registered', { personIdFor: 'email-hash' });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
    }
  }
}
