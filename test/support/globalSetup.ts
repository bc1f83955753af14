import { createLoopbackCertificate } from '../../src/storage/local/loopbackCertificate';
import {
  EMBEDDED_STORE_KEY,
  startEmbeddedStore,
  type EmbeddedStore,
} from '../../src/storage/local/embeddedStore';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildLotteryBundle } = require('../../scripts/build-browser.cjs') as {
  buildLotteryBundle(outfile?: string): Promise<string>;
};

/**
 * One in-memory embedded store for the whole test run, on 127.0.0.1 with a fresh loopback certificate.
 * Test files isolate themselves with a database of their own. The endpoint reaches the workers through env.
 */
export default async function globalSetup(): Promise<void> {
  // The verification page's browser bundle, where the server reads it after `npm run build` (a clean clone has none).
  await buildLotteryBundle();
  const certificate = await createLoopbackCertificate();
  const store: EmbeddedStore = await startEmbeddedStore({ certificate });
  process.env.TEST_COSMOS_ENDPOINT = store.endpoint;
  process.env.TEST_COSMOS_KEY = EMBEDDED_STORE_KEY;
  process.env.TEST_COSMOS_CA = certificate.cert;
  (globalThis as { __tafelbotStore?: EmbeddedStore }).__tafelbotStore = store;
}
