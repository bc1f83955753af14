import { ontwikkeltafelsServiceFor } from '../../src/bot/handlers/ontwikkeltafelsHandlers';
import { voorstellenServiceFor } from '../../src/bot/handlers/voorstellenHandlers';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import type { Result } from '../../src/domain/shared/result';
import { meetingsServiceFor } from '../../src/meetings/meetingsService';
import { connectCosmos, STORE_RETRY_OPTIONS, type TafelbotDatabase } from '../../src/storage/cosmosClient';
import { EMBEDDED_STORE_KEY } from '../../src/storage/local/embeddedStore';
import { reportIdFor } from '../../src/storage/ontwikkeltafelsRepository';
import { ballotIdFor } from '../../src/storage/voorstellenRepository';
import { seededRandom } from '../support/fakeConnector';
import { startSecurityWorld, type Reply, type Role, type SecurityWorld } from '../support/securityWorld';
import { startStoreFaultProxy, type StoreFaultProxy } from '../support/storeFaultProxy';
import { testStoreConnection } from '../support/testStore';

/**
 * Issue 9, fault injection: the real bot talks to the embedded store through a TLS proxy that answers 429 (with
 * x-ms-retry-after-ms) and 503, hangs, drops connections and loses answers after the store did the work; the fake
 * Teams service answers 429 and 503 to the delivery worker. Every request gets an answer (never a 5xx): a success
 * card or a clear one. Retries are bounded. Nothing a user was told succeeded is lost: every vote, registration,
 * report and broadcast that got a success card is in the store afterwards, and every broadcast reaches everyone.
 */

const BASE = new Date('2027-03-10T09:00:00.000Z');
const day = 24 * 3600_000;
const plusDays = (days: number, from = BASE) => new Date(from.getTime() + days * day);
const localDate = (date: Date) => date.toISOString().slice(0, 10);
/** Short, so a hung request fails fast in the test; production uses STORE_REQUEST_TIMEOUT_MS. */
const REQUEST_TIMEOUT_MS = 1_500;

