/**
 * Configuration from environment variables, validated once at start-up.
 * Every problem is collected and reported together, naming the variable, so an operator fixes them in one go.
 */

export type BotAppType = 'UserAssignedMSI' | 'SingleTenant' | 'MultiTenant';

export interface BotIdentity {
  readonly appId: string;
  readonly appType: BotAppType;
  readonly tenantId: string | undefined;
  /** Only for SingleTenant/MultiTenant app registrations with a secret; managed identity needs none. */
  readonly password: string | undefined;
}

export interface CosmosSettings {
  /** Undefined means: start the embedded local store. */
  readonly endpoint: string | undefined;
  /** Undefined with an endpoint means: authenticate with Microsoft Entra ID (managed identity). */
  readonly key: string | undefined;
  readonly databaseId: string;
  /** Client id of the user-assigned managed identity used for Cosmos (and the bot). */
  readonly managedIdentityClientId: string | undefined;
  /** Local mode only: the CA certificate (PEM file) of a loopback store started elsewhere, e.g. by the tests. */
  readonly localCaFile: string | undefined;
}

/** Who publishes the public pages: named in the privacy and accessibility statements under /openbaar. */
export interface PublicPublisher {
  /** PUBLIC_PUBLISHER_NAME, e.g. "Gemeente Voorbeeld": the verwerkingsverantwoordelijke. */
  readonly name: string | undefined;
  /** PUBLIC_CONTACT_EMAIL: where privacy requests and accessibility problems go. */
  readonly contactEmail: string | undefined;
  /** PUBLIC_REGION_NAME, e.g. "Rivierenland": shown under the site name on every public page. */
  readonly region?: string | undefined;
  /** PUBLIC_LOGO_FILE: a PNG or SVG of at most 100 kB, shown in the header of every public page. */
  readonly logoFile?: string | undefined;
}

/**
 * Proactive installation through Microsoft Graph (issue 15): find a contact in the tenant by e-mail address and
 * install the app for them, so a broadcast reaches people who never opened Tafelbot. App-only, with the managed
 * identity; see docs/reach.md for the permissions.
 */
export interface GraphSettings {
  /** GRAPH_INSTALL: install the app for recipients without a conversation, and look contacts up for the reach overview. */
  readonly install: boolean;
  /** TEAMS_CATALOG_APP_ID: the app's id in the organisation's app catalog (not the manifest id). */
  readonly catalogAppId: string | undefined;
  /** GRAPH_BASE_URL: https://graph.microsoft.com unless a test or a national cloud says otherwise. */
  readonly baseUrl: string;
}

/**
 * E-mail for recipients Teams cannot reach. `none`: off (they fail with the Teams reason, as before e-mail).
 * Each transport has its own rate (sliding windows per minute and per hour, shared by the sending slots).
 */
export type EmailSettings =
  | { readonly transport: 'none' }
  | {
      readonly transport: 'smtp';
      readonly from: string;
      readonly fromName: string;
      readonly ratePerMinute: number;
      /** 0: no hourly limit. */
      readonly ratePerHour: number;
      readonly smtp: {
        readonly host: string;
        readonly port: number;
        readonly security: 'tls' | 'starttls' | 'none';
        readonly user: string | undefined;
        readonly password: string | undefined;
      };
    }
  | {
      readonly transport: 'acs';
      readonly from: string;
      readonly fromName: string;
      readonly ratePerMinute: number;
      readonly ratePerHour: number;
      readonly acsEndpoint: string;
    };

/**
 * Default rates per transport. ACS: the documented default limits for an Azure managed domain (what infra/
 * provisions) are 5 e-mails a minute and 10 an hour; a verified custom domain starts at 30 a minute and 100 an
 * hour, and more only through an Azure support request (docs/email.md). SMTP: a cautious guess for a gemeente
 * relay; set what the relay's owner allows.
 */
