import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { DeliveryService } from '../../src/delivery/deliveryService';
import type { Actor } from '../../src/domain/registry/actor';
import {
  personIdFor,
  type ContactRole,
  type Organisation,
  type Perceel,
} from '../../src/domain/registry/registry';
import type { Result } from '../../src/domain/shared/result';
import { parseLocalDateTime } from '../../src/domain/time/amsterdam';
import { silentLogger } from '../../src/observability/logger';
import { OntwikkeltafelsService } from '../../src/ontwikkeltafels/ontwikkeltafelsService';
import type { TafelFormInput } from '../../src/ontwikkeltafels/tafelForm';
import { tafelIdFor } from '../../src/ontwikkeltafels/tafelIds';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { StaleDocumentError } from '../../src/storage/documentStore';
import { reportIdFor } from '../../src/storage/ontwikkeltafelsRepository';
import { RegistryRepository } from '../../src/storage/registryRepository';
import { VoorstellenRepository } from '../../src/storage/voorstellenRepository';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

/**
 * OntwikkeltafelsService against the embedded Cosmos store: who gets invitations, reports and notices (checked on
 * the delivery ledger), who may write, idempotency of every step, the outbox after a failed enqueue, and the
 * reminders and overdue notices across the year end.
 */

function organisation(
  id: string,
  name: string,
  type: Organisation['type'],
  percelen: Perceel[] = [],
  contracted = true,
): Organisation {
  return {
    id,
    name,
    type,
    percelen,
    grootte: type === 'aanbieder' ? 'middel' : null,
    herkomst: type === 'aanbieder' ? 'lokaal' : null,
    kvkNumber: null,
    contracted,
  };
}

const ORGS: Organisation[] = [
  organisation('org-gemeente', 'Gemeente Rivierstad', 'gemeente'),
  organisation('org-toegang', 'Sociaal Team', 'lokale-toegang'),
  organisation('org-trek', 'Jeugdhulp Trek', 'aanbieder', [3]),
  organisation('org-jeugd', 'Jeugdzorg Noord', 'aanbieder', [3, 4]),
  organisation('org-ggz', 'Kompas GGZ', 'aanbieder', [4]),
  organisation('org-huis', 'Thuishulp West', 'aanbieder', [1]),
  organisation('org-oud', 'Oud Contract', 'aanbieder', [3], false),
  organisation('org-lid', 'Overlegtafel Lid', 'aanbieder', [2]),
];
const org = (id: string) => ORGS.find((o) => o.id === id)!;

function actorFor(
  email: string,
  organisationId: string | null,
  role: ContactRole = 'contactpersoon',
  isAdmin = false,
): Actor {
  const memberships = organisationId ? [{ organisationId, role }] : [];
  return {
    kind: 'person',
    person: {
      id: personIdFor(email),
      name: email.split('@')[0]!,
      email,
      phone: null,
      aadObjectId: null,
      memberships,
      isAdmin,
    },
    roles: organisationId ? [{ organisation: org(organisationId), role }] : [],
    trekkerOf: [],
  };
}

const admin = actorFor('beheer@gemeente.example', 'org-gemeente', 'contactpersoon', true);
const toegang = actorFor('tom@toegang.example', 'org-toegang');
const trekker = actorFor('tineke@trek.example', 'org-trek');
const otherTrekker = actorFor('otto@ggz.example', 'org-ggz');
const jeugd = actorFor('jan@jeugd.example', 'org-jeugd');
const huis = actorFor('hans@huis.example', 'org-huis');
const lid = actorFor('lies@lid.example', 'org-lid');
const oud = actorFor('olga@oud.example', 'org-oud');
const UNKNOWN: Actor = { kind: 'unknown' };
const idOf = (actor: Actor) => (actor.kind === 'person' ? actor.person.id : '');

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

function at(local: string): Date {
  return must(parseLocalDateTime(local));
}

const COMPLETE = {
  status: 'aandacht nodig',
  progress: 'Wachtlijsten in kaart gebracht.',
  results: 'Gemiddeld 9 weken wachttijd.',
  problems: '',
  nextSteps: 'Pilot snelle intake.',
  decisionsRequested: [
    { title: 'Budget voor een pilot snelle intake', explanation: 'Twee aanbieders, zes maanden.' },
  ],
};

