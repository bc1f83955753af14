import { importOrganisations } from '../../src/cli/importOrganisationsCore';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { parseOrganisationsCsv } from '../../src/domain/registry/csvImport';
import { personIdFor, validatePerson } from '../../src/domain/registry/registry';
import { actionExecuteActivity, installActivity, teamsUser } from '../support/activities';
import { cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { drain } from '../support/deliveryFixtures';
import { startFakeGraph, type FakeGraph } from '../support/fakeGraph';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';

/**
 * Issue 15, "what it must show": a real rollout on day one. 500 contracted aanbieders are imported from CSV
 * with the import code of `npm run import:organisations`, and 1,000 contacts are added; nobody has ever used
 * the bot. The fake Graph knows 60 % of the contacts (members and guests). The gemeente opens the round over
 * HTTP, the real worker sends the invitation with the Graph-installing sender and the SMTP channel, and every
 * contact with a usable address gets it exactly once: in Teams after installation, or in the SMTP sink.
 *
 * The CSV import knows organisations only, so contacts are created as the registry form would: validated with
 * `validatePerson`, stored with `RegistryRepository.createPerson` (the service's savePerson lists the whole
 * registry per call, which is the form's concern, not the import's). The registry refuses a missing or malformed
 * address, so the 2 % without a usable one are written straight to the repository, standing for records made
 * before that validation (as the e-mail tests do).
 */

const CATALOG_APP_ID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const ORGANISATIONS = 500;
const CONTACTS = 2 * ORGANISATIONS;
// Before the round's deadline, and running: the worker's rate windows slide with this clock.
const CLOCK_START = Date.parse('2026-11-02T09:00:00Z');
const STARTED = Date.now();
const clock = (): Date => new Date(CLOCK_START + Date.now() - STARTED);

const pad = (i: number): string => String(i).padStart(4, '0');
/** Contact i: contactpersoon (even) or vervanger (odd) of organisation i / 2. */
const emailOf = (i: number): string => `contact-${pad(i)}@aanbieder-${pad(i >> 1)}.example`;
const nameOf = (i: number): string => `Contact ${pad(i)}`;
/**
 * 2 %: one without an address (the store's unique e-mail claim allows only one empty address) and 19 with a
 * malformed one.
 */
const unusable = (i: number): 'none' | 'malformed' | undefined =>
  i % 50 === 49 ? (i === 99 ? 'none' : 'malformed') : undefined;
/** 60 % in the tenant (i % 5 < 3; never an unusable one), a sixth of those as guests. */
const inTenant = (i: number): boolean => i % 5 < 3;
const isGuest = (i: number): boolean => i % 5 === 2 && i % 2 === 0;

describe('a rollout: 500 aanbieders and 1,000 contacts reached on day one (Teams after installation, else e-mail)', () => {
  let graph: FakeGraph;
  let sink: SmtpSink;
  let bot: TestBot;
  const admin = teamsUser('90');
  const aadOf = new Map<number, string>();

  beforeAll(async () => {
    graph = await startFakeGraph(CATALOG_APP_ID);
    sink = await startSmtpSink();
    bot = await startTestBot(
      {
        ALLOWED_TENANT_IDS: '11111111-2222-3333-4444-555555555555',
        GRAPH_INSTALL: 'true',
        TEAMS_CATALOG_APP_ID: CATALOG_APP_ID,
        GRAPH_BASE_URL: graph.url,
        EMAIL_TRANSPORT: 'smtp',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(sink.port),
        SMTP_SECURITY: 'none',
        EMAIL_FROM: 'tafelbot@gemeente.example',
        // High, so the test does not wait for the rate (the bench measures it).
        EMAIL_RATE_PER_MINUTE: '100000',
      },
      {
        now: clock,
        // Teams' tenant limit widened, for speed only: the fake connector does not enforce it here.
        deliveryOptions: { tenantWindows: [{ limit: 1000, windowMs: 1000 }], reportEveryMs: 60_000 },
      },
    );
    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await sink?.close();
    await graph?.close();
  });

  it('imports the region, opens the round and reaches every contact with an address exactly once', async () => {
    const registry = bot.bot.registry;
    // 1. The organisations, from the CSV the gemeente exports from its contract administration.
    const lines = ['naam;soort;percelen;grootte;herkomst;kvk;gecontracteerd'];
    for (let o = 0; o < ORGANISATIONS; o++) {
      const percelen = `"${(o % 5) + 1},${((o + 2) % 5) + 1}"`;
      const grootte = ['klein', 'middel', 'groot'][o % 3];
      const herkomst = o % 4 === 0 ? 'regionaal' : 'lokaal';
      lines.push(`Aanbieder ${pad(o)};aanbieder;${percelen};${grootte};${herkomst};;ja`);
    }
    const parsed = parseOrganisationsCsv(lines.join('\r\n'));
    expect(parsed.errors).toEqual([]);
    expect(await importOrganisations(registry, parsed.organisations)).toMatchObject({
      created: ORGANISATIONS,
    });
    const orgIds = parsed.organisations.map((o) => o.id);
    const organisationIds = new Set(orgIds);

    // 2. Two contacts per organisation; 60 % of them are users of the gemeente's tenant.
    for (let start = 0; start < CONTACTS; start += 25) {
      await Promise.all(
        Array.from({ length: 25 }, async (_, k) => {
          const i = start + k;
          const membership = {
            organisationId: orgIds[i >> 1]!,
            role: i % 2 === 0 ? 'contactpersoon' : 'vervanger',
          } as const;
          const bad = unusable(i);
          if (bad) {
            await registry.createPerson(
              {
                id: `person-legacy-${pad(i)}`,
                name: nameOf(i),
                email: bad === 'none' ? '' : `contact-${pad(i)}@@aanbieder`,
                phone: null,
                aadObjectId: null,
                memberships: [membership],
                isAdmin: false,
              },
              null,
            );
            return;
          }
          const valid = validatePerson(
            {
              name: nameOf(i),
              email: emailOf(i),
              phone: '',
              organisationId: membership.organisationId,
              role: membership.role,
              isAdmin: false,
            },
            organisationIds,
          );
          if (!valid.ok) throw new Error(valid.messages.join(' '));
          const { name, email, phone } = valid.value;
          await registry.createPerson(
            { name, email, phone, aadObjectId: null, memberships: [membership], isAdmin: false },
            null,
          );
          if (inTenant(i))
            aadOf.set(i, (isGuest(i) ? graph.addGuest(emailOf(i)) : graph.addMember(emailOf(i))).id);
        }),
      );
    }
    expect(aadOf.size).toBe(0.6 * CONTACTS);

    // 3. The gemeente (a configured admin) opens the round in Teams; the invitation is queued.
    await bot.post(installActivity({ serviceUrl: bot.connector.serviceUrl, user: admin }));
    const opened = await bot.post(
      actionExecuteActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: admin,
        verb: 'ronde.openen',
        data: {
          year: 2027,
          deadlineDate: '2027-01-15',
          deadlineTime: '12:00',
          seats: 12,
          ...{ minimum1: 2, minimum2: 2, minimum3: 2, minimum4: 2, minimum5: 1 },
          differentGrootte: 'true',
          atLeastOneLokaal: 'true',
          minimumReturning: 3,
          minimumNewcomers: 3,
          seedSource: 'slotkoers AEX op 16 januari 2027',
          publicValueDate: '2027-01-16',
        },
      }),
    );
    expect(opened.status).toBe(200);
    expect(cardText(invokeCard(opened.body))).toContain(
      `De uitnodiging gaat naar ${CONTACTS} contactpersonen`,
    );
    const broadcastId = 'ronde-2027-uitnodiging';
    const job = await new DeliveryRepository(bot.bot.db).getJob(broadcastId);
    expect(job?.value.status).toBe('active');

    // 4. The real worker sends until the broadcast is done.
    await drain(bot.bot.deliveryWorker, bot.bot.db, broadcastId, 100_000);
    await bot.bot.deliveryWorker.releaseSlot();

    // Teams: exactly one message in each tenant user's new 1:1 chat, after one installation each.
    const delivered = bot.connector.delivered();
    for (const [i, aad] of aadOf) {
      expect([i, delivered.get(`a:created-${aad}`)]).toEqual([i, 1]);
      expect([i, graph.installsFor(aad)]).toEqual([i, 1]);
    }
    const adminChats = [...delivered.keys()].filter((c) => !c.startsWith('a:created-'));
    expect(delivered.size - adminChats.length).toBe(aadOf.size);
    const invitations = bot.connector
      .sentActivities()
      .filter((a) => JSON.stringify(a).includes('Overlegtafel 2027'));
    expect(invitations.length).toBeGreaterThanOrEqual(aadOf.size);

    // E-mail: exactly one message to each contact outside the tenant, with their own address and name.
    const emailed = Array.from({ length: CONTACTS }, (_, i) => i).filter((i) => !inTenant(i) && !unusable(i));
    expect(sink.messages).toHaveLength(emailed.length);
    for (const i of emailed) {
      const mails = sink.to(emailOf(i));
      expect([i, mails.length]).toEqual([i, 1]);
      expect(mails[0]!.subject).toBe('Uitnodiging Overlegtafel 2027');
      expect(mails[0]!.text).toContain(`Beste ${nameOf(i)},`);
    }
    // Nobody of the tenant got an e-mail as well.
    for (const i of aadOf.keys()) expect(sink.to(emailOf(i))).toHaveLength(0);

    // The ledger and the report: every recipient with the channel used; the unusable ones failed, readably.
    const status = (await bot.bot.services.delivery.status(broadcastId))!;
    const failed = CONTACTS - aadOf.size - emailed.length;
    expect(status.counts).toMatchObject({ sent: CONTACTS - failed, failed, pending: 0, sending: 0 });
    expect(status.sentBy).toEqual({ teams: aadOf.size, email: emailed.length });
    const byName = new Map(status.recipients.map((r) => [r.name, r]));
    expect(byName.size).toBe(CONTACTS);
    for (let i = 0; i < CONTACTS; i++) {
      const r = byName.get(nameOf(i))!;
      const bad = unusable(i);
      if (bad) {
        expect([i, r.status, r.channel]).toEqual([i, 'failed', 'email']);
        expect(r.reason).toContain(bad === 'none' ? 'Geen e-mailadres bekend' : 'ongeldig');
      } else {
        expect([i, r.status, r.channel]).toEqual([i, 'sent', inTenant(i) ? 'teams' : 'email']);
      }
    }
    expect(personIdFor(emailOf(0))).toBe(
      (await registry.getTeamsUser(aadOf.get(0)!))?.value.personId ?? 'not linked',
    );

    const report = await bot.post(
      actionExecuteActivity({
        serviceUrl: bot.connector.serviceUrl,
        user: admin,
        verb: 'delivery.report',
        data: { broadcastId },
      }),
    );
    const text = cardText(invokeCard(report.body));
    expect(text).toContain(`Via Teams: ${aadOf.size} · per e-mail: ${emailed.length}`);
    expect(text).toContain('Geen e-mailadres bekend');
    expect(text).toContain('ongeldig');
    expect(text).not.toMatch(/@aanbieder/);
  }, 240_000);
});