export const EMAIL_RATE_DEFAULTS = {
  acs: { perMinute: 5, perHour: 10 },
  smtp: { perMinute: 60, perHour: 0 },
} as const;

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** True when the bot runs without a bot identity: loopback only, no inbound authentication. */
  readonly localMode: boolean;
  /** Demo data and role switching; only allowed in local mode. */
  readonly demoMode: boolean;
  readonly bot: BotIdentity | undefined;
  readonly cosmos: CosmosSettings;
  readonly localDataDir: string;
  /** Empty means every tenant is accepted (local mode only). */
  readonly allowedTenantIds: readonly string[];
  readonly adminEmails: readonly string[];
  readonly appInsightsConnectionString: string | undefined;
  readonly publicBaseUrl: string | undefined;
  /** Optional: without it the statements say plainly that the gemeente has not filled this in. */
  readonly publicPublisher: PublicPublisher;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Sending slots shared by all instances (Teams' per-tenant rate is split between them). */
  readonly deliverySlots: number;
  readonly graph: GraphSettings;
  readonly email: EmailSettings;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Ongeldige configuratie / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

type Env = Readonly<Record<string, string | undefined>>;

function readText(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function readList(env: Env, name: string): string[] {
  return (readText(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function readBoolean(env: Env, name: string, problems: string[]): boolean {
  const value = readText(env, name);
  if (value === undefined) return false;
  if (/^(1|true|yes|ja)$/i.test(value)) return true;
  if (/^(0|false|no|nee)$/i.test(value)) return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return false;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];

  const portText = readText(env, 'PORT') ?? '3978';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number (got "${portText}")`);

  const localMode = readBoolean(env, 'LOCAL_MODE', problems);
  const demoMode = readBoolean(env, 'DEMO_MODE', problems);
  const appId = readText(env, 'BOT_ID');
  const appTypeText = readText(env, 'BOT_TYPE') ?? 'UserAssignedMSI';
  const botTenantId = readText(env, 'BOT_TENANT_ID');
  const password = readText(env, 'BOT_PASSWORD');

  let bot: BotIdentity | undefined;
  if (appId) {
    if (!GUID.test(appId))
      problems.push(`BOT_ID must be a GUID (the bot's Microsoft app id or managed identity client id)`);
    if (!['UserAssignedMSI', 'SingleTenant', 'MultiTenant'].includes(appTypeText)) {
      problems.push(`BOT_TYPE must be UserAssignedMSI, SingleTenant or MultiTenant (got "${appTypeText}")`);
    }
    const appType = appTypeText as BotAppType;
    if (appType !== 'MultiTenant' && !botTenantId)
      problems.push(`BOT_TENANT_ID is required when BOT_TYPE is ${appType}`);
    if (botTenantId && !GUID.test(botTenantId)) problems.push('BOT_TENANT_ID must be a GUID');
    if (appType !== 'UserAssignedMSI' && !password)
      problems.push(`BOT_PASSWORD is required when BOT_TYPE is ${appType}`);
    if (localMode)
      problems.push('LOCAL_MODE cannot be combined with BOT_ID: a bot with an identity always authenticates');
    bot = { appId, appType, tenantId: botTenantId, password };
  } else if (!localMode) {
    problems.push(
      'BOT_ID is missing: set BOT_ID (and BOT_TYPE, BOT_TENANT_ID) for a real deployment, or LOCAL_MODE=true to run unauthenticated on 127.0.0.1',
    );
  }
  if (demoMode && !localMode) problems.push('DEMO_MODE is only allowed together with LOCAL_MODE=true');

  const host = readText(env, 'HOST') ?? (localMode ? '127.0.0.1' : '0.0.0.0');
  if (localMode && !LOOPBACK_HOSTS.has(host)) {
    problems.push(
      `HOST must be a loopback address in local mode (got "${host}"): without authentication the bot may not listen on a network`,
    );
  }

  const endpoint = readText(env, 'COSMOS_ENDPOINT');
  if (endpoint && !/^https:\/\/[^\s/]+(:\d+)?\/?$/.test(endpoint)) {
    problems.push(
      `COSMOS_ENDPOINT must be an https URL such as https://account.documents.azure.com:443/ (got "${endpoint}")`,
    );
  }
  if (!endpoint && !localMode) problems.push('COSMOS_ENDPOINT is required outside local mode');
  const cosmosKey = readText(env, 'COSMOS_KEY');
  const databaseId = readText(env, 'COSMOS_DATABASE') ?? 'tafelbot';
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(databaseId))
    problems.push('COSMOS_DATABASE may only contain letters, digits, - and _');
  const localCaFile = readText(env, 'COSMOS_LOCAL_CA_FILE');
  if (localCaFile && !(localMode && endpoint))
    problems.push(
      'COSMOS_LOCAL_CA_FILE is only for a local store: it needs LOCAL_MODE=true and COSMOS_ENDPOINT',
    );
  const managedIdentityClientId =
    readText(env, 'AZURE_CLIENT_ID') ?? (bot?.appType === 'UserAssignedMSI' ? bot.appId : undefined);

  const allowedTenantIds = readList(env, 'ALLOWED_TENANT_IDS');
  for (const t of allowedTenantIds)
    if (!GUID.test(t)) problems.push(`ALLOWED_TENANT_IDS contains "${t}", which is not a GUID`);
  if (bot && allowedTenantIds.length === 0) {
    problems.push(
      'ALLOWED_TENANT_IDS is required when a bot identity is configured (comma-separated tenant GUIDs)',
    );
  }

  const adminEmails = readList(env, 'ADMIN_EMAILS').map((e) => e.toLowerCase());
  for (const e of adminEmails)
    if (!EMAIL.test(e)) problems.push(`ADMIN_EMAILS contains "${e}", which is not an e-mail address`);

  const logLevelText = readText(env, 'LOG_LEVEL') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevelText))
    problems.push('LOG_LEVEL must be debug, info, warn or error');

  const publicBaseUrl = readText(env, 'PUBLIC_BASE_URL');
  if (publicBaseUrl && !/^https?:\/\//.test(publicBaseUrl))
    problems.push('PUBLIC_BASE_URL must start with http:// or https://');

  const publisherName = readText(env, 'PUBLIC_PUBLISHER_NAME');
  // Shown on a public page: one line of plain text.
  if (publisherName && (publisherName.length > 120 || /\p{Cc}/u.test(publisherName)))
    problems.push('PUBLIC_PUBLISHER_NAME must be one line of at most 120 characters');
  const publicRegion = readText(env, 'PUBLIC_REGION_NAME');
  if (publicRegion && (publicRegion.length > 120 || /\p{Cc}/u.test(publicRegion)))
    problems.push('PUBLIC_REGION_NAME must be one line of at most 120 characters');
  const publicLogoFile = readText(env, 'PUBLIC_LOGO_FILE');
  if (publicLogoFile && !/\.(png|svg)$/i.test(publicLogoFile))
    problems.push('PUBLIC_LOGO_FILE must be a .png or .svg file');
  const publicContactEmail = readText(env, 'PUBLIC_CONTACT_EMAIL');
  if (publicContactEmail && !EMAIL.test(publicContactEmail))
    problems.push(`PUBLIC_CONTACT_EMAIL "${publicContactEmail}" is not an e-mail address`);

  const slotsText = readText(env, 'DELIVERY_SLOTS') ?? '1';
  const deliverySlots = Number(slotsText);
  if (!Number.isInteger(deliverySlots) || deliverySlots < 1 || deliverySlots > 10)
    problems.push('DELIVERY_SLOTS must be a whole number from 1 to 10');

  const graphInstall = readBoolean(env, 'GRAPH_INSTALL', problems);
  const catalogAppId = readText(env, 'TEAMS_CATALOG_APP_ID');
  if (catalogAppId && !GUID.test(catalogAppId))
    problems.push("TEAMS_CATALOG_APP_ID must be a GUID: the id of the app in the organisation's app catalog");
  if (graphInstall && !catalogAppId)
    problems.push(
      'TEAMS_CATALOG_APP_ID is required when GRAPH_INSTALL=true (the app catalog id, not the manifest id; see docs/reach.md)',
    );
  const graphBaseUrl = (readText(env, 'GRAPH_BASE_URL') ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  // Plain http only for a loopback fake in local mode: a real Graph token never travels unencrypted.
  if (
    !/^https:\/\/[^\s/]+$/.test(graphBaseUrl) &&
    !(localMode && /^http:\/\/127\.0\.0\.1:\d+$/.test(graphBaseUrl))
  )
    problems.push(
      `GRAPH_BASE_URL must be an https origin such as https://graph.microsoft.com (got "${graphBaseUrl}")`,
    );
  if (graphInstall && !localMode && !managedIdentityClientId)
    problems.push(
      'GRAPH_INSTALL=true needs the managed identity: BOT_TYPE=UserAssignedMSI or AZURE_CLIENT_ID (no secrets)',
    );
  const email = readEmail(env, problems, localMode);

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port,
    host,
    localMode,
    demoMode,
    bot,
    cosmos: { endpoint, key: cosmosKey, databaseId, managedIdentityClientId, localCaFile },
    localDataDir: readText(env, 'LOCAL_DATA_DIR') ?? '.local',
    allowedTenantIds,
    adminEmails,
    appInsightsConnectionString: readText(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING'),
    publicBaseUrl,
    publicPublisher: {
      name: publisherName,
      contactEmail: publicContactEmail,
      region: publicRegion,
      logoFile: publicLogoFile,
    },
    logLevel: logLevelText as AppConfig['logLevel'],
    deliverySlots,
    graph: { install: graphInstall, catalogAppId, baseUrl: graphBaseUrl },
    email,
  };
}

function readRate(env: Env, name: string, fallback: number, problems: string[], min: number): number {
  const text = readText(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > 1_000_000) {
    problems.push(`${name} must be a whole number from ${min} to 1000000 (got "${text}")`);
    return fallback;
  }
  return value;
}

function readEmail(env: Env, problems: string[], localMode: boolean): EmailSettings {
  const transport = (readText(env, 'EMAIL_TRANSPORT') ?? 'none').toLowerCase();
  if (transport === 'none') return { transport: 'none' };
  if (transport !== 'smtp' && transport !== 'acs') {
    problems.push(`EMAIL_TRANSPORT must be none, smtp or acs (got "${transport}")`);
    return { transport: 'none' };
  }
  const from = readText(env, 'EMAIL_FROM');
  if (!from)
    problems.push(`EMAIL_FROM is required when EMAIL_TRANSPORT is ${transport} (the sender address)`);
  else if (!EMAIL.test(from)) problems.push(`EMAIL_FROM "${from}" is not an e-mail address`);
  const fromName = readText(env, 'EMAIL_FROM_NAME') ?? 'Tafelbot';
  if (fromName.length > 80 || /[\p{Cc}"<>]/u.test(fromName))
    problems.push('EMAIL_FROM_NAME must be one line of at most 80 characters without quotes or <>');
  const defaults = EMAIL_RATE_DEFAULTS[transport];
  const ratePerMinute = readRate(env, 'EMAIL_RATE_PER_MINUTE', defaults.perMinute, problems, 1);
  const ratePerHour = readRate(env, 'EMAIL_RATE_PER_HOUR', defaults.perHour, problems, 0);
  const common = { from: from ?? '', fromName, ratePerMinute, ratePerHour };

  if (transport === 'acs') {
    const acsEndpoint = readText(env, 'ACS_ENDPOINT');
    if (!acsEndpoint) problems.push('ACS_ENDPOINT is required when EMAIL_TRANSPORT is acs');
    else if (!/^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)+\/?$/i.test(acsEndpoint))
      problems.push(
        `ACS_ENDPOINT must be the https address of the Communication Services resource, e.g. https://acs-tafelbot.europe.communication.azure.com (got "${acsEndpoint}")`,
      );
    return { transport, ...common, acsEndpoint: acsEndpoint ?? '' };
  }

  const host = readText(env, 'SMTP_HOST');
  if (!host) problems.push('SMTP_HOST is required when EMAIL_TRANSPORT is smtp');
  const securityText = (readText(env, 'SMTP_SECURITY') ?? '').toLowerCase();
  const portText = readText(env, 'SMTP_PORT');
  const port = Number(portText ?? (securityText === 'tls' ? '465' : '587'));
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    problems.push(`SMTP_PORT must be a port number (got "${portText}")`);
  const security = securityText || (port === 465 ? 'tls' : 'starttls');
  if (security !== 'tls' && security !== 'starttls' && security !== 'none')
    problems.push(`SMTP_SECURITY must be tls, starttls or none (got "${securityText}")`);
  const user = readText(env, 'SMTP_USER');
  const password = readText(env, 'SMTP_PASSWORD');
  if (Boolean(user) !== Boolean(password))
    problems.push(
      'SMTP_USER and SMTP_PASSWORD go together: set both for a relay that needs a login, or neither',
    );
  if (security === 'none' && user && !localMode)
    problems.push(
      'SMTP_SECURITY=none with SMTP_USER would send the password unencrypted: use starttls or tls',
    );
  return {
    transport,
    ...common,
    smtp: {
      host: host ?? '',
      port,
      security: security as 'tls' | 'starttls' | 'none',
      user,
      password,
    },
  };
}
