/**
 * Bench child: the real Tafelbot (restify + TeamsAdapter + teams-ai Application + Cosmos turn state + registry),
 * started through the composition root exactly as src/index.ts does, in local mode (no inbound auth).
 * startTafelbot forks the embedded Cosmos store as a process of its own, journaling into the temp data folder.
 *
 * argv: <dataDir>. Seeds the sample region (the bench user is a configured admin) before reporting ready.
 */
import { startTafelbot } from '../src/app/tafelbot';
import { loadConfig } from '../src/config/config';
import type { RegistryRepository } from '../src/storage/registryRepository';
import https from 'node:https';
import { benchCounters, failChild, serveBenchChild } from './childProtocol';
import { BENCH_USER, sampleRegion } from './sampleData';

async function seed(registry: RegistryRepository): Promise<number> {
  const region = sampleRegion();
  for (const organisation of region.organisations) await registry.createOrganisation(organisation, null);
  for (const person of region.people) await registry.createPerson(person, null);
  for (const table of region.tables) {
    // The trekkers' led-tables hint before the table, as the ontwikkeltafels service does.
    for (const personId of table.trekkerPersonIds) await registry.addLedTable(personId, table.id);
    await registry.ontwikkeltafels.create(table);
  }
  // The bench user exists already (ADMIN_EMAILS); give them their name, phone and membership.
  const admin = await registry.findPersonByEmail(BENCH_USER.email);
  if (!admin) throw new Error('The configured admin was not registered');
  const { id: _id, ...details } = region.user;
  await registry.replacePerson(admin, { ...admin.value, ...details, id: admin.value.id }, null);
  return region.organisations.length + region.people.length + region.tables.length + 1;
}

/**
 * Counts requests to Cosmos: every HTTPS request of this process goes to the store (the fake Teams connector is
 * plain HTTP). @azure/cosmos sends through https.request, looked up at call time.
 */
function countCosmosRequests(): void {
  const request = https.request.bind(https);
  benchCounters.cosmosRequests = 0;
  https.request = ((...args: Parameters<typeof https.request>) => {
    benchCounters.cosmosRequests = (benchCounters.cosmosRequests ?? 0) + 1;
    return request(...args);
  }) as typeof https.request;
}

async function main(): Promise<void> {
  countCosmosRequests();
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: botServer <dataDir>');
  const config = loadConfig({
    LOCAL_MODE: 'true',
    PORT: '0',
    LOG_LEVEL: 'error',
    COSMOS_DATABASE: 'bench',
    LOCAL_DATA_DIR: dataDir,
    ADMIN_EMAILS: BENCH_USER.email,
  });
  const bot = await startTafelbot(config);
  const documents = await seed(bot.registry);
  serveBenchChild(bot.port, () => bot.stop(), { seededDocuments: documents });
}

main().catch(failChild);
