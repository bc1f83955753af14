import https from 'node:https';
import { TurnContext, type BotAdapter } from 'botbuilder';
import { ActorResolver } from '../../src/bot/actorResolver';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { DeliveryService } from '../../src/delivery/deliveryService';
import type { Actor } from '../../src/domain/registry/actor';
import { personIdFor, type Organisation, type Person } from '../../src/domain/registry/registry';
import type { Result } from '../../src/domain/shared/result';
import { parseLocalDateTime } from '../../src/domain/time/amsterdam';
import { silentLogger } from '../../src/observability/logger';
import { OntwikkeltafelsService } from '../../src/ontwikkeltafels/ontwikkeltafelsService';
import type { TafelFormInput } from '../../src/ontwikkeltafels/tafelForm';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { RegistryRepository } from '../../src/storage/registryRepository';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

/**
 * The led-tables hint on the person (PersonDocument.ledTableIds): kept as a superset of the tables a person leads
 * by the ontwikkeltafel writes, read by the actor resolver with point reads instead of a cross-partition query,
 * each table checked against its own document, and built once for people stored before the hint existed.
 */

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

const GEMEENTE: Organisation = {
  id: 'org-gemeente',
  name: 'Gemeente Rivierstad',
  type: 'gemeente',
  percelen: [],
  grootte: null,
  herkomst: null,
  kvkNumber: null,
  contracted: true,
};
const TREK: Organisation = {
  ...GEMEENTE,
  id: 'org-trek',
  name: 'Jeugdhulp Trek',
  type: 'aanbieder',
  percelen: [3],
  grootte: 'klein',
  herkomst: 'lokaal',
};

function person(email: string, organisationId: string, isAdmin = false): Person {
  return {
    id: personIdFor(email),
    name: email.split('@')[0]!,
    email,
    phone: null,
    aadObjectId: null,
    memberships: [{ organisationId, role: 'contactpersoon' }],
    isAdmin,
  };
}

const admin = person('beheer@gemeente.example', 'org-gemeente', true);
const tineke = person('tineke@trek.example', 'org-trek');
const otto = person('otto@trek.example', 'org-trek');
const oldTimer = person('oud@trek.example', 'org-trek');
const adminActor: Actor = {
  kind: 'person',
  person: admin,
  roles: [{ organisation: GEMEENTE, role: 'contactpersoon' }],
  trekkerOf: [],
};

function form(overrides: Partial<TafelFormInput> = {}): TafelFormInput {
  return {
    name: 'Wachttijden Jeugd',
    opdracht: 'Breng de wachttijden in kaart.',
    doel: 'Start binnen 14 werkdagen.',
    percelen: '3',
    trekkerIds: [tineke.id],
    start: '2026-11-15',
    expectedEnd: '2028-06-30',
    periodEnds: '30-06, 31-12',
    graceDays: '30',
    reminderDays: '14, 3',
    reason: 'Spoed: de wachtlijsten vragen om een tafel voor de volgende Overlegtafel.',
    ...overrides,
  };
}

/** Counts the HTTPS requests of this process while `work` runs: every one goes to the test store. */
async function cosmosRequests(work: () => Promise<unknown>): Promise<number> {
  const original = https.request;
  let count = 0;
  https.request = ((...args: Parameters<typeof https.request>) => {
    count += 1;
    return original.apply(https, args);
  }) as typeof https.request;
  try {
    await work();
  } finally {
    https.request = original;
  }
  return count;
}

