import type { BroadcastStatus, DeliveryService } from './deliveryService';
import { can, type Actor, type PolicyContext } from '../domain/registry/actor';

/**
 * The gemeente's side of a broadcast's report: reading it and resending to the failed recipients. Gemeente only,
 * checked here on every call, so the handler only turns the outcome into the report card.
 */

export type ReportOutcome =
  | { readonly status: 'not-allowed' }
  | { readonly status: 'unknown' }
  | { readonly status: 'found'; readonly report: BroadcastStatus };

export type ResendOutcome =
  | { readonly status: 'not-allowed' }
  | { readonly status: 'unknown' }
  | { readonly status: 'resent'; readonly count: number; readonly report: BroadcastStatus | undefined };

export class DeliveryReports {
  constructor(private readonly delivery: Pick<DeliveryService, 'status' | 'resendFailed'>) {}

  mayManage(actor: Actor, policy: PolicyContext): boolean {
    return can(actor, 'registry.manage', policy);
  }

  async report(actor: Actor, policy: PolicyContext, broadcastId: string): Promise<ReportOutcome> {
    if (!this.mayManage(actor, policy)) return { status: 'not-allowed' };
    const report = await this.delivery.status(broadcastId);
    return report ? { status: 'found', report } : { status: 'unknown' };
  }

  async resendFailed(actor: Actor, policy: PolicyContext, broadcastId: string): Promise<ResendOutcome> {
    if (!this.mayManage(actor, policy)) return { status: 'not-allowed' };
    const resent = await this.delivery.resendFailed(broadcastId);
    if (!resent.ok) return { status: 'unknown' };
    return { status: 'resent', count: resent.value, report: await this.delivery.status(broadcastId) };
  }
}
