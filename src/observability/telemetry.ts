import type { Logger } from './logger';

/**
 * Application Insights, only when APPLICATIONINSIGHTS_CONNECTION_STRING is set (in Azure: infra/ sets it).
 * Loaded lazily: the SDK patches modules when required, which local runs and tests do not want.
 * Console collection stays off: our logs go to stdout, and request/dependency telemetry carries no names.
 */
export function startTelemetry(connectionString: string | undefined, logger: Logger): boolean {
  if (!connectionString) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const appInsights = require('applicationinsights') as typeof import('applicationinsights');
  appInsights
    .setup(connectionString)
    .setAutoCollectConsole(false, false)
    .setAutoCollectRequests(true)
    .setAutoCollectDependencies(true)
    .setAutoCollectExceptions(true)
    .setAutoCollectPerformance(true, false)
    .setSendLiveMetrics(false)
    .start();
  appInsights.defaultClient.context.tags[appInsights.defaultClient.context.keys.cloudRole] = 'tafelbot';
  logger.info('telemetry to Application Insights enabled');
  return true;
}
