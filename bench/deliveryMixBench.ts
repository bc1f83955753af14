/**
 * Delivery bench with Teams and e-mail (issue 15): a broadcast to 1,000 people nobody has talked to yet. 60 % are
 * users of the tenant (a fake Graph finds them, the app is installed, a 1:1 chat is created and the message sent
 * through the fake Teams service, which enforces Teams' limits); 40 % are not, and get e-mail through an SMTP
 * sink at the configured rate. Before the broadcast the reach is checked, as the README's rollout guide asks (the
 * tenant is asked about every contact; not timed), so those outside the tenant start on e-mail. Then the same with
 * the worker stopped at 50 % as a redeploy or scale-in stops it (SIGTERM: it finishes what is in flight), the same
 * with the worker killed (SIGKILL) at 50 %, a new one taking over each time, and once more without the reach check.
 *
 * Duplicates are counted per channel. For e-mail twice: as the relay received them, and as a mailbox that drops
 * duplicates keeps them (Exchange's store recognises a duplicate by Message-ID and submit time; Tafelbot sends the
 * same of both on every attempt).
 *
 * Floor: the two channels run side by side in one worker, so the broadcast cannot finish before the slower one:
 *   Teams floor  = Teams recipients x 2 requests (create the chat, send) / 50 requests per second per tenant
 *   e-mail floor = (ceil(e-mail recipients / rate per minute) - 1) x 60 s  (a full window goes at once)
 *   floor        = max(Teams floor, e-mail floor)
 * Total time: from the moment the ledger is written until the last message reached either fake service.
 *
 * The store, the fake Teams service and the worker run in processes of their own; the fake Graph and the SMTP
 * sink run in this process.
 *   npx tsx bench/deliveryMixBench.ts [--recipients N] [--email-rate PER_MINUTE]
 */
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeliveryRepository } from '../src/delivery/deliveryRepository';
import { DeliveryService } from '../src/delivery/deliveryService';
import { emailRateDocumentId } from '../src/delivery/email/emailRateStore';
import { GraphClient } from '../src/graph/graphClient';
import { connectCosmos, ensureDatabaseAndContainers } from '../src/storage/cosmosClient';
import { launchEmbeddedStore } from '../src/storage/local/launchEmbeddedStore';
import { RegistryRepository } from '../src/storage/registryRepository';
import { createRecipients, simpleCard } from '../test/support/deliveryFixtures';
import { startFakeGraph } from '../test/support/fakeGraph';
import { startSmtpSink } from '../test/support/smtpSink';
import {
  connectorStats,
  forkTs,
  nextMessage,
  startWorker as startWorkerProcess,
  untilDone,
} from './deliveryBench';

const SCENARIOS = ['steady', 'stop-at-50%', 'crash-at-50%', 'no-reach-check'] as const;

/** What the reach overview's lookups record: for each contact, whether the tenant knows the address. */
async function checkReach(
  registry: RegistryRepository,
  directory: GraphClient,
  personIds: readonly string[],
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < personIds.length) {
      const person = await registry.getPerson(personIds[next++]!);
      if (!person) continue;
      const user = await directory.findUserByEmail(person.value.email);
      await registry.recordTenantLookup(person.value.id, {
        result: user ? user.userType : 'not-found',
        objectId: user?.id ?? null,
        checkedAt: new Date().toISOString(),
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
}

const CATALOG_APP_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const TENANT_RATE_PER_SECOND = 50;
/** Creating the 1:1 chat and sending into it: two requests against the tenant's limit. */
const TEAMS_REQUESTS_PER_NEW_RECIPIENT = 2;

export interface DeliveryMixResult {
  readonly scenario: string;
  readonly recipients: number;
  readonly teamsRecipients: number;
  readonly emailRecipients: number;
  readonly emailRatePerMinute: number;
  readonly teamsFloorSeconds: number;
  readonly emailFloorSeconds: number;
  readonly floorSeconds: number;
  readonly totalSeconds: number;
  readonly ratio: number;
  /** When the last Teams message and the last e-mail arrived, from the start. */
  readonly teamsDoneSeconds: number;
  readonly emailDoneSeconds: number;
  readonly sentTeams: number;
  readonly sentEmail: number;
  readonly failed: number;
  readonly lost: number;
  readonly duplicates: number;
  /** Chats with more than one message. */
  readonly teamsDuplicates: number;
  /** Addresses the relay received more than one message for. */
  readonly emailRelayDuplicates: number;
  /** Addresses with more than one different message (Message-ID and Date): what a deduplicating mailbox keeps. */
  readonly emailMailboxDuplicates: number;
  /** Tenant users who got an e-mail as well as the Teams message. */
  readonly onBothChannels: number;
  readonly teamsLimitViolations: number;
  /** The most e-mails the sink accepted in any 60 s, against the configured rate. */
  readonly emailPeakPerMinute: number;
  /** When each e-mail arrived, in seconds from the start. */
  readonly emailArrivals: readonly number[];
}

function peakPerMinute(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= 60_000) from++;
    peak = Math.max(peak, to - from + 1);
  }
  return peak;
}

