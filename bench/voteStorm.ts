/**
 * Vote storm (issue 5): every party at the Overlegtafel votes on one voorstel while 500 organisations react to
 * another, all within one second, through the HTTP endpoint of the real bot (restify, adapter, teams-ai, Cosmos).
 * Reports p50/p95/p99 latency and checks that nothing was lost or duplicated.
 *
 * The embedded store runs in its own process; the bot runs in this process (the load generator is light).
 *   npx tsx bench/voteStorm.ts [--reactions N]
 */
import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTafelbot } from '../src/app/tafelbot';
import { loadConfig } from '../src/config/config';
import { personIdFor, type Organisation } from '../src/domain/registry/registry';
import { silentLogger } from '../src/observability/logger';
import { launchEmbeddedStore } from '../src/storage/local/launchEmbeddedStore';
import { VoorstellenRepository } from '../src/storage/voorstellenRepository';
import { procCpuMs } from './processes';
import { actionExecuteActivity, DEFAULT_TENANT, teamsUser, type TeamsUser } from '../test/support/activities';
import { startFakeConnector } from '../test/support/fakeConnector';

export interface VoteStormResult {
  readonly votes: number;
  readonly reactions: number;
  readonly requests: number;
  readonly spreadMs: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly errors: number;
  /** Requests to Cosmos per storm request (every HTTPS request of this process goes to the store). */
  readonly cosmosCallsPerRequest: number;
  /** CPU per storm request: this process (bot and load generator) and the embedded store. */
  readonly botCpuMsPerRequest: number;
  readonly storeCpuMsPerRequest: number;
  readonly lostVotes: number;
  readonly duplicatedVotes: number;
  readonly lostReactions: number;
  readonly duplicatedReactions: number;
}

const MEMBER_AANBIEDERS = 12;

