import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../observability/logger';
import type { TafelbotAdapter } from './sdk/tafelbotAdapter';

/**
 * The single, framework-neutral entry into the bot: headers and a parsed JSON body in, a status and a body out.
 * The HTTP server (restify today, Express under the next Teams SDK) knows nothing of the Bot Framework, and the
 * Bot Framework knows nothing of the HTTP server.
 */
export interface InboundActivityRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

export interface ActivityResponse {
  readonly status: number;
  readonly body?: unknown;
}

export type HandleActivity = (request: InboundActivityRequest) => Promise<ActivityResponse>;

export interface ActivityEntryOptions {
  readonly logger: Logger;
  /**
   * Local mode has no inbound authentication, so replies may only go to a Teams service on this machine (the
   * playground, the tests' fake): otherwise anyone who can reach the bot could have it post to a host of theirs.
   */
  readonly localMode: boolean;
}

const MAX_TYPE_LENGTH = 64;
const MAX_SERVICE_URL_LENGTH = 2048;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** What is wrong with a body that claims to be an activity, or undefined when it can go to the SDK. */
function activityProblem(body: unknown, localMode: boolean): ActivityResponse | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { status: 400, body: { message: 'The body must be a Bot Framework activity' } };
  }
  const { type, serviceUrl } = body as { type?: unknown; serviceUrl?: unknown };
  if (typeof type !== 'string' || type.length === 0 || type.length > MAX_TYPE_LENGTH) {
    return { status: 400, body: { message: 'The body must be a Bot Framework activity' } };
  }
  if (
    serviceUrl !== undefined &&
    (typeof serviceUrl !== 'string' || serviceUrl.length > MAX_SERVICE_URL_LENGTH)
  ) {
    return { status: 400, body: { message: 'serviceUrl must be a URL' } };
  }
  if (localMode && typeof serviceUrl === 'string' && !isLoopbackUrl(serviceUrl)) {
    return {
      status: 403,
      body: { message: 'In local mode Tafelbot only answers a Teams service on this machine' },
    };
  }
  return undefined;
}

/** The SDK's own activity fix-up (not exported by botbuilder): ISO timestamps become Dates, the raw text is kept. */
function withDates(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field] as string);
    }
  }
  return activity as unknown as Activity;
}

function headerValue(headers: InboundActivityRequest['headers'], name: string): string {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** One line about a refused token: the SDK's reason, without the token or anything after a line break. */
export function authenticationFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split('\n')[0]!
      // A JWT (three base64url parts) never reaches a log, whatever the SDK put in its message.
      .replace(/[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[token]')
      .slice(0, 200)
  );
}

export function createActivityEntry(
  adapter: TafelbotAdapter,
  logic: (context: TurnContext) => Promise<void>,
  options: ActivityEntryOptions,
): HandleActivity {
  const { logger } = options;
  return async ({ headers, body }) => {
    const problem = activityProblem(body, options.localMode);
    if (problem) return problem;
    const activity = withDates(body as Record<string, unknown>);

    let authenticated;
    try {
      authenticated = await adapter.authenticateInbound(activity, headerValue(headers, 'authorization'));
    } catch (error) {
      // Every failure to authenticate is the caller's problem: 401, one log line, nothing processed.
      logger.warn('request not authenticated', { reason: authenticationFailureReason(error) });
      return { status: 401, body: { message: 'Unauthorized' } };
    }

    try {
      const invokeResponse = await adapter.runAuthenticated(authenticated, activity, logic);
      return invokeResponse ? { status: invokeResponse.status, body: invokeResponse.body } : { status: 200 };
    } catch (error) {
      logger.error('processing an activity failed', { error: (error as Error)?.message ?? String(error) });
      return { status: 500, body: { message: 'internal error' } };
    }
  };
}
