import { randomUUID } from 'node:crypto';
import {
  connectCosmos,
  ensureDatabaseAndContainers,
  type TafelbotDatabase,
} from '../../src/storage/cosmosClient';

export interface TestStoreConnection {
  readonly endpoint: string;
  readonly key: string;
  readonly ca: string;
}

export function testStoreConnection(): TestStoreConnection {
  const { TEST_COSMOS_ENDPOINT: endpoint, TEST_COSMOS_KEY: key, TEST_COSMOS_CA: ca } = process.env;
  if (!endpoint || !key || !ca) throw new Error('The embedded test store is not running (jest globalSetup)');
  return { endpoint, key, ca };
}

/** A database of its own for one test file, with every declared container. */
export async function createTestDatabase(prefix = 'test'): Promise<TafelbotDatabase> {
  const { endpoint, key, ca } = testStoreConnection();
  const db = connectCosmos({
    endpoint,
    key,
    loopbackCa: ca,
    databaseId: `${prefix}-${randomUUID().slice(0, 8)}`,
  });
  await ensureDatabaseAndContainers(db);
  return db;
}

export async function dropTestDatabase(db: TafelbotDatabase): Promise<void> {
  await db.database.delete().catch(() => undefined);
  db.dispose();
}