/** Counts HTTPS requests (@azure/cosmos looks up https.request at call time; the fake connector is plain HTTP). */
function countHttpsRequests(): { count: () => number; restore: () => void } {
  const original = https.request;
  let count = 0;
  https.request = ((...args: Parameters<typeof https.request>) => {
    count++;
    return original.apply(https, args);
  }) as typeof https.request;
  return {
    count: () => count,
    restore: () => {
      https.request = original;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function runVoteStorm(reactionCount = 500): Promise<VoteStormResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tafelbot-storm-'));
  const store = await launchEmbeddedStore(dataDir);
  const connector = await startFakeConnector();
  let clock = new Date('2027-02-01T08:00:00.000Z');
  const config = loadConfig({
    LOCAL_MODE: 'true',
    PORT: '0',
    LOG_LEVEL: 'error',
    COSMOS_DATABASE: `storm-${randomUUID().slice(0, 8)}`,
    ADMIN_EMAILS: 'beheer@gemeente.example',
  });
  const bot = await startTafelbot(config, {
    logger: silentLogger,
    store,
    backgroundWork: false,
    now: () => clock,
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const url = `http://127.0.0.1:${bot.port}/api/messages`;
  const post = (activity: unknown): Promise<{ status: number; body: string; ms: number }> =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const body = JSON.stringify(activity);
      const req = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: Number(process.hrtime.bigint() - started) / 1e6,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const invoke = (user: TeamsUser, verb: string, data: Record<string, unknown>) =>
    post(actionExecuteActivity({ serviceUrl: connector.serviceUrl, user, verb, data }));

  try {
    // A region: the gemeente, the lokale toegang, 12 aanbieders at the table and `reactionCount` others.
    const registry = bot.registry;
    const organisation = (id: string, name: string, type: Organisation['type']): Organisation => ({
      id,
      name,
      type,
      percelen: type === 'aanbieder' ? [1, 2] : [],
      grootte: type === 'aanbieder' ? 'middel' : null,
      herkomst: type === 'aanbieder' ? 'regionaal' : null,
      kvkNumber: null,
      contracted: true,
    });
    const organisations = [
      organisation('org-gemeente', 'Gemeente Rivierstad', 'gemeente'),
      organisation('org-toegang', 'Sociaal Team Rivierland', 'lokale-toegang'),
      ...Array.from({ length: MEMBER_AANBIEDERS }, (_, i) =>
        organisation(`org-lid-${i}`, `Lid ${i} Zorg`, 'aanbieder'),
      ),
      ...Array.from({ length: reactionCount }, (_, i) =>
        organisation(`org-reageer-${i}`, `Reageer ${i} Zorg`, 'aanbieder'),
      ),
    ];
    const contacts = new Map<string, TeamsUser>();
    for (let i = 0; i < organisations.length; i += 25) {
      await Promise.all(
        organisations.slice(i, i + 25).map(async (o, k) => {
          await registry.createOrganisation(o, null);
          const user = teamsUser(String(9000 + i + k));
          const email = `contact@${o.id}.example`;
          await registry.createPerson(
            {
              name: `Contact ${o.name}`,
              email,
              phone: null,
              aadObjectId: user.aadObjectId,
              memberships: [{ organisationId: o.id, role: 'contactpersoon' }],
              isAdmin: false,
            },
            null,
          );
          await registry.saveTeamsUser(user.aadObjectId, undefined, {
            personId: personIdFor(email),
            tenantId: DEFAULT_TENANT,
          });
          contacts.set(o.id, user);
        }),
      );
    }
    const admin = teamsUser('8999');
    connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
    await bot.db.database.container('rounds').items.upsert({
      id: 'ronde-2027',
      year: 2027,
      status: 'gepubliceerd',
      composition: {
        version: 1,
        members: Array.from({ length: MEMBER_AANBIEDERS }, (_, i) => ({
          organisationId: `org-lid-${i}`,
          organisationName: `Lid ${i} Zorg`,
          perceel: 1,
          via: 'loting',
        })),
        changes: [],
      },
    });

    const voorstel = (title: string) => ({
      title,
      summary: 'Een voorstel voor de stemstorm.',
      text: 'Tekst van het voorstel.',
      link: '',
      type: 'werkafspraak',
      percelen: '1,2',
      origin: 'overlegtafel',
      confidentialTitle: '',
      confidentialText: '',
    });
    const repo = new VoorstellenRepository(bot.db);
    await invoke(admin, 'voorstel.submit', voorstel('Stemvoorstel'));
    const [voteOn] = await repo.list();
    await invoke(admin, 'voorstel.reactieperiode.open', { voorstelId: voteOn!.id, days: '14' });
    clock = new Date('2027-02-16T08:00:00.000Z');
    const opened = await invoke(admin, 'voorstel.stemming.open', {
      voorstelId: voteOn!.id,
      deadlineDate: '2027-03-01',
      deadlineTime: '12:00',
    });
    if (!opened.body.includes('Stemming geopend'))
      throw new Error(`vote did not open: ${opened.body.slice(0, 300)}`);
    await invoke(admin, 'voorstel.submit', voorstel('Reactievoorstel'));
    const reactOn = (await repo.list()).find((v) => v.id !== voteOn!.id)!;
    await invoke(admin, 'voorstel.reactieperiode.open', { voorstelId: reactOn.id, days: '14' });

    // Everyone has used the bot before: the voorstel reached them in their 1:1 chat, so Tafelbot holds their
    // conversation reference (a first turn writes it, which is not what the storm is about).
    const everyone = [...contacts.values()];
    for (let i = 0; i < everyone.length; i += 25) {
      await Promise.all(everyone.slice(i, i + 25).map((user) => invoke(user, 'help.show', {})));
    }

    // The storm: all requests spread evenly over one second.
    const parties = [
      'org-gemeente',
      'org-toegang',
      ...Array.from({ length: MEMBER_AANBIEDERS }, (_, i) => `org-lid-${i}`),
    ];
    const requests: Array<() => Promise<{ status: number; body: string; ms: number }>> = [
      ...parties.map(
        (partyId) => () =>
          invoke(contacts.get(partyId)!, 'voorstel.stem', {
            voorstelId: voteOn!.id,
            partyId,
            choice: 'voor',
          }),
      ),
      ...Array.from(
        { length: reactionCount },
        (_, i) => () =>
          invoke(contacts.get(`org-reageer-${i}`)!, 'voorstel.reactie.save', {
            voorstelId: reactOn.id,
            reactie: `Reactie van organisatie ${i}`,
          }),
      ),
    ];
    const order = requests.map((_, i) => i).sort(() => Math.random() - 0.5);
    const cosmosCalls = countHttpsRequests();
    const cpuBefore = process.cpuUsage();
    const storeCpuBefore = store.pid === undefined ? undefined : procCpuMs(store.pid);
    const started = Date.now();
    const results = await Promise.all(
      order.map(
        (index, k) =>
          new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
            setTimeout(() => requests[index]!().then(resolve, reject), (k / order.length) * 1000);
          }),
      ),
    );
    const spreadMs = Date.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const storeCpuAfter = store.pid === undefined ? undefined : procCpuMs(store.pid);
    cosmosCalls.restore();
    const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
    const errors = results.filter((r) => r.status !== 200 || !/vastgelegd|opgeslagen/.test(r.body)).length;

    const currentVotes = await repo.listCurrentVotes(voteOn!.id);
    const ballots = await repo.listBallots(voteOn!.id);
    const reactions = await repo.listReactions(reactOn.id);
    const distinctVoters = new Set(currentVotes.map((c) => c.id));
    const distinctReactions = new Set(reactions.map((r) => r.id));
    return {
      votes: parties.length,
      reactions: reactionCount,
      requests: results.length,
      spreadMs,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? 0,
      errors,
      cosmosCallsPerRequest: cosmosCalls.count() / results.length,
      botCpuMsPerRequest: (cpu.user + cpu.system) / 1000 / results.length,
      storeCpuMsPerRequest:
        storeCpuBefore === undefined || storeCpuAfter === undefined
          ? NaN
          : (storeCpuAfter - storeCpuBefore) / results.length,
      lostVotes: parties.length - distinctVoters.size,
      duplicatedVotes: ballots.length - parties.length + (currentVotes.length - distinctVoters.size),
      lostReactions: reactionCount - distinctReactions.size,
      duplicatedReactions:
        reactions.length -
        distinctReactions.size +
        reactions.filter(
          (r) =>
            (r as { revision?: number }).revision !== undefined &&
            (r as { revision?: number }).revision !== 1,
        ).length,
    };
  } finally {
    agent.destroy();
    await bot.stop();
    await connector.close();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const index = process.argv.indexOf('--reactions');
  runVoteStorm(index > 0 ? Number(process.argv[index + 1]) : 500).then(
    (result) => {
      console.table({
        ...result,
        p50: result.p50.toFixed(1),
        p95: result.p95.toFixed(1),
        p99: result.p99.toFixed(1),
        max: result.max.toFixed(1),
        cosmosCallsPerRequest: result.cosmosCallsPerRequest.toFixed(1),
        botCpuMsPerRequest: result.botCpuMsPerRequest.toFixed(2),
        storeCpuMsPerRequest: result.storeCpuMsPerRequest.toFixed(2),
      });
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
