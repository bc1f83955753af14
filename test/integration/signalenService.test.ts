import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { DeliveryService } from '../../src/delivery/deliveryService';
import type { Actor, KnownActor } from '../../src/domain/registry/actor';
import { MeetingsService } from '../../src/meetings/meetingsService';
import { silentLogger } from '../../src/observability/logger';
import { PilotsService } from '../../src/signalen/pilotsService';
import { SignalenService, type SignaalRef } from '../../src/signalen/signalenService';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { RegistryRepository } from '../../src/storage/registryRepository';
import { SignalenRepository } from '../../src/storage/signalenRepository';
import { VoorstellenRepository } from '../../src/storage/voorstellenRepository';
import { voorstelIdFor, VoorstellenService } from '../../src/voorstellen/voorstellenService';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';
import {
  at,
  BRUG,
  contact,
  gemeenteAdmin,
  KOMPAS,
  ORGANISATIONS,
  OUD,
  PILOT_INPUT,
  SIGNAAL_INPUT,
} from '../unit/signalen/fixtures';

/**
 * SignalenService and PilotsService against the embedded Cosmos store: each checks who may act on every call
 * (whatever a card offered), stores once per invoke, and reaches the people it should (on the delivery ledger).
 */

function known(actor: Actor): KnownActor {
  if (actor.kind !== 'person') throw new Error('fixture: a known actor');
  return actor;
}

const admin = known(gemeenteAdmin('p-gemeente'));
const brug = known(contact('p-brug', [BRUG]));
const kompas = known(contact('p-kompas', [KOMPAS]));
const oud = known(contact('p-oud', [OUD]));