/** The only acceptable answers when something failed: the error card (nothing or not all was done) or "stale". */
const CLEAR_FAILURE = /Er ging iets mis|Iemand anders was u voor/;

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`fixture refused: ${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

describe('faults in the store and in Teams', () => {
  jest.setTimeout(240_000);
  let proxy: StoreFaultProxy;
  let world: SecurityWorld;
  /** The same database without the proxy: fixtures and verification are never disturbed by the faults. */
  let direct: TafelbotDatabase;
  const answers: Array<{ label: string; reply: Reply; ms: number }> = [];
  let sequence = 0;

  async function act(
    role: Role,
    verb: string,
    data: Record<string, unknown>,
    activityId = `fault-${++sequence}`,
  ): Promise<Reply> {
    // Time passes between clicks (the order of someone's votes is the order of their times).
    world.now = new Date(world.now.getTime() + 1_000);
    const started = Date.now();
    const reply = await world.invoke(role, verb, data, activityId);
    answers.push({ label: verb, reply, ms: Date.now() - started });
    return reply;
  }

  /** A person repeating an action until Tafelbot says it worked (as someone would after an error card). */
  async function persist(
    role: Role,
    verb: string,
    data: () => Promise<Record<string, unknown>> | Record<string, unknown>,
    success: RegExp,
    attempts = 12,
  ): Promise<{ accepted: boolean; activityId: string }> {
    let activityId = '';
    for (let tries = 1; tries <= attempts; tries++) {
      activityId = `fault-${++sequence}`;
      const reply = await act(role, verb, await data(), activityId);
      if (success.test(reply.text)) return { accepted: true, activityId };
    }
    return { accepted: false, activityId };
  }

  beforeAll(async () => {
    const store = testStoreConnection();
    proxy = await startStoreFaultProxy(store);
    proxy.random = seededRandom(9);
    world = await startSecurityWorld(BASE, '3', {
      store: { endpoint: proxy.endpoint, key: store.key, ca: proxy.ca, requestTimeoutMs: REQUEST_TIMEOUT_MS },
    });
    direct = connectCosmos({
      endpoint: store.endpoint,
      key: EMBEDDED_STORE_KEY,
      loopbackCa: store.ca,
      databaseId: world.bot.config.cosmos.databaseId,
    });
  });

  afterAll(async () => {
    proxy.faults = {};
    world.bot.connector.faults = {};
    const counts = proxy.counts();
    const failures = answers.filter((a) => CLEAR_FAILURE.test(a.reply.text)).length;
    console.log(
      `faults: ${proxy.requests.length} store requests, injected 429×${counts['429']}, 503×${counts['503']}, ` +
        `hang×${counts.hang}, dropped×${counts.drop}, lost answers×${counts.lost}; ` +
        `${answers.length} answers (${failures} clear failures, no 5xx); Teams answered the worker ` +
        `429×${world.bot.connector.calls.filter((c) => c.status === 429).length} and ` +
        `503×${world.bot.connector.calls.filter((c) => c.status === 503).length}`,
    );
    direct?.dispose();
    await world?.stop();
    await proxy?.close();
  });

  it('retries a throttled store a bounded number of times, then answers with a clear card', async () => {
    const from = proxy.requests.length;
    proxy.faults = { share429: 1, retryAfterMs: 20 };
    const reply = await act('lid-contactpersoon', 'voorstellen.list', {});
    proxy.faults = {};
    expect(reply.status).toBe(200);
    expect(reply.text).toMatch(/Er ging iets mis/);
    const attempts = new Map<string, number>();
    for (const r of proxy.requests.slice(from)) {
      const key = `${r.method} ${r.path}`;
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
    }
    // The first request of the turn is tried once plus the configured retries, and then the turn gives up.
    expect(Math.max(...attempts.values())).toBe(1 + STORE_RETRY_OPTIONS.maxRetryAttemptCount);
    expect(answers.at(-1)!.ms).toBeLessThan(STORE_RETRY_OPTIONS.maxWaitTimeInSeconds * 1000);
    // Throttling that passes is invisible: the SDK waits the store's retry-after and succeeds.
    proxy.faults = { share429: 0.5, retryAfterMs: 20 };
    const later = await act('lid-contactpersoon', 'voorstellen.list', {});
    proxy.faults = {};
    expect(later.text).toMatch(/Voorstellen/);
  });

  it.each([
    ['an outage (503)', { share503: 1 }],
    ['a store that does not answer', { shareHang: 1 }],
    ['dropped connections', { shareDrop: 1 }],
  ])('answers %s with a clear card within seconds, and works again afterwards', async (_name, faults) => {
    const from = proxy.requests.length;
    proxy.faults = faults;
    const reply = await act('gemeente', 'registry.overview', {});
    proxy.faults = {};
    expect(reply.status).toBe(200);
    expect(reply.text).toMatch(/Er ging iets mis bij het verwerken van uw verzoek/);
    // Bounded: a read whose connection drops is retried by the SDK at most 10 times, a second apart (its default
    // policy, not configurable); writes are not retried. Teams waits about 15 seconds for an invoke.
    const attempts = new Map<string, number>();
    for (const r of proxy.requests.slice(from)) attempts.set(r.path, (attempts.get(r.path) ?? 0) + 1);
    expect(Math.max(...attempts.values())).toBeLessThanOrEqual(1 + 10);
    expect(answers.at(-1)!.ms).toBeLessThan(15_000);
    expect((await act('gemeente', 'registry.overview', {})).text).toMatch(/Alfa Zorg/);
  });

  it('loses no accepted vote, registration, report or delivery while the store and Teams misbehave', async () => {
    const services = world.bot.bot.services;
    const admin = await world.actor('gemeente');
    const contact = await world.actor('lid-contactpersoon');

    // Set-up without faults: votes open on six voorstellen, a registration round, four tables, two meetings.
    const voorstelIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = await world.at(plusDays(-30), async () => {
        const submitted = must(
          await voorstellenServiceFor(services).submit(
            contact,
            {
              title: `Voorstel ${i}`,
              summary: 'Samenvatting.',
              text: 'Tekst.',
              link: '',
              type: 'contractwijziging',
              percelen: '1',
              origin: 'overlegtafel',
              confidentialParts: [],
            },
            'org-alfa',
            `faults-voorstel-${i}`,
          ),
        );
        must(await voorstellenServiceFor(services).openReactieperiode(admin, submitted.id, 14));
        return submitted.id;
      });
      await world.at(plusDays(-10), async () =>
        must(await voorstellenServiceFor(services).openStemming(admin, id, plusDays(7))),
      );
      voorstelIds.push(id);
    }
    const opened = await act('gemeente', 'ronde.openen', {
      year: '2028',
      deadlineDate: localDate(plusDays(14)),
      deadlineTime: '12:00',
      seats: '12',
      minimum1: '2',
      minimum2: '2',
      minimum3: '2',
      minimum4: '2',
      minimum5: '1',
      differentGrootte: 'true',
      atLeastOneLokaal: 'true',
      minimumReturning: '3',
      minimumNewcomers: '3',
      seedSource: 'slotkoers AEX op de dag na de sluiting',
      publicValueDate: localDate(plusDays(16)),
    });
    expect(opened.text).toContain('Inschrijving Overlegtafel 2028');
    const tafelIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await ontwikkeltafelsServiceFor(services).createTafel(
        admin,
        {
          name: `Tafel ${i}`,
          opdracht: 'Opdracht.',
          doel: 'Doel.',
          percelen: '3',
          trekkerIds: [world.personId('trekker-deze-tafel')],
          start: '2026-11-15',
          expectedEnd: '2028-06-30',
          periodEnds: '30-06, 31-12',
          graceDays: '30',
          reminderDays: '14, 3',
          reason: 'Spoed: de wachtlijsten vragen om een tafel voor de volgende Overlegtafel.',
        },
        `faults-tafel-${i}`,
      );
      tafelIds.push(must(created).tafel.id);
    }
    const meetingIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const planned = await meetingsServiceFor(services).plan(admin, `faa0000000${i}0`, {
        table: 'overlegtafel',
        title: `Overlegtafel ${i}`,
        date: localDate(plusDays(40 + i)),
        startTime: '14:00',
        endTime: '16:00',
        location: 'Stadhuis',
        cutoffDate: localDate(plusDays(30)),
        cutoffTime: '12:00',
        rows: [{ id: '', title: 'Opening', owner: 'Voorzitter', description: '', link: '' }],
      });
      meetingIds.push(must(planned).doc.value.id);
    }

    // Now everything at once, with faults in every eighth store request or so.
    proxy.faults = {
      share429: 0.08,
      share503: 0.02,
      shareHang: 0.005,
      shareDrop: 0.02,
      shareLost: 0.02,
      retryAfterMs: 30,
    };
    const choices = ['voor', 'tegen', 'onthouding'] as const;
    const votes: Array<{ voorstelId: string; choice: string; accepted: boolean; ballotId: string }> = [];
    const voteChains = voorstelIds.map(async (voorstelId, v) => {
      for (let k = 0; k < 3; k++) {
        const role: Role = (v + k) % 2 ? 'lid-vervanger' : 'lid-contactpersoon';
        const choice = choices[(v + k) % 3]!;
        const { accepted, activityId } = await persist(
          role,
          'voorstel.stem',
          () => ({ voorstelId, partyId: 'org-alfa', choice }),
          /Uw stem is vastgelegd/,
        );
        const ballotId = ballotIdFor(`${world.users[role].aadObjectId}:${activityId}`);
        votes.push({ voorstelId, choice, accepted, ballotId });
      }
    });
    const registration = (organisationId: string, motivation: string, etag = '') => ({
      roundId: 'ronde-2028',
      organisationId,
      etag,
      perceel: organisationId === 'org-gamma' ? '4' : '1',
      grootte: 'klein',
      herkomst: 'lokaal',
      contactpersoonName: 'Anna Alfa',
      contactpersoonEmail: 'anna@alfa.example',
      contactpersoonPhone: '',
      vervangerName: 'Victor Alfa',
      vervangerEmail: 'victor@alfa.example',
      vervangerPhone: '',
      motivation,
    });
    const storedRegistration = async (organisationId: string) =>
      (
        await direct
          .container('registrations')
          .item(organisationId, 'ronde-2028')
          .read<{ _etag: string; status: string; motivation: string }>()
      ).resource;
    const registrations: Array<{ organisationId: string; motivation: string; accepted: boolean }> = [];
    const registrationChain = (async () => {
      for (const [role, organisationId, motivation] of [
        ['lid-contactpersoon', 'org-alfa', 'Eerste motivatie van Alfa.'],
        ['niet-lid-aanbieder', 'org-gamma', 'Motivatie van Gamma.'],
        ['lid-vervanger', 'org-alfa', 'Door de vervanger bijgewerkte motivatie.'],
      ] as const) {
        const { accepted } = await persist(
          role,
          'inschrijving.opslaan',
          async () =>
            registration(organisationId, motivation, (await storedRegistration(organisationId))?._etag ?? ''),
          /Inschrijving (ontvangen|gewijzigd)/,
        );
        registrations.push({ organisationId, motivation, accepted });
      }
    })();
    const reports: Array<{ tafelId: string; accepted: boolean }> = [];
    const reportChains = tafelIds.map(async (tafelId) => {
      const { accepted } = await persist(
        'trekker-deze-tafel',
        'rapportage.publish',
        async () => ({
          tafelId,
          periodId: '2027-06-30',
          etag:
            (await direct.container('rapportages').item(reportIdFor(tafelId, '2027-06-30'), tafelId).read())
              .resource?._etag ?? '',
          status: 'op schema',
          progress: 'Wachtlijsten in kaart gebracht.',
          results: 'Gemiddeld 9 weken.',
          problems: '',
          nextSteps: 'Een pilot.',
          pilotCount: '0',
          decisionCount: '0',
        }),
        // After a lost answer the retry hears it is already published: done, as the user asked.
        /Gepubliceerd|Deze rapportage is gepubliceerd/,
      );
      reports.push({ tafelId, accepted });
    });
    const agendas: Array<{ meetingId: string; accepted: boolean }> = [];
    const agendaChains = meetingIds.map(async (meetingId) => {
      const { accepted } = await persist(
        'gemeente',
        'meeting.agenda.versturen',
        () => ({ meetingId }),
        /Agenda verstuurd|al verstuurd/,
      );
      agendas.push({ meetingId, accepted });
    });
    await Promise.all([...voteChains, registrationChain, ...reportChains, ...agendaChains]);
    proxy.faults = {};

    // Every answer was an answer: never a 5xx, and either a success or a clear failure.
    const unclear = answers.filter(
      (a) =>
        a.reply.status >= 500 ||
        !a.reply.card ||
        !(
          CLEAR_FAILURE.test(a.reply.text) ||
          /vastgelegd|Inschrijving|Gepubliceerd|is gepubliceerd|Agenda|Voorstellen|Alfa/.test(a.reply.text)
        ),
    );
    expect(
      unclear.map((a) => `${a.label}: ${a.reply.status} ${a.reply.text.replace(/\s+/g, ' ').slice(0, 300)}`),
    ).toEqual([]);
    expect(proxy.counts()['429']).toBeGreaterThan(0);
    expect(proxy.counts().lost + proxy.counts().drop).toBeGreaterThan(0);

    // Votes: the ballot of every accepted vote is stored with its choice, and the party's current vote is the
    // last accepted choice or one the voter tried after it (a lost answer may have stored a vote nobody was told of).
    for (const voorstelId of voorstelIds) {
      const mine = votes.filter((v) => v.voorstelId === voorstelId);
      const { resources } = await direct
        .container('voorstelVotes')
        .items.query<{ id: string; kind: string; ballot: { choice: string } }>({
          query: 'SELECT * FROM c WHERE c.voorstelId = @v',
          parameters: [{ name: '@v', value: voorstelId }],
        })
        .fetchAll();
      for (const vote of mine.filter((v) => v.accepted)) {
        expect(resources.find((d) => d.kind === 'ballot' && d.id === vote.ballotId)?.ballot.choice).toBe(
          vote.choice,
        );
      }
      const lastAccepted = mine.map((v) => v.accepted).lastIndexOf(true);
      expect(lastAccepted).toBeGreaterThanOrEqual(0);
      const current = resources.find((d) => d.kind === 'current' && d.id === 'org-alfa')?.ballot.choice;
      expect(mine.slice(lastAccepted).map((v) => v.choice)).toContain(current);
    }

    // Registrations: each accepted one is stored as registered, with the last accepted motivation.
    for (const organisationId of ['org-alfa', 'org-gamma']) {
      const accepted = registrations.filter((r) => r.organisationId === organisationId && r.accepted);
      expect(accepted.length).toBeGreaterThan(0);
      const stored = await storedRegistration(organisationId);
      expect(stored?.status).toBe('ingeschreven');
      expect(stored?.motivation).toBe(accepted.at(-1)!.motivation);
    }

    // Reports: every accepted publication is stored as published.
    for (const { tafelId, accepted } of reports) {
      expect(accepted).toBe(true);
      const stored = (
        await direct.container('rapportages').item(reportIdFor(tafelId, '2027-06-30'), tafelId).read()
      ).resource as { publishedAt: string | null } | undefined;
      expect(stored?.publishedAt).toBeTruthy();
    }

    // Deliveries: an outbox a failure left behind is enqueued by the scheduled tasks; then every broadcast reaches
    // everyone, while Teams throttles and fails a share of the sends and the store still misbehaves a little.
    expect(agendas.every((a) => a.accepted)).toBe(true);
    world.now = plusDays(0.01);
    await world.bot.bot.services.scheduler.runDue();
    world.bot.connector.faults = {
      share429: 0.2,
      share503: 0.1,
      retryAfterSeconds: 0,
      random: seededRandom(3),
    };
    proxy.faults = { share429: 0.03, shareDrop: 0.01 };
    const deliveries = new DeliveryRepository(direct);
    const worker = world.bot.bot.deliveryWorker;
    // The worker paces sends by its clock: let the bot's clock run with real time while it drains.
    const ticking = setInterval(() => (world.now = new Date(world.now.getTime() + 20)), 20);
    for (let round = 0; round < 200; round++) {
      await worker.runOnce().catch(() => undefined);
      const active = await deliveries.activeBroadcastIds();
      if (active.length === 0) break;
      // Time passes for back-offs and for claims left by a failed round to expire.
      world.now = new Date(world.now.getTime() + 60_000);
    }
    clearInterval(ticking);
    proxy.faults = {};
    world.bot.connector.faults = {};
    expect(await deliveries.activeBroadcastIds()).toEqual([]);
    const jobs = await deliveries.listJobs(100);
    const agendaJobs = jobs.filter((j) => meetingIds.some((id) => j.broadcastId.startsWith(id)));
    expect(agendaJobs.length).toBeGreaterThanOrEqual(meetingIds.length);
    for (const job of jobs) {
      const recipients = await deliveries.recipients(job.broadcastId);
      const unsettled = recipients.filter((r) => r.value.status !== 'sent' && r.value.status !== 'failed');
      expect(unsettled).toEqual([]);
      // Everyone here has a saved conversation: nobody may end as failed because of a passing fault.
      const failed = recipients.filter((r) => r.value.status === 'failed').map((r) => r.value.failure);
      expect(failed).toEqual([]);
      for (const r of recipients) expect(r.value.attempts).toBeLessThanOrEqual(6);
    }
  });
});
