import { can, type Actor, type PolicyContext } from '../domain/registry/actor';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import type { RegistryRepository } from '../storage/registryRepository';
import { publicPath } from './labels';
import { createPublicationService, type PublicationService } from './publicationService';
import { publicationSources, type PublicationCandidate, type PublicationSource } from './publicationSources';
import { PublicViewError, type PublicationKind } from './publicViews';
import type { Bilingual } from '../domain/shared/result';

/**
 * The gemeente decides per item what goes on the virtuele overlegtafel (/openbaar): what is published, what the
 * features hold that could be, publishing and withdrawing. Gemeente only, checked here on every call; the
 * handler only turns the outcome into the `publicaties` card.
 */

export interface PublicatiesDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly now: () => Date;
}

export type PublicatiesOverview = {
  readonly published: Awaited<ReturnType<PublicationService['list']>>;
  readonly candidates: readonly PublicationCandidate[];
};

export type PublishOutcome =
  | { readonly status: 'not-allowed' }
  | { readonly status: 'not-found' }
  /** The view could not pass the public gate (e.g. a draw record that does not verify); nothing was stored. */
  | { readonly status: 'refused'; readonly message: Bilingual }
  | { readonly status: 'published'; readonly title: string; readonly version: number; readonly path: string };

export type WithdrawOutcome =
  | { readonly status: 'not-allowed' }
  | { readonly status: 'not-published' }
  | { readonly status: 'withdrawn'; readonly title: string };

export class PublicatiesService {
  readonly publications: PublicationService;
  private readonly sources: readonly PublicationSource[];

  constructor(deps: PublicatiesDeps) {
    this.publications = createPublicationService(deps.db, deps.registry, deps.now);
    this.sources = publicationSources(deps.db, deps.registry);
  }

  mayManage(actor: Actor, policy: PolicyContext): boolean {
    return can(actor, 'registry.manage', policy);
  }

  async overview(actor: Actor, policy: PolicyContext): Promise<PublicatiesOverview | undefined> {
    if (!this.mayManage(actor, policy)) return undefined;
    const [published, candidates] = await Promise.all([
      this.publications.list(),
      Promise.all(this.sources.map((s) => s.candidates())),
    ]);
    return { published, candidates: candidates.flat() };
  }

  async publish(
    actor: Actor,
    policy: PolicyContext,
    kind: PublicationKind,
    sourceId: string,
  ): Promise<PublishOutcome> {
    if (!this.mayManage(actor, policy)) return { status: 'not-allowed' };
    const source = this.sources.find((s) => s.kind === kind);
    try {
      const built = source ? await source.build(sourceId) : undefined;
      if (!built) return { status: 'not-found' };
      const saved = await this.publications.publish(kind, sourceId, built.view, {
        byPersonId: personIdOf(actor),
        sourceVersion: built.sourceVersion,
      });
      return {
        status: 'published',
        title: saved.title,
        version: saved.version,
        path: publicPath(kind, sourceId),
      };
    } catch (error) {
      if (error instanceof PublicViewError) return { status: 'refused', message: error.text };
      throw error;
    }
  }

  async withdraw(
    actor: Actor,
    policy: PolicyContext,
    kind: PublicationKind,
    sourceId: string,
  ): Promise<WithdrawOutcome> {
    if (!this.mayManage(actor, policy)) return { status: 'not-allowed' };
    const existing = await this.publications.get(kind, sourceId);
    const removed = existing
      ? await this.publications.withdraw(kind, sourceId, { byPersonId: personIdOf(actor) })
      : false;
    return removed && existing ? { status: 'withdrawn', title: existing.title } : { status: 'not-published' };
  }
}

function personIdOf(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.person.id : null;
}
