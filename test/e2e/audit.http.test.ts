import { voorstellenServiceFor } from '../../src/bot/handlers/voorstellenHandlers';
import type { Result } from '../../src/domain/shared/result';
import { EMAILS, NAMES, startSecurityWorld, type SecurityWorld } from '../support/securityWorld';

/**
 * Issue 9: the audit trail of votes, decisions, lottery records and composition changes, written as they happen
 * and readable by the gemeente only (card action on the help card, and the typed `audit`). Entries carry ids,
 * never names or e-mail addresses.
 */

const BASE = new Date('2027-03-10T09:00:00.000Z');
const day = 24 * 3600_000;
const plusDays = (days: number) => new Date(BASE.getTime() + days * day);

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`fixture refused: ${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

describe('the audit trail over HTTP', () => {
  let world: SecurityWorld;
  let voorstelId = '';

  beforeAll(async () => {
    world = await startSecurityWorld(BASE, '2');
    const service = voorstellenServiceFor(world.bot.bot.services);
    const admin = await world.actor('gemeente');
    voorstelId = await world.at(plusDays(-30), async () => {
      const submitted = must(
        await service.submit(
          await world.actor('lid-contactpersoon'),
          {
            title: 'Reistijd declarabel',
            summary: 'Reistijd wordt apart gedeclareerd.',
            text: 'Artikel 12.',
            link: '',
            type: 'contractwijziging',
            percelen: '1',
            origin: 'overlegtafel',
            confidentialParts: [],
          },
          'org-alfa',
          'audit-voorstel',
        ),
      );
      must(await service.openReactieperiode(admin, submitted.id, 14));
      return submitted.id;
    });
    await world.at(plusDays(-10), async () =>
      must(await service.openStemming(admin, voorstelId, plusDays(2))),
    );
  });
  afterAll(() => world.stop());

  it('records every counted vote once, also when Teams delivers the invoke twice', async () => {
    const vote = { voorstelId, partyId: 'org-alfa', choice: 'tegen' };
    expect((await world.invoke('lid-contactpersoon', 'voorstel.stem', vote, 'vote-1')).text).toContain(
      'Uw stem is vastgelegd',
    );
    await world.invoke('lid-contactpersoon', 'voorstel.stem', vote, 'vote-1');
    expect(
      (await world.invoke('lid-vervanger', 'voorstel.stem', { ...vote, choice: 'voor' }, 'vote-2')).text,
    ).toContain('Uw stem is vastgelegd');
    const votes = (await world.bot.bot.registry.listAudit(`voorstel-${voorstelId}`)).filter(
      (e) => e.action === 'stem.uitgebracht',
    );
    expect(votes.map((e) => [e.actorPersonId, e.details.partyId, e.details.choice])).toEqual([
      [world.personId('lid-contactpersoon'), 'org-alfa', 'tegen'],
      [world.personId('lid-vervanger'), 'org-alfa', 'voor'],
    ]);
  });

  it('records the close with the stemverhouding and the decision with its reason', async () => {
    world.now = plusDays(3);
    await world.invoke('gemeente', 'voorstel.stemming.close', { voorstelId });
    await world.invoke('gemeente', 'voorstel.besluit', {
      voorstelId,
      decision: 'afwijzen',
      reason: 'De gemeenten stemden niet; geen unanimiteit.',
    });
    const trail = await world.bot.bot.registry.listAudit(`voorstel-${voorstelId}`);
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'voorstel.ingediend',
        'stemming.geopend',
        'stemming.gesloten',
        'voorstel.besluit',
      ]),
    );
    expect(trail.find((e) => e.action === 'voorstel.besluit')?.details).toMatchObject({
      decision: 'afwijzen',
      reason: 'De gemeenten stemden niet; geen unanimiteit.',
      status: 'afgewezen',
      result: { voor: 1, tegen: 0 },
    });
  });

  it('records the draw and a composition change of a round', async () => {
    world.now = BASE;
    const opened = await world.invoke('gemeente', 'ronde.openen', {
      year: '2028',
      deadlineDate: '2027-03-24',
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
      seedSource: 'slotkoers AEX op 25 maart 2027',
      publicValueDate: '2027-03-25',
    });
    expect(opened.text).toContain('Inschrijving Overlegtafel 2028');
    // Grootte and herkomst as the registry has them (test/support/securityWorld.ts): nothing to decide.
    for (const [role, organisationId, perceel, grootte] of [
      ['lid-contactpersoon', 'org-alfa', '1', 'klein'],
      ['niet-lid-aanbieder', 'org-gamma', '4', 'middel'],
    ] as const) {
      const registered = await world.invoke(role, 'inschrijving.opslaan', {
        roundId: 'ronde-2028',
        organisationId,
        etag: '',
        perceel,
        grootte,
        herkomst: 'lokaal',
        contactpersoonName: 'Contact',
        contactpersoonEmail: 'contact@aanbieder.example',
        contactpersoonPhone: '',
        vervangerName: 'Vervanger',
        vervangerEmail: 'vervanger@aanbieder.example',
        vervangerPhone: '',
        motivation: 'Wij willen graag meedoen.',
      });
      expect(registered.text).toContain('Inschrijving ontvangen');
    }
    world.now = plusDays(15);
    await world.invoke('gemeente', 'ronde.loting', { roundId: 'ronde-2028', seed: '912,37' });
    const { resource: round } = await world.bot.bot.db
      .container('rounds')
      .item('ronde-2028', 'ronde-2028')
      .read();
    await world.invoke('gemeente', 'ronde.samenstelling.wijzigen', {
      roundId: 'ronde-2028',
      etag: round._etag,
      remove: 'org-gamma',
      reason: 'Gamma kan dit jaar niet fysiek deelnemen.',
    });
    const trail = await world.bot.bot.registry.listAudit('ronde-2028');
    expect(trail.map((e) => e.action)).toEqual([
      'ronde.geopend',
      'inschrijving.ingediend',
      'inschrijving.ingediend',
      'loting.uitgevoerd',
      'samenstelling.gewijzigd',
    ]);
    expect(trail.find((e) => e.action === 'samenstelling.gewijzigd')?.details).toMatchObject({
      removed: 'org-gamma',
      reason: 'Gamma kan dit jaar niet fysiek deelnemen.',
    });
  });

  it('shows the gemeente the trail, all or one stream, from the help card and the typed command', async () => {
    const help = await world.say('gemeente', 'help');
    expect(JSON.stringify(help.card)).toContain('"verb":"audit.show"');
    const all = await world.invoke('gemeente', 'audit.show', {});
    expect(all.text).toContain('Audittrail');
    expect(all.text).toContain('Stem uitgebracht');
    expect(all.text).toContain('Loting uitgevoerd');
    expect(all.text).toContain('Anna Alfa');
    const one = await world.invoke('gemeente', 'audit.show', { stream: 'ronde-2028' });
    expect(one.text).toContain('5 vermeldingen in ronde-2028');
    expect(one.text).not.toContain('Stem uitgebracht');
    expect((await world.say('gemeente', 'audit ronde-2028')).text).toContain('Samenstelling gewijzigd');
    expect((await world.invoke('gemeente', 'audit.show', { stream: '../x' })).text).toContain(
      'Deze kaart is niet (meer) geldig',
    );
  });

  it('is not readable by anyone else', async () => {
    for (const role of ['lid-contactpersoon', 'trekker-deze-tafel', 'onbekend'] as const) {
      expect((await world.invoke(role, 'audit.show', {})).text).toMatch(
        /U heeft geen toestemming|niet bekend/,
      );
      expect((await world.say(role, 'audit')).text).toMatch(/U heeft geen toestemming|niet bekend/);
    }
  });

  it('holds ids, never names or e-mail addresses', async () => {
    const { resources } = await world.bot.bot.db.container('audit').items.readAll().fetchAll();
    const stored = JSON.stringify(resources);
    expect(resources.length).toBeGreaterThan(10);
    for (const personal of [...Object.values(EMAILS), ...Object.values(NAMES)])
      expect(stored).not.toContain(personal);
  });
});
