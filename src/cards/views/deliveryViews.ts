import type { BroadcastStatus } from '../../delivery/deliveryService';
import { format, stringsFor, type Locale, type RenderInput } from '../renderCard';

const MAX_FAILURES_SHOWN = 25;

/** The live delivery report: progress bar, counts, and who was not reached and why. */
export function deliveryReportView(status: BroadcastStatus, locale: Locale): RenderInput {
  const text = stringsFor('deliveryFeedback', locale) as Record<string, string>;
  const { counts } = status;
  const hidden = status.failures.length - MAX_FAILURES_SHOWN;
  return {
    view: {
      title: status.job.title,
      finished: status.job.status === 'done',
      sent: counts.sent,
      failed: counts.failed,
      open: counts.pending + counts.sending,
      total: counts.total,
      failures: status.failures.slice(0, MAX_FAILURES_SHOWN),
    },
    trusted: { moreFailures: hidden > 0 ? format(text.more ?? '', { count: hidden }) : '' },
    form: { broadcastId: status.job.broadcastId },
  };
}
