import type { TafelbotDatabase } from '../storage/cosmosClient';
import {
  PublicationsRepository,
  type PublicationDocument,
  type PublicationSummary,
} from '../storage/publicationsRepository';
import type { AuditEntry } from '../storage/registryRepository';
import { describePublication } from './labels';
import { describeChange, withChange } from './publicationChanges';
import {
  PUBLIC_ID,
  PublicViewError,
  sanitizePublicView,
  type PublicationKind,
  type PublicViewOf,
} from './publicViews';

/**
 * Publishing on the virtuele overlegtafel. Features call `publish(kind, id, publicView)` with a view from the
 * builders in ./publicViews (e.g. `publish('besluit', voorstel.id, besluitPublicView(voorstel))`) when the
 * gemeente presses "Publiceren"; the view passes the sanitizer again here, so even a view put together by hand
 * carries only public fields. Permission (gemeente only) is the caller's check, as everywhere in the bot.
 */

export interface PublishOptions {
  /** Who pressed "Publiceren" (for the audit trail; never stored in the publication). */
  readonly byPersonId?: string | null;
  /** The source's version (ETag, updatedAt, composition version), to show "changed since publication". */
  readonly sourceVersion?: string;
  /** Kept current by Tafelbot after a change of the source, not by someone pressing "Publiceren". */
  readonly automatic?: boolean;
}

export interface AuditTrail {
  recordAudit(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void>;
}

export const AUDIT_STREAM = 'publicaties';

export interface PublicationServiceOptions {
  readonly audit?: AuditTrail;
  readonly now?: () => Date;
  /** Everyone whose name must never be published (the registry's people); read at each publication. */
  readonly personNames?: () => Promise<readonly string[]>;
  /** Every organisation's name: kept whole in published text (organisations are named, people are not). */
  readonly organisationNames?: () => Promise<readonly string[]>;
}

export class PublicationService {
  private readonly now: () => Date;

  constructor(
    readonly publications: PublicationsRepository,
    private readonly options: PublicationServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Creates or updates the publication of one item. Throws PublicViewError (both languages) for a view that cannot go out. */
  async publish<K extends PublicationKind>(
    kind: K,
    sourceId: string,
    publicView: PublicViewOf<K>,
    options: PublishOptions = {},
  ): Promise<PublicationDocument<K>> {
    if (!PUBLIC_ID.test(sourceId))
      throw new PublicViewError({
        nl: `Ongeldige id voor een publicatie: ${sourceId.slice(0, 40)}`,
        en: `Invalid id for a publication: ${sourceId.slice(0, 40)}`,
      });
    const [personNames, organisationNames] = await Promise.all([
      this.options.personNames?.() ?? [],
      this.options.organisationNames?.() ?? [],
    ]);
    const view = sanitizePublicView(kind, publicView, { personNames, organisationNames });
    const { title, summary, sortKey } = describePublication(kind, view);
    const at = this.now().toISOString();
    const saved = await this.publications.save(kind, sourceId, (current) => {
      const note = current ? describeChange(kind, current.view, view) : undefined;
      return {
        id: `${kind}:${sourceId}`,
        kind,
        sourceId,
        title,
        summary,
        sortKey,
        sourceVersion: options.sourceVersion ?? '',
        version: (current?.version ?? 0) + 1,
        firstPublishedAt: current?.firstPublishedAt ?? at,
        updatedAt: at,
        changes: withChange(current?.changes, note ? { at, note } : undefined),
        view,
      };
    });
    await this.options.audit?.recordAudit({
      stream: AUDIT_STREAM,
      actorPersonId: options.byPersonId ?? null,
      action: saved.version === 1 ? 'publicatie.gepubliceerd' : 'publicatie.bijgewerkt',
      subjectId: saved.id,
      details: { kind, sourceId, version: saved.version, automatic: options.automatic === true },
    });
    return saved;
  }

  /** Takes an item off the public pages and feeds. False when it was not published. */
  async withdraw(kind: PublicationKind, sourceId: string, options: PublishOptions = {}): Promise<boolean> {
    const removed = await this.publications.remove(kind, sourceId);
    if (removed) {
      await this.options.audit?.recordAudit({
        stream: AUDIT_STREAM,
        actorPersonId: options.byPersonId ?? null,
        action: 'publicatie.ingetrokken',
        subjectId: `${kind}:${sourceId}`,
        details: { kind, sourceId },
      });
    }
    return removed;
  }

  get<K extends PublicationKind>(kind: K, sourceId: string): Promise<PublicationDocument<K> | undefined> {
    return this.publications.get(kind, sourceId);
  }

  list(): Promise<PublicationSummary[]> {
    return this.publications.listSummaries();
  }
}

/** The service as the bot uses it: audit trail and person names from the registry. */
export function createPublicationService(
  db: TafelbotDatabase,
  registry: AuditTrail & {
    listPeople(): Promise<ReadonlyArray<{ readonly name: string }>>;
    listOrganisations(): Promise<ReadonlyArray<{ readonly name: string }>>;
  },
  now: () => Date = () => new Date(),
): PublicationService {
  return new PublicationService(new PublicationsRepository(db), {
    audit: registry,
    now,
    personNames: async () => (await registry.listPeople()).map((p) => p.name),
    organisationNames: async () => (await registry.listOrganisations()).map((o) => o.name),
  });
}
