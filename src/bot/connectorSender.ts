import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { BroadcastMessage } from '../domain/delivery/broadcast';
import { parseRetryAfter } from '../domain/delivery/retryPolicy';
import { SendError, type MessageSender, type SendTarget, type SentMessage } from '../delivery/messageSender';

/**
 * Sends and updates proactive messages with the Bot Connector REST API directly, one HTTP request per
 * operation. The SDK's own client retries 429s internally (and hides the outcome), which would break our
 * accounting of Teams' limits and attempts; here every request, status and Retry-After is ours to handle.
 * Tokens come from the SDK's credentials factory (managed identity or app registration); none in local mode.
 */

const REQUEST_TIMEOUT_MS = 15_000;

export class ConnectorSender implements MessageSender {
  constructor(
    private readonly credentials: ServiceClientCredentialsFactory,
    private readonly botAppId: string,
    private readonly now: () => number = Date.now,
  ) {}

  async send(target: SendTarget, message: BroadcastMessage): Promise<SentMessage> {
    if (target.reference) {
      const { id } = await this.call<{ id?: string }>(
        'POST',
        target.reference.serviceUrl,
        `v3/conversations/${encodeURIComponent(target.reference.conversation.id)}/activities`,
        this.activity(message),
      );
      return {
        activityId: id ?? '',
        conversationId: target.reference.conversation.id,
        operations: 1,
        createdReference: null,
      };
    }
    if (!target.aadObjectId || !target.tenantId || !target.serviceUrl) {
      throw new SendError({
        status: 0,
        retryAfterMs: undefined,
        reason:
          'Geen Teams-gesprek bekend: deze persoon heeft Tafelbot nog nooit gebruikt, dus er kan geen 1-op-1-gesprek worden gestart.',
        reasonEn:
          'No Teams conversation known: this person never used Tafelbot, so no 1:1 conversation can be started.',
      });
    }
    const created = await this.call<{ id?: string }>('POST', target.serviceUrl, 'v3/conversations', {
      isGroup: false,
      bot: { id: this.botAppId || 'tafelbot' },
      members: [{ id: target.aadObjectId }],
      tenantId: target.tenantId,
      channelData: { tenant: { id: target.tenantId } },
    });
    const conversationId = created.id;
    if (!conversationId)
      throw new SendError({
        status: undefined,
        retryAfterMs: undefined,
        reason: 'Teams gaf geen gesprek terug',
        reasonEn: 'Teams returned no conversation',
      });
    const { id } = await this.call<{ id?: string }>(
      'POST',
      target.serviceUrl,
      `v3/conversations/${encodeURIComponent(conversationId)}/activities`,
      this.activity(message),
    );
    return {
      activityId: id ?? '',
      conversationId,
      operations: 2,
      createdReference: {
        channelId: 'msteams',
        serviceUrl: target.serviceUrl,
        conversation: { id: conversationId, conversationType: 'personal', tenantId: target.tenantId },
        user: { id: target.aadObjectId, aadObjectId: target.aadObjectId },
        bot: { id: this.botAppId || 'tafelbot' },
      },
    };
  }

  async update(target: SendTarget, activityId: string, message: BroadcastMessage): Promise<void> {
    if (!target.reference || !activityId)
      throw new SendError({
        status: 0,
        retryAfterMs: undefined,
        reason: 'Geen bericht om bij te werken.',
        reasonEn: 'No message to update.',
      });
    const path = `v3/conversations/${encodeURIComponent(target.reference.conversation.id)}/activities/${encodeURIComponent(activityId)}`;
    await this.call('PUT', target.reference.serviceUrl, path, { ...this.activity(message), id: activityId });
  }

  private activity(message: BroadcastMessage) {
    return {
      type: 'message',
      text: message.text,
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: message.card }],
    };
  }

  private async authorization(): Promise<Record<string, string>> {
    if (!this.botAppId || (await this.credentials.isAuthenticationDisabled())) return {};
    const credentials = await this.credentials.createCredentials(
      this.botAppId,
      AuthenticationConstants.ToChannelFromBotOAuthScope,
      AuthenticationConstants.ToChannelFromBotLoginUrl,
      true,
    );
    const token = await (credentials as unknown as { getToken(): Promise<string> }).getToken();
    return { authorization: `Bearer ${token}` };
  }

  private async call<T>(method: 'POST' | 'PUT', serviceUrl: string, path: string, body: unknown): Promise<T> {
    const url = new URL(path, serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', ...(await this.authorization()) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new SendError({ status: undefined, retryAfterMs: undefined, reason: (error as Error).message });
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = '';
      try {
        detail = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '';
      } catch {
        detail = text.slice(0, 200);
      }
      throw new SendError({
        status: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), this.now()),
        reason: detail.slice(0, 300),
      });
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
}
