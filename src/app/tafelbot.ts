import type { Server } from 'restify';
import type { AppConfig } from '../config/config';
import { ActorResolver } from '../bot/actorResolver';
import { createTeamsBot, type AuthenticationOverrides } from '../bot/teamsBot';
import type { BotServices } from '../bot/turn';
import { recipientLocale } from '../delivery/recipientLocale';
import { seedDemoData } from '../demo/demoData';
import { seedDemoVoting } from '../demo/demoVoting';
import { seedDemoMeeting } from '../meetings/demoMeeting';
import { seedDemoVerslagInReview } from '../meetings/demoVerslag';
import { seedDemoAdoption } from '../voorstellen/demoAdoption';
import { createLogger, type Logger } from '../observability/logger';
import { createHttpServer, listen } from '../server/httpServer';
import { registerPublicRoutes } from '../server/publicRoutes';
import { publicCommitments } from '../public/lotteryCommitments';
import { InschrijvingRepository } from '../storage/inschrijvingRepository';
import { registerMeetingIcsRoute } from '../server/meetingIcsRoute';
import { PublicationsRepository } from '../storage/publicationsRepository';
import {
  connectCosmos,
  ensureDatabaseAndContainers,
  isCosmosReachable,
  type TafelbotDatabase,
} from '../storage/cosmosClient';
import type { LaunchedStore } from '../storage/local/launchEmbeddedStore';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { RegistryRepository } from '../storage/registryRepository';
import { migrateEmailClaims } from '../storage/emailClaims';
import { LeaseManager } from '../storage/leases';
import { Scheduler } from '../scheduling/scheduler';
import { DeliveryRepository } from '../delivery/deliveryRepository';
import { DeliveryService } from '../delivery/deliveryService';
import { DeliveryWorker, type DeliveryWorkerOptions } from '../delivery/deliveryWorker';
import { renderDeliveryReport } from '../bot/handlers/deliveryHandlers';
import { EmailRateStore } from '../delivery/email/emailRateStore';
import { createEmailChannel } from '../delivery/email/createEmailChannel';
import { ensureConfiguredAdmins } from './bootstrapAdmins';
import { ProactiveInstallSender } from '../delivery/proactiveInstallSender';
import { singleTenantId, tenantDirectoryFor, TEAMS_GLOBAL_SERVICE_URL } from '../graph/tenantDirectory';

/** The composition root: builds every part once, in order, and stops them in reverse. */

export interface RunningTafelbot {
  readonly port: number;
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly server: Server;
  readonly services: BotServices;
  readonly deliveryWorker: DeliveryWorker;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly logger?: Logger;
  /** Use this store instead of starting one (tests share one embedded store). */
  readonly store?: { endpoint: string; key: string; ca: string; requestTimeoutMs?: number };
  readonly adapterOverrides?: AuthenticationOverrides;
  readonly now?: () => Date;
  /** Start the scheduler and the delivery worker (default true); tests drive them by hand instead. */
  readonly backgroundWork?: boolean;
  readonly deliveryOptions?: Partial<Omit<DeliveryWorkerOptions, 'instanceId'>>;
}

