import { loadConfig } from '../config/config';
import { connectCosmos, ensureDatabaseAndContainers, type TafelbotDatabase } from '../storage/cosmosClient';
import { migrateEmailClaims } from '../storage/emailClaims';
import type { LaunchedStore } from '../storage/local/launchEmbeddedStore';

/**
 * The store a command-line tool works on: the configured Cosmos account (COSMOS_ENDPOINT), or else the embedded
 * local store in LOCAL_DATA_DIR, started for the duration of `run` and stopped afterwards.
 */
export async function withCliStore<T>(run: (db: TafelbotDatabase) => Promise<T>): Promise<T> {
  const config = loadConfig({ LOCAL_MODE: process.env.COSMOS_ENDPOINT ? undefined : 'true', ...process.env });
  let launched: LaunchedStore | undefined;
  if (!config.cosmos.endpoint) {
    // Only without COSMOS_ENDPOINT: the embedded store is a devDependency, absent from a production install.
    const { launchEmbeddedStore } = await import('../storage/local/launchEmbeddedStore');
    launched = await launchEmbeddedStore(config.localDataDir);
  }
  const db = connectCosmos({
    endpoint: config.cosmos.endpoint ?? launched!.endpoint,
    key: config.cosmos.key ?? launched?.key,
    loopbackCa: launched?.ca,
    databaseId: config.cosmos.databaseId,
    managedIdentityClientId: config.cosmos.managedIdentityClientId,
  });
  try {
    if (launched || config.cosmos.key) await ensureDatabaseAndContainers(db);
    // As the bot does at start: the tools (privacy export and removal among them) read claims by hashed id only.
    const claims = await migrateEmailClaims(db);
    for (const { keptPersonId, droppedPersonId } of claims.conflicts)
      console.warn(
        `E-mailadres van ${droppedPersonId} hoort nu bij ${keptPersonId}: controleer beide personen.`,
      );
    return await run(db);
  } finally {
    db.dispose();
    await launched?.stop();
  }
}
