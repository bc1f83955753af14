import type { Ontwikkeltafel, Voortgangsrapportage } from '../domain/ontwikkeltafels';
import type { ReportNotice } from '../domain/ontwikkeltafels/schedule';
import type { ActorRecord } from '../domain/voorstellen/acting';
import type { TafelbotDatabase } from './cosmosClient';
import { DocumentConflictError, DocumentStore, updateWithRetry, type Versioned } from './documentStore';

/**
 * Ontwikkeltafels and their reports in two containers:
 *
 * - `ontwikkeltafels` (pk /id): one document per table. It keeps `trekkerPersonIds`, `participantOrganisationIds`
 *   and `status` at the top level, because the registry checks the tables a person leads with them (the person's
 *   led-tables hint, built from RegistryRepository.tablesLedBy) and voorstellen list the active tables by them.
 *   Only tables live here. Whoever makes a table list a trekker calls RegistryRepository.addLedTable first; whoever
 *   drops one (or ends the table) calls removeLedTable after (see PersonDocument.ledTableIds).
 * - `rapportages` (pk /ontwikkeltafelId): per table its reports (id `<table>-<period>`, so one report per period
 *   by construction), a record of every reminder or overdue notice sent (so the scheduler sends each once), and
 *   the questions readers asked.
 *
 * Table and report documents carry an outbox: broadcasts caused by a change are written with the change and
 * enqueued right after; what a crash left behind the scheduled task enqueues (broadcast ids are deterministic).
 */

/** A broadcast a table change still has to enqueue. */
export interface TafelOutboxEntry {
  /** The broadcast id. */
  readonly id: string;
  readonly kind: 'uitnodiging' | 'beeindigd';
}

export interface OntwikkeltafelDocument extends Ontwikkeltafel {
  readonly docType: 'ontwikkeltafel';
  readonly trekkerPersonIds: readonly string[];
  readonly participantOrganisationIds: readonly string[];
  readonly outbox: readonly TafelOutboxEntry[];
  /** Broadcasts enqueued for this table. */
  readonly broadcasts: readonly string[];
}

/** A broadcast a report change still has to enqueue. */
export interface RapportOutboxEntry {
  /** The broadcast id. */
  readonly id: string;
  /** publicatie: a (corrected) version to its readers; alle-aanbieders: the gemeente shares it with all aanbieders. */
  readonly kind: 'publicatie' | 'alle-aanbieders';
  readonly version: number;
}

export interface RapportageDocument extends Voortgangsrapportage {
  /** = tafelId; the partition key. */
  readonly ontwikkeltafelId: string;
  readonly docType: 'rapportage';
  /** The organisations its published versions were sent to: their contacts may read it and ask questions. */
  readonly audienceOrganisationIds: readonly string[];
  /** The gemeente chose to share it with every contracted aanbieder (corrections follow the same way). */
  readonly sharedWithAllAanbieders: boolean;
  readonly outbox: readonly RapportOutboxEntry[];
  readonly broadcasts: readonly string[];
}

/** A reminder or overdue notice that was enqueued; its id comes from the notice key, so it is recorded once. */
export interface MeldingDocument {
  readonly id: string;
  readonly ontwikkeltafelId: string;
  readonly docType: 'melding';
  readonly key: string;
  readonly noticeKind: ReportNotice['kind'];
  readonly periodId: string;
  readonly broadcastId: string;
  readonly sentAt: string;
}

/** A reader's question about a published report, sent to the trekkers. */
export interface VraagDocument {
  readonly id: string;
  readonly ontwikkeltafelId: string;
  readonly docType: 'vraag';
  readonly reportId: string;
  readonly question: string;
  readonly askedBy: ActorRecord;
  readonly askedAt: string;
  readonly broadcastId: string;
}

type RapportagesContainerDocument = RapportageDocument | MeldingDocument | VraagDocument;

export function reportIdFor(tafelId: string, periodId: string): string {
  return `${tafelId}-${periodId}`;
}

/** Cosmos ids may not hold '/', which notice keys use ('<table>/<period>/<slot>'). */
export function meldingIdFor(key: string): string {
  return `melding-${key.replace(/\//g, '--')}`;
}

