/**
 * A delivery worker in a process of its own, for kill-and-resume tests and the delivery bench:
 *   tsx test/support/deliveryWorkerProcess.ts <databaseId> <instanceId> [slots] [claimMs]
 * Uses the embedded store from TEST_COSMOS_* and sends to whatever service URLs the stored references name.
 */
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { ConnectorSender } from '../../src/bot/connectorSender';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { DeliveryWorker } from '../../src/delivery/deliveryWorker';
import { silentLogger } from '../../src/observability/logger';
import { connectCosmos } from '../../src/storage/cosmosClient';
import { LeaseManager } from '../../src/storage/leases';
import { RegistryRepository } from '../../src/storage/registryRepository';

const [databaseId = 'tafelbot', instanceId = 'child', slots = '1', claimMs = '120000'] =
  process.argv.slice(2);
const { TEST_COSMOS_ENDPOINT: endpoint, TEST_COSMOS_KEY: key, TEST_COSMOS_CA: ca } = process.env;
if (!endpoint || !key || !ca) throw new Error('TEST_COSMOS_* not set');
const db = connectCosmos({ endpoint, key, loopbackCa: ca, databaseId });
const worker = new DeliveryWorker(
  {
    deliveries: new DeliveryRepository(db),
    registry: new RegistryRepository(db),
    leases: new LeaseManager(db, instanceId),
    sender: new ConnectorSender(new ConfigurationServiceClientCredentialFactory({}), ''),
    logger: silentLogger,
  },
  {
    instanceId,
    slots: Number(slots),
    idlePollMs: 100,
    claimMs: Number(claimMs),
    leaseMs: Math.min(15_000, Number(claimMs)),
  },
);
worker.start();
process.send?.({ type: 'started' });
process.on('SIGTERM', () => {
  void worker.stop().then(() => process.exit(0));
});
