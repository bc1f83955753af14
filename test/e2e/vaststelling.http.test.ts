import { ontwikkeltafelsServiceFor } from '../../src/bot/handlers/ontwikkeltafelsHandlers';
import { voorstellenServiceFor } from '../../src/bot/handlers/voorstellenHandlers';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { personIdFor } from '../../src/domain/registry/registry';
import type { Result } from '../../src/domain/shared/result';
import { tafelIdFor } from '../../src/ontwikkeltafels/tafelIds';
import { OntwikkeltafelsRepository } from '../../src/storage/ontwikkeltafelsRepository';
import { SignalenRepository } from '../../src/storage/signalenRepository';
import { VoorstellenRepository } from '../../src/storage/voorstellenRepository';
import { actionExecuteActivity, teamsUser } from '../support/activities';
import { cardText, invokeCard } from '../support/botHarness';
import { EMAILS, ORGANISATIONS, startSecurityWorld, type SecurityWorld } from '../support/securityWorld';

/**
 * Issue 19, adoption [002 art. 9.1-9.4], end to end over HTTP with the fake Teams service: an uitgewerkt voorstel
 * waits for the bestuur; the gemeente records its decision (vastgesteld or afgewezen, reason, date); all providers
 * hear it; the aanbieders of the percelen answer the addendum before a date; the gemeente sees the tally and
 * exports it; developments after adoption reach every party. And the reason a short reaction window needs.
 * The steps before the one under test are taken through the service, as the authorization matrix does.
 */