export function toTafelDocument(
  tafel: Ontwikkeltafel,
  previous?: Pick<OntwikkeltafelDocument, 'outbox' | 'broadcasts'>,
): OntwikkeltafelDocument {
  return {
    ...tafel,
    docType: 'ontwikkeltafel',
    trekkerPersonIds: tafel.trekkers.map((t) => t.personId),
    participantOrganisationIds: tafel.participants.map((p) => p.organisationId),
    outbox: previous?.outbox ?? [],
    broadcasts: previous?.broadcasts ?? [],
  };
}

export function toTafel(doc: OntwikkeltafelDocument): Ontwikkeltafel {
  const {
    docType: _docType,
    trekkerPersonIds: _trekkers,
    participantOrganisationIds: _participants,
    outbox: _outbox,
    broadcasts: _broadcasts,
    ...tafel
  } = doc;
  return tafel;
}

export function toRapportageDocument(
  report: Voortgangsrapportage,
  previous?: Pick<
    RapportageDocument,
    'audienceOrganisationIds' | 'sharedWithAllAanbieders' | 'outbox' | 'broadcasts'
  >,
): RapportageDocument {
  return {
    ...report,
    ontwikkeltafelId: report.tafelId,
    docType: 'rapportage',
    audienceOrganisationIds: previous?.audienceOrganisationIds ?? [],
    sharedWithAllAanbieders: previous?.sharedWithAllAanbieders ?? false,
    outbox: previous?.outbox ?? [],
    broadcasts: previous?.broadcasts ?? [],
  };
}

export function toRapportage(doc: RapportageDocument): Voortgangsrapportage {
  const {
    ontwikkeltafelId: _pk,
    docType: _docType,
    audienceOrganisationIds: _audience,
    sharedWithAllAanbieders: _shared,
    outbox: _outbox,
    broadcasts: _broadcasts,
    ...report
  } = doc;
  return report;
}

export class OntwikkeltafelsRepository {
  readonly tafels: DocumentStore<OntwikkeltafelDocument>;
  readonly rapportages: DocumentStore<RapportagesContainerDocument>;

  constructor(db: TafelbotDatabase) {
    this.tafels = new DocumentStore(db.container('ontwikkeltafels'), (d) => d.id);
    this.rapportages = new DocumentStore(db.container('rapportages'), (d) => d.ontwikkeltafelId);
  }

  // Tables ----------------------------------------------------------------------------------------------------

  async getTafel(id: string): Promise<Versioned<OntwikkeltafelDocument> | undefined> {
    const found = await this.tafels.read(id);
    // The container held a smaller membership document before tables were built out (old demo data).
    return found && found.value.docType === 'ontwikkeltafel' ? found : undefined;
  }

