/**
 * Runs the embedded store in its own process, so the bot process measures and behaves as it would against a
 * remote Cosmos account. The parent passes the data folder; we answer with the endpoint over IPC and exit
 * when the parent goes away.
 */
import path from 'node:path';
import { startEmbeddedStore } from './embeddedStore';
import { ensureLoopbackCertificate } from './loopbackCertificate';

async function main(): Promise<void> {
  const dataDir = process.argv[2] ?? '.local';
  const port = Number(process.argv[3] ?? '0');
  const certificate = await ensureLoopbackCertificate(dataDir);
  const store = await startEmbeddedStore({
    certificate,
    port,
    journalPath: path.join(dataDir, 'store-journal.jsonl'),
  });
  const shutdown = (): void => {
    void store.close().finally(() => process.exit(0));
  };
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.send?.({ type: 'ready', endpoint: store.endpoint, ca: certificate.cert });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
