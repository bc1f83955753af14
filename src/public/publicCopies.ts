import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import type { RegistryRepository } from '../storage/registryRepository';
import { createPublicationService, type PublicationService } from './publicationService';
import { publicationSources, type PublicationSource } from './publicationSources';
import { PublicViewError, type PublicationKind } from './publicViews';

/**
 * Keeping what is published current (issue 20). Publishing and withdrawing stay acts of the gemeente; once an
 * item is published, Tafelbot updates the public copy of the kinds below when their source changes, without a
 * second "Publiceren". Each update records what changed ("Gewijzigd op …: …"). Why per kind: docs/public-site.md.
 *
 * Two paths, both idempotent (the copy is rebuilt from the source and only written when its version differs):
 * the feature calls `refresh(kind, id)` right after its change, and the scheduled sweep `refreshAll()` catches
 * whatever a crash between the two writes left behind.
 */
export const KEPT_CURRENT: Readonly<Record<PublicationKind, boolean>> = {
  /** Time, place, cancellation and agenda items are facts a visitor acts on: always current. */
  agenda: true,
  /** Who sits at the table; every change already carries the gemeente's reason [002 art. 7.4]. */
  samenstelling: true,
  /** A draw record never changes after the draw. */
  loting: false,
  /** A new text of the verslag is an editorial act: the gemeente publishes it again. */
  verslag: false,
  /** A decision does not change after it was taken; a correction is published by the gemeente. */
  besluit: false,
  /** A new report goes out when the gemeente publishes it; the card shows "gewijzigd sinds de publicatie". */
  ontwikkeltafel: false,
};

export type RefreshOutcome = 'updated' | 'unchanged' | 'not-published' | 'not-kept-current' | 'source-gone';

export class PublicCopies {
  constructor(
    private readonly publications: PublicationService,
    private readonly sources: readonly PublicationSource[],
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {}

  /** Brings the public copy of one item up to date with its source, when it is published and kept current. */
  async refresh(kind: PublicationKind, sourceId: string): Promise<RefreshOutcome> {
    if (!KEPT_CURRENT[kind]) return 'not-kept-current';
    const published = await this.publications.get(kind, sourceId);
    if (!published) return 'not-published';
    const source = this.sources.find((s) => s.kind === kind);
    let built: Awaited<ReturnType<PublicationSource['build']>>;
    try {
      built = await source?.build(sourceId);
    } catch (error) {
      if (!(error instanceof PublicViewError)) throw error;
      this.logger?.warn('public copy not updated: the view cannot be published', { kind, sourceId });
      return 'unchanged';
    }
    // A source that disappeared keeps its last public copy: only the gemeente withdraws.
    if (!built) return 'source-gone';
    if (built.sourceVersion === published.sourceVersion) return 'unchanged';
    try {
      await this.publications.publish(kind, sourceId, built.view as never, {
        sourceVersion: built.sourceVersion,
        automatic: true,
      });
    } catch (error) {
      if (!(error instanceof PublicViewError)) throw error;
      this.logger?.warn('public copy not updated: the view cannot be published', { kind, sourceId });
      return 'unchanged';
    }
    return 'updated';
  }

  /** Every published item of the kinds kept current; the scheduled sweep. Answers how many were updated. */
  async refreshAll(): Promise<number> {
    let updated = 0;
    for (const summary of await this.publications.list()) {
      if (!KEPT_CURRENT[summary.kind]) continue;
      if ((await this.refresh(summary.kind, summary.sourceId)) === 'updated') updated++;
    }
    return updated;
  }
}

export interface PublicCopiesHost {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly now: () => Date;
  readonly logger: Logger;
}

const instances = new WeakMap<PublicCopiesHost, PublicCopies>();

/** One per host (no state of its own; the WeakMap only saves rebuilding it for every change). */
export function publicCopiesFor(host: PublicCopiesHost): PublicCopies {
  let copies = instances.get(host);
  if (!copies) {
    copies = new PublicCopies(
      createPublicationService(host.db, host.registry, host.now),
      publicationSources(host.db, host.registry),
      host.logger,
    );
    instances.set(host, copies);
  }
  return copies;
}

/** The sweep runs with the other scheduled tasks, once across all instances. */
export const PUBLIC_COPIES_EVERY_MS = 5 * 60_000;

export function registerPublicCopiesTask(
  scheduler: { register(task: { name: string; everyMs: number; run(now: Date): Promise<void> }): void },
  copies: PublicCopies,
): void {
  scheduler.register({
    name: 'openbaar-actueel',
    everyMs: PUBLIC_COPIES_EVERY_MS,
    run: async () => {
      await copies.refreshAll();
    },
  });
}
