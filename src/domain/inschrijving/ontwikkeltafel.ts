import type { Organisation, Perceel } from '../registry/registry';

/**
 * Ontwikkeltafel invitations are targeted [000 §3, stap 1]: only the aanbieders contracted in the percelen of
 * that ontwikkelopgave are invited (not gemeenten, not aanbieders whose contract ended). Wiring it to the
 * creation of a table belongs to the ontwikkeltafel flow; use the result as `audience.organisationIds`.
 */
export function ontwikkeltafelInvitees(
  organisations: readonly Organisation[],
  percelen: readonly Perceel[],
): Organisation[] {
  const wanted = new Set<number>(percelen);
  return organisations
    .filter((o) => o.type === 'aanbieder' && o.contracted && o.percelen.some((p) => wanted.has(p)))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}
