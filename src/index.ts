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
  // A failure nothing caught leaves the process in an unknown state: log one line (the logger masks personal data)
  // and exit non-zero, so App Service (or `npm start`, which says so) restarts it instead of serving half-broken.
  const fatal = (kind: string) => (error: unknown) => {
    logger.error(`${kind}: stopping so the platform restarts the process`, {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    process.exit(1);
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled promise rejection'));
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