const BASE = new Date('2027-03-10T09:00:00.000Z'); // woensdag 10 maart 2027, 10:00
const day = 24 * 3600_000;
const plusDays = (days: number, from = BASE) => new Date(from.getTime() + days * day);
const localDate = (date: Date) => date.toISOString().slice(0, 10);

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`fixture refused: ${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

describe('adoption of a voorstel over HTTP', () => {
  jest.setTimeout(60_000);
  let world: SecurityWorld;
  let deliveries: DeliveryRepository;
  let repo: VoorstellenRepository;
  let sequence = 0;
  const voorstellen = () => voorstellenServiceFor(world.bot.bot.services);
  const ids = (...emails: string[]) => emails.map(personIdFor).sort();
  const recipients = async (broadcastId: string) =>
    (await deliveries.recipients(broadcastId)).map((r) => r.value.personId).sort();
  const cardJson = async (broadcastId: string) =>
    JSON.stringify((await deliveries.getJob(broadcastId))?.value.message.card ?? null);

  /** A contractwijziging for percelen 1 and 3 (Alfa's), voted on without unanimity and adopted by the gemeente. */
  async function uitgewerkt(type = 'contractwijziging'): Promise<string> {
    sequence += 1;
    const gemeente = await world.actor('gemeente');
    const id = await world.at(plusDays(-40), async () => {
      const submitted = must(
        await voorstellen().submit(
          gemeente,
          {
            title: `Reistijd expliciet declarabel ${sequence}`,
            summary: 'Reistijd bij individuele begeleiding wordt apart gedeclareerd.',
            text: 'Artikel 12 lid 3 wordt aangevuld.',
            type,
            percelen: '1,3',
            origin: 'overlegtafel',
            confidentialParts: [],
          },
          undefined,
          `vaststelling-${sequence}`,
        ),
      );
      must(await voorstellen().openReactieperiode(gemeente, submitted.id, 14));
      return submitted.id;
    });
    await world.at(plusDays(-20), async () =>
      must(await voorstellen().openStemming(gemeente, id, plusDays(-2))),
    );
    must(await voorstellen().closeStemming(gemeente, id));
    must(await voorstellen().decide(gemeente, id, 'aannemen', 'Geen bezwaren van de partijen die stemden.'));
    return id;
  }

  beforeAll(async () => {
    world = await startSecurityWorld(BASE, '7');
    deliveries = new DeliveryRepository(world.bot.bot.db);
    repo = new VoorstellenRepository(world.bot.bot.db);
  });
  afterAll(() => world?.stop());

  describe('uitgewerkt, vastgesteld, the addendum answered, the tally and its export', () => {
    let id = '';
    const adoption = () => ({
      voorstelId: id,
      outcome: 'vastgesteld',
      adoptionReason: 'Het college heeft het voorstel op 9 maart vastgesteld.',
      decisionDate: localDate(BASE),
      addendumDeadline: localDate(plusDays(14)),
    });

    it('an uitgewerkt voorstel is not final: the overview asks for the bestuur’s decision', async () => {
      id = await uitgewerkt();
      expect((await repo.get(id))?.value.status).toBe('uitgewerkt');
      expect(await recipients(`${id}-vaststelling-nodig`)).toEqual([world.personId('gemeente')]);
      expect(await cardJson(`${id}-uitkomst`)).toContain('ter vaststelling naar het bestuur');
      const overview = await world.invoke('gemeente', 'voorstel.overview', { voorstelId: id });
      expect(overview.text).toContain('Vaststelling door het bestuur');
      expect(overview.text).toContain('Aanbieders antwoorden of zij meedoen met het addendum');
    });

    it('refuses an incomplete decision with a clear message and changes nothing', async () => {
      const before = await world.snapshot();
      const future = await world.invoke('gemeente', 'voorstel.vaststelling', {
        ...adoption(),
        decisionDate: localDate(plusDays(3)),
        adoptionReason: 'Kort.',
      });
      expect(future.text).toContain('De datum van het besluit ligt in de toekomst');
      expect(future.text).toContain('De onderbouwing van het bestuur is te kort');
      // What was typed is shown again.
      expect(JSON.stringify(future.card)).toContain('Kort.');
      const noDeadline = await world.invoke('gemeente', 'voorstel.vaststelling', {
        ...adoption(),
        addendumDeadline: '',
      });
      expect(noDeadline.text).toContain('Vul de datum in tot wanneer aanbieders kunnen laten weten');
      expect(await world.snapshot()).toBe(before);
    });

    it('the gemeente records vastgesteld: Alfa gets the addendum question, every other provider the decision', async () => {
      const reply = await world.invoke('gemeente', 'voorstel.vaststelling', adoption());
      expect(reply.text).toContain('Besluit van het bestuur vastgelegd');
      expect(reply.text).toContain('1 aanbieders van de percelen kunnen tot');
      const stored = (await repo.get(id))?.value;
      expect(stored?.status).toBe('vastgesteld');
      expect(stored?.adoption).toMatchObject({
        outcome: 'vastgesteld',
        decisionDate: localDate(BASE),
        addendum: { organisations: [{ organisationId: 'org-alfa', name: 'Alfa Zorg' }] },
      });
      expect(await recipients(`${id}-addendum`)).toEqual(
        ids(EMAILS['lid-contactpersoon'], EMAILS['lid-vervanger']),
      );
      const addendumCard = await cardJson(`${id}-addendum`);
      expect(addendumCard).toContain('voorstel.addendum.antwoord');
      expect(addendumCard).toContain('Ik doe niet mee');
      expect(await recipients(`${id}-vaststelling`)).toEqual(ids(EMAILS['niet-lid-aanbieder']));
      expect(await cardJson(`${id}-vaststelling`)).toContain('Voorstel vastgesteld door het bestuur');
      const trail = await world.bot.bot.registry.listAudit(`voorstel-${id}`);
      expect(trail.find((e) => e.action === 'voorstel.vaststelling')?.details).toMatchObject({
        outcome: 'vastgesteld',
        addendumOrganisationIds: ['org-alfa'],
      });
      // Recorded once.
      const again = await world.invoke('gemeente', 'voorstel.vaststelling', adoption());
      expect(again.text).toContain('al vastgelegd');
    });

    it('Alfa answers from the card; a repeat changes nothing; its vervanger changes the answer; Gamma cannot', async () => {
      const first = await world.invoke('lid-contactpersoon', 'voorstel.addendum.antwoord', {
        voorstelId: id,
        choice: 'doet-mee',
      });
      expect(first.text).toContain('Antwoord vastgelegd');
      expect(first.text).toContain('Alfa Zorg: Ik doe mee');
      const repeat = await world.invoke('lid-contactpersoon', 'voorstel.addendum.antwoord', {
        voorstelId: id,
        choice: 'doet-mee',
      });
      expect(repeat.text).toContain('Uw antwoord is ongewijzigd');
      const changed = await world.invoke('lid-vervanger', 'voorstel.addendum.antwoord', {
        voorstelId: id,
        choice: 'doet-niet-mee',
      });
      expect(changed.text).toContain('Alfa Zorg: Ik doe niet mee');
      expect(changed.text).toContain('Huidig antwoord: Ik doe niet mee (Victor Alfa');
      const before = await world.snapshot();
      const gamma = await world.invoke('niet-lid-aanbieder', 'voorstel.addendum.antwoord', {
        voorstelId: id,
        choice: 'doet-mee',
      });
      expect(gamma.text).toContain('in de percelen van dit voorstel beantwoordt het addendum');
      const tampered = await world.invoke('niet-lid-aanbieder', 'voorstel.addendum.antwoord', {
        voorstelId: id,
        organisationId: 'org-alfa',
        choice: 'doet-mee',
      });
      expect(tampered.text).toContain(
        'Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder',
      );
      expect(await world.snapshot()).toBe(before);
      const trail = await world.bot.bot.registry.listAudit(`voorstel-${id}`);
      expect(trail.filter((e) => e.action === 'addendum.beantwoord').map((e) => e.details.choice)).toEqual([
        'doet-mee',
        'doet-niet-mee',
      ]);
    });

    it('the gemeente sees the tally as bars and exports it as CSV; providers cannot', async () => {
      const tally = await world.invoke('gemeente', 'voorstel.addendum.overzicht', { voorstelId: id });
      expect(tally.text).toContain('Addendum: wie doet mee');
      expect(tally.text).toContain('1 van 1 aanbieders hebben geantwoord');
      expect(tally.text).toMatch(/Doet niet mee.*1.*Alfa Zorg/s);
      const exported = await world.invoke('gemeente', 'voorstel.addendum.export', {
        voorstelId: id,
        part: 1,
      });
      const csv = JSON.stringify(exported.card);
      expect(csv).toContain('Aanbieder,Antwoord,Door,Rol,Tijdstip (Amsterdam),Versie');
      expect(csv).toContain('Alfa Zorg,doet niet mee,Victor Alfa,vervanger,');
      for (const role of ['lid-contactpersoon', 'niet-lid-aanbieder'] as const) {
        expect((await world.invoke(role, 'voorstel.addendum.export', { voorstelId: id })).text).toContain(
          'geen toestemming',
        );
      }
      // In English for a person who chose English.
      await world.say('gemeente', 'taal en');
      try {
        const english = await world.invoke('gemeente', 'voorstel.addendum.overzicht', { voorstelId: id });
        expect(english.text).toContain('Addendum: who joins');
        expect(english.text).toContain('1 of 1 providers have answered');
      } finally {
        await world.say('gemeente', 'taal nl');
      }
    });

    it('after the answer date the addendum is closed', async () => {
      world.now = plusDays(15);
      try {
        const late = await world.invoke('lid-contactpersoon', 'voorstel.addendum.antwoord', {
          voorstelId: id,
          choice: 'doet-mee',
        });
        expect(late.text).toContain('Antwoorden op het addendum kon tot');
        // In English for a person who chose English.
        await world.say('lid-contactpersoon', 'taal en');
        try {
          const lateEn = await world.invoke('lid-contactpersoon', 'voorstel.addendum.antwoord', {
            voorstelId: id,
            choice: 'doet-mee',
          });
          expect(lateEn.text).toContain('Answers to the addendum were accepted until');
        } finally {
          await world.say('lid-contactpersoon', 'taal nl');
        }
        expect((await repo.getAddendumAnswer(id, 'org-alfa'))?.value.answer.choice).toBe('doet-niet-mee');
      } finally {
        world.now = BASE;
      }
    });

    it('a party reports an unexpected development; every party and the gemeente hear it', async () => {
      const detail = await world.invoke('niet-lid-aanbieder', 'voorstel.show', { voorstelId: id });
      expect(detail.text).toContain('Ontwikkeling melden');
      const tooShort = await world.invoke('niet-lid-aanbieder', 'voorstel.ontwikkeling.melden', {
        voorstelId: id,
        organisationId: 'org-gamma',
        ontwikkeling: 'Kort.',
      });
      expect(tooShort.text).toContain('De melding is te kort');
      const reported = await world.invoke('niet-lid-aanbieder', 'voorstel.ontwikkeling.melden', {
        voorstelId: id,
        organisationId: 'org-gamma',
        ontwikkeling: 'De btw-regeling wijzigt per 1 juli; het tarief uit het addendum klopt dan niet meer.',
      });
      expect(reported.text).toContain('Ontwikkeling gemeld');
      expect(reported.text).toContain('Onverwachte ontwikkelingen na vaststelling');
      const stored = (await repo.get(id))?.value.ontwikkelingen ?? [];
      expect(stored).toHaveLength(1);
      const broadcastId = `${id}-${stored[0]?.id}`;
      expect(await recipients(broadcastId)).toEqual(
        ids(
          EMAILS.gemeente,
          EMAILS['lid-contactpersoon'],
          EMAILS['lid-vervanger'],
          EMAILS['niet-lid-aanbieder'],
        ),
      );
      expect(await cardJson(broadcastId)).toContain('Onverwachte ontwikkeling, gemeld door Gamma GGZ');
      const trekker = await world.invoke('trekker-deze-tafel', 'voorstel.ontwikkeling.melden', {
        voorstelId: id,
        ontwikkeling: 'Iets anders dat onverwacht gebeurde.',
      });
      expect(trekker.text).toContain('geen toestemming');
    });
  });

  it('afgewezen by the bestuur: all providers hear it, nobody is asked to join', async () => {
    const id = await uitgewerkt();
    const reply = await world.invoke('gemeente', 'voorstel.vaststelling', {
      voorstelId: id,
      outcome: 'afgewezen',
      adoptionReason: 'Het college acht de financiële gevolgen te groot voor 2027.',
      decisionDate: localDate(BASE),
    });
    expect(reply.text).toContain('Besluit van het bestuur vastgelegd');
    expect((await repo.get(id))?.value.status).toBe('afgewezen');
    expect(await deliveries.getJob(`${id}-addendum`)).toBeUndefined();
    expect(await recipients(`${id}-vaststelling`)).toEqual(
      ids(EMAILS['lid-contactpersoon'], EMAILS['lid-vervanger'], EMAILS['niet-lid-aanbieder']),
    );
    const card = await cardJson(`${id}-vaststelling`);
    expect(card).toContain('Voorstel niet vastgesteld door het bestuur');
    expect(card).toContain('financiële gevolgen te groot');
    const answer = await world.invoke('lid-contactpersoon', 'voorstel.addendum.antwoord', {
      voorstelId: id,
      choice: 'doet-mee',
    });
    expect(answer.text).toContain('in de percelen van dit voorstel beantwoordt het addendum');
    const development = await world.invoke('gemeente', 'voorstel.ontwikkeling.melden', {
      voorstelId: id,
      ontwikkeling: 'Een ontwikkeling bij een afgewezen voorstel.',
    });
    expect(development.text).toContain('bij een voorstel dat door het bestuur is vastgesteld');
  });

  it('an adopted werkafspraak asks no addendum; the decision reaches every provider', async () => {
    const id = await uitgewerkt('werkafspraak');
    const reply = await world.invoke('gemeente', 'voorstel.vaststelling', {
      voorstelId: id,
      outcome: 'vastgesteld',
      adoptionReason: 'Het college stemt in met de werkafspraak.',
      decisionDate: localDate(BASE),
    });
    expect(reply.text).toContain('Besluit van het bestuur vastgelegd');
    expect(await deliveries.getJob(`${id}-addendum`)).toBeUndefined();
    expect(await recipients(`${id}-vaststelling`)).toEqual(
      ids(EMAILS['lid-contactpersoon'], EMAILS['lid-vervanger'], EMAILS['niet-lid-aanbieder']),
    );
    const tally = await world.invoke('gemeente', 'voorstel.addendum.overzicht', { voorstelId: id });
    expect(tally.text).toContain('Bij dit voorstel hoort geen addendum');
  });

  it('a voorstel stored as uitgewerkt before adoption existed still loads and can be adopted', async () => {
    const id = await uitgewerkt();
    const stored = await repo.get(id);
    const { adoption: _adoption, ontwikkelingen: _o, ...legacy } = stored!.value;
    await repo.replace(legacy, stored!.etag);
    const list = await world.invoke('gemeente', 'voorstellen');
    expect(list.status).toBeLessThan(500);
    const shown = await world.invoke('niet-lid-aanbieder', 'voorstel.show', { voorstelId: id });
    expect(shown.text).toContain('uitgewerkt');
    const overview = await world.invoke('gemeente', 'voorstel.overview', { voorstelId: id });
    expect(overview.text).toContain('Vaststelling door het bestuur');
  });

  describe('a reaction window shorter than two weeks needs a reason [002 art. 5.6]', () => {
    async function concept(): Promise<string> {
      sequence += 1;
      return must(
        await voorstellen().submit(
          await world.actor('gemeente'),
          {
            title: `Spoedvoorstel ${sequence}`,
            summary: 'Een voorstel dat haast heeft.',
            text: 'De tekst.',
            type: 'werkafspraak',
            percelen: '2',
            origin: 'overlegtafel',
            confidentialParts: [],
          },
          undefined,
          `kort-${sequence}`,
        ),
      ).id;
    }

    it('is refused without a reason, in the person’s language, and opens with one, which the voorstel shows', async () => {
      const id = await concept();
      const before = await world.snapshot();
      const refused = await world.invoke('gemeente', 'voorstel.reactieperiode.open', {
        voorstelId: id,
        days: '7',
      });
      expect(refused.text).toContain('Een reactieperiode korter dan 14 dagen vraagt een reden');
      expect(await world.snapshot()).toBe(before);
      const opened = await world.invoke('gemeente', 'voorstel.reactieperiode.open', {
        voorstelId: id,
        days: '7',
        shortReason: 'De aanbesteding start op 1 april; later reageren kan niet meer.',
      });
      expect(opened.text).toContain('Reactieperiode geopend');
      expect((await repo.get(id))?.value.reactionWindow?.shortReason).toContain('De aanbesteding start');
      const shown = await world.invoke('niet-lid-aanbieder', 'voorstel.show', { voorstelId: id });
      expect(shown.text).toContain('Kortere reactieperiode, reden');
      expect(shown.text).toContain('De aanbesteding start op 1 april');
      const trail = await world.bot.bot.registry.listAudit(`voorstel-${id}`);
      expect(trail.find((e) => e.action === 'reactieperiode.geopend')?.details.shortReason).toContain(
        'De aanbesteding start',
      );
    });

    it('fourteen days or more need no reason', async () => {
      const id = await concept();
      const opened = await world.invoke('gemeente', 'voorstel.reactieperiode.open', {
        voorstelId: id,
        days: '14',
      });
      expect(opened.text).toContain('Reactieperiode geopend');
      expect(opened.text).not.toContain('Kortere reactieperiode');
    });
  });

  describe('ontwikkeltafels are set up by the Overlegtafel, by voorstel [000 §2]', () => {
    const form = (trekkers: string) => ({
      title: 'Wachttijden Jeugd',
      summary: 'Een ontwikkeltafel die de wachttijden in de jeugdhulp terugdringt.',
      text: 'De tafel brengt de wachttijden in kaart en stelt maatregelen voor.',
      link: '',
      type: 'ontwikkeltafel',
      percelen: '3',
      origin: 'overlegtafel',
      tafelOpdracht: 'Breng de wachttijden per aanbieder in kaart.',
      tafelDoel: 'Elke jeugdige start binnen 14 werkdagen.',
      tafelTrekkers: trekkers,
    });

    it('a voorstel "ontwikkeltafel instellen" becomes a table once the bestuur adopts it', async () => {
      const gemeente = await world.actor('gemeente');
      const trekkerId = world.personId('trekker-deze-tafel');
      const offered = await world.invoke('gemeente', 'voorstel.new');
      expect(offered.text).toContain("Alleen bij 'Ontwikkeltafel instellen'");
      expect(offered.text).toContain('Tineke Trekker');
      const submitted = await world.invoke(
        'gemeente',
        'voorstel.submit',
        form(trekkerId),
        'tafel-voorstel-1',
      );
      expect(submitted.text).toContain('Voorstel ingediend');
      expect(submitted.text).toContain('Elke jeugdige start binnen 14 werkdagen.');
      const id = (await repo.list()).find((v) => v.type === 'ontwikkeltafel')?.id ?? '';
      expect((await repo.get(id))?.value.tafel?.trekkers).toEqual([
        { personId: trekkerId, name: 'Tineke Trekker', organisationId: null },
      ]);
      // The vote, as the Overlegtafel takes it (see the voorstellen tests), through the service.
      await world.at(plusDays(-40), async () =>
        must(await voorstellen().openReactieperiode(gemeente, id, 14)),
      );
      await world.at(plusDays(-20), async () =>
        must(await voorstellen().openStemming(gemeente, id, plusDays(-2))),
      );
      must(await voorstellen().closeStemming(gemeente, id));
      must(
        await voorstellen().decide(gemeente, id, 'aannemen', 'Geen bezwaren van de partijen die stemden.'),
      );
      const tafelId = tafelIdFor(`voorstel:${id}`);
      const tafels = new OntwikkeltafelsRepository(world.bot.bot.db);
      expect(await tafels.getTafel(tafelId)).toBeUndefined();

      const adopted = await world.invoke('gemeente', 'voorstel.vaststelling', {
        voorstelId: id,
        outcome: 'vastgesteld',
        adoptionReason: 'Het college stemt in met het instellen van de tafel.',
        decisionDate: localDate(BASE),
      });
      expect(adopted.text).toContain('Besluit van het bestuur vastgelegd');
      const tafel = (await tafels.getTafel(tafelId))?.value;
      expect(tafel).toMatchObject({
        name: 'Wachttijden Jeugd',
        opdracht: 'Breng de wachttijden per aanbieder in kaart.',
        doel: 'Elke jeugdige start binnen 14 werkdagen.',
        percelen: [3],
        trekkerPersonIds: [trekkerId],
        start: localDate(BASE),
        origin: { kind: 'voorstel', voorstelId: id },
      });
      // Alfa (percelen 1 and 3) is invited; Gamma (4) is not.
      expect(await recipients(`${tafelId}-uitnodiging`)).toEqual(
        ids(EMAILS['lid-contactpersoon'], EMAILS['lid-vervanger']),
      );
      const trail = await world.bot.bot.registry.listAudit(`ontwikkeltafel-${tafelId}`);
      expect(trail.find((e) => e.action === 'ontwikkeltafel.ingesteld')?.details).toMatchObject({
        origin: 'voorstel',
        voorstelId: id,
      });
      const shown = await world.invoke('lid-contactpersoon', 'voorstel.show', { voorstelId: id });
      expect(shown.text).toContain('Met dit voorstel is de ontwikkeltafel "Wachttijden Jeugd" ingesteld.');
      expect(JSON.stringify(shown.card)).toContain(tafelId);
      const table = await world.invoke('trekker-deze-tafel', 'ontwikkeltafel.show', { tafelId });
      expect(table.text).toContain('Wachttijden Jeugd');
    });

    it('a provider proposes only its own colleagues as trekkers; another person’s id is not accepted', async () => {
      const offered = await world.invoke('lid-contactpersoon', 'voorstel.new');
      expect(offered.text).toContain('Victor Alfa');
      expect(offered.text).not.toContain('Tineke Trekker');
      const before = await world.snapshot();
      const tampered = await world.invoke('lid-contactpersoon', 'voorstel.submit', {
        ...form(world.personId('trekker-deze-tafel')),
        organisationId: 'org-alfa',
      });
      expect(tampered.text).toContain('Wijs minstens één trekker aan voor de ontwikkeltafel.');
      expect(await world.snapshot()).toBe(before);
      const own = await world.invoke('lid-contactpersoon', 'voorstel.submit', {
        ...form(world.personId('lid-vervanger')),
        organisationId: 'org-alfa',
      });
      expect(own.text).toContain('Voorstel ingediend');
    });

    it('the gemeente may still set a table up directly, but only with a reason kept in the audit trail', async () => {
      const data = {
        name: 'Huishoudelijke hulp',
        opdracht: 'Breng de vraag naar huishoudelijke hulp in kaart.',
        doel: 'Geen wachtlijst voor huishoudelijke hulp.',
        percelen: '1',
        trekkers: world.personId('trekker-andere-tafel'),
        start: localDate(BASE),
        expectedEnd: '2028-06-30',
        periodEnds: '30-06, 31-12',
        graceDays: '30',
        reminderDays: '14, 3',
      };
      const before = await world.snapshot();
      const refused = await world.invoke('gemeente', 'ontwikkeltafel.create', data);
      expect(refused.text).toContain('Wilt u er direct een instellen, geef dan de reden');
      expect(await world.snapshot()).toBe(before);
      const reason = 'De Overlegtafel vergadert pas in oktober; de wachtlijst groeit nu.';
      const created = await world.invoke('gemeente', 'ontwikkeltafel.create', { ...data, reason });
      expect(created.text).toContain('Ontwikkeltafel ingesteld');
      const tafelId = /"tafelId":"(ot-[0-9a-f]+)"/.exec(JSON.stringify(created.card))![1]!;
      const trail = await world.bot.bot.registry.listAudit(`ontwikkeltafel-${tafelId}`);
      expect(trail.find((e) => e.action === 'ontwikkeltafel.ingesteld')?.details).toMatchObject({
        origin: 'direct',
        reason,
      });
      expect((await new OntwikkeltafelsRepository(world.bot.bot.db).getTafel(tafelId))?.value.origin).toEqual(
        {
          kind: 'direct',
          reason,
        },
      );
    });
  });

  it('a pilot’s result becomes a voorstel in one step, pre-filled and linked both ways [002 art. 10.5]', async () => {
    const pilots = new SignalenRepository(world.bot.bot.db);
    const pilotId = await world.at(plusDays(-60), async () => {
      await world.invoke('lid-contactpersoon', 'pilot.indienen', {
        organisationId: 'org-alfa',
        title: 'Gezinscoach in de huisartsenpraktijk',
        start: localDate(plusDays(-50)),
        end: localDate(plusDays(-5)),
        participantIds: '',
        innovation: 'Een gezinscoach werkt in de praktijk van de huisarts.',
        researchQuestion: 'Daalt het aantal verwijzingen naar specialistische hulp?',
        expectedResult: 'Een vergelijking met dezelfde periode een jaar eerder.',
        deviation: '',
      });
      const id = (await pilots.listPilots()).find(
        (p) => p.title === 'Gezinscoach in de huisartsenpraktijk',
      )?.id;
      await world.invoke('gemeente', 'pilot.besluit', { pilotId: id, besluit: 'instemming', reason: '' });
      return id ?? '';
    });
    const early = await world.invoke('lid-contactpersoon', 'pilot.voorstel', { pilotId });
    expect(early.text).toContain('Leg eerst het resultaat van de pilot vast');
    await world.invoke('lid-contactpersoon', 'pilot.voortgang', {
      pilotId,
      startedOn: localDate(plusDays(-50)),
      endedOn: localDate(plusDays(-5)),
      result: 'Het aantal verwijzingen daalde met een kwart ten opzichte van een jaar eerder.',
    });
    const pilotCard = await world.invoke('lid-contactpersoon', 'pilot.open', { pilotId });
    expect(pilotCard.text).toContain('Maak een voorstel van het resultaat');

    const made = await world.invoke('lid-contactpersoon', 'pilot.voorstel', { pilotId });
    expect(made.text).toContain('Voorstel gemaakt van de pilot');
    expect(made.text).toContain('Resultaat pilot: Gezinscoach in de huisartsenpraktijk');
    expect(made.text).toContain('Bekijk het voorstel van deze pilot');
    const voorstelId = (await pilots.getPilot(pilotId))?.value.voorstelId ?? '';
    const voorstel = (await repo.get(voorstelId))?.value;
    expect(voorstel).toMatchObject({
      status: 'concept',
      type: 'pilot',
      percelen: [1, 3],
      summary: 'Het aantal verwijzingen daalde met een kwart ten opzichte van een jaar eerder.',
      submittedBy: { organisationId: 'org-alfa' },
      source: { kind: 'pilot', pilotId, organisationIds: ['org-alfa'] },
    });
    expect(voorstel?.text).toContain('Onderzoeksvraag: Daalt het aantal verwijzingen');
    // Once per pilot: a second click finds the same voorstel.
    await world.invoke('gemeente', 'pilot.voorstel', { pilotId });
    expect((await repo.list()).filter((v) => v.source?.pilotId === pilotId)).toHaveLength(1);
    const shown = await world.invoke('lid-vervanger', 'voorstel.show', { voorstelId });
    expect(shown.text).toContain('Uit pilot');
    expect(shown.text).toContain('Bekijk de pilot');
    expect(JSON.stringify(shown.card)).toContain(pilotId);
    const trail = await world.bot.bot.registry.listAudit(`pilot-${pilotId}`);
    expect(trail.find((e) => e.action === 'pilot.voorstel')?.details).toEqual({ voorstelId });
  });

  it('a partner from the voorliggend veld takes part in a table as a guest, without a vote [000 §2]', async () => {
    const registry = world.bot.bot.registry;
    await registry.createOrganisation(
      {
        ...ORGANISATIONS.gamma,
        id: 'org-welzijn',
        name: 'Welzijn Rivierland',
        percelen: [],
        contracted: false,
      },
      null,
    );
    await registry.createPerson(
      {
        name: 'Wim Welzijn',
        email: 'wim@welzijn.example',
        phone: null,
        aadObjectId: null,
        memberships: [{ organisationId: 'org-welzijn', role: 'contactpersoon' }],
        isAdmin: false,
      },
      null,
    );
    const wim = teamsUser('7990');
    world.bot.connector.members.set(wim.id, { ...wim, email: 'wim@welzijn.example' });
    const asWim = async (verb: string, data: Record<string, unknown>) =>
      cardText(
        invokeCard(
          (
            await world.bot.post(
              actionExecuteActivity({ serviceUrl: world.bot.connector.serviceUrl, user: wim, verb, data }),
            )
          ).body,
        ),
      );
    const tafelId = must(
      await ontwikkeltafelsServiceFor(world.bot.bot.services).createTafel(
        await world.actor('gemeente'),
        {
          name: 'Eenzaamheid onder ouderen',
          opdracht: 'Breng in kaart waar ouderen hulp missen.',
          doel: 'Minder eenzaamheid in de wijk.',
          percelen: '2',
          trekkerIds: [world.personId('trekker-andere-tafel')],
          start: localDate(BASE),
          expectedEnd: '2028-12-31',
          periodEnds: '30-06, 31-12',
          graceDays: '30',
          reminderDays: '14, 3',
          reason: 'Het welzijnswerk vroeg erom; de Overlegtafel vergadert pas in het najaar.',
        },
        'guest-table',
      ),
    ).tafel.id;
    expect(await asWim('ontwikkeltafel.show', { tafelId })).toContain('bestaat niet');

    const offered = await world.invoke('gemeente', 'ontwikkeltafel.show', { tafelId });
    expect(offered.text).toContain('Gast toevoegen');
    expect(offered.text).toContain('Welzijn Rivierland');
    const contracted = await world.invoke('gemeente', 'ontwikkeltafel.gast.toevoegen', {
      tafelId,
      guestOrganisationId: 'org-alfa',
    });
    expect(contracted.text).toContain('Alfa Zorg is geen partner uit het voorliggend veld');
    const added = await world.invoke('gemeente', 'ontwikkeltafel.gast.toevoegen', {
      tafelId,
      guestOrganisationId: 'org-welzijn',
    });
    expect(added.text).toContain('Welzijn Rivierland doet als gast mee aan Eenzaamheid onder ouderen.');
    const trail = await registry.listAudit(`ontwikkeltafel-${tafelId}`);
    expect(trail.find((e) => e.action === 'ontwikkeltafel.gast-toegevoegd')?.details).toEqual({
      organisationId: 'org-welzijn',
    });
    for (const role of ['lid-contactpersoon', 'trekker-andere-tafel'] as const) {
      expect(
        (
          await world.invoke(role, 'ontwikkeltafel.gast.toevoegen', {
            tafelId,
            guestOrganisationId: 'org-welzijn',
          })
        ).text,
      ).toContain('geen toestemming');
    }

    // The guest now sees the table; it is no party at the Overlegtafel and cannot submit or react.
    const seen = await asWim('ontwikkeltafel.show', { tafelId });
    expect(seen).toContain('Eenzaamheid onder ouderen');
    expect(seen).toContain('Welzijn Rivierland');
    const parties = await voorstellen().parties(BASE);
    expect(parties.parties.map((p) => p.organisationId)).not.toContain('org-welzijn');
    expect(await asWim('voorstel.new', {})).toContain('geen toestemming');
  });
});
