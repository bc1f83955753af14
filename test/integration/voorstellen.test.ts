import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { DeliveryService } from '../../src/delivery/deliveryService';
import type { Actor } from '../../src/domain/registry/actor';
import { personIdFor, type ContactRole, type Organisation } from '../../src/domain/registry/registry';
import { currentVote, SCHEDULER, type Keuze, type Voorstel } from '../../src/domain/voorstellen';
import { silentLogger } from '../../src/observability/logger';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { RegistryRepository } from '../../src/storage/registryRepository';
import { ballotIdFor, toVoorstel } from '../../src/storage/voorstellenRepository';
import { VoorstellenService } from '../../src/voorstellen/voorstellenService';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

/**
 * VoorstellenService against the embedded Cosmos store: concurrency of voters and closers, redelivery, the
 * outbox after a failed enqueue, unanimity and the addendum, the parties of the Overlegtafel, and reminders.
 */

const ORGS: Organisation[] = [
  {
    id: 'org-gemeente',
    name: 'Gemeente Rivierstad',
    type: 'gemeente',
    percelen: [],
    grootte: null,
    herkomst: null,
    kvkNumber: null,
    contracted: true,
  },
  {
    id: 'org-alfa',
    name: 'Alfa Zorg',
    type: 'aanbieder',
    percelen: [1],
    grootte: 'klein',
    herkomst: 'lokaal',
    kvkNumber: null,
    contracted: true,
  },
  {
    id: 'org-beta',
    name: 'Beta Begeleiding',
    type: 'aanbieder',
    percelen: [2],
    grootte: 'groot',
    herkomst: 'regionaal',
    kvkNumber: null,
    contracted: true,
  },
  {
    id: 'org-gamma',
    name: 'Gamma GGZ',
    type: 'aanbieder',
    percelen: [4],
    grootte: 'middel',
    herkomst: 'lokaal',
    kvkNumber: null,
    contracted: true,
  },
];
const org = (id: string) => ORGS.find((o) => o.id === id)!;

function actorFor(
  email: string,
  organisationId: string,
  role: ContactRole = 'contactpersoon',
  isAdmin = false,
): Actor {
  const organisation = org(organisationId);
  return {
    kind: 'person',
    person: {
      id: personIdFor(email),
      name: email.split('@')[0]!,
      email,
      phone: null,
      aadObjectId: null,
      memberships: [{ organisationId, role }],
      isAdmin,
    },
    roles: [{ organisation, role }],
    trekkerOf: [],
  };
}

const admin = actorFor('beheer@gemeente.example', 'org-gemeente', 'contactpersoon', true);
const contacts: Record<string, Actor> = {
  'org-gemeente': admin,
  'org-alfa': actorFor('anna@alfa.example', 'org-alfa'),
  'org-beta': actorFor('bart@beta.example', 'org-beta'),
};
const vervangers: Record<string, Actor> = {
  'org-alfa': actorFor('vera@alfa.example', 'org-alfa', 'vervanger'),
  'org-beta': actorFor('bo@beta.example', 'org-beta', 'vervanger'),
};
const gammaContact = actorFor('gijs@gamma.example', 'org-gamma');

function must<T>(
  result: { ok: true; value: T } | { ok: false; code: string; messages: readonly string[] },
): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

