import type { SqlParameter } from '@azure/cosmos';
import type { BroadcastMessage, RecipientStatus } from '../domain/delivery/broadcast';
import type { DeliveryChannel } from '../domain/delivery/channel';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { DocumentStore, type Versioned } from '../storage/documentStore';

/**
 * The broadcasts container: per broadcast one partition holding the job document and one ledger document per
 * recipient, so everything about one broadcast is read and written within one partition.
 */

export type JobStatus = 'active' | 'done';

/** What a recipient entry does: send the message, or update a message sent earlier (a card update in place). */
export type DeliveryMode = 'send' | 'update';

export interface BroadcastJobDocument {
  readonly id: 'job';
  readonly broadcastId: string;
  readonly kind: 'job';
  /** The Dutch title; `titleEn` the English one (absent on broadcasts stored before it: see titleIn). */
  readonly title: string;
  readonly titleEn?: string;
  /** What the broadcast is about, for the report and logs (e.g. 'voorstel.reactie'). */
  readonly topic: string;
  readonly message: BroadcastMessage;
  readonly mode: DeliveryMode;
  readonly status: JobStatus;
  readonly createdAt: string;
  readonly createdByPersonId: string | null;
  /** The requester's report card, updated while the broadcast runs. */
  readonly report: { readonly personId: string; readonly activityId: string | null } | null;
  readonly finishedAt: string | null;
}

export interface RecipientDocument {
  readonly id: string;
  readonly broadcastId: string;
  readonly kind: 'recipient';
  readonly personId: string;
  readonly name: string;
  readonly organisationNames: readonly string[];
  readonly status: RecipientStatus;
  readonly attempts: number;
  /** Not before this time (back-off after a retriable failure). */
  readonly notBefore: string | null;
  /** While 'sending': who claimed it and until when; an expired claim is taken over. */
  readonly claimedBy: string | null;
  readonly claimedUntil: string | null;
  readonly activityId: string | null;
  readonly conversationId: string | null;
  readonly failure: string | null;
  /** The same reason in English, for an English report (absent on older documents: the Dutch is shown). */
  readonly failureEn?: string | null;
  /** For mode 'update': the activity to replace. */
  readonly targetActivityId: string | null;
  readonly updatedAt: string;
  /**
   * The channel chosen for this recipient: absent or null means Teams (documents from before e-mail). Set to
   * 'email' before the first e-mail goes out, so a retry or a taken-over claim stays on e-mail.
   */
  readonly channel?: DeliveryChannel | null;
  /** Why Teams could not be used, when the message went (or was meant to go) by e-mail. */
  readonly teamsFailure?: string | null;
  /** The Message-ID of the e-mail sent. */
  readonly emailMessageId?: string | null;
  /** A failure the report translates (`email.<code>`), with its status and detail; `failure` keeps the Dutch. */
  readonly failureCode?: string | null;
  readonly failureStatus?: number | null;
  readonly failureDetail?: string | null;
  /**
   * How often a claim on this recipient expired while 'sending' and was taken over: the instance died (or
   * stalled) mid-attempt, so whether that attempt arrived is unknown. Teams cannot be asked, so a message sent
   * after such a takeover may have arrived twice; the report says so.
   */
  readonly interruptedAttempts?: number;
}

export type BroadcastDocument = BroadcastJobDocument | RecipientDocument;

export function recipientIdFor(personId: string): string {
  return `r-${personId}`;
}

export class DeliveryRepository {
  readonly documents: DocumentStore<BroadcastDocument>;

  constructor(db: TafelbotDatabase) {
    this.documents = new DocumentStore<BroadcastDocument>(db.container('broadcasts'), (d) => d.broadcastId);
  }

  async getJob(broadcastId: string): Promise<Versioned<BroadcastJobDocument> | undefined> {
    return (await this.documents.read('job', broadcastId)) as Versioned<BroadcastJobDocument> | undefined;
  }

  async createJob(job: BroadcastJobDocument): Promise<Versioned<BroadcastJobDocument>> {
    return (await this.documents.create(job)) as Versioned<BroadcastJobDocument>;
  }

  async replaceJob(job: BroadcastJobDocument, etag: string): Promise<Versioned<BroadcastJobDocument>> {
    return (await this.documents.replace(job, etag)) as Versioned<BroadcastJobDocument>;
  }

  createRecipient(recipient: RecipientDocument): Promise<Versioned<BroadcastDocument>> {
    return this.documents.create(recipient);
  }

  async replaceRecipient(recipient: RecipientDocument, etag: string): Promise<Versioned<RecipientDocument>> {
    return (await this.documents.replace(recipient, etag)) as Versioned<RecipientDocument>;
  }

  /** Recipients of one broadcast; the partition key is in WHERE because the local store may ignore the header. */
  async recipients(
    broadcastId: string,
    statuses?: readonly RecipientStatus[],
  ): Promise<Versioned<RecipientDocument>[]> {
    const parameters: SqlParameter[] = [{ name: '@b', value: broadcastId }];
    let filter = '';
    if (statuses) {
      filter = ` AND c.status IN (${statuses.map((_, i) => `@s${i}`).join(', ')})`;
      statuses.forEach((s, i) => parameters.push({ name: `@s${i}`, value: s }));
    }
    const found = await this.documents.queryVersioned(
      `SELECT * FROM c WHERE c.broadcastId = @b AND c.kind = 'recipient'${filter}`,
      parameters,
      broadcastId,
    );
    return found as Versioned<RecipientDocument>[];
  }

  /** Broadcasts with work left, oldest first: a cross-partition query over the small set of job documents. */
  async activeBroadcastIds(): Promise<string[]> {
    const jobs = await this.documents.query("SELECT * FROM c WHERE c.kind = 'job' AND c.status = 'active'");
    return (jobs as BroadcastJobDocument[])
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((j) => j.broadcastId);
  }

  async listJobs(limit = 20): Promise<BroadcastJobDocument[]> {
    const jobs = (await this.documents.query(
      "SELECT * FROM c WHERE c.kind = 'job'",
    )) as BroadcastJobDocument[];
    return jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }
}
