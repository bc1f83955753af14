import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './observability/logger';
import { startTelemetry } from './observability/telemetry';

/** Entry point: validate configuration, start, and stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, { service: 'tafelbot' });
  // Telemetry first, the app after: OpenTelemetry patches http and the Azure SDK as they are loaded.
  const telemetry = await startTelemetry(config.appInsightsConnectionString, logger);
  const { startTafelbot } = await import('./app/tafelbot');
  const running = await startTafelbot(config, { logger });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    running
      .stop()
      // The last requests' telemetry is still buffered: send it before the process ends.
      .then(() => telemetry?.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('stop failed', { error: String(error) });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Tafelbot could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
