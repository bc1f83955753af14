import { ManagedIdentityCredential } from '@azure/identity';
import { parseRetryAfter } from '../domain/delivery/retryPolicy';

/**
 * The two Microsoft Graph calls Tafelbot makes, with fetch (no Graph SDK): find a user of the tenant by e-mail
 * address, and install the app from the organisation's catalog in a user's personal scope. App-only tokens come
 * from the bot's managed identity. Every failure becomes a GraphError with the status and Retry-After, so the
 * caller decides: the delivery ledger retries throttling, everything else is recorded.
 */

const REQUEST_TIMEOUT_MS = 15_000;

export class GraphError extends Error {
  constructor(
    /** HTTP status, or undefined for a network error or timeout. */
    readonly status: number | undefined,
    readonly retryAfterMs: number | undefined,
    readonly code: string,
  ) {
    super(`Microsoft Graph ${status ?? 'unreachable'}: ${code}`);
    this.name = 'GraphError';
  }
}

export interface TenantUser {
  readonly id: string;
  readonly userType: 'member' | 'guest';
}

export type InstallResult = 'installed' | 'already-installed';

/** The Graph operations the delivery decorator and the reach overview need (tests may stand in for it). */
export interface TenantDirectory {
  findUserByEmail(email: string): Promise<TenantUser | undefined>;
  installAppForUser(userId: string, catalogAppId: string): Promise<InstallResult>;
}

/** An access token for Graph, or undefined for a local fake that needs none. */
export type GraphTokenSource = () => Promise<string | undefined>;

/** App-only tokens of a user-assigned managed identity; cached until shortly before they expire. */
export function managedIdentityTokens(clientId: string, baseUrl: string): GraphTokenSource {
  const credential = new ManagedIdentityCredential({ clientId });
  let cached: { token: string; expiresAt: number } | undefined;
  return async () => {
    if (cached && cached.expiresAt - Date.now() > 5 * 60_000) return cached.token;
    const token = await credential.getToken(`${baseUrl}/.default`);
    cached = { token: token.token, expiresAt: token.expiresOnTimestamp };
    return token.token;
  };
}

/** An OData string literal: single quotes doubled, so an address like o'brien@x.nl cannot break the filter. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export class GraphClient implements TenantDirectory {
  constructor(
    private readonly baseUrl: string,
    private readonly token: GraphTokenSource,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Members and guests alike: a guest's `mail` is the address they were invited with, and their UPN has the form
   * name_domain#EXT#@tenant; members usually match on `mail` or their UPN, aliases on `otherMails`. Disabled
   * accounts do not count. A member wins over a guest account with the same address.
   */
  async findUserByEmail(email: string): Promise<TenantUser | undefined> {
    const address = odataString(email.trim().toLowerCase());
    const query = new URLSearchParams({
      $filter: `mail eq ${address} or otherMails/any(x:x eq ${address}) or userPrincipalName eq ${address}`,
      $select: 'id,userType,accountEnabled',
      $top: '5',
    });
    const body = await this.call<{
      value?: Array<{ id?: string; userType?: string; accountEnabled?: boolean }>;
    }>('GET', `/v1.0/users?${query.toString().replace(/\+/g, '%20')}`);
    const users = (body.value ?? []).filter((u) => u.id && u.accountEnabled !== false);
    const chosen = users.find((u) => u.userType !== 'Guest') ?? users[0];
    if (!chosen?.id) return undefined;
    return { id: chosen.id, userType: chosen.userType === 'Guest' ? 'guest' : 'member' };
  }

  /** 201 is installed; 409 Conflict means it already was, which is just as good. */
  async installAppForUser(userId: string, catalogAppId: string): Promise<InstallResult> {
    try {
      await this.call('POST', `/v1.0/users/${encodeURIComponent(userId)}/teamwork/installedApps`, {
        'teamsApp@odata.bind': `${this.baseUrl}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}`,
      });
      return 'installed';
    } catch (error) {
      if (error instanceof GraphError && error.status === 409) return 'already-installed';
      throw error;
    }
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      const token = await this.token();
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new GraphError(undefined, undefined, (error as Error).name || 'network');
    }
    const text = await response.text();
    if (!response.ok) {
      let code = '';
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
      } catch {
        code = '';
      }
      throw new GraphError(
        response.status,
        parseRetryAfter(response.headers.get('retry-after'), this.now()),
        code.slice(0, 80),
      );
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
}
