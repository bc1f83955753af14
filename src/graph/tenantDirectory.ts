import type { AppConfig } from '../config/config';
import { GraphClient, managedIdentityTokens, type TenantDirectory } from './graphClient';

/**
 * The tenant directory when GRAPH_INSTALL is on, else undefined. Tokens come from the managed identity; in local
 * mode there is none, and the (loopback, fake) Graph is called without a token.
 */
export function tenantDirectoryFor(config: AppConfig): TenantDirectory | undefined {
  if (!config.graph.install) return undefined;
  const clientId = config.cosmos.managedIdentityClientId;
  const tokens =
    clientId && !config.localMode
      ? managedIdentityTokens(clientId, config.graph.baseUrl)
      : async () => undefined;
  return new GraphClient(config.graph.baseUrl, tokens);
}

/**
 * Teams' global service URL for proactive messages, for the rare broadcast before anyone of the tenant has used
 * the bot (normally the most recent user's service URL is used).
 */
export const TEAMS_GLOBAL_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export function singleTenantId(config: AppConfig): string | null {
  return config.bot?.tenantId ?? config.allowedTenantIds[0] ?? null;
}
