import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { personIdFor, type Organisation } from '../../src/domain/registry/registry';
import { VoorstellenRepository } from '../../src/storage/voorstellenRepository';
import {
  actionExecuteActivity,
  DEFAULT_TENANT,
  messageActivity,
  teamsUser,
  type TeamsUser,
} from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';

/**
 * Issue 5 end to end over HTTP, with the bot's clock under the test's control: a provider submits, the
 * gemeente opens the reaction window, providers react, the gemeente opens the vote with a deadline on the day
 * the clocks go forward, parties vote (also at the same moment, and with redelivered and tampered invokes),
 * non-voters are reminded, the scheduler closes the vote at the deadline and the gemeente decides.
 */
describe('voorstellen over HTTP', () => {
  let bot: TestBot;
  let clock = new Date('2027-02-01T08:00:00.000Z'); // maandag 1 februari 2027, 09:00
  let repo: VoorstellenRepository;
  let deliveries: DeliveryRepository;
  let voorstelId = '';

  const admin = teamsUser('501');
  const wethouder = teamsUser('502'); // contactpersoon of the gemeente: votes for the gemeente
  const toegang = teamsUser('503');
  const alfaContact = teamsUser('504');
  const alfaVervanger = teamsUser('505');
  const betaContact = teamsUser('506');
  const gammaContact = teamsUser('507'); // contracted, but not at the Overlegtafel

  const org = (id: string, name: string, type: Organisation['type'], percelen: Organisation['percelen']) =>
    ({
      id,
      name,
      type,
      percelen,
      grootte: type === 'aanbieder' ? 'klein' : null,
      herkomst: type === 'aanbieder' ? 'lokaal' : null,
      kvkNumber: null,
      contracted: true,
    }) as Organisation;

  const invoke = (user: TeamsUser, verb: string, data: Record<string, unknown> = {}) =>
    bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data }));
  const textOf = async (response: Promise<{ body: unknown }>) => cardText(invokeCard((await response).body));

  async function job(suffix: string) {
    return (await deliveries.getJob(`${voorstelId}-${suffix}`))?.value;
  }
  async function recipientsOf(suffix: string): Promise<string[]> {
    return (await deliveries.recipients(`${voorstelId}-${suffix}`)).map((r) => r.value.personId).sort();
  }
  const idOf = (email: string) => personIdFor(email);

  beforeAll(async () => {
    bot = await startTestBot({ ALLOWED_TENANT_IDS: DEFAULT_TENANT }, { now: () => clock });
    repo = new VoorstellenRepository(bot.bot.db);
    deliveries = new DeliveryRepository(bot.bot.db);
    const registry = bot.bot.registry;
    for (const o of [
      org('org-gemeente', 'Gemeente Rivierstad', 'gemeente', []),
      org('org-toegang', 'Sociaal Team Rivierland', 'lokale-toegang', []),
      org('org-alfa', 'Alfa Zorg', 'aanbieder', [1, 3]),
      org('org-beta', 'Beta Begeleiding', 'aanbieder', [2]),
      org('org-gamma', 'Gamma GGZ', 'aanbieder', [4]),
    ])
      await registry.createOrganisation(o, null);
    const people: Array<[TeamsUser, string, string, 'contactpersoon' | 'vervanger']> = [
      [wethouder, 'wethouder@gemeente.example', 'org-gemeente', 'contactpersoon'],
      [toegang, 'team@toegang.example', 'org-toegang', 'contactpersoon'],
      [alfaContact, 'anna@alfa.example', 'org-alfa', 'contactpersoon'],
      [alfaVervanger, 'vera@alfa.example', 'org-alfa', 'vervanger'],
      [betaContact, 'bart@beta.example', 'org-beta', 'contactpersoon'],
      [gammaContact, 'gijs@gamma.example', 'org-gamma', 'contactpersoon'],
    ];
    for (const [user, email, organisationId, role] of people) {
      await registry.createPerson(
        {
          name: user.name,
          email,
          phone: null,
          aadObjectId: null,
          memberships: [{ organisationId, role }],
          isAdmin: false,
        },
        null,
      );
      bot.connector.members.set(user.id, { ...user, email });
    }
    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
    // Issue 4's published composition for 2027: Alfa and Beta sit at the Overlegtafel, Gamma does not.
    await bot.bot.db.database.container('rounds').items.upsert({
      id: 'ronde-2027',
      year: 2027,
      status: 'gepubliceerd',
      composition: {
        version: 1,
        members: [
          { organisationId: 'org-alfa', organisationName: 'Alfa Zorg', perceel: 1, via: 'loting' },
          { organisationId: 'org-beta', organisationName: 'Beta Begeleiding', perceel: 2, via: 'loting' },
        ],
        changes: [],
      },
    });
  });
  afterAll(() => bot.stop());

  it('lists voorstellen on the typed command and offers a provider the form', async () => {
    bot.connector.reset();
    await bot.post(
      messageActivity({ serviceUrl: bot.connector.serviceUrl, user: alfaContact, text: 'voorstellen' }),
    );
    const list = cardText(attachmentCard(bot.connector.sentActivities()[0]));
    expect(list).toContain('Er zijn nog geen voorstellen.');
    expect(list).toContain('Nieuw voorstel');
    bot.connector.reset();
    await bot.post(
      messageActivity({ serviceUrl: bot.connector.serviceUrl, user: alfaContact, text: 'help' }),
    );
    expect(cardText(attachmentCard(bot.connector.sentActivities()[0]))).toContain('voorstellen');
    const form = await textOf(invoke(alfaContact, 'voorstel.new'));
    expect(form).toContain('Vertrouwelijk deel');
  });

  it('a provider submits a voorstel; a redelivered submit creates nothing new; the gemeente is told', async () => {
    const activity = actionExecuteActivity({
      serviceUrl: bot.connector.serviceUrl,
      user: alfaContact,
      verb: 'voorstel.submit',
      data: {
        title: 'Reistijd expliciet declarabel',
        summary: 'Reistijd bij individuele begeleiding wordt apart gedeclareerd.',
        text: 'Artikel 12 lid 3 wordt aangevuld.',
        link: '',
        type: 'contractwijziging',
        percelen: '1,3',
        origin: 'overlegtafel',
        confidentialTitle: 'Kostprijs',
        confidentialText: 'GEHEIM: onze kostprijs is EUR 71,43 per uur.',
      },
    });
    const first = cardText(invokeCard((await bot.post(activity)).body));
    expect(first).toContain('Voorstel ingediend');
    expect(first).toContain('GEHEIM'); // the submitter sees the confidential part
    await bot.post(activity);
    const all = await repo.list();
    expect(all).toHaveLength(1);
    voorstelId = all[0]!.id;
    expect(all[0]!.submittedBy.organisationName).toBe('Alfa Zorg');
    expect(await recipientsOf('ingediend')).toEqual([idOf('beheer@gemeente.example')]);
  });

  it('refuses a too long title with the form and a Dutch message, storing nothing', async () => {
    const text = await textOf(
      invoke(betaContact, 'voorstel.submit', {
        title: 'x'.repeat(201),
        summary: 'kort',
        text: 'tekst',
        type: 'pilot',
        percelen: '2',
        origin: 'overlegtafel',
      }),
    );
    expect(text).toContain('De titel is te lang: 201 tekens, maximaal 200.');
    expect(await repo.list()).toHaveLength(1);
  });

  it('only the gemeente opens the reaction window; all contracted providers get the public card', async () => {
    expect(
      await textOf(invoke(alfaContact, 'voorstel.reactieperiode.open', { voorstelId, days: '14' })),
    ).toContain('U heeft geen toestemming');
    const opened = await textOf(invoke(admin, 'voorstel.reactieperiode.open', { voorstelId, days: '14' }));
    expect(opened).toContain('Reactieperiode geopend');
    expect(opened).toContain('maandag 15 februari 2027 om 23:59');
    const broadcast = await job('reactie');
    expect(broadcast?.topic).toBe('voorstel.reactie');
    expect(JSON.stringify(broadcast?.message)).not.toContain('GEHEIM');
    expect(JSON.stringify(broadcast?.message)).not.toContain('Kostprijs');
    expect(await recipientsOf('reactie')).toEqual(
      ['anna@alfa.example', 'vera@alfa.example', 'bart@beta.example', 'gijs@gamma.example'].map(idOf).sort(),
    );
    // Another provider sees the voorstel, but not the confidential part.
    expect(await textOf(invoke(betaContact, 'voorstel.show', { voorstelId }))).not.toContain('GEHEIM');
  });

  it('one reaction per organisation, editable; refused for non-aanbieders and when oversized', async () => {
    const saved = await textOf(
      invoke(betaContact, 'voorstel.reactie.save', { voorstelId, reactie: 'Wij steunen dit.' }),
    );
    expect(saved).toContain('De reactie van Beta Begeleiding is opgeslagen');
    await invoke(betaContact, 'voorstel.reactie.save', {
      voorstelId,
      organisationId: '',
      reactie: 'Wij steunen dit, mits...',
    });
    const reactions = await repo.listReactions(voorstelId);
    expect(reactions.map((r) => [r.id, r.revision, r.text])).toEqual([
      ['org-beta', 2, 'Wij steunen dit, mits...'],
    ]);

    const tooLong = await textOf(
      invoke(gammaContact, 'voorstel.reactie.save', { voorstelId, reactie: 'x'.repeat(5001) }),
    );
    expect(tooLong).toContain('Uw reactie is te lang: 5001 tekens, maximaal 5000.');
    const notAanbieder = await textOf(
      invoke(toegang, 'voorstel.reactie.save', { voorstelId, reactie: 'Wij ook.' }),
    );
    expect(notAanbieder).toContain('Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder');
    const otherOrganisation = await textOf(
      invoke(gammaContact, 'voorstel.reactie.save', {
        voorstelId,
        organisationId: 'org-beta',
        reactie: 'Namens Beta!',
      }),
    );
    expect(otherOrganisation).toContain('Alleen de contactpersoon of vervanger');
    expect((await repo.listReactions(voorstelId)).map((r) => r.text)).toEqual(['Wij steunen dit, mits...']);

    // Members of the Overlegtafel and the gemeente see the reactions; Gamma is not a member.
    expect(await textOf(invoke(alfaContact, 'voorstel.reacties', { voorstelId }))).toContain(
      'Wij steunen dit, mits...',
    );
    expect(await textOf(invoke(admin, 'voorstel.reacties', { voorstelId }))).toContain('Beta Begeleiding');
    expect(await textOf(invoke(toegang, 'voorstel.reacties', { voorstelId }))).toContain('Beta Begeleiding');
    expect(await textOf(invoke(gammaContact, 'voorstel.reacties', { voorstelId }))).toContain(
      'geen toestemming',
    );
  });

  // With 500 organisations reacting at once, no turn of the reaction window or of the vote may read what grows
  // with their number: each reads the voorstel and the acting organisation's own reaction only.
  it('a reaction turn reads no other organisation’s reaction and no ballots', async () => {
    const listReactions = jest.spyOn(VoorstellenRepository.prototype, 'listReactions');
    const listBallots = jest.spyOn(VoorstellenRepository.prototype, 'listBallots');
    try {
      const shown = await textOf(invoke(betaContact, 'voorstel.show', { voorstelId }));
      expect(shown).toContain('Wij steunen dit, mits...');
      const saved = await textOf(
        invoke(betaContact, 'voorstel.reactie.save', { voorstelId, reactie: 'Wij steunen dit, mits...' }),
      );
      expect(saved).toContain('Uw reactie is ongewijzigd.');
      expect(listReactions).not.toHaveBeenCalled();
      expect(listBallots).not.toHaveBeenCalled();
    } finally {
      listReactions.mockRestore();
      listBallots.mockRestore();
    }
  });

  it('the vote opens only after the reaction window; then reactions are refused', async () => {
    const early = await textOf(
      invoke(admin, 'voorstel.stemming.open', {
        voorstelId,
        deadlineDate: '2027-03-28',
        deadlineTime: '12:00',
      }),
    );
    expect(early).toContain('De reactieperiode loopt nog tot maandag 15 februari 2027 om 23:59');
    clock = new Date('2027-02-16T08:00:00.000Z');
    const late = await textOf(
      invoke(gammaContact, 'voorstel.reactie.save', { voorstelId, reactie: 'Te laat' }),
    );
    expect(late).toContain('De reactieperiode is gesloten sinds maandag 15 februari 2027 om 23:59');
  });

  it('refuses a deadline in the hour that does not exist when the clocks go forward', async () => {
    const text = await textOf(
      invoke(admin, 'voorstel.stemming.open', {
        voorstelId,
        deadlineDate: '2027-03-28',
        deadlineTime: '02:30',
      }),
    );
    expect(text).toContain('2027-03-28 02:30 bestaat niet: die nacht gaat de klok een uur vooruit');
    expect((await repo.get(voorstelId))?.value.status).toBe('reactieperiode');
  });

  it('opens the vote for the parties of the Overlegtafel with a deadline on the day the clocks go forward', async () => {
    const text = await textOf(
      invoke(admin, 'voorstel.stemming.open', {
        voorstelId,
        deadlineDate: '2027-03-28',
        deadlineTime: '12:00',
      }),
    );
    expect(text).toContain('Stemming geopend');
    expect(text).toContain('zondag 28 maart 2027 om 12:00');
    const doc = (await repo.get(voorstelId))!.value;
    expect(doc.stemming?.deadline).toBe('2027-03-28T10:00:00.000Z'); // 12:00 summer time
    expect(doc.stemming?.parties.map((p) => p.organisationId).sort()).toEqual([
      'org-alfa',
      'org-beta',
      'org-gemeente',
      'org-toegang',
    ]);
    expect(await recipientsOf('stemming')).toEqual(
      [
        'wethouder@gemeente.example',
        'team@toegang.example',
        'anna@alfa.example',
        'vera@alfa.example',
        'bart@beta.example',
      ]
        .map(idOf)
        .sort(),
    );
    const card = (await job('stemming'))?.message.card as {
      refresh?: { userIds?: string[]; action?: { verb?: string } };
    };
    expect(card.refresh?.action?.verb).toBe('voorstel.stemkaart');
    expect(card.refresh?.userIds).toEqual(expect.arrayContaining([alfaContact.id, betaContact.id]));
  });

  it('contact and vervanger voting at the same moment: one current vote, both in history', async () => {
    const [a, b] = await Promise.all([
      invoke(alfaContact, 'voorstel.stem', { voorstelId, partyId: 'org-alfa', choice: 'voor' }),
      invoke(alfaVervanger, 'voorstel.stem', { voorstelId, partyId: 'org-alfa', choice: 'tegen' }),
    ]);
    expect(cardText(invokeCard(a.body))).toContain('Uw stem is vastgelegd');
    expect(cardText(invokeCard(b.body))).toContain('Uw stem is vastgelegd');
    const ballots = await repo.listBallots(voorstelId, 'org-alfa');
    expect(ballots.map((x) => x.ballot.choice).sort()).toEqual(['tegen', 'voor']);
    const current = (await repo.listCurrentVotes(voorstelId)).filter((c) => c.id === 'org-alfa');
    expect(current).toHaveLength(1);
    const latest = ballots.sort((x, y) =>
      x.ballot.castAt === y.ballot.castAt
        ? x.ballot.idempotencyKey.localeCompare(y.ballot.idempotencyKey)
        : x.ballot.castAt.localeCompare(y.ballot.castAt),
    )[1]!;
    expect(current[0]!.ballotId).toBe(latest.id);
  });

  it('a vote reads the ballots, never the reactions', async () => {
    const listReactions = jest.spyOn(VoorstellenRepository.prototype, 'listReactions');
    try {
      const voted = await textOf(
        invoke(betaContact, 'voorstel.stem', { voorstelId, partyId: 'org-beta', choice: 'voor' }),
      );
      expect(voted).toContain('Uw stem is vastgelegd');
      expect(listReactions).not.toHaveBeenCalled();
    } finally {
      listReactions.mockRestore();
    }
  });

  it('a redelivered invoke changes nothing, also after a later change of vote', async () => {
    const vote = actionExecuteActivity({
      serviceUrl: bot.connector.serviceUrl,
      user: betaContact,
      verb: 'voorstel.stem',
      data: { voorstelId, choice: 'tegen' },
    });
    await bot.post(vote);
    clock = new Date('2027-02-16T08:00:05.000Z');
    await invoke(betaContact, 'voorstel.stem', { voorstelId, choice: 'voor' });
    const before = JSON.stringify(await repo.listBallots(voorstelId, 'org-beta'));
    const again = await bot.post(vote);
    expect(cardText(invokeCard(again.body))).toContain('Huidige stem: Voor');
    expect(JSON.stringify(await repo.listBallots(voorstelId, 'org-beta'))).toBe(before);
    expect((await repo.listCurrentVotes(voorstelId)).find((c) => c.id === 'org-beta')?.ballot.choice).toBe(
      'voor',
    );
  });

  it('tampered card data gets a clear answer and changes nothing', async () => {
    const before = JSON.stringify(await repo.listBallots(voorstelId));
    const otherParty = await textOf(
      invoke(betaContact, 'voorstel.stem', { voorstelId, partyId: 'org-alfa', choice: 'tegen' }),
    );
    expect(otherParty).toContain(
      'Alleen de contactpersoon of vervanger van Alfa Zorg kan namens Alfa Zorg stemmen.',
    );
    const unknownChoice = await textOf(
      invoke(betaContact, 'voorstel.stem', { voorstelId, choice: 'misschien' }),
    );
    expect(unknownChoice).toContain('Kies voor, tegen of onthouding.');
    const notAParty = await textOf(
      invoke(gammaContact, 'voorstel.stem', { voorstelId, partyId: 'org-gamma', choice: 'voor' }),
    );
    expect(notAParty).toContain('Deze organisatie is geen partij bij deze stemming.');
    const noParty = await textOf(invoke(gammaContact, 'voorstel.stem', { voorstelId, choice: 'voor' }));
    expect(noParty).toContain('U bent geen contactpersoon of vervanger van een partij bij deze stemming.');
    const badId = await textOf(
      invoke(betaContact, 'voorstel.stem', { voorstelId: 'vs-../../x', choice: 'voor' }),
    );
    expect(badId).toContain('Deze kaart is niet (meer) geldig');
    const unknownVoorstel = await textOf(
      invoke(betaContact, 'voorstel.stem', { voorstelId: 'vs-000000000000', choice: 'voor' }),
    );
    expect(unknownVoorstel).toContain('Dit voorstel bestaat niet (meer).');
    expect(JSON.stringify(await repo.listBallots(voorstelId))).toBe(before);
  });

  it('shows each voter their party’s current vote on refresh', async () => {
    const text = await textOf(invoke(alfaVervanger, 'voorstel.stemkaart', { voorstelId }));
    expect(text).toContain('Stem namens Alfa Zorg');
    expect(text).toMatch(/Huidige stem: (Voor|Tegen), uitgebracht door Gebruiker 50[45]/);
    expect(await textOf(invoke(gammaContact, 'voorstel.stemkaart', { voorstelId }))).toContain(
      'U bent geen partij',
    );
  });

  it('the gemeente cannot close early while parties have not voted', async () => {
    const text = await textOf(invoke(admin, 'voorstel.stemming.close', { voorstelId }));
    expect(text).toContain('Nog niet gestemd: Gemeente Rivierstad, Sociaal Team Rivierland.');
    expect((await repo.get(voorstelId))?.value.status).toBe('stemming');
  });

  it('reminds only the parties that have not voted, three days before the deadline, once', async () => {
    clock = new Date('2027-03-25T10:59:00.000Z'); // 11:59 winter time: not yet
    await bot.bot.services.scheduler.runDue();
    expect(await job('herinnering-3d')).toBeUndefined();
    clock = new Date('2027-03-25T11:00:00.000Z'); // 12:00 winter time, three days before 12:00 summer time
    await bot.bot.services.scheduler.runDue();
    await bot.bot.services.scheduler.runDue();
    expect(await recipientsOf('herinnering-3d')).toEqual(
      ['wethouder@gemeente.example', 'team@toegang.example'].map(idOf).sort(),
    );
  });

  it('accepts a vote in the last second before the deadline and refuses one a second later', async () => {
    clock = new Date('2027-03-28T10:00:00.900Z'); // 12:00:00 summer time
    expect(await textOf(invoke(wethouder, 'voorstel.stem', { voorstelId, choice: 'voor' }))).toContain(
      'Uw stem is vastgelegd',
    );
    clock = new Date('2027-03-28T10:00:01.000Z');
    const late = await textOf(invoke(toegang, 'voorstel.stem', { voorstelId, choice: 'voor' }));
    expect(late).toContain('De stemming is gesloten sinds zondag 28 maart 2027 om 12:00.');
    expect(await repo.listBallots(voorstelId, 'org-toegang')).toEqual([]);
  });

  it('the scheduler closes the vote at the deadline, updates the vote cards and asks the gemeente to decide', async () => {
    await bot.bot.services.scheduler.runDue();
    const doc = (await repo.get(voorstelId))!.value;
    expect(doc.status).toBe('gesloten');
    expect(doc.stemming?.closure?.reason).toBe('deadline');
    // Alfa's vote is whichever of the two simultaneous ballots sorts last; Beta and the gemeente voted voor.
    const alfa = (await repo.listCurrentVotes(voorstelId)).find((c) => c.id === 'org-alfa')!.ballot.choice;
    expect(doc.stemming?.result).toMatchObject({
      voor: alfa === 'voor' ? 3 : 2,
      tegen: alfa === 'tegen' ? 1 : 0,
      onthouding: 0,
      nietGestemd: 1,
    });
    expect(doc.countedBallotIds).toHaveLength((await repo.listBallots(voorstelId)).length);
    expect(doc.outbox).toEqual([]);
    expect((await deliveries.getJob(`${voorstelId}-stemming-gesloten`))?.value.mode).toBe('update');
    expect(await recipientsOf('besluit-nodig')).toEqual([idOf('beheer@gemeente.example')]);
    const overview = await textOf(invoke(admin, 'voorstel.overview', { voorstelId }));
    expect(overview).toContain('Besluit van de gemeente');
    expect(overview).toContain('Niet gestemd');
    const voteCard = await textOf(invoke(alfaContact, 'voorstel.stem', { voorstelId, choice: 'tegen' }));
    expect(voteCard).toContain('De stemming is gesloten');
  });

  it('the gemeente decides with a mandatory reason; uitgewerkt goes to all providers and awaits the bestuur', async () => {
    const noReason = await textOf(
      invoke(admin, 'voorstel.besluit', { voorstelId, decision: 'aannemen', reason: '' }),
    );
    expect(noReason).toContain('De onderbouwing van het besluit is verplicht.');
    expect((await repo.get(voorstelId))?.value.status).toBe('gesloten');
    expect(
      await textOf(
        invoke(alfaContact, 'voorstel.besluit', { voorstelId, decision: 'aannemen', reason: 'x'.repeat(30) }),
      ),
    ).toContain('geen toestemming');
    const decided = await textOf(
      invoke(admin, 'voorstel.besluit', {
        voorstelId,
        decision: 'aannemen',
        reason: 'Geen bezwaren ontvangen; de lokale toegang stemde niet.',
      }),
    );
    expect(decided).toContain('Besluit vastgelegd');
    expect((await repo.get(voorstelId))?.value.status).toBe('uitgewerkt');
    // Not yet an addendum: the gemeente's bestuur adopts or declines it first [002 art. 9.2-9.3].
    expect(await job('addendum')).toBeUndefined();
    const outcome = await job('uitkomst');
    expect(JSON.stringify(outcome?.message.card)).toContain('Stemverhouding');
    expect(JSON.stringify(outcome?.message.card)).toContain('ter vaststelling naar het bestuur');
    // Someone without Teams gets it by e-mail, with a link to the public besluit once that is published.
    expect(outcome?.message.publication).toEqual({ kind: 'besluit', sourceId: voorstelId });
    expect(await recipientsOf('uitkomst')).toEqual(
      [
        'wethouder@gemeente.example',
        'team@toegang.example',
        'anna@alfa.example',
        'vera@alfa.example',
        'bart@beta.example',
        'gijs@gamma.example',
      ]
        .map(idOf)
        .sort(),
    );
    expect(await recipientsOf('vaststelling-nodig')).toEqual([idOf('beheer@gemeente.example')]);
  });

  it('exports votes and reactions as CSV for the gemeente only', async () => {
    const card = invokeCard((await invoke(admin, 'voorstel.export', { voorstelId, part: 1 })).body);
    const csv = JSON.stringify(card);
    expect(csv).toContain('Partij,Soort,Keuze,Geldende stem');
    expect(csv).toContain('Sociaal Team Rivierland,lokale toegang,niet gestemd');
    const reactions = JSON.stringify(
      invokeCard((await invoke(admin, 'voorstel.export', { voorstelId, part: 2 })).body),
    );
    expect(reactions).toContain('Wij steunen dit, mits...');
    expect(await textOf(invoke(betaContact, 'voorstel.export', { voorstelId }))).toContain(
      'geen toestemming',
    );
  });
});