describe('the led-tables hint on the person', () => {
  const clock = must(parseLocalDateTime('2027-01-10 10:00'));
  let db: TafelbotDatabase;
  let registry: RegistryRepository;
  let service: OntwikkeltafelsService;
  let resolver: ActorResolver;

  /** A Teams turn of the person (their Teams account is linked in beforeAll: no Teams profile look-up). */
  function turnOf(who: Person): TurnContext {
    const aadObjectId = `aad-${who.id}`;
    return new TurnContext({} as BotAdapter, {
      type: 'message',
      id: 'activity-1',
      channelId: 'msteams',
      serviceUrl: 'https://teams.invalid',
      from: { id: `29:${aadObjectId}`, name: who.name, aadObjectId },
      recipient: { id: '28:tafelbot', name: 'Tafelbot' },
      conversation: { id: `a:${aadObjectId}`, conversationType: 'personal', isGroup: false, name: '' },
    });
  }

  async function trekkerOf(who: Person): Promise<Array<{ ontwikkeltafelId: string; name: string }>> {
    const resolved = await resolver.resolve(turnOf(who), { withTables: true });
    return resolved.actor.kind === 'person' ? [...resolved.actor.trekkerOf] : [];
  }

  const hintOf = async (who: Person) => (await registry.getPerson(who.id))?.value.ledTableIds;

  beforeAll(async () => {
    db = await createTestDatabase('ledtables');
    registry = new RegistryRepository(db, () => clock);
    service = new OntwikkeltafelsService({
      db,
      registry,
      delivery: new DeliveryService(new DeliveryRepository(db), registry, () => clock),
      now: () => clock,
      logger: silentLogger,
    });
    resolver = new ActorResolver(registry, silentLogger);
    for (const o of [GEMEENTE, TREK]) await registry.createOrganisation(o, null);
    for (const p of [admin, tineke, otto, oldTimer]) {
      await registry.createPerson({ ...p, id: undefined }, null);
      // Links the Teams account to the person, as on first contact.
      await registry.saveTeamsUser(`aad-${p.id}`, undefined, { personId: p.id });
    }
  });
  afterAll(() => dropTestDatabase(db));

  it('setting a table up adds it to each trekker, and the resolver lists the tables by name', async () => {
    const first = must(
      await service.createTafel(adminActor, form({ name: 'Wachttijden Jeugd' }), 'k-1'),
    ).tafel;
    const second = must(
      await service.createTafel(
        adminActor,
        form({ name: 'Administratieve lasten', trekkerIds: [tineke.id, otto.id] }),
        'k-2',
      ),
    ).tafel;
    expect(await hintOf(tineke)).toEqual([first.id, second.id]);
    expect(await hintOf(otto)).toEqual([second.id]);
    // A redelivered create changes nothing.
    must(await service.createTafel(adminActor, form({ name: 'Wachttijden Jeugd' }), 'k-1'));
    expect(await hintOf(tineke)).toEqual([first.id, second.id]);

    expect(await trekkerOf(tineke)).toEqual([
      { ontwikkeltafelId: second.id, name: 'Administratieve lasten' },
      { ontwikkeltafelId: first.id, name: 'Wachttijden Jeugd' },
    ]);
    expect(await trekkerOf(otto)).toEqual([{ ontwikkeltafelId: second.id, name: 'Administratieve lasten' }]);
    expect(await trekkerOf(admin)).toEqual([]);
  });

  it('reads the hinted tables by id: no query, one request per table', async () => {
    const query = jest.spyOn(registry.ontwikkeltafels, 'query');
    const read = jest.spyOn(registry.ontwikkeltafels, 'read');
    try {
      await trekkerOf(tineke);
      expect(query).not.toHaveBeenCalled();
      expect(read).toHaveBeenCalledTimes(2);
    } finally {
      query.mockRestore();
      read.mockRestore();
    }
    // On the wire: the tables cost Otto (one table) one request where the query cost two (plan and query).
    await trekkerOf(otto); // warm: the client's metadata look-ups are done
    const withTables = await cosmosRequests(() => resolver.resolve(turnOf(otto), { withTables: true }));
    const withoutTables = await cosmosRequests(() => resolver.resolve(turnOf(otto)));
    const byQuery = await cosmosRequests(() => registry.tablesLedBy(otto.id));
    expect(withTables - withoutTables).toBe(1);
    expect(byQuery).toBe(2);
  });

  it('ending a table removes it from its trekkers after the table is written', async () => {
    const tafel = must(await service.createTafel(adminActor, form({ name: 'Kort bestaan' }), 'k-3')).tafel;
    expect(await hintOf(tineke)).toContain(tafel.id);
    must(await service.end(adminActor, tafel.id, '2027-01-05'));
    expect(await hintOf(tineke)).not.toContain(tafel.id);
    expect((await trekkerOf(tineke)).map((t) => t.name)).not.toContain('Kort bestaan');

    // A run that died after ending the table but before the hint: ending it again finishes the hint.
    await registry.addLedTable(tineke.id, tafel.id);
    expect(await service.end(adminActor, tafel.id, '2027-01-05')).toMatchObject({
      ok: false,
      code: 'ontwikkeltafel.ended',
    });
    expect(await hintOf(tineke)).not.toContain(tafel.id);
  });

  it('ignores a stale extra id: a table that never listed the person, is gone, or ended', async () => {
    const before = await trekkerOf(otto);
    // A crash between the hint and the table write: the id is there, the table is not (or does not list Otto).
    await registry.addLedTable(otto.id, 'ot-never-written');
    const others = must(await service.createTafel(adminActor, form({ name: 'Niet van Otto' }), 'k-4')).tafel;
    await registry.addLedTable(otto.id, others.id);
    // A crash between ending a table and updating its trekker: the ended table is still in the hint.
    const ended = must(
      await service.createTafel(adminActor, form({ name: 'Afgelopen', trekkerIds: [otto.id] }), 'k-7'),
    ).tafel;
    must(await service.end(adminActor, ended.id, '2027-01-05'));
    await registry.addLedTable(otto.id, ended.id);
    expect(await hintOf(otto)).toEqual(expect.arrayContaining(['ot-never-written', others.id, ended.id]));
    expect(await trekkerOf(otto)).toEqual(before);
  });

  it('builds the hint once for a person stored before it existed, and uses it from then on', async () => {
    const tafel = must(
      await service.createTafel(adminActor, form({ name: 'Oude tafel', trekkerIds: [oldTimer.id] }), 'k-5'),
    ).tafel;
    // Old data: the person document has no hint (written before the field existed).
    const stored = (await registry.getPerson(oldTimer.id))!;
    const { ledTableIds: _hint, ...old } = stored.value;
    await registry.people.replace(old, stored.etag);
    expect(await hintOf(oldTimer)).toBeUndefined();

    const query = jest.spyOn(registry.ontwikkeltafels, 'query');
    try {
      expect(await trekkerOf(oldTimer)).toEqual([{ ontwikkeltafelId: tafel.id, name: 'Oude tafel' }]);
      expect(query).toHaveBeenCalledTimes(1);
      expect(await hintOf(oldTimer)).toEqual([tafel.id]);
      expect(await trekkerOf(oldTimer)).toEqual([{ ontwikkeltafelId: tafel.id, name: 'Oude tafel' }]);
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });

  it('never loses a table added while the hint is being built', async () => {
    const stored = (await registry.getPerson(oldTimer.id))!;
    const { ledTableIds: hint, ...old } = stored.value;
    const bare = await registry.people.replace(old, stored.etag);
    // A table is set up for them after the turn's query and before its write of the built hint: the query did not
    // see it, the table's setup added it to the person first; the turn's write (If-Match) must not undo that.
    const original = registry.tablesLedBy.bind(registry);
    let tafelId = '';
    const query = jest.spyOn(registry, 'tablesLedBy').mockImplementationOnce(async (personId) => {
      const found = await original(personId);
      tafelId = must(
        await service.createTafel(adminActor, form({ name: 'Tussendoor', trekkerIds: [oldTimer.id] }), 'k-6'),
      ).tafel.id;
      return found;
    });
    try {
      const ids = await registry.ledTableIdsOf(bare);
      expect(tafelId).not.toBe('');
      expect(ids).toEqual(expect.arrayContaining([...(hint ?? []), tafelId]));
      expect(await hintOf(oldTimer)).toEqual(expect.arrayContaining([...(hint ?? []), tafelId]));
      expect((await trekkerOf(oldTimer)).map((t) => t.name)).toContain('Tussendoor');
    } finally {
      query.mockRestore();
    }
  });

  it('a new person starts with the hint: empty, or the tables that still list their id', async () => {
    expect(await hintOf(admin)).toEqual([]);
    // Registered again under the same e-mail address (so the same id) after their record was deleted: the
    // tables that still name them as trekker are in the hint from the start.
    const led = (await registry.tablesLedBy(oldTimer.id))
      .filter((t) => t.status === 'actief')
      .map((t) => t.id);
    expect(led.length).toBeGreaterThan(0);
    await registry.people.delete(oldTimer.id);
    await registry.createPerson({ ...oldTimer, id: undefined }, null);
    expect([...((await hintOf(oldTimer)) ?? [])].sort()).toEqual([...led].sort());
  });

  it('editing a person keeps the stored hint, whatever hint the edited copy carries', async () => {
    const current = (await registry.getPerson(tineke.id))!;
    const hint = current.value.ledTableIds;
    expect(hint?.length).toBeGreaterThan(0);
    await registry.replacePerson(
      current,
      { ...current.value, phone: '06-12345678', ledTableIds: [] } as Person,
      null,
    );
    expect(await hintOf(tineke)).toEqual(hint);
  });

  it('adding and removing are idempotent and do nothing for someone not registered', async () => {
    await registry.addLedTable(otto.id, 'ot-twice');
    await registry.addLedTable(otto.id, 'ot-twice');
    expect((await hintOf(otto))?.filter((id) => id === 'ot-twice')).toHaveLength(1);
    await registry.removeLedTable(otto.id, 'ot-twice');
    await registry.removeLedTable(otto.id, 'ot-twice');
    expect(await hintOf(otto)).not.toContain('ot-twice');
    await registry.addLedTable('person-nobody', 'ot-twice');
    await registry.removeLedTable('person-nobody', 'ot-twice');
    expect(await registry.getPerson('person-nobody')).toBeUndefined();
  });
});
