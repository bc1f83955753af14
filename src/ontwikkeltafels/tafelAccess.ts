import {
  isGuestOf,
  isTrekker,
  mayBeInvited,
  saveDraft,
  startReport,
  type Ontwikkeltafel,
  type Voortgangsrapportage,
} from '../domain/ontwikkeltafels';
import type { Actor } from '../domain/registry/actor';
import type { Organisation } from '../domain/registry/registry';
import { refuse, succeed, type Result } from '../domain/shared/result';
import { localYearOf } from '../domain/time/amsterdam';
import { isGemeente } from '../domain/voorstellen/acting';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { currentOverlegtafelMembers } from '../storage/inschrijvingRepository';
import type { RapportageDocument } from '../storage/ontwikkeltafelsRepository';
import type { RegistryRepository } from '../storage/registryRepository';

/**
 * Who sees and does what at the ontwikkeltafels: the Overlegtafel (its members read every table and report), the
 * trekkers, the participants and the aanbieders a table invites.
 */

/** The organisations at the Overlegtafel now: gemeenten, lokale toegang and the published composition. */
export interface OverlegtafelAudience {
  readonly organisationIds: readonly string[];
  /** The year of the composition used; null when none has been published (this year or last). */
  readonly compositionYear: number | null;
  readonly organisations: readonly Organisation[];
}

/** A plain boolean: the domain's type guard would narrow the other branch of an Actor to never. */
export function isGemeenteActor(actor: Actor): boolean {
  return isGemeente(actor);
}

/**
 * The parties at the Overlegtafel: every gemeente and the lokale toegang, plus the aanbieders of this year's
 * published composition (issue 4), or last year's while the new one is not published: the table stays seated
 * until it is replaced.
 */
export async function loadOverlegtafel(
  deps: { readonly db: TafelbotDatabase; readonly registry: RegistryRepository },
  now: Date,
): Promise<OverlegtafelAudience> {
  const organisations = await deps.registry.listOrganisations();
  const known = new Set(organisations.map((o) => o.id));
  const year = localYearOf(now);
  let compositionYear: number | null = null;
  let memberIds: string[] = [];
  for (const candidate of [year, year - 1]) {
    const members = await currentOverlegtafelMembers(deps.db, candidate);
    if (members.length > 0) {
      compositionYear = candidate;
      memberIds = members.map((m) => m.organisationId).filter((id) => known.has(id));
      break;
    }
  }
  const publicBodies = organisations
    .filter((o) => o.type === 'gemeente' || o.type === 'lokale-toegang')
    .map((o) => o.id);
  return { organisationIds: [...new Set([...publicBodies, ...memberIds])], compositionYear, organisations };
}

/** A member of the Overlegtafel: the gemeente, or a contact of one of its parties. */
export function isOverlegtafelMember(actor: Actor, overlegtafel: OverlegtafelAudience): boolean {
  if (actor.kind !== 'person') return false;
  if (isGemeenteActor(actor)) return true;
  const parties = new Set(overlegtafel.organisationIds);
  return actor.roles.some((r) => parties.has(r.organisation.id));
}

/** Who may read a published report: the gemeente, its trekkers, the Overlegtafel and the organisations it went to. */
export function mayReadReport(
  actor: Actor,
  tafel: Ontwikkeltafel,
  doc: RapportageDocument,
  overlegtafel: OverlegtafelAudience,
): boolean {
  if (actor.kind !== 'person' || doc.publishedAt === null) return false;
  if (
    isGemeenteActor(actor) ||
    isTrekker(tafel, actor) ||
    isOverlegtafelMember(actor, overlegtafel) ||
    isGuestOf(actor, tafel)
  )
    return true;
  const audience = new Set(doc.audienceOrganisationIds);
  return actor.roles.some((r) => audience.has(r.organisation.id));
}

/** Organisations the actor may join this table for: invited ones it does not take part in yet. */
export function joinableOrganisations(actor: Actor, tafel: Ontwikkeltafel): Organisation[] {
  if (actor.kind !== 'person' || tafel.status !== 'actief') return [];
  const joined = new Set(tafel.participants.map((p) => p.organisationId));
  return actor.roles.map((r) => r.organisation).filter((o) => mayBeInvited(tafel, o) && !joined.has(o.id));
}

/** The table may be seen by the gemeente, the Overlegtafel, its trekkers, participants and invited aanbieders. */
export function mayViewTafel(
  actor: Actor,
  tafel: Ontwikkeltafel,
  overlegtafel: OverlegtafelAudience,
): boolean {
  if (actor.kind !== 'person') return false;
  if (isOverlegtafelMember(actor, overlegtafel) || isTrekker(tafel, actor) || isGuestOf(actor, tafel))
    return true;
  const participants = new Set(tafel.participants.map((p) => p.organisationId));
  return actor.roles.some((r) => participants.has(r.organisation.id) || mayBeInvited(tafel, r.organisation));
}

/**
 * Whether the actor may open the report form for this period: the domain's own checks (trekker of this table, the
 * period is on the schedule, no voortgang work on an ended table, a published report is corrected), nothing stored.
 */
export function mayOpenReportForm(
  tafel: Ontwikkeltafel,
  existing: Voortgangsrapportage | undefined,
  periodId: string,
  actor: Actor,
  now: Date,
): Result<unknown> {
  if (!existing) return startReport(tafel, [], { id: 'form', periodId }, actor, now);
  if (existing.publishedAt === null) return saveDraft(existing, tafel, existing.content, actor, now);
  return isTrekker(tafel, actor)
    ? succeed(true)
    : refuse('rapportage.not-trekker', {
        nl: `Alleen de trekkers van ${tafel.name} kunnen de rapportages van deze tafel schrijven.`,
        en: `Only the leads of ${tafel.name} can write the reports of this table.`,
      });
}
