import type { AppConfig } from '../../config/config';
import type { RateWindow } from '../../domain/delivery/rateLimits';
import { isPublicationKind } from '../../public/publicViews';
import { publicPath } from '../../public/labels';
import type { PublicationsRepository } from '../../storage/publicationsRepository';
import type { RegistryRepository } from '../../storage/registryRepository';
import { AcsTransport } from './acsTransport';
import { EmailChannel } from './emailChannel';
import type { EmailRateStore } from './emailRateStore';
import type { EmailTransport } from './emailTransport';
import { SmtpTransport } from './smtpTransport';

/** The e-mail transport and channel the configuration asks for, or undefined for EMAIL_TRANSPORT=none. */

/**
 * A margin on each window: a send is counted when its slot starts, but an SMTP session or an ACS request
 * reaches the service a moment later, so the service may count it a little later than we did.
 */
export const EMAIL_WINDOW_MARGIN_MS = 2_000;

export function emailWindows(perMinute: number, perHour: number, slots: number): RateWindow[] {
  // Like Teams' tenant limit, the rate is shared by the sending slots: each holds its share.
  const share = (limit: number): number => Math.max(1, Math.floor(limit / slots));
  const windows: RateWindow[] = [{ limit: share(perMinute), windowMs: 60_000 + EMAIL_WINDOW_MARGIN_MS }];
  if (perHour > 0) windows.push({ limit: share(perHour), windowMs: 3_600_000 + EMAIL_WINDOW_MARGIN_MS });
  return windows;
}

export function createEmailTransport(config: AppConfig): EmailTransport | undefined {
  const email = config.email;
  if (email.transport === 'smtp')
    return new SmtpTransport({ ...email.smtp, from: email.from, fromName: email.fromName });
  if (email.transport === 'acs')
    return new AcsTransport({
      endpoint: email.acsEndpoint,
      from: email.from,
      managedIdentityClientId: config.cosmos.managedIdentityClientId,
    });
  return undefined;
}

export function createEmailChannel(
  config: AppConfig,
  deps: {
    readonly registry: RegistryRepository;
    readonly publications: PublicationsRepository;
    readonly transport?: EmailTransport;
    /** Where each sending slot keeps its e-mail window (absent: in memory, one instance only). */
    readonly rateStore?: EmailRateStore;
    readonly now?: () => number;
  },
): EmailChannel | undefined {
  const email = config.email;
  if (email.transport === 'none') return undefined;
  const transport = deps.transport ?? createEmailTransport(config);
  if (!transport) return undefined;
  return new EmailChannel({
    transport,
    registry: deps.registry,
    windows: emailWindows(email.ratePerMinute, email.ratePerHour, config.deliverySlots),
    botAppId: config.bot?.appId,
    publicBaseUrl: config.publicBaseUrl,
    isPublished: async (kind, sourceId) => {
      if (!isPublicationKind(kind)) return undefined;
      return (await deps.publications.get(kind, sourceId)) ? publicPath(kind, sourceId) : undefined;
    },
    rateStore: deps.rateStore,
    now: deps.now,
  });
}
