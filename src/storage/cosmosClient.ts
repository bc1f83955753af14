import https from 'node:https';
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { CONTAINERS, type ContainerName } from './containers';

export interface CosmosConnection {
  readonly endpoint: string;
  /** Account key; without one the client authenticates with Microsoft Entra ID (managed identity). */
  readonly key?: string;
  readonly databaseId: string;
  /** The CA to trust for a loopback store with its own certificate; never used for a real account. */
  readonly loopbackCa?: string;
  readonly managedIdentityClientId?: string;
  /** How long one request may take before it fails (default STORE_REQUEST_TIMEOUT_MS). */
  readonly requestTimeoutMs?: number;
}

/**
 * A turn must answer within seconds (Teams gives an invoke about 15): a hung store fails the request instead of
 * holding the turn for the SDK's default minute, and throttling (429) is retried, honouring the store's
 * retry-after, at most 5 times and 8 seconds in all before the turn gets a clear error card.
 */
export const STORE_REQUEST_TIMEOUT_MS = 10_000;
export const STORE_RETRY_OPTIONS = { maxRetryAttemptCount: 5, maxWaitTimeInSeconds: 8 } as const;

/** The database plus a typed handle per declared container. */
export interface TafelbotDatabase {
  readonly client: CosmosClient;
  readonly database: Database;
  container(name: ContainerName): Container;
  dispose(): void;
}

function credentialFor(connection: CosmosConnection): TokenCredential {
  return connection.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: connection.managedIdentityClientId })
    : new DefaultAzureCredential();
}

export function connectCosmos(connection: CosmosConnection): TafelbotDatabase {
  const isLoopback = /^https:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(connection.endpoint);
  if (connection.loopbackCa && !isLoopback)
    throw new Error('A loopback CA may only be trusted for a loopback endpoint');
  // Keep-alive avoids a TLS handshake per request (about 4x faster against the local store).
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    ...(connection.loopbackCa ? { ca: connection.loopbackCa } : {}),
  });
  const client = new CosmosClient({
    endpoint: connection.endpoint,
    ...(connection.key ? { key: connection.key } : { aadCredentials: credentialFor(connection) }),
    agent,
    connectionPolicy: {
      enableEndpointDiscovery: !isLoopback,
      requestTimeout: connection.requestTimeoutMs ?? STORE_REQUEST_TIMEOUT_MS,
      retryOptions: { ...STORE_RETRY_OPTIONS },
    },
  });
  const database = client.database(connection.databaseId);
  const handles = new Map<ContainerName, Container>();
  return {
    client,
    database,
    container(name) {
      let handle = handles.get(name);
      if (!handle) {
        handle = database.container(name);
        handles.set(name, handle);
      }
      return handle;
    },
    dispose() {
      client.dispose();
      agent.destroy();
    },
  };
}

/**
 * Creates the database and every declared container. Only for key-authenticated accounts (the local store):
 * in Azure the identity has data-plane RBAC only, which cannot create containers, so infra/ declares them.
 */
export async function ensureDatabaseAndContainers(db: TafelbotDatabase): Promise<void> {
  await db.client.databases.createIfNotExists({ id: db.database.id });
  for (const declaration of CONTAINERS) {
    await db.database.containers.createIfNotExists({
      id: declaration.id,
      partitionKey: { paths: [declaration.partitionKeyPath] },
    });
  }
}

/** Readiness: one cheap metadata read proves the account is reachable and the database exists. */
export async function isCosmosReachable(db: TafelbotDatabase, timeoutMs = 2000): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  const probe = db.database
    .read()
    .then(() => true)
    .catch(() => false);
  return Promise.race([probe, timeout]);
}