describe('voorstellen service against the embedded store', () => {
  let db: TafelbotDatabase;
  let registry: RegistryRepository;
  let clock = new Date('2027-02-01T08:00:00.000Z');
  let service: VoorstellenService;
  let deliveries: DeliveryRepository;
  let sequence = 0;

  const serviceWith = (now: () => Date, delivery?: DeliveryService) =>
    new VoorstellenService({
      db,
      registry,
      delivery: delivery ?? new DeliveryService(new DeliveryRepository(db), registry, now),
      now,
      logger: silentLogger,
    });

  async function publishComposition(year: number, members: string[]) {
    await db.database.container('rounds').items.upsert({
      id: `ronde-${year}`,
      year,
      status: 'gepubliceerd',
      composition: {
        version: 1,
        members: members.map((organisationId) => ({
          organisationId,
          organisationName: org(organisationId).name,
          perceel: 1,
          via: 'loting',
        })),
        changes: [],
      },
    });
  }

  /** A voorstel whose vote is open until `deadline`, for the parties gemeente, Alfa and Beta. */
  async function voorstelInStemming(deadline: Date): Promise<string> {
    clock = new Date('2027-02-01T08:00:00.000Z');
    const voorstel = must(
      await service.submit(
        contacts['org-alfa']!,
        {
          title: `Voorstel ${++sequence}`,
          summary: 'Samenvatting',
          text: 'Tekst',
          type: 'pilot',
          percelen: [1, 3],
          origin: 'overlegtafel',
        },
        'org-alfa',
        `key-${sequence}`,
      ),
    );
    must(await service.openReactieperiode(admin, voorstel.id, 1, 'Korte test: de stemming volgt direct.'));
    clock = new Date('2027-02-03T08:00:00.000Z');
    must(await service.openStemming(admin, voorstel.id, deadline));
    return voorstel.id;
  }

  async function vote(
    s: VoorstellenService,
    actor: Actor,
    id: string,
    partyId: string,
    choice: Keuze,
    key: string,
  ) {
    return s.castVote(actor, id, partyId, choice, key);
  }

  beforeAll(async () => {
    db = await createTestDatabase('voorstellen');
    registry = new RegistryRepository(db, () => clock);
    deliveries = new DeliveryRepository(db);
    service = serviceWith(() => clock);
    for (const o of ORGS) await registry.createOrganisation(o, null);
    for (const actor of [...Object.values(contacts), ...Object.values(vervangers), gammaContact]) {
      if (actor.kind !== 'person') continue;
      const { person } = actor;
      await registry.createPerson({ ...person, id: undefined }, null);
    }
    await publishComposition(2027, ['org-alfa', 'org-beta']);
  });
  afterAll(() => dropTestDatabase(db));

  it('contact and vervanger voting at once, ten times over: one current vote (the latest), every ballot in history', async () => {
    const id = await voorstelInStemming(new Date('2027-03-01T11:00:00.000Z'));
    for (let round = 0; round < 10; round++) {
      clock = new Date(Date.UTC(2027, 1, 10, 9, 0, round));
      const results = await Promise.all([
        vote(service, contacts['org-alfa']!, id, 'org-alfa', round % 2 ? 'voor' : 'tegen', `c-${round}`),
        vote(
          service,
          vervangers['org-alfa']!,
          id,
          'org-alfa',
          round % 2 ? 'onthouding' : 'voor',
          `v-${round}`,
        ),
      ]);
      results.forEach((r) => expect(r.ok).toBe(true));
    }
    const ballots = await service.repo.listBallots(id, 'org-alfa');
    expect(ballots).toHaveLength(20);
    const loaded = (await service.load(id))!;
    const latest = currentVote(loaded.voorstel.stemming!, 'org-alfa')!;
    const current = (await service.repo.listCurrentVotes(id)).filter((c) => c.id === 'org-alfa');
    expect(current).toHaveLength(1);
    expect(current[0]!.ballot).toEqual(latest);
    expect(await service.repo.countCurrentVotes(id)).toBe((await service.repo.listCurrentVotes(id)).length);
    // Same second: the idempotency key decides, the same on every instance ('v-9' > 'c-9').
    expect(latest.idempotencyKey).toBe('v-9');
  });

  it('a redelivered ballot is accepted once, also concurrently and after the vote closed', async () => {
    const id = await voorstelInStemming(new Date('2027-03-01T11:00:00.000Z'));
    clock = new Date('2027-02-10T09:00:00.000Z');
    const same = () => vote(service, contacts['org-beta']!, id, 'org-beta', 'voor', 'teams-activity-1');
    const results = await Promise.all([same(), same(), same()]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await service.repo.listBallots(id, 'org-beta')).toHaveLength(1);
    clock = new Date('2027-03-01T11:00:01.000Z');
    must(await service.closeStemming(SCHEDULER, id));
    const again = must(await same());
    expect(again.outcome).toBe('unchanged');
    expect(await service.repo.listBallots(id, 'org-beta')).toHaveLength(1);
    const reused = await vote(service, contacts['org-beta']!, id, 'org-beta', 'tegen', 'teams-activity-1');
    expect(reused.ok).toBe(false);
  });

  // Twenty races against the store take a few seconds alone, much longer on a shared, loaded CI machine.
  it('a close racing with votes counts exactly the ballots it reports as recorded (20 races)', async () => {
    for (let race = 0; race < 20; race++) {
      const deadline = new Date('2027-03-01T11:00:00.000Z');
      const id = await voorstelInStemming(deadline);
      // Voters see the last second before the deadline; the scheduler runs just after it.
      const voters = serviceWith(() => new Date(deadline.getTime() + 500));
      const closer = serviceWith(() => new Date(deadline.getTime() + 1000));
      const ballots: Array<[Actor, string, Keuze, string]> = [
        [contacts['org-alfa']!, 'org-alfa', 'voor', `r${race}-a1`],
        [vervangers['org-alfa']!, 'org-alfa', 'tegen', `r${race}-a2`],
        [contacts['org-beta']!, 'org-beta', 'voor', `r${race}-b1`],
        [vervangers['org-beta']!, 'org-beta', 'onthouding', `r${race}-b2`],
        [admin, 'org-gemeente', 'voor', `r${race}-g1`],
      ];
      // Staggered starts (deterministic per race) so the close lands before, between and after the ballots.
      const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const [closed, ...votes] = await Promise.all([
        after((race * 11) % 40).then(() => closer.closeStemming(SCHEDULER, id)),
        ...ballots.map(([actor, party, choice, key], i) =>
          after((race * 7 + i * 13) % 40).then(() => vote(voters, actor, id, party, choice, key)),
        ),
      ]);
      expect((closed as { ok: boolean }).ok).toBe(true);
      const doc = (await service.repo.get(id))!.value;
      const stored = await service.repo.listBallots(id);
      const counted = new Set(doc.countedBallotIds);
      votes.forEach((result, i) => {
        const ballotId = ballotIdFor(ballots[i]![3]);
        if (result.ok) expect(counted.has(ballotId)).toBe(true);
        else {
          expect(['vote.closed', 'vote.closed-meanwhile']).toContain(result.code);
          expect(stored.some((b) => b.id === ballotId)).toBe(false);
        }
      });
      // The minuted result is the result of the counted ballots, and the current votes agree with it.
      const recomputed = toVoorstel(doc, [], stored);
      expect(doc.stemming?.result?.nietGestemd).toBe(
        recomputed.stemming!.parties.filter((p) => !currentVote(recomputed.stemming!, p.organisationId))
          .length,
      );
      for (const current of await service.repo.listCurrentVotes(id)) {
        expect(counted.has(current.ballotId)).toBe(true);
        expect(currentVote(recomputed.stemming!, current.id)).toEqual(current.ballot);
      }
    }
  }, 120_000);

  it('unanimity makes the voorstel uitgewerkt, not final: the outcome to all, the gemeente asked for adoption', async () => {
    const id = await voorstelInStemming(new Date('2027-03-01T11:00:00.000Z'));
    clock = new Date('2027-02-10T09:00:00.000Z');
    const refused = await service.closeStemming(admin, id);
    expect(refused.ok).toBe(false);
    for (const party of ['org-gemeente', 'org-alfa', 'org-beta']) {
      must(await vote(service, contacts[party]!, id, party, 'voor', `u-${party}`));
    }
    expect((await service.closeStemming(contacts['org-alfa']!, id)).ok).toBe(false);
    const closed = must(await service.closeStemming(admin, id));
    expect(closed.status).toBe('uitgewerkt');
    expect(closed.decision?.kind).toBe('unaniem');
    expect(closed.stemming?.closure?.reason).toBe('alle-partijen-gestemd');
    // No addendum yet: the bestuur adopts first [002 art. 9.2-9.3].
    expect(await deliveries.getJob(`${id}-addendum`)).toBeUndefined();
    const outcome = (await deliveries.recipients(`${id}-uitkomst`)).map((r) => r.value.personId);
    expect(outcome).toEqual(
      expect.arrayContaining(
        ['anna@alfa.example', 'bart@beta.example', 'gijs@gamma.example'].map(personIdFor),
      ),
    );
    expect(await deliveries.getJob(`${id}-besluit-nodig`)).toBeUndefined();
    expect(await deliveries.getJob(`${id}-vaststelling-nodig`)).toBeDefined();
    // Closing again changes nothing.
    expect(must(await service.closeStemming(admin, id)).status).toBe('uitgewerkt');
  });

  it('keeps a broadcast in the outbox when enqueueing fails, and the scheduled task sends it later', async () => {
    const real = new DeliveryService(new DeliveryRepository(db), registry, () => clock);
    let failing = true;
    const flaky = Object.create(real) as DeliveryService;
    flaky.enqueue = async (request) => {
      if (failing) throw new Error('Cosmos is even weg');
      return real.enqueue(request);
    };
    const flakyService = serviceWith(() => clock, flaky);
    clock = new Date('2027-02-01T08:00:00.000Z');
    const voorstel = must(
      await flakyService.submit(
        admin,
        { title: 'Outbox', summary: 's', text: 't', type: 'overig', percelen: [2], origin: 'overlegtafel' },
        undefined,
        'outbox-key',
      ),
    );
    const opened = await flakyService.openReactieperiode(admin, voorstel.id, 14);
    expect(opened.ok).toBe(true);
    expect((await service.repo.get(voorstel.id))!.value.outbox.map((e) => e.id)).toEqual([
      'reactieperiode.geopend',
    ]);
    expect(await deliveries.getJob(`${voorstel.id}-reactie`)).toBeUndefined();
    failing = false;
    await flakyService.runDeadlines(clock);
    expect((await service.repo.get(voorstel.id))!.value.outbox).toEqual([]);
    expect((await deliveries.getJob(`${voorstel.id}-reactie`))?.value.topic).toBe('voorstel.reactie');
  });

  it('the parties: this year’s composition, else last year’s; none published refuses the vote', async () => {
    clock = new Date('2028-01-10T09:00:00.000Z');
    const lastYear = await service.parties(clock);
    expect(lastYear.source).toEqual({ kind: 'samenstelling', year: 2027 });
    expect(lastYear.parties.map((p) => p.organisationId).sort()).toEqual([
      'org-alfa',
      'org-beta',
      'org-gemeente',
    ]);
    clock = new Date('2030-01-10T09:00:00.000Z');
    const none = await service.parties(clock);
    expect(none).toMatchObject({ aanbieders: 0, source: { kind: 'geen-samenstelling', year: 2030 } });
    const voorstel = must(
      await service.submit(
        admin,
        {
          title: 'Zonder tafel',
          summary: 's',
          text: 't',
          type: 'overig',
          percelen: [2],
          origin: 'overlegtafel',
        },
        undefined,
        'no-table',
      ),
    );
    must(await service.openReactieperiode(admin, voorstel.id, 1, 'Korte test: de stemming volgt direct.'));
    clock = new Date('2030-01-12T09:00:00.000Z');
    const refused = await service.openStemming(admin, voorstel.id, new Date('2030-02-01T11:00:00.000Z'));
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.messages[0]).toContain(
        'Voor 2030 is nog geen samenstelling van de Overlegtafel gepubliceerd',
      );
    expect((await service.repo.get(voorstel.id))!.value.status).toBe('reactieperiode');
  });

  it('reminds only parties without a vote, once per slot, and only the latest slot that is due', async () => {
    const deadline = new Date('2027-03-01T11:00:00.000Z'); // maandag 1 maart, 12:00
    const id = await voorstelInStemming(deadline);
    clock = new Date('2027-02-20T09:00:00.000Z');
    must(await vote(service, contacts['org-alfa']!, id, 'org-alfa', 'voor', 'rem-alfa'));
    // The scheduler was down until after the 1-day slot: one reminder (1d), none for 3d.
    clock = new Date('2027-02-28T11:30:00.000Z');
    await service.runReminders(clock);
    await service.runReminders(clock);
    expect(await deliveries.getJob(`${id}-herinnering-3d`)).toBeUndefined();
    const reminded = (await deliveries.recipients(`${id}-herinnering-1d`))
      .map((r) => r.value.personId)
      .sort();
    expect(reminded).toEqual(
      ['beheer@gemeente.example', 'bart@beta.example', 'bo@beta.example'].map(personIdFor).sort(),
    );
    expect((await service.repo.get(id))!.value.broadcasts).toContain(`${id}-herinnering-1d`);
    // When the vote closes, the reminder cards are updated in place too.
    clock = new Date('2027-03-01T11:00:01.000Z');
    await service.runDeadlines(clock);
    expect((await deliveries.getJob(`${id}-herinnering-1d-gesloten`))?.value.mode).toBe('update');
    expect((await deliveries.getJob(`${id}-stemming-gesloten`))?.value.mode).toBe('update');
  });

  it('500 organisations reacting within one second: every reaction stored once', async () => {
    clock = new Date('2027-02-01T08:00:00.000Z');
    const voorstel = must(
      await service.submit(
        admin,
        { title: 'Storm', summary: 's', text: 't', type: 'overig', percelen: [2], origin: 'overlegtafel' },
        undefined,
        'storm',
      ),
    );
    must(await service.openReactieperiode(admin, voorstel.id, 14));
    const organisations = Array.from(
      { length: 500 },
      (_, i): Organisation => ({
        ...org('org-beta'),
        id: `org-storm-${i}`,
        name: `Storm ${i}`,
      }),
    );
    const results = await Promise.all(
      organisations.map((o, i) => {
        const actor: Actor = {
          ...contacts['org-beta']!,
          roles: [{ organisation: o, role: 'contactpersoon' }],
        } as Actor;
        return service.saveReaction(actor, voorstel.id, o.id, `Reactie ${i}`);
      }),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const stored = await service.repo.listReactions(voorstel.id);
    expect(stored).toHaveLength(500);
    expect(new Set(stored.map((r) => r.text)).size).toBe(500);
    expect(await service.repo.countReactions(voorstel.id)).toBe(500);
  }, 120_000);

  it('refuses reactions and votes on a voorstel that is not (or no longer) open, changing nothing', async () => {
    const closedVoorstel: Voorstel | undefined = (await service.repo.list(['uitgewerkt']))
      .map((d) => toVoorstel(d))
      .at(0);
    expect(closedVoorstel).toBeDefined();
    const id = closedVoorstel!.id;
    const before = JSON.stringify(await service.repo.listBallots(id));
    const result = await vote(service, contacts['org-beta']!, id, 'org-beta', 'tegen', 'late-key');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.messages[0]).toMatch(/De stemming is gesloten sinds/);
    expect(JSON.stringify(await service.repo.listBallots(id))).toBe(before);
    const reaction = await service.saveReaction(contacts['org-beta']!, id, 'org-beta', 'Nog een reactie');
    expect(reaction.ok).toBe(false);
  });
});