export async function startTafelbot(config: AppConfig, options: StartOptions = {}): Promise<RunningTafelbot> {
  const logger = options.logger ?? createLogger(config.logLevel, { service: 'tafelbot' });
  if (config.localMode) {
    logger.warn('LOCAL MODE: inbound requests are NOT authenticated; listening on loopback only', {
      host: config.host,
    });
  }

  let launched: LaunchedStore | undefined;
  let connection: { endpoint: string; key?: string; ca?: string; requestTimeoutMs?: number };
  if (options.store) {
    connection = options.store;
  } else if (config.cosmos.endpoint) {
    connection = {
      endpoint: config.cosmos.endpoint,
      key: config.cosmos.key,
      // A loopback store of its own certificate (trusted only by the Cosmos client's agent, never process-wide).
      ca: config.cosmos.localCaFile ? readFileSync(config.cosmos.localCaFile, 'utf8') : undefined,
    };
  } else {
    // Local runs only: loaded here, so production never loads the embedded store (a devDependency).
    const { launchEmbeddedStore } = await import('../storage/local/launchEmbeddedStore');
    launched = await launchEmbeddedStore(config.localDataDir);
    connection = launched;
    logger.info('embedded store started', { endpoint: launched.endpoint, dataDir: config.localDataDir });
  }

  const db = connectCosmos({
    endpoint: connection.endpoint,
    key: connection.key,
    databaseId: config.cosmos.databaseId,
    loopbackCa: connection.ca,
    managedIdentityClientId: config.cosmos.managedIdentityClientId,
    requestTimeoutMs: connection.requestTimeoutMs,
  });
  // With a key we may create what is missing (local store); with Entra ID, infra/ has declared everything.
  if (connection.key) await ensureDatabaseAndContainers(db);
  // Before anything reads e-mail claims: claims stored with the address in their id move to hashed ids.
  const claims = await migrateEmailClaims(db);
  if (claims.moved > 0) logger.info('e-mail claims moved to hashed ids', { count: claims.moved });
  for (const conflict of claims.conflicts)
    logger.warn('an e-mail address was claimed by two people', conflict);

  const registry = new RegistryRepository(db, options.now);
  await ensureConfiguredAdmins(registry, config.adminEmails, logger);
  const demo = config.demoMode ? await seedDemoData(registry, logger) : undefined;

  const now = options.now ?? (() => new Date());
  if (config.demoMode) await seedDemoMeeting(db, registry, now(), logger);
  if (config.demoMode) await seedDemoVoting(db, registry, now(), logger);
  if (config.demoMode) await seedDemoVerslagInReview(db, registry, now(), logger);
  if (config.demoMode) await seedDemoAdoption(db, registry, now(), logger);
  const delivery = new DeliveryService(new DeliveryRepository(db), registry, now);
  const instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const scheduler = new Scheduler(new LeaseManager(db, instanceId, now), logger, now);
  const services: BotServices = {
    config,
    db,
    registry,
    delivery,
    now,
    scheduler,
    resolver: new ActorResolver(registry, logger),
    logger,
    demo,
  };
  const bot = createTeamsBot(config, db, services, options.adapterOverrides);
  const server = createHttpServer({
    logger,
    handleActivity: bot.handleActivity,
    loopbackOnly: config.localMode,
    isReady: () => isCosmosReachable(db),
    // Routes of features beside /api/messages: add each feature's registration here.
    extend: (http) => {
      registerPublicRoutes(http, {
        publications: new PublicationsRepository(db),
        logger,
        now,
        baseUrl: config.publicBaseUrl,
        publisher: config.publicPublisher,
        commitments: () => publicCommitments(new InschrijvingRepository(db)),
      });
      registerMeetingIcsRoute(http, services);
    },
  });
  // With GRAPH_INSTALL, recipients without a conversation get the app installed first (docs/reach.md).
  const directory = tenantDirectoryFor(config);
  const sender = directory
    ? new ProactiveInstallSender(bot.sender, directory, registry, logger, {
        catalogAppId: config.graph.catalogAppId ?? '',
        fallbackTenantId: singleTenantId(config),
        fallbackServiceUrl: config.localMode ? null : TEAMS_GLOBAL_SERVICE_URL,
        now,
      })
    : bot.sender;
  const email = createEmailChannel(config, {
    registry,
    publications: new PublicationsRepository(db),
    rateStore: new EmailRateStore(db),
    now: () => now().getTime(),
  });
  if (email) logger.info('e-mail for recipients without Teams', { transport: email.transportName });
  const deliveryWorker = new DeliveryWorker(
    {
      deliveries: new DeliveryRepository(db),
      registry,
      leases: new LeaseManager(db, instanceId, now),
      sender,
      email,
      logger,
      // In the language of the person who asked (their stored Teams locale; Dutch when none is known).
      renderReport: async (broadcastId, personId, final) => {
        const person = await registry.getPerson(personId);
        const aad = person?.value.aadObjectId;
        const locale = recipientLocale(aad ? (await registry.getTeamsUser(aad))?.value : undefined);
        return renderDeliveryReport(services, broadcastId, locale, final);
      },
      now: () => now().getTime(),
    },
    {
      instanceId,
      slots: config.deliverySlots,
      // The Agents Playground of the local trial does not show a card updated in place: a summary at the end.
      finalSummary: config.localMode,
      ...options.deliveryOptions,
    },
  );

  const port = await listen(server, config.port, config.host);
  if (options.backgroundWork !== false) {
    scheduler.start();
    deliveryWorker.start();
  }
  logger.info('tafelbot listening', {
    url: `http://${config.host}:${port}/api/messages`,
    localMode: config.localMode,
    demoMode: config.demoMode,
  });

  return {
    port,
    db,
    registry,
    server,
    services,
    deliveryWorker,
    async stop() {
      await scheduler.stop();
      await deliveryWorker.stop();
      await email?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeAllConnections();
      await closed;
      db.dispose();
      await launched?.stop();
    },
  };
}