  /** Every table, by name; a small cross-partition query (a region has a handful of tables). */
  async listTafels(): Promise<OntwikkeltafelDocument[]> {
    const found = await this.tafels.query("SELECT * FROM c WHERE c.docType = 'ontwikkeltafel'");
    return found.sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  /** Fails with DocumentConflictError when the id is taken (a redelivered create). */
  createTafel(doc: OntwikkeltafelDocument): Promise<Versioned<OntwikkeltafelDocument>> {
    return this.tafels.create(doc);
  }

  /** If-Match: a change made meanwhile is refused with StaleDocumentError. */
  replaceTafel(doc: OntwikkeltafelDocument, etag: string): Promise<Versioned<OntwikkeltafelDocument>> {
    return this.tafels.replace(doc, etag);
  }

  /** Read-modify-write with retries; `change` must be pure. */
  updateTafel(
    id: string,
    change: (doc: OntwikkeltafelDocument) => OntwikkeltafelDocument,
  ): Promise<Versioned<OntwikkeltafelDocument> | undefined> {
    return updateWithRetry(this.tafels, id, change);
  }

  tafelsWithPendingOutbox(): Promise<OntwikkeltafelDocument[]> {
    return this.tafels.query(
      "SELECT * FROM c WHERE c.docType = 'ontwikkeltafel' AND ARRAY_LENGTH(c.outbox) > 0",
    );
  }

  // Reports ---------------------------------------------------------------------------------------------------

  async getReport(tafelId: string, reportId: string): Promise<Versioned<RapportageDocument> | undefined> {
    const found = await this.rapportages.read(reportId, tafelId);
    if (!found || found.value.docType !== 'rapportage' || found.value.ontwikkeltafelId !== tafelId)
      return undefined;
    return found as Versioned<RapportageDocument>;
  }

  /** The reports of one table, oldest period first; the partition key is filtered in WHERE too. */
  async listReports(tafelId: string): Promise<Versioned<RapportageDocument>[]> {
    const found = await this.rapportages.queryVersioned(
      "SELECT * FROM c WHERE c.ontwikkeltafelId = @t AND c.docType = 'rapportage'",
      [{ name: '@t', value: tafelId }],
      tafelId,
    );
    return (found as Versioned<RapportageDocument>[]).sort((a, b) =>
      a.value.periodEnd.localeCompare(b.value.periodEnd),
    );
  }

  /** Reports of every table (portfolio, export); a cross-partition query over tens of documents a year. */
  async listAllReports(): Promise<RapportageDocument[]> {
    return (await this.rapportages.query(
      "SELECT * FROM c WHERE c.docType = 'rapportage'",
    )) as RapportageDocument[];
  }

  /** Fails with DocumentConflictError when the period already has a report. */
  async createReport(doc: RapportageDocument): Promise<Versioned<RapportageDocument>> {
    return (await this.rapportages.create(doc)) as Versioned<RapportageDocument>;
  }

  async replaceReport(doc: RapportageDocument, etag: string): Promise<Versioned<RapportageDocument>> {
    return (await this.rapportages.replace(doc, etag)) as Versioned<RapportageDocument>;
  }

  async updateReport(
    tafelId: string,
    reportId: string,
    change: (doc: RapportageDocument) => RapportageDocument,
  ): Promise<Versioned<RapportageDocument> | undefined> {
    const updated = await updateWithRetry(
      this.rapportages,
      reportId,
      (doc) => (doc.docType === 'rapportage' ? change(doc) : doc),
      { partitionKey: tafelId },
    );
    return updated as Versioned<RapportageDocument> | undefined;
  }

  async reportsWithPendingOutbox(): Promise<RapportageDocument[]> {
    return (await this.rapportages.query(
      "SELECT * FROM c WHERE c.docType = 'rapportage' AND ARRAY_LENGTH(c.outbox) > 0",
    )) as RapportageDocument[];
  }

  // Notices ---------------------------------------------------------------------------------------------------

  async sentNoticeKeys(tafelId: string): Promise<Set<string>> {
    const found = (await this.rapportages.query(
      "SELECT * FROM c WHERE c.ontwikkeltafelId = @t AND c.docType = 'melding'",
      [{ name: '@t', value: tafelId }],
      tafelId,
    )) as MeldingDocument[];
    return new Set(found.map((m) => m.key));
  }

  /** Records a sent notice; recording it twice (two instances, a rerun) is not an error. */
  async recordNotice(melding: Omit<MeldingDocument, 'id' | 'docType'>): Promise<void> {
    try {
      await this.rapportages.create({ ...melding, id: meldingIdFor(melding.key), docType: 'melding' });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
    }
  }

  // Questions -------------------------------------------------------------------------------------------------

  /** Returns false when a question with this id exists already (a redelivered invoke). */
  async createQuestion(vraag: VraagDocument): Promise<boolean> {
    try {
      await this.rapportages.create(vraag);
      return true;
    } catch (error) {
      if (error instanceof DocumentConflictError) return false;
      throw error;
    }
  }

  async listQuestions(tafelId: string, reportId: string): Promise<VraagDocument[]> {
    const found = (await this.rapportages.query(
      "SELECT * FROM c WHERE c.ontwikkeltafelId = @t AND c.docType = 'vraag' AND c.reportId = @r",
      [
        { name: '@t', value: tafelId },
        { name: '@r', value: reportId },
      ],
      tafelId,
    )) as VraagDocument[];
    return found.sort((a, b) => a.askedAt.localeCompare(b.askedAt));
  }
}
