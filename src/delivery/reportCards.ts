import type { BroadcastMessage } from '../domain/delivery/broadcast';
import type { Logger } from '../observability/logger';
import { StaleDocumentError, type Versioned } from '../storage/documentStore';
import type { BroadcastJobDocument, DeliveryRepository } from './deliveryRepository';

/**
 * The requester's live delivery report (a card sent once when the broadcast starts, then updated in place as it
 * progresses, and a final summary where a card cannot be updated). Kept apart from the worker, which only sends:
 * the worker hands in how to reach a person, within Teams' limits.
 */

export type RenderReport = (
  broadcastId: string,
  personId: string,
  summary: boolean,
) => Promise<BroadcastMessage | undefined>;

export interface PersonChannel {
  send(personId: string, message: BroadcastMessage): Promise<{ activityId: string }>;
  update(personId: string, activityId: string, message: BroadcastMessage): Promise<void>;
}

export interface ReportCardOptions {
  readonly reportEveryMs: number;
  readonly finalSummary: boolean;
}

export class ReportCards {
  /** When each broadcast's card was last updated here: only paces updates, so losing it costs one update. */
  private readonly lastReportAt = new Map<string, number>();

  constructor(
    private readonly deps: {
      readonly deliveries: DeliveryRepository;
      readonly logger: Logger;
      readonly renderReport: RenderReport | undefined;
      readonly channel: PersonChannel;
      readonly now: () => number;
    },
    private readonly options: ReportCardOptions,
  ) {}

  /** Sends the requester's report card once, remembering its activity id on the job. */
  async ensureReportCard(job: Versioned<BroadcastJobDocument>): Promise<void> {
    const report = job.value.report;
    if (!report || report.activityId || !this.deps.renderReport) return;
    const message = await this.deps.renderReport(job.value.broadcastId, report.personId, false);
    if (!message) return;
    try {
      const sent = await this.deps.channel.send(report.personId, message);
      await this.rememberReportCard(job, sent.activityId);
      this.lastReportAt.set(job.value.broadcastId, this.deps.now());
    } catch (error) {
      // The report is a convenience: the broadcast goes on; the admin can still open the report by command.
      this.deps.logger.warn('could not send the delivery report card', {
        broadcastId: job.value.broadcastId,
        error: (error as Error).message,
      });
    }
  }

  /**
   * Stores the sent card's activity id on the job. The job changes while it runs (its status, a resend), so a
   * stale ETag reads again instead of losing the id: without it the card would never be updated.
   */
  private async rememberReportCard(job: Versioned<BroadcastJobDocument>, activityId: string): Promise<void> {
    let current: Versioned<BroadcastJobDocument> | undefined = job;
    for (let attempt = 1; current?.value.report && !current.value.report.activityId; attempt++) {
      try {
        await this.deps.deliveries.replaceJob(
          { ...current.value, report: { ...current.value.report, activityId } },
          current.etag,
        );
        return;
      } catch (error) {
        if (!(error instanceof StaleDocumentError) || attempt >= 5) throw error;
        current = await this.deps.deliveries.getJob(job.value.broadcastId);
      }
    }
  }

  /**
   * Updates the report card in place, at most every reportEveryMs and once at the end. When the card cannot be
   * updated (or was never stored), and always with finalSummary, the finished report also goes as a new message.
   */
  async maybeReport(job: BroadcastJobDocument, final: boolean): Promise<void> {
    if (!this.deps.renderReport) return;
    const last = this.lastReportAt.get(job.broadcastId) ?? 0;
    if (!final && this.deps.now() - last < this.options.reportEveryMs) return;
    const current = await this.deps.deliveries.getJob(job.broadcastId);
    const report = current?.value.report;
    if (!report) return;
    this.lastReportAt.set(job.broadcastId, this.deps.now());
    let updated = false;
    if (report.activityId) {
      const message = await this.deps.renderReport(job.broadcastId, report.personId, false);
      if (!message) return;
      try {
        await this.deps.channel.update(report.personId, report.activityId, message);
        updated = true;
      } catch (error) {
        this.deps.logger.warn('could not update the delivery report card', {
          broadcastId: job.broadcastId,
          error: (error as Error).message,
        });
      }
    }
    if (final && (!updated || this.options.finalSummary)) await this.sendSummary(job, report.personId);
  }

  private async sendSummary(job: BroadcastJobDocument, personId: string): Promise<void> {
    const summary = await this.deps.renderReport?.(job.broadcastId, personId, true);
    if (!summary) return;
    try {
      await this.deps.channel.send(personId, summary);
    } catch (error) {
      this.deps.logger.warn('could not send the delivery summary', {
        broadcastId: job.broadcastId,
        error: (error as Error).message,
      });
    }
  }
}