describe('signalen and pilot services against the embedded store', () => {
  let db: TafelbotDatabase;
  let deliveries: DeliveryRepository;
  let clock = at('2027-03-10 10:00');
  let signalen: SignalenService;
  let pilots: PilotsService;
  let ref: SignaalRef;
  let pilotId = '';

  /** The people a broadcast was addressed to, by person id. */
  async function recipients(broadcastId: string): Promise<string[]> {
    return (await deliveries.recipients(broadcastId)).map((r) => r.value.personId).sort();
  }

  beforeAll(async () => {
    db = await createTestDatabase('signalen-service');
    const registry = new RegistryRepository(db, () => clock);
    deliveries = new DeliveryRepository(db);
    const deps = {
      db,
      registry,
      delivery: new DeliveryService(deliveries, registry, () => clock),
      now: () => clock,
      logger: silentLogger,
    };
    signalen = new SignalenService({
      ...deps,
      meetings: new MeetingsService({ ...deps, publicBaseUrl: () => 'https://tafelbot.example' }),
      voorstellen: new VoorstellenService(deps),
    });
    pilots = new PilotsService(deps);
    for (const organisation of ORGANISATIONS) await registry.createOrganisation(organisation, null);
    for (const actor of [admin, brug, kompas, oud]) await registry.createPerson(actor.person, null);
  });
  afterAll(() => dropTestDatabase(db));

  it('stores a contact’s signaal once per invoke, and the gemeente hears of it once', async () => {
    const raised = await signalen.raise(brug, SIGNAAL_INPUT, '', 'invoke-1');
    if (raised.kind !== 'raised') throw new Error(`not raised: ${raised.kind}`);
    ref = { organisationId: BRUG.id, signaalId: raised.signaal.id };
    expect(raised.signaal).toMatchObject({ organisationId: BRUG.id, raisedBy: { personId: brug.person.id } });
    // Redelivered: the same signaal, not a second one.
    expect(await signalen.raise(brug, SIGNAAL_INPUT, '', 'invoke-1')).toMatchObject({
      kind: 'raised',
      signaal: { id: raised.signaal.id },
    });
    expect(await new SignalenRepository(db).signalenOf(BRUG.id)).toHaveLength(1);
    expect(await recipients(`${raised.signaal.id}-nieuw`)).toEqual([admin.person.id]);
  });

  it('refuses a signaal from a contact of an organisation without a contract, and shows bad input back', async () => {
    expect(await signalen.raise(oud, SIGNAAL_INPUT, '', 'invoke-2')).toEqual({ kind: 'not-allowed' });
    const invalid = await signalen.raise(brug, { ...SIGNAAL_INPUT, text: '' }, '', 'invoke-3');
    expect(invalid.kind).toBe('invalid');
  });

  it('shows a signaal to the gemeente and its own organisation, and the inbox and waiting lists to the gemeente only', async () => {
    expect(await signalen.open(kompas, ref)).toBeUndefined();
    expect((await signalen.open(brug, ref))?.id).toBe(ref.signaalId);
    expect((await signalen.ownSignalen(brug)).map((s) => s.id)).toEqual([ref.signaalId]);
    expect(await signalen.inbox(brug, 2027, null)).toMatchObject({ ok: false, code: 'auth.gemeente-only' });
    expect(await signalen.wachtlijst(brug, 2027)).toMatchObject({ ok: false, code: 'auth.gemeente-only' });
    const inbox = await signalen.inbox(admin, 2027, 'inwoners');
    expect(inbox).toMatchObject({ ok: true, value: { year: 2027, currentYear: 2027, agendaRequests: 0 } });
    if (inbox.ok) expect(inbox.value.latest.map((s) => s.id)).toEqual([ref.signaalId]);
  });

  it('lets only the gemeente answer; the answer reaches the sender and their organisation', async () => {
    expect(await signalen.answer(brug, ref, 'Een antwoord.', 'answer-1')).toEqual({ kind: 'not-allowed' });
    expect(
      await signalen.answer(admin, { ...ref, signaalId: 'sg-bestaat-niet' }, 'Een antwoord.', 'answer-1'),
    ).toEqual({ kind: 'not-found' });
    const empty = await signalen.answer(admin, ref, '', 'answer-2');
    expect(empty).toMatchObject({ kind: 'refused', signaal: { id: ref.signaalId, answers: [] } });
    const answered = await signalen.answer(admin, ref, 'Dank, we nemen het mee.', 'answer-3');
    expect(answered).toMatchObject({ kind: 'done', sent: { ok: true, value: { recipients: 1 } } });
    if (answered.kind === 'done') expect(answered.signaal.answers).toHaveLength(1);
  });

  it('puts a signaal "voor de agenda" without a planned Overlegtafel, once', async () => {
    const placed = await signalen.placeOnAgenda(admin, ref);
    expect(placed).toMatchObject({ kind: 'done', placement: { kind: 'geen-overleg' } });
    expect(await signalen.placeOnAgenda(admin, ref)).toMatchObject({ kind: 'already-on-agenda' });
    expect(await signalen.placeOnAgenda(brug, ref)).toEqual({ kind: 'not-allowed' });
  });

  it('makes one voorstel of a signaal, submitted by the gemeente', async () => {
    expect(await signalen.makeVoorstel(brug, ref)).toEqual({ kind: 'not-allowed' });
    const made = await signalen.makeVoorstel(admin, ref);
    if (made.kind !== 'done') throw new Error(`no voorstel: ${made.kind}`);
    const voorstelId = voorstelIdFor(`signaal:${ref.signaalId}`);
    expect(made.signaal.voorstelId).toBe(voorstelId);
    expect((await new VoorstellenRepository(db).get(voorstelId))?.value.title).toBe(made.voorstelTitle);
    expect(await signalen.makeVoorstel(admin, ref)).toMatchObject({ kind: 'already-linked' });
  });

  it('takes a pilot request from an aanbieder only, and tells the gemeente', async () => {
    expect(await pilots.request(admin, PILOT_INPUT, '', 'pilot-0')).toEqual({ kind: 'not-allowed' });
    const requested = await pilots.request(brug, PILOT_INPUT, '', 'pilot-1');
    if (requested.kind !== 'requested') throw new Error(`not requested: ${requested.kind}`);
    pilotId = requested.pilot.id;
    expect(requested.pilot.organisations.map((o) => o.organisationId)).toEqual([BRUG.id, KOMPAS.id]);
    expect(await recipients(`${pilotId}-aanvraag`)).toEqual([admin.person.id]);
    expect((await pilots.formChoices(brug)).participants.map((o) => o.id)).toEqual([KOMPAS.id]);
  });

  it('shows a pilot to the gemeente and its participants; the gemeente alone decides', async () => {
    const overview = await pilots.overview(kompas);
    expect(overview.ok && overview.value.pilots.map((p) => p.id)).toEqual([pilotId]);
    expect((await pilots.open(kompas, pilotId))?.id).toBe(pilotId);
    expect(await pilots.open(oud, pilotId)).toBeUndefined();
    const decision = { kind: 'instemming' as const, reason: 'Rapporteer halverwege.' };
    expect(await pilots.decide(brug, pilotId, decision)).toEqual({ kind: 'not-allowed' });
    const decided = await pilots.decide(admin, pilotId, decision);
    expect(decided).toMatchObject({ kind: 'done', pilot: { status: 'goedgekeurd' }, sent: { ok: true } });
    expect(await pilots.decide(admin, pilotId, decision)).toMatchObject({
      kind: 'refused',
      refusal: { code: 'pilot.decided' },
    });
    const detail = await pilots.detail(kompas, (await pilots.open(kompas, pilotId))!);
    expect(detail).toMatchObject({ canDecide: false, canTrack: true, reportChoices: [] });
  });

  it('lets a participant record progress; to anyone else the pilot does not exist', async () => {
    const input = { startedOn: '2027-03-01', endedOn: '', result: '' };
    expect(await pilots.track(oud, pilotId, input)).toEqual({ kind: 'not-found' });
    expect(await pilots.track(kompas, pilotId, input)).toMatchObject({
      kind: 'done',
      pilot: { status: 'gestart' },
    });
    expect(await pilots.linkReport(kompas, pilotId, { tafelId: 'ot-x', reportId: 'r-x' })).toEqual({
      kind: 'report-not-found',
    });
  });

  it('asks the participants for the result once the planned end has passed, once', async () => {
    clock = at('2028-01-05 09:00');
    expect(await pilots.remindResults(clock)).toBe(1);
    expect(await pilots.remindResults(clock)).toBe(0);
    expect(await recipients(`${pilotId}-resultaat`)).toEqual([brug.person.id, kompas.person.id].sort());
  });
});
