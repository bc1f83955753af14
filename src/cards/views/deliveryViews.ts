import type { BroadcastStatus, RecipientOutcome } from '../../delivery/deliveryService';
import { describeEmailFailure } from '../../delivery/email/emailFailureText';
import { titleIn } from '../../domain/delivery/broadcast';
import type { EmailFailureCode } from '../../domain/delivery/emailFailure';
import { format, stringsFor, type Locale, type RenderInput } from '../renderCard';

const MAX_FAILURES_SHOWN = 25;
const MAX_EMAILED_SHOWN = 25;

/** The reason in the reader's language: e-mail failures are recorded as a code, Teams reasons in both languages. */
function reasonOf(outcome: RecipientOutcome, locale: Locale): string {
  if (outcome.failureCode?.startsWith('email.')) {
    return describeEmailFailure(
      {
        code: outcome.failureCode.slice('email.'.length) as EmailFailureCode,
        status: outcome.failureStatus ?? undefined,
        detail: outcome.failureDetail,
      },
      locale,
    );
  }
  return locale === 'en' && outcome.reasonEn ? outcome.reasonEn : outcome.reason;
}

/** The live delivery report: progress bar, counts per channel, who got it by e-mail, who was not reached and why. */
export function deliveryReportView(status: BroadcastStatus, locale: Locale): RenderInput {
  const text = stringsFor('deliveryFeedback', locale) as Record<string, string>;
  const channels = stringsFor('deliveryChannel', locale) as Record<string, string>;
  const { counts } = status;
  const hidden = status.failures.length - MAX_FAILURES_SHOWN;
  const emailed = status.recipients.filter((r) => r.status === 'sent' && r.channel === 'email');
  return {
    view: {
      title: titleIn(status.job, locale),
      finished: status.job.status === 'done',
      sent: counts.sent,
      failed: counts.failed,
      open: counts.pending + counts.sending,
      total: counts.total,
      failures: status.failures.slice(0, MAX_FAILURES_SHOWN).map((f) => ({
        name: f.name,
        organisations: f.organisations,
        channel: channels[f.channel] ?? f.channel,
        reason: reasonOf(f, locale),
      })),
      emailed: emailed
        .slice(0, MAX_EMAILED_SHOWN)
        .map((r) => ({ label: r.organisations ? `${r.name} (${r.organisations})` : r.name })),
    },
    trusted: {
      moreFailures: hidden > 0 ? format(text.more ?? '', { count: hidden }) : '',
      byChannel:
        status.sentBy.email > 0
          ? format(channels.byChannel ?? '', { teams: status.sentBy.teams, email: status.sentBy.email })
          : '',
      possiblyTwice:
        status.possiblyTwice > 0
          ? format((status.possiblyTwice === 1 ? text.possiblyTwiceOne : text.possiblyTwice) ?? '', {
              count: status.possiblyTwice,
            })
          : '',
      moreEmailed:
        emailed.length > MAX_EMAILED_SHOWN
          ? format(text.moreEmailed ?? '', { count: emailed.length - MAX_EMAILED_SHOWN })
          : '',
    },
    form: { broadcastId: status.job.broadcastId },
  };
}