function form(overrides: Partial<TafelFormInput> = {}): TafelFormInput {
  return {
    name: 'Wachttijden Jeugd',
    opdracht: 'Breng de wachttijden in kaart.',
    doel: 'Start binnen 14 werkdagen.',
    percelen: '3',
    trekkerIds: [idOf(trekker)],
    start: '2026-11-15',
    expectedEnd: '2028-06-30',
    periodEnds: '30-06, 31-12',
    graceDays: '30',
    reminderDays: '14, 3',
    reason: 'Spoed: de wachtlijsten vragen om een tafel voor de volgende Overlegtafel.',
    ...overrides,
  };
}

describe('ontwikkeltafels service against the embedded store', () => {
  let db: TafelbotDatabase;
  let registry: RegistryRepository;
  let deliveries: DeliveryRepository;
  let clock = at('2027-01-10 10:00');
  let service: OntwikkeltafelsService;
  let tafelId = '';
  let sequence = 0;

  const serviceWith = (delivery?: DeliveryService) =>
    new OntwikkeltafelsService({
      db,
      registry,
      delivery: delivery ?? new DeliveryService(new DeliveryRepository(db), registry, () => clock),
      now: () => clock,
      logger: silentLogger,
    });

  /** The people a broadcast was addressed to, by person id. */
  async function recipients(broadcastId: string): Promise<string[]> {
    return (await deliveries.recipients(broadcastId)).map((r) => r.value.personId).sort();
  }

  async function newTafel(overrides: Partial<TafelFormInput> = {}): Promise<string> {
    return must(await service.createTafel(admin, form(overrides), `key-${++sequence}`)).tafel.id;
  }

  beforeAll(async () => {
    db = await createTestDatabase('ontwikkeltafels');
    registry = new RegistryRepository(db, () => clock);
    deliveries = new DeliveryRepository(db);
    service = serviceWith();
    for (const o of ORGS) await registry.createOrganisation(o, null);
    for (const actor of [admin, toegang, trekker, otherTrekker, jeugd, huis, lid, oud]) {
      if (actor.kind === 'person') await registry.createPerson({ ...actor.person, id: undefined }, null);
    }
    // Issue 4's published composition for 2027: one aanbieder (org-lid) at the Overlegtafel.
    await db.database.container('rounds').items.upsert({
      id: 'ronde-2027',
      year: 2027,
      status: 'gepubliceerd',
      composition: {
        version: 1,
        members: [
          { organisationId: 'org-lid', organisationName: 'Overlegtafel Lid', perceel: 2, via: 'loting' },
        ],
        changes: [],
      },
    });
  });
  afterAll(() => dropTestDatabase(db));

  it('the gemeente sets a table up; the invitation reaches only the contracted aanbieders of its percelen', async () => {
    const created = must(await service.createTafel(admin, form(), 'create-1'));
    tafelId = created.tafel.id;
    expect(created.invited).toBe(2); // org-trek, org-jeugd (perceel 3); not the ended contract, not perceel 1
    expect(await recipients(`${tafelId}-uitnodiging`)).toEqual([idOf(jeugd), idOf(trekker)].sort());
    // Redelivered: the same table, no second invitation.
    const again = must(await service.createTafel(admin, form({ name: 'Andere naam' }), 'create-1'));
    expect(again.tafel).toMatchObject({ id: tafelId, name: 'Wachttijden Jeugd' });
    expect((await service.listTafels()).filter((t) => t.id === tafelId)).toHaveLength(1);
    // The registry still finds who leads it (the actor resolver's trekker lookup).
    expect((await registry.tablesLedBy(idOf(trekker))).map((t) => t.id)).toEqual([tafelId]);
    expect((await service.repo.getTafel(tafelId))?.value.outbox).toEqual([]);
  });

  it('refuses a table from anyone but the gemeente, and bad schedule input with clear messages', async () => {
    const byAanbieder = await service.createTafel(jeugd, form(), 'create-2');
    expect(byAanbieder).toMatchObject({ ok: false, code: 'auth.gemeente-only' });
    const bad = await service.createTafel(
      admin,
      form({ periodEnds: '30 juni', graceDays: 'dertig', trekkerIds: ['person-bestaat-niet'], percelen: '' }),
      'create-3',
    );
    expect(bad.ok).toBe(false);
    const messages = bad.ok ? [] : bad.messages.join('\n');
    expect(messages).toContain('Een gekozen trekker is niet (meer) geregistreerd');
    expect(messages).toContain('dag-maand');
    expect(messages).toContain('heel getal');
    expect(messages).toContain('Kies minstens één perceel');
    expect(await service.repo.getTafel(tafelIdFor('create-3'))).toBeUndefined();
  });

  it('an invited aanbieder joins once; others cannot', async () => {
    expect(must(await service.membership.join(jeugd, tafelId, 'org-jeugd')).changed).toBe(true);
    expect(must(await service.membership.join(jeugd, tafelId, 'org-jeugd')).changed).toBe(false);
    expect(await service.membership.join(huis, tafelId, 'org-huis')).toMatchObject({
      ok: false,
      code: 'ontwikkeltafel.not-invited',
    });
    expect(await service.membership.join(oud, tafelId, 'org-oud')).toMatchObject({
      ok: false,
      code: 'ontwikkeltafel.not-invited',
    });
    expect(await service.membership.join(huis, tafelId, 'org-jeugd')).toMatchObject({
      ok: false,
      code: 'ontwikkeltafel.not-your-organisation',
    });
    const tafel = (await service.loadTafel(tafelId))!.tafel;
    expect(tafel.participants.map((p) => p.organisationId)).toEqual(['org-jeugd']);
    expect((await service.repo.getTafel(tafelId))?.value.participantOrganisationIds).toEqual(['org-jeugd']);
  });

  it('only a trekker of the table writes its reports: another trekker, an aanbieder and an unknown user change nothing', async () => {
    const other = await newTafel({
      name: 'Huishoudelijke Hulp',
      percelen: '1',
      trekkerIds: [idOf(otherTrekker)],
    });
    expect(other).not.toBe(tafelId);
    for (const actor of [otherTrekker, jeugd, admin, UNKNOWN]) {
      const result = await service.saveReport(actor, {
        tafelId,
        periodId: '2026-12-31',
        content: COMPLETE,
        etag: '',
        publish: true,
      });
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.code).toMatch(/rapportage\.not-trekker|auth\.unknown-user/);
    }
    expect(await service.repo.listReports(tafelId)).toEqual([]);
  });

  it('refuses missing and oversized fields on publication, and keeps nothing of a refused attempt', async () => {
    const missing = await service.saveReport(trekker, {
      tafelId,
      periodId: '2026-12-31',
      content: { progress: 'Alleen voortgang.' },
      etag: '',
      publish: true,
    });
    expect(missing.ok).toBe(false);
    expect(missing.ok ? {} : missing.fieldErrors).toEqual({
      status: expect.stringContaining('Kies de status'),
      results: 'De resultaten zijn verplicht.',
      nextSteps: 'De volgende stappen zijn verplicht.',
    });
    const oversized = await service.saveReport(trekker, {
      tafelId,
      periodId: '2026-12-31',
      content: { ...COMPLETE, progress: 'x'.repeat(5001) },
      etag: '',
      publish: false,
    });
    expect(oversized.ok ? [] : oversized.messages).toEqual([
      'De voortgang is te lang: 5001 tekens, maximaal 5000.',
    ]);
    // Every field within its limit, but together more than one Teams message can carry.
    const full = 'w'.repeat(5000);
    const tooLarge = await service.saveReport(trekker, {
      tafelId,
      periodId: '2026-12-31',
      content: {
        ...COMPLETE,
        progress: full,
        results: full,
        problems: full,
        nextSteps: full,
        decisionsRequested: Array.from({ length: 10 }, (_, i) => ({
          title: `Besluit ${i}`,
          explanation: 'u'.repeat(2000),
        })),
      },
      etag: '',
      publish: true,
    });
    expect(tooLarge).toMatchObject({ ok: false, code: 'rapportage.too-large' });
    expect(tooLarge.ok ? '' : tooLarge.messages[0]).toMatch(
      /te groot om in Teams te versturen \(\d+ kB, maximaal 28 kB\)/,
    );
    expect(await service.repo.listReports(tafelId)).toEqual([]);
  });

  it('keeps a draft, refuses an out-of-date form, and publishes to the Overlegtafel and the participants', async () => {
    const draft = must(
      await service.saveReport(trekker, {
        tafelId,
        periodId: '2026-12-31',
        content: { progress: 'Eerste aanzet.' },
        etag: '',
        publish: false,
      }),
    );
    expect(draft.report.publishedAt).toBeNull();
    const second = must(
      await service.saveReport(trekker, {
        tafelId,
        periodId: '2026-12-31',
        content: { progress: 'Tweede aanzet.' },
        etag: draft.etag,
        publish: false,
      }),
    );
    // A form rendered before the second save is refused, not written over it.
    await expect(
      service.saveReport(trekker, {
        tafelId,
        periodId: '2026-12-31',
        content: { progress: 'Oud' },
        etag: draft.etag,
        publish: false,
      }),
    ).rejects.toBeInstanceOf(StaleDocumentError);
    const reportId = reportIdFor(tafelId, '2026-12-31');
    expect((await service.repo.getReport(tafelId, reportId))?.value.content.progress).toBe('Tweede aanzet.');
    // A draft reaches nobody.
    expect(await recipients(`${reportId}-v1`)).toEqual([]);

    clock = at('2027-01-20 10:00');
    const published = must(
      await service.saveReport(trekker, {
        tafelId,
        periodId: '2026-12-31',
        content: COMPLETE,
        etag: second.etag,
        publish: true,
      }),
    );
    expect(published.report.versions).toHaveLength(1);
    // Gemeente (org contact and admin), lokale toegang, the composition (org-lid) and the participant org-jeugd.
    expect(await recipients(`${reportId}-v1`)).toEqual(
      [idOf(admin), idOf(toegang), idOf(lid), idOf(jeugd)].sort(),
    );
    const doc = (await service.repo.getReport(tafelId, reportId))!.value;
    expect(doc.outbox).toEqual([]);
    expect([...doc.audienceOrganisationIds].sort()).toEqual([
      'org-gemeente',
      'org-jeugd',
      'org-lid',
      'org-toegang',
    ]);
    const job = (await deliveries.getJob(`${reportId}-v1`))!.value;
    expect(JSON.stringify(job.message.card)).toContain('Wachtlijsten in kaart gebracht.');
    // Published: drafting again is refused; a correction is the way.
    expect(
      await service.saveReport(trekker, {
        tafelId,
        periodId: '2026-12-31',
        content: COMPLETE,
        etag: '',
        publish: false,
      }),
    ).toMatchObject({ ok: false, code: 'rapportage.published' });
  });

  it('a correction becomes version 2 with its reason and reaches the same readers', async () => {
    const reportId = reportIdFor(tafelId, '2026-12-31');
    const tooShort = await service.correct(trekker, {
      tafelId,
      reportId,
      content: COMPLETE,
      reason: 'typo',
      etag: '',
    });
    expect(tooShort.ok ? {} : tooShort.fieldErrors).toEqual({ reason: expect.stringContaining('te kort') });
    expect(
      await service.correct(jeugd, {
        tafelId,
        reportId,
        content: COMPLETE,
        reason: 'Status was verkeerd.',
        etag: '',
      }),
    ).toMatchObject({
      ok: false,
      code: 'rapportage.not-trekker',
    });
    const corrected = must(
      await service.correct(trekker, {
        tafelId,
        reportId,
        content: { ...COMPLETE, status: 'op schema' },
        reason: 'De status was verkeerd ingevuld.',
        etag: '',
      }),
    );
    expect(corrected.versions.map((v) => [v.version, v.content.status, v.correctionReason])).toEqual([
      [1, 'aandacht nodig', null],
      [2, 'op schema', 'De status was verkeerd ingevuld.'],
    ]);
    expect(await recipients(`${reportId}-v2`)).toEqual(await recipients(`${reportId}-v1`));
    expect(JSON.stringify((await deliveries.getJob(`${reportId}-v2`))!.value.message.card)).toContain(
      'De status was verkeerd ingevuld.',
    );
  });

  it('the gemeente shares a report with all aanbieders once: only those not reached yet get it', async () => {
    const reportId = reportIdFor(tafelId, '2026-12-31');
    expect(await service.shareWithAllAanbieders(trekker, tafelId, reportId)).toMatchObject({
      ok: false,
      code: 'auth.gemeente-only',
    });
    expect(must(await service.shareWithAllAanbieders(admin, tafelId, reportId)).changed).toBe(true);
    expect(must(await service.shareWithAllAanbieders(admin, tafelId, reportId)).changed).toBe(false);
    // Contracted aanbieders not reached before: org-trek, org-ggz, org-huis (not the ended contract).
    expect(await recipients(`${reportId}-v2-aanbieders`)).toEqual(
      [idOf(trekker), idOf(otherTrekker), idOf(huis)].sort(),
    );
  });

  it("a reader's question reaches the trekkers once; a non-reader cannot ask", async () => {
    const reportId = reportIdFor(tafelId, '2026-12-31');
    const asked = must(
      await service.askQuestion(lid, {
        tafelId,
        reportId,
        question: 'Welke aanbieders doen mee aan de pilot?',
        idempotencyKey: 'q-1',
      }),
    );
    expect(asked).toEqual({ trekkers: ['tineke'], sent: true });
    const again = must(
      await service.askQuestion(lid, {
        tafelId,
        reportId,
        question: 'Welke aanbieders doen mee aan de pilot?',
        idempotencyKey: 'q-1',
      }),
    );
    expect(again.sent).toBe(false);
    const questions = await service.repo.listQuestions(tafelId, reportId);
    expect(questions).toHaveLength(1);
    expect(await recipients(questions[0]!.broadcastId)).toEqual([idOf(trekker)]);
    expect(
      JSON.stringify((await deliveries.getJob(questions[0]!.broadcastId))!.value.message.card),
    ).toContain('lies@lid.example');
    expect(
      await service.askQuestion(oud, { tafelId, reportId, question: 'Mag ik ook?', idempotencyKey: 'q-2' }),
    ).toMatchObject({
      ok: false,
      code: 'rapportage.not-reader',
    });
    expect(
      await service.askQuestion(lid, {
        tafelId,
        reportId,
        question: 'x'.repeat(2001),
        idempotencyKey: 'q-3',
      }),
    ).toMatchObject({
      ok: false,
      code: 'vraag.invalid',
    });
  });

  it('a requested decision becomes one concept voorstel with the table as origin, linked in the report', async () => {
    const reportId = reportIdFor(tafelId, '2026-12-31');
    // The domain numbers decisions: the correction above sent it without its id, so it is a new one.
    const decisionId = (await service.repo.getReport(tafelId, reportId))!.value.content.decisionsRequested[0]!
      .id;
    expect(decisionId).toBe('besluit-2');
    expect(await service.decisionToVoorstel(jeugd, { tafelId, reportId, decisionId })).toMatchObject({
      ok: false,
      code: 'rapportage.voorstel-not-allowed',
    });
    const made = must(await service.decisionToVoorstel(trekker, { tafelId, reportId, decisionId }));
    const voorstel = (await new VoorstellenRepository(db).get(made.voorstelId))!.value;
    expect(voorstel).toMatchObject({
      status: 'concept',
      title: 'Budget voor een pilot snelle intake',
      origin: { ontwikkeltafelId: tafelId },
      percelen: [3],
      submittedBy: { personId: idOf(trekker), organisationId: 'org-trek' },
    });
    // The gemeente hears about it through the voorstellen outbox.
    expect(voorstel.outbox.map((e) => e.id)).toEqual(['voorstel.ingediend']);
    const report = (await service.repo.getReport(tafelId, reportId))!.value;
    expect(report.content.decisionsRequested[0]!.voorstelId).toBe(made.voorstelId);
    expect(report.versions.at(-1)!.content.decisionsRequested[0]!.voorstelId).toBe(made.voorstelId);
    expect(await service.decisionToVoorstel(admin, { tafelId, reportId, decisionId })).toMatchObject({
      ok: false,
      code: 'rapportage.decision-has-voorstel',
    });
  });

  it('a publication whose enqueue failed stays in the outbox and is sent by the scheduled task', async () => {
    const failing = new DeliveryService(new DeliveryRepository(db), registry, () => clock);
    failing.enqueue = async () => {
      throw new Error('store unavailable');
    };
    const tafel2 = await newTafel({ name: 'Dagbesteding', percelen: '2', trekkerIds: [idOf(trekker)] });
    clock = at('2027-01-21 10:00');
    must(
      await serviceWith(failing).saveReport(trekker, {
        tafelId: tafel2,
        periodId: '2026-12-31',
        content: COMPLETE,
        etag: '',
        publish: true,
      }),
    );
    const reportId = reportIdFor(tafel2, '2026-12-31');
    expect((await service.repo.getReport(tafel2, reportId))!.value.outbox).toHaveLength(1);
    expect(await recipients(`${reportId}-v1`)).toEqual([]);
    await service.runScheduled(clock);
    expect((await service.repo.getReport(tafel2, reportId))!.value.outbox).toEqual([]);
    expect(await recipients(`${reportId}-v1`)).toContain(idOf(lid));
  });

  it('reminds before and flags overdue after the due date across the year end, once, also with two instances', async () => {
    const yearEnd = await newTafel({ name: 'Jaargrens', percelen: '5', trekkerIds: [idOf(otherTrekker)] });
    const periodId = '2026-12-31'; // due 30 January 2027 at 23:59:59 Dutch time
    const twoInstances = [serviceWith(), serviceWith()];
    const run = async (local: string) => {
      clock = at(local);
      await Promise.all(twoInstances.map((s) => s.runNotices(clock)));
    };
    await run('2027-01-16 08:59');
    expect(await recipients(`${yearEnd}-${periodId}-herinnering-14d`)).toEqual([]);
    await run('2027-01-16 09:00');
    expect(await recipients(`${yearEnd}-${periodId}-herinnering-14d`)).toEqual([idOf(otherTrekker)]);
    await run('2027-01-27 09:00');
    expect(await recipients(`${yearEnd}-${periodId}-herinnering-3d`)).toEqual([idOf(otherTrekker)]);
    await run('2027-01-30 23:59');
    expect(await recipients(`${yearEnd}-${periodId}-achterstallig`)).toEqual([]);
    await run('2027-01-31 00:00');
    expect(await recipients(`${yearEnd}-${periodId}-achterstallig`)).toEqual(
      [idOf(admin), idOf(otherTrekker)].sort(),
    );
    const job = (await deliveries.getJob(`${yearEnd}-${periodId}-achterstallig`))!.value;
    expect(job.message.text).toContain('30 januari 2027');
    await run('2027-02-05 10:00');
    expect((await service.repo.sentNoticeKeys(yearEnd)).size).toBe(3);
    // The table that published its report is not reminded of that period.
    expect(await recipients(`${tafelId}-${periodId}-achterstallig`)).toEqual([]);
  });

  it('after the end only the eindevaluatie can be written; it reaches every contracted aanbieder', async () => {
    clock = at('2027-03-20 10:00');
    expect(await service.end(jeugd, tafelId, '2027-03-15')).toMatchObject({
      ok: false,
      code: 'auth.gemeente-only',
    });
    const ended = must(await service.end(admin, tafelId, '2027-03-15'));
    expect(ended.status).toBe('beeindigd');
    expect(await recipients(`${tafelId}-beeindigd`)).toEqual([idOf(trekker)]);
    expect((await registry.tablesLedBy(idOf(trekker))).find((t) => t.id === tafelId)?.status).toBe(
      'beeindigd',
    );
    const closed = await service.saveReport(trekker, {
      tafelId,
      periodId: '2027-06-30',
      content: COMPLETE,
      etag: '',
      publish: false,
    });
    expect(closed).toMatchObject({ ok: false, code: 'rapportage.table-ended' });
    must(
      await service.saveReport(trekker, {
        tafelId,
        periodId: 'eindevaluatie',
        content: COMPLETE,
        etag: '',
        publish: true,
      }),
    );
    const reached = await recipients(`${reportIdFor(tafelId, 'eindevaluatie')}-v1`);
    for (const actor of [trekker, otherTrekker, jeugd, huis, lid, admin, toegang])
      expect(reached).toContain(idOf(actor));
    expect(reached).not.toContain(idOf(oud));
  });

  it('exports the published reports of a period as Markdown, naming tables without one', async () => {
    const { markdown, reports } = await service.exportMarkdown({ from: '2026-07-01', to: '2027-06-30' });
    expect(reports).toBe(3);
    expect(markdown).toContain('## Wachttijden Jeugd');
    expect(markdown).toContain('### Voortgangsrapportage 15 november 2026 t/m 31 december 2026');
    expect(markdown).toContain('gecorrigeerd op');
    expect(markdown).toContain('### Eindevaluatie');
    expect(markdown).toContain('## Jaargrens');
    expect(markdown).toContain('Geen gepubliceerde rapportage over deze periode.');
  });

  it('the portfolio shows every table with its latest status and what is overdue', async () => {
    clock = at('2027-03-20 10:00');
    const { rows, full, member } = await service.portfolio(lid, clock);
    expect({ full, member }).toEqual({ full: true, member: true });
    const byName = new Map(rows.map((r) => [r.tafel.name, r]));
    expect(byName.get('Wachttijden Jeugd')?.lastReport?.kind).toBe('eindevaluatie');
    expect(byName.get('Jaargrens')?.overdue.map((s) => s.period.id)).toEqual(['2026-12-31']);
    const outsider = await service.portfolio(huis, clock);
    expect(outsider.full).toBe(false);
    expect(outsider.rows.map((r) => [r.tafel.name, r.restricted, r.canJoin])).toEqual([
      ['Huishoudelijke Hulp', true, true],
    ]);
  });
});
