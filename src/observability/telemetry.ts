import { useTraceIds, type Logger } from './logger';
import { privacySpanProcessor } from './telemetryPrivacy';

/**
 * Azure Monitor through the OpenTelemetry distro, only when APPLICATIONINSIGHTS_CONNECTION_STRING is set (in Azure:
 * infra/ sets it). Loaded lazily, so local runs and tests neither load nor start it.
 *
 * Start it before the app is loaded (src/index.ts does): the instrumentations patch `http`/`https` and
 * @azure/core-tracing when they are required, and a module required before the start is not patched until someone
 * requires it again, so incoming requests would go untraced.
 *
 * What is sent: requests and dependencies (outgoing HTTP: Cosmos DB, Bot Connector, token endpoints) as spans,
 * cleaned by privacySpanProcessor (no query strings, no client addresses, e-mail addresses masked), and the
 * standard metrics and performance counters. Not sent: our stdout logs (the console, bunyan and winston
 * instrumentations stay off, so restify's own log records never leave either) and live metrics.
 */

const SHUTDOWN_TIMEOUT_MS = 5000;

export interface Telemetry {
  /** Sends what is still buffered and stops; call it before the process exits. */
  shutdown(): Promise<void>;
}

export async function startTelemetry(
  connectionString: string | undefined,
  logger: Logger,
): Promise<Telemetry | undefined> {
  if (!connectionString) return undefined;
  // The cloud role name in Application Insights, unless the operator names it otherwise.
  process.env.OTEL_SERVICE_NAME ??= 'tafelbot';
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  const { isSpanContextValid, trace } = await import('@opentelemetry/api');
  try {
    start(useAzureMonitor, connectionString);
  } catch (error) {
    // The bot is more use without telemetry than not at all (a malformed connection string, for instance).
    logger.error('telemetry could not start', { error: (error as Error).message });
    return undefined;
  }
  useTraceIds(() => {
    const context = trace.getActiveSpan()?.spanContext();
    return context && isSpanContextValid(context)
      ? { traceId: context.traceId, spanId: context.spanId }
      : undefined;
  });
  logger.info('telemetry to Azure Monitor enabled');
  return {
    async shutdown() {
      useTraceIds(() => undefined);
      // Bounded: an unreachable ingestion endpoint must not hold the stop past the platform's patience.
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref());
      await Promise.race([shutdownAzureMonitor(), timeout]);
    },
  };
}

function start(
  useAzureMonitor: typeof import('@azure/monitor-opentelemetry').useAzureMonitor,
  connectionString: string,
): void {
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    enableLiveMetrics: false,
    spanProcessors: [privacySpanProcessor],
    instrumentationOptions: {
      http: { enabled: true },
      azureSdk: { enabled: true },
      bunyan: { enabled: false },
      winston: { enabled: false },
      console: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
    },
  });
}