export async function runDeliveryMixBench(
  recipientCount = 1000,
  emailRate = 240,
  scenarios: ReadonlyArray<(typeof SCENARIOS)[number]> = SCENARIOS,
): Promise<DeliveryMixResult[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-delivery-mix-'));
  const store = await launchEmbeddedStore(dataDir);
  const graph = await startFakeGraph(CATALOG_APP_ID);
  const sink = await startSmtpSink();
  const env = {
    ...process.env,
    TEST_COSMOS_ENDPOINT: store.endpoint,
    TEST_COSMOS_KEY: store.key,
    TEST_COSMOS_CA: store.ca,
    WORKER_GRAPH_URL: graph.url,
    WORKER_CATALOG_APP_ID: CATALOG_APP_ID,
    WORKER_SMTP_PORT: String(sink.port),
    WORKER_EMAIL_RATE: String(emailRate),
  };
  const db = connectCosmos({
    endpoint: store.endpoint,
    key: store.key,
    loopbackCa: store.ca,
    databaseId: 'mix',
  });
  const connector = forkTs('../test/support/fakeConnectorProcess.ts', [], env);
  const children: ChildProcess[] = [connector];
  const startWorker = async (instanceId: string): Promise<ChildProcess> => {
    const child = await startWorkerProcess(env, 'mix', instanceId);
    children.push(child);
    return child;
  };
  try {
    const { serviceUrl } = await nextMessage<{ serviceUrl: string }>(connector, 'ready');
    await ensureDatabaseAndContainers(db);
    const registry = new RegistryRepository(db);
    const deliveries = new DeliveryRepository(db);
    const service = new DeliveryService(deliveries, registry);
    // One earlier user of the bot tells the worker Teams' service URL and the tenant, as in production.
    await createRecipients(registry, serviceUrl, 1, { prefix: 'mix-hint' });
    const inTenant = (i: number): boolean => i % 5 < 3;
    const results: DeliveryMixResult[] = [];

    const directory = new GraphClient(graph.url, async () => undefined);
    for (const scenario of scenarios) {
      const prefix = { steady: 'ms', 'stop-at-50%': 'mt', 'crash-at-50%': 'mc', 'no-reach-check': 'mn' }[
        scenario
      ];
      const people = await createRecipients(registry, serviceUrl, recipientCount, {
        prefix,
        withAadObjectId: () => false,
      });
      const aadOf = new Map<number, string>();
      for (let i = 0; i < recipientCount; i++)
        if (inTenant(i)) aadOf.set(i, graph.addMember(`${prefix}-${i}@aanbieder.example`).id);
      const teamsRecipients = people.filter((_, i) => inTenant(i)).length;
      const emailRecipients = recipientCount - teamsRecipients;
      // The rollout guide: check reach before the first invitation (the overview and its background task ask the
      // tenant about every contact). Not part of the time measured.
      if (scenario !== 'no-reach-check') await checkReach(registry, directory, people);
      connector.send({ type: 'reset' });
      graph.reset();
      sink.reset();
      // Each scenario is a region's first broadcast: the e-mails of the scenario before still count in the slot's
      // stored window for a minute (as they should in production), which would slow the next scenario down.
      await db
        .container('leases')
        .item(emailRateDocumentId('delivery-slot-0'), emailRateDocumentId('delivery-slot-0'))
        .delete()
        .catch(() => undefined);
      const worker = await startWorker(`${scenario}-1`);
      const broadcastId = `mix-${prefix}`;
      const queued = await service.enqueue({
        broadcastId,
        title: { nl: 'Uitnodiging Overlegtafel', en: 'Invitation to the Overlegtafel' },
        topic: 'bench',
        message: simpleCard('Schrijf uw organisatie in voor de Overlegtafel.'),
        audience: { personIds: people },
        requestedByPersonId: null,
      });
      if (!queued.ok) throw new Error(queued.messages.join(' '));
      const started = Date.now();
      const last = await untilDone({
        deliveries,
        broadcastId,
        worker,
        signal: scenario === 'stop-at-50%' ? 'SIGTERM' : 'SIGKILL',
        crashWhen:
          scenario !== 'crash-at-50%' && scenario !== 'stop-at-50%'
            ? undefined
            : async () =>
                (await connectorStats(connector)).deliveredConversations + sink.messages.length >=
                recipientCount / 2,
        restart: () => startWorker(`${scenario}-2`),
      });
      last.kill('SIGTERM');
      await new Promise((resolve) => (last.exitCode === null ? last.once('exit', resolve) : resolve(null)));
      const status = await service.status(broadcastId);
      const stats = await connectorStats(connector);
      const teamsDone = stats.last > 0 ? stats.last : started;
      const emailDone = sink.receivedAt.length > 0 ? Math.max(...sink.receivedAt) : started;
      const totalSeconds = (Math.max(teamsDone, emailDone) - started) / 1000;
      const teamsFloorSeconds = (teamsRecipients * TEAMS_REQUESTS_PER_NEW_RECIPIENT) / TENANT_RATE_PER_SECOND;
      const emailFloorSeconds = (Math.ceil(emailRecipients / emailRate) - 1) * 60;
      const floorSeconds = Math.max(teamsFloorSeconds, emailFloorSeconds);
      const perAddress = new Map<string, number>();
      const distinctPerAddress = new Map<string, Set<string>>();
      for (const mail of sink.messages) {
        const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((t) => t.value);
        for (const a of to) {
          const address = a.address ?? '';
          perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
          const seen = distinctPerAddress.get(address) ?? new Set<string>();
          seen.add(`${mail.messageId ?? ''} ${mail.date?.toISOString() ?? ''}`);
          distinctPerAddress.set(address, seen);
        }
      }
      const emailDuplicates = [...perAddress.values()].filter((n) => n > 1).length;
      const emailMailboxDuplicates = [...distinctPerAddress.values()].filter((s) => s.size > 1).length;
      // Somebody of the tenant who got an e-mail as well as the Teams message is a duplicate over the channels.
      const inTeams = new Set(stats.deliveredIds);
      const onBoth = [...aadOf].filter(
        ([i, aad]) => inTeams.has(`a:created-${aad}`) && perAddress.has(`${prefix}-${i}@aanbieder.example`),
      ).length;
      const failed = status?.counts.failed ?? 0;
      results.push({
        scenario,
        recipients: recipientCount,
        teamsRecipients,
        emailRecipients,
        emailRatePerMinute: emailRate,
        teamsFloorSeconds,
        emailFloorSeconds,
        floorSeconds,
        totalSeconds,
        ratio: totalSeconds / floorSeconds,
        teamsDoneSeconds: (teamsDone - started) / 1000,
        emailDoneSeconds: (emailDone - started) / 1000,
        sentTeams: status?.sentBy.teams ?? 0,
        sentEmail: status?.sentBy.email ?? 0,
        failed,
        lost: recipientCount - stats.deliveredConversations - perAddress.size + onBoth - failed,
        duplicates: stats.duplicates + emailDuplicates + onBoth,
        teamsDuplicates: stats.duplicates,
        emailRelayDuplicates: emailDuplicates,
        emailMailboxDuplicates,
        onBothChannels: onBoth,
        teamsLimitViolations: stats.violations,
        emailPeakPerMinute: peakPerMinute(sink.receivedAt),
        emailArrivals: sink.receivedAt.map((t) => (t - started) / 1000).sort((a, b) => a - b),
      });
    }
    return results;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    db.dispose();
    await sink.close();
    await graph.close();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const option = (name: string, fallback: number): number => {
    const index = process.argv.indexOf(name);
    return index > 0 ? Number(process.argv[index + 1]) : fallback;
  };
  const count = option('--recipients', 1000);
  const rate = option('--email-rate', 240);
  console.log(
    `${count} recipients, 60 % Teams after installation, 40 % e-mail at ${rate} per minute (EMAIL_RATE_PER_MINUTE).` +
      '\nfloor = max(Teams: recipients x 2 requests / 50 per s, e-mail: (ceil(e-mails / rate) - 1) x 60 s);' +
      ' total = ledger written until the last message arrived on either channel; machine load: ' +
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
  );
  runDeliveryMixBench(count, rate).then(
    (results) => {
      console.table(
        results.map((r) => ({
          scenario: r.scenario,
          'Teams/e-mail': `${r.teamsRecipients}/${r.emailRecipients}`,
          'floor s (Teams, e-mail)': `${r.floorSeconds} (${r.teamsFloorSeconds}, ${r.emailFloorSeconds})`,
          'total s': r.totalSeconds.toFixed(1),
          ratio: r.ratio.toFixed(3),
          'Teams done s': r.teamsDoneSeconds.toFixed(1),
          'e-mail done s': r.emailDoneSeconds.toFixed(1),
          'sent Teams/e-mail': `${r.sentTeams}/${r.sentEmail}`,
          failed: r.failed,
          lost: r.lost,
          'duplicates (Teams, relay, mailbox, both)': `${r.duplicates} (${r.teamsDuplicates}, ${r.emailRelayDuplicates}, ${r.emailMailboxDuplicates}, ${r.onBothChannels})`,
          'Teams 429s': r.teamsLimitViolations,
          'e-mail peak/min': r.emailPeakPerMinute,
        })),
      );
      // Where the time goes on the e-mail side: the first window's quota, then the wait for the next window.
      for (const r of results) {
        const at = (n: number): string => (r.emailArrivals[n - 1] ?? NaN).toFixed(1);
        console.log(
          `${r.scenario}: e-mail #1 at ${at(1)} s, #${rate} at ${at(rate)} s, #${rate + 1} at ${at(rate + 1)} s, ` +
            `last at ${at(r.emailArrivals.length)} s`,
        );
      }
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
