/**
 * A delivery worker in a process of its own, for kill-and-resume tests and the delivery bench:
 *   tsx test/support/deliveryWorkerProcess.ts <databaseId> <instanceId> [slots] [claimMs]
 * Uses the embedded store from TEST_COSMOS_* and sends to whatever service URLs the stored references name.
 * With WORKER_GRAPH_URL and WORKER_CATALOG_APP_ID the sender installs the app through that (fake) Graph first, and
 * with WORKER_SMTP_PORT (and WORKER_EMAIL_RATE per minute) recipients Teams cannot reach get e-mail through that
 * relay, as the composition root wires them with GRAPH_INSTALL and EMAIL_TRANSPORT=smtp.
 */
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { ConnectorSender } from '../../src/bot/connectorSender';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { DeliveryWorker } from '../../src/delivery/deliveryWorker';
import { emailWindows } from '../../src/delivery/email/createEmailChannel';
import { EmailRateStore } from '../../src/delivery/email/emailRateStore';
import { EmailChannel } from '../../src/delivery/email/emailChannel';
import { SmtpTransport } from '../../src/delivery/email/smtpTransport';
import { ProactiveInstallSender } from '../../src/delivery/proactiveInstallSender';
import { GraphClient } from '../../src/graph/graphClient';
import { silentLogger } from '../../src/observability/logger';
import { connectCosmos } from '../../src/storage/cosmosClient';
import { LeaseManager } from '../../src/storage/leases';
import { RegistryRepository } from '../../src/storage/registryRepository';

const [databaseId = 'tafelbot', instanceId = 'child', slots = '1', claimMs = '120000'] =
  process.argv.slice(2);
const { TEST_COSMOS_ENDPOINT: endpoint, TEST_COSMOS_KEY: key, TEST_COSMOS_CA: ca } = process.env;
if (!endpoint || !key || !ca) throw new Error('TEST_COSMOS_* not set');
const { WORKER_GRAPH_URL, WORKER_CATALOG_APP_ID, WORKER_SMTP_PORT, WORKER_EMAIL_RATE } = process.env;
const db = connectCosmos({ endpoint, key, loopbackCa: ca, databaseId });
const registry = new RegistryRepository(db);
const connector = new ConnectorSender(new ConfigurationServiceClientCredentialFactory({}), '');
const sender =
  WORKER_GRAPH_URL && WORKER_CATALOG_APP_ID
    ? new ProactiveInstallSender(
        connector,
        new GraphClient(WORKER_GRAPH_URL, async () => undefined),
        registry,
        silentLogger,
        { catalogAppId: WORKER_CATALOG_APP_ID, fallbackTenantId: null, fallbackServiceUrl: null },
      )
    : connector;
const email = WORKER_SMTP_PORT
  ? new EmailChannel({
      transport: new SmtpTransport({
        host: '127.0.0.1',
        port: Number(WORKER_SMTP_PORT),
        security: 'none',
        user: undefined,
        password: undefined,
        from: 'tafelbot@gemeente.example',
        fromName: 'Tafelbot',
      }),
      registry,
      windows: emailWindows(Number(WORKER_EMAIL_RATE ?? 60), 0, Number(slots)),
      botAppId: undefined,
      publicBaseUrl: undefined,
      rateStore: new EmailRateStore(db),
    })
  : undefined;
const worker = new DeliveryWorker(
  {
    deliveries: new DeliveryRepository(db),
    registry,
    leases: new LeaseManager(db, instanceId),
    sender,
    email,
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
