import { actionExecuteActivity, messageActivity, teamsUser, type TeamsUser } from '../support/activities';
import { attachmentCard, cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLotteryExport } from '../../src/cli/lotteryExport';
import { runLotteryVerify } from '../../src/cli/lotteryVerify';
import { commitmentOf, seedFromCommitReveal, verifyDrawRecord } from '../../src/domain/lottery';
import { reseal } from '../unit/lottery/support';
import type { Organisation } from '../../src/domain/registry/registry';
import { currentOverlegtafelMembers, InschrijvingRepository } from '../../src/storage/inschrijvingRepository';

/**
 * Issue 4 end to end through the real bot: the gemeente opens a round (the invitation is queued for every contact
 * of every contracted aanbieder), contacts register, change and withdraw until the deadline second, the gemeente
 * draws after it, changes the composition with a reason and publishes it in three broadcasts. Everyone else is
 * refused and changes nothing.
 */

const aanbieder = (
  id: string,
  name: string,
  percelen: Organisation['percelen'],
  contracted = true,
): Organisation => ({
  id,
  name,
  type: 'aanbieder',
  percelen,
  grootte: 'klein',
  herkomst: 'lokaal',
  kvkNumber: null,
  contracted,
});

const ALFA = aanbieder('org-alfa', 'Alfa Zorg', [1, 2]);
const BETA = {
  ...aanbieder('org-beta', 'Beta Jeugdhulp', [3]),
  grootte: 'groot' as const,
  herkomst: 'regionaal' as const,
};
const GAMMA = { ...aanbieder('org-gamma', 'Gamma Dyslexie', [5]), grootte: 'middel' as const };
const ENDED = aanbieder('org-oud', 'Oud Contract', [1], false);

// Deadline 2027-01-15 12:00 in Amsterdam (winter time): 11:00:00Z.
const DEADLINE = new Date('2027-01-15T11:00:00.000Z');
const OPEN_2027 = {
  year: 2027,
  deadlineDate: '2027-01-15',
  deadlineTime: '12:00',
  seats: 12,
  minimum1: 2,
  minimum2: 2,
  minimum3: 2,
  minimum4: 2,
  minimum5: 1,
  differentGrootte: 'true',
  atLeastOneLokaal: 'true',
  minimumReturning: 3,
  minimumNewcomers: 3,
  seedSource: 'slotkoers AEX op 16 januari 2027',
  publicValueDate: '2027-01-16',
};

describe('the Overlegtafel registration round over HTTP', () => {
  let bot: TestBot;
  let clock = new Date('2026-11-02T09:00:00Z');
  const admin = teamsUser('40');
  const karim = teamsUser('41'); // contactpersoon Alfa
  const vera = teamsUser('42'); // vervanger Alfa
  const bert = teamsUser('43'); // contactpersoon Beta
  const multi = teamsUser('44'); // vervanger Beta and contactpersoon Gamma
  const stranger = teamsUser('45');
  const oud = teamsUser('46'); // contact of an aanbieder whose contract ended

  const send = (user: TeamsUser, verb: string, data: unknown = {}) =>
    bot.post(actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data }));
  const cardOf = async (user: TeamsUser, verb: string, data: unknown = {}) => {
    const response = await send(user, verb, data);
    expect(response.status).toBe(200);
    return invokeCard(response.body);
  };
  const textOf = async (user: TeamsUser, verb: string, data: unknown = {}) =>
    cardText(await cardOf(user, verb, data));
  const say = async (user: TeamsUser, text: string) => {
    bot.connector.reset();
    await bot.post(messageActivity({ serviceUrl: bot.connector.serviceUrl, user, text }));
    return cardText(attachmentCard(bot.connector.sentActivities()[0]));
  };
  const repo = () => new InschrijvingRepository(bot.bot.db);
  const deliveries = () => new DeliveryRepository(bot.bot.db);
  const snapshot = async () => {
    const rounds = await repo().rounds.query('SELECT * FROM c');
    const registrations = await repo().registrations.query('SELECT * FROM c');
    return JSON.stringify({ rounds, registrations });
  };
  const recipientNames = async (broadcastId: string) =>
    (await deliveries().recipients(broadcastId)).map((r) => r.value.name).sort();
  const registrationData = (organisationId: string, changes: Record<string, string> = {}) => ({
    roundId: 'ronde-2027',
    organisationId,
    etag: '',
    perceel: '1',
    grootte: 'klein',
    herkomst: 'lokaal',
    contactpersoonName: 'Karim',
    contactpersoonEmail: 'karim@alfa.example',
    contactpersoonPhone: '',
    vervangerName: 'Vera',
    vervangerEmail: 'vera@alfa.example',
    vervangerPhone: '',
    motivation: 'Wij brengen de ervaring van een kleine lokale aanbieder mee.',
    ...changes,
  });
  const etagIn = (card: unknown, organisationId: string): string => {
    const match = new RegExp(`"organisationId":"${organisationId}","etag":"((?:[^"\\\\]|\\\\.)*)"`).exec(
      JSON.stringify(card),
    );
    return match ? (JSON.parse(`"${match[1]}"`) as string) : '';
  };

  beforeAll(async () => {
    bot = await startTestBot(
      { ALLOWED_TENANT_IDS: '11111111-2222-3333-4444-555555555555' },
      { now: () => clock },
    );
    const registry = bot.bot.registry;
    for (const organisation of [ALFA, BETA, GAMMA, ENDED])
      await registry.createOrganisation(organisation, null);
    const person = async (
      name: string,
      email: string,
      memberships: Array<[string, 'contactpersoon' | 'vervanger']>,
    ) =>
      registry.createPerson(
        {
          name,
          email,
          phone: null,
          aadObjectId: null,
          isAdmin: false,
          memberships: memberships.map(([organisationId, role]) => ({ organisationId, role })),
        },
        null,
      );
    await person('Karim', 'karim@alfa.example', [['org-alfa', 'contactpersoon']]);
    await person('Vera', 'vera@alfa.example', [['org-alfa', 'vervanger']]);
    await person('Bert', 'bert@beta.example', [['org-beta', 'contactpersoon']]);
    await person('Mila', 'mila@multi.example', [
      ['org-beta', 'vervanger'],
      ['org-gamma', 'contactpersoon'],
    ]);
    await person('Olaf', 'olaf@oud.example', [['org-oud', 'contactpersoon']]);
    for (const [user, email] of [
      [admin, 'beheer@gemeente.example'],
      [karim, 'karim@alfa.example'],
      [vera, 'vera@alfa.example'],
      [bert, 'bert@beta.example'],
      [multi, 'mila@multi.example'],
      [stranger, 'onbekend@elders.example'],
      [oud, 'olaf@oud.example'],
    ] as const) {
      bot.connector.members.set(user.id, { ...user, email });
    }
  });
  afterAll(() => bot.stop());

  it('refuses round management to contacts and unknown users, and changes nothing', async () => {
    const before = await snapshot();
    for (const user of [karim, stranger]) {
      for (const [verb, data] of [
        ['ronde.overzicht', {}],
        ['ronde.nieuw', {}],
        [
          'ronde.openen',
          { year: '2027', deadlineDate: '2027-01-15', deadlineTime: '12:00', seedSource: 'AEX' },
        ],
        ['ronde.loting', { roundId: 'ronde-2027', seed: 'x' }],
        ['ronde.publiceren', { roundId: 'ronde-2027' }],
        ['ronde.samenstelling.wijzigen', { roundId: 'ronde-2027', remove: 'org-alfa', reason: 'Kaping' }],
      ] as const) {
        expect(await textOf(user, verb, data)).toContain('U heeft geen toestemming voor deze actie.');
      }
    }
    const refused = await say(karim, 'ronde');
    expect(refused).toContain('U heeft geen toestemming');
    // ... and why, with what a contact can do instead.
    expect(refused).toContain('Alleen de gemeente beheert de inschrijfronde');
    expect(refused).toContain("Typ dan 'inschrijven'");
    expect(await snapshot()).toBe(before);
  });

  it('shows the gemeente the form to open a round, with the default framework', async () => {
    const text = await say(admin, 'ronde');
    expect(text).toContain('Inschrijfronde Overlegtafel openen');
    expect(text).toContain('Verdelingskader');
    const form = JSON.stringify(attachmentCard(bot.connector.sentActivities()[0]));
    expect(form).toContain('"id":"seats","label":"Aantal zetels voor aanbieders (maximaal)"');
    expect(form).toContain('"value":12');
  });

  it('shows the form again with Dutch messages for bad input, and stores nothing', async () => {
    const before = await snapshot();
    const text = await textOf(admin, 'ronde.openen', {
      year: '2027',
      deadlineDate: '2026-10-01',
      deadlineTime: '12:00',
      seats: '12',
      minimum1: '2',
      minimum2: '2',
      minimum3: '2',
      minimum4: '2',
      minimum5: '9',
      differentGrootte: 'true',
      atLeastOneLokaal: 'true',
      minimumReturning: '3',
      minimumNewcomers: '3',
      seedSource: '',
      publicValueDate: '2026-12-01',
    });
    expect(text).toContain('De sluitingstermijn moet in de toekomst liggen.');
    expect(text).toContain('meer dan de 12 zetels');
    expect(text).toContain('Noem de openbare waarde waarmee de seed wordt gemaakt');
    expect(await snapshot()).toBe(before);
  });

  it('refuses a round whose public value is known on or before the deadline, and stores nothing', async () => {
    const before = await snapshot();
    for (const publicValueDate of ['2026-12-01', '2027-01-15']) {
      const text = await textOf(admin, 'ronde.openen', {
        ...OPEN_2027,
        seedSource: 'slotkoers AEX op 1 december 2026',
        publicValueDate,
      });
      expect(text).toContain('De openbare waarde moet bekend worden ná de sluitingstermijn');
      expect(text).toContain('Kies een datum na vrijdag 15 januari 2027');
    }
    expect(await snapshot()).toBe(before);
  });

  it('opens the round and queues the invitation for every contact of every contracted aanbieder', async () => {
    const text = await textOf(admin, 'ronde.openen', OPEN_2027);
    expect(text).toContain('Inschrijving Overlegtafel 2027');
    expect(text).toContain('De uitnodiging gaat naar 4 contactpersonen en vervangers');
    expect(text).toContain('vrijdag 15 januari 2027 om 12:00');
    const round = await repo().getRound('ronde-2027');
    expect(round?.value.deadline).toBe(DEADLINE.toISOString());
    const secret = await repo().getRoundSecret('ronde-2027');
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(round?.value.seed).toMatchObject({ mode: 'toezegging', commitment: commitmentOf(secret!) });
    expect(text).toContain(`toezegging: Tafelbot legde een geheim vast met SHA-256 ${commitmentOf(secret!)}`);
    expect(text).toContain('"slotkoers AEX op 16 januari 2027" van 2027-01-16');

    const job = await deliveries().getJob('ronde-2027-uitnodiging');
    expect(job?.value.topic).toBe('inschrijving.uitnodiging');
    expect(await recipientNames('ronde-2027-uitnodiging')).toEqual(['Bert', 'Karim', 'Mila', 'Vera']);
    const invitation = JSON.stringify(job?.value.message.card);
    expect(invitation).toContain('Uitnodiging: schrijf u in voor de Overlegtafel 2027');
    expect(invitation).toContain(commitmentOf(secret!));
    expect(invitation).toContain('"verb":"inschrijving.status"');
    expect(invitation).toContain('"data":{"roundId":"ronde-2027"}');

    const again = await textOf(admin, 'ronde.uitnodiging', { roundId: 'ronde-2027' });
    expect(again).toContain('De uitnodiging was al verstuurd (4 ontvangers)');
    expect(await recipientNames('ronde-2027-uitnodiging')).toHaveLength(4);
  });

  it('refuses a second round for the same year', async () => {
    const before = await snapshot();
    const text = await textOf(admin, 'ronde.openen', {
      year: '2027',
      deadlineDate: '2027-02-01',
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
      seedSource: 'slotkoers AEX op 2 februari 2027',
      publicValueDate: '2027-02-02',
    });
    expect(text).toContain('Voor 2027 is al een inschrijfronde geopend. Er is niets gewijzigd.');
    expect(await snapshot()).toBe(before);
  });

  it('gives a contact of one organisation the registration form, pre-filled from the registry', async () => {
    clock = new Date('2026-12-01T10:00:00Z');
    const form = await cardOf(karim, 'inschrijving.status', { roundId: 'ronde-2027' });
    const text = cardText(form);
    expect(text).toContain('Inschrijven voor de Overlegtafel 2027');
    expect(text).toContain('Alfa Zorg');
    const json = JSON.stringify(form);
    expect(json).toContain('"id":"contactpersoonName","label":"Naam","isRequired":true');
    expect(json).toContain('"value":"Karim"');
    expect(json).toContain('"value":"vera@alfa.example"');
    expect(json).toContain('"title":"2. Wmo - Algemeen","value":"2"');
    expect(json).not.toContain('"value":"5"');
  });

  it('registers the organisation and confirms it to the registrant', async () => {
    const text = await textOf(karim, 'inschrijving.opslaan', registrationData('org-alfa'));
    expect(text).toContain('Inschrijving ontvangen');
    expect(text).toContain('Alfa Zorg is ingeschreven voor de Overlegtafel 2027');
    expect(text).toContain('vrijdag 15 januari 2027 om 12:00');
    const stored = await repo().getRegistration('ronde-2027', 'org-alfa');
    expect(stored?.value).toMatchObject({
      perceel: 1,
      status: 'ingeschreven',
      organisationName: 'Alfa Zorg',
    });
  });

  it('refuses a second registration of the same organisation, by its other contact, without duplicating it', async () => {
    const before = await snapshot();
    const text = await textOf(vera, 'inschrijving.opslaan', registrationData('org-alfa', { perceel: '2' }));
    expect(text).toContain(
      'Alfa Zorg is al ingeschreven voor de Overlegtafel 2027. Er is niets dubbel opgeslagen',
    );
    expect(await snapshot()).toBe(before);
  });

  it('refuses someone who is not a contact of that organisation, an unknown user and an ended contract', async () => {
    const before = await snapshot();
    for (const [user, organisationId] of [
      [bert, 'org-alfa'],
      [stranger, 'org-alfa'],
      [oud, 'org-oud'],
      [admin, 'org-alfa'],
    ] as const) {
      for (const verb of ['inschrijving.opslaan', 'inschrijving.intrekken', 'inschrijving.formulier']) {
        const text = await textOf(user, verb, registrationData(organisationId, { etag: '"x"' }));
        expect(text).toMatch(
          /U bent (geen contactpersoon of vervanger van deze organisatie|niet bekend bij Tafelbot)/,
        );
      }
    }
    expect(await say(stranger, 'inschrijven')).toContain('U bent (nog) niet bekend bij Tafelbot');
    expect(await say(oud, 'inschrijven')).toContain(
      'U bent geen contactpersoon of vervanger van een gecontracteerde aanbieder',
    );
    expect(await snapshot()).toBe(before);
  });

  it('answers an unknown perceel and bad contact details on the form, and stores nothing', async () => {
    const before = await snapshot();
    const text = await textOf(bert, 'inschrijving.opslaan', {
      ...registrationData('org-beta'),
      perceel: '7',
      contactpersoonEmail: 'geen-adres',
      motivation: 'x'.repeat(1001),
    });
    expect(text).toContain("Perceel '7' bestaat niet. Kies perceel 1 tot en met 5.");
    expect(text).toContain('Vul een geldig e-mailadres van de contactpersoon in');
    expect(text).toContain('De motivatie is te lang: 1001 tekens, maximaal 1000.');
    const notContracted = await textOf(
      bert,
      'inschrijving.opslaan',
      registrationData('org-beta', { perceel: '1' }),
    );
    expect(notContracted).toContain('Beta Jeugdhulp is niet gecontracteerd voor perceel 1');
    expect(await snapshot()).toBe(before);
  });

  it('lets a contact of two organisations choose, and register each', async () => {
    const text = await say(multi, 'inschrijven');
    expect(text).toContain('Beta Jeugdhulp');
    expect(text).toContain('Gamma Dyslexie');
    expect(text).toContain('Niet ingeschreven');
    const beta = await textOf(
      multi,
      'inschrijving.opslaan',
      registrationData('org-beta', {
        perceel: '3',
        grootte: 'groot',
        herkomst: 'regionaal',
        contactpersoonEmail: 'bert@beta.example',
      }),
    );
    expect(beta).toContain('Beta Jeugdhulp is ingeschreven');
    const gamma = await textOf(
      multi,
      'inschrijving.opslaan',
      registrationData('org-gamma', {
        perceel: '5',
        grootte: 'middel',
        contactpersoonEmail: 'mila@multi.example',
      }),
    );
    expect(gamma).toContain('Gamma Dyslexie is ingeschreven');
    expect(gamma).toContain('Beta Jeugdhulp');
  });

  it('refuses a change from a stale card: the other contact changed it first', async () => {
    const status = await cardOf(karim, 'inschrijving.status', { roundId: 'ronde-2027' });
    const staleEtag = etagIn(status, 'org-alfa');
    expect(staleEtag).toBeTruthy();
    const edited = await textOf(
      vera,
      'inschrijving.opslaan',
      registrationData('org-alfa', { etag: staleEtag, perceel: '2' }),
    );
    expect(edited).toContain('Inschrijving gewijzigd');
    const late = await textOf(
      karim,
      'inschrijving.opslaan',
      registrationData('org-alfa', { etag: staleEtag, perceel: '1' }),
    );
    expect(late).toContain('Iemand anders was u voor');
    expect((await repo().getRegistration('ronde-2027', 'org-alfa'))?.value.perceel).toBe(2);
  });

  it('shows the gemeente a live overview with counts per perceel, grootte and herkomst and who registered', async () => {
    const overview = await cardOf(admin, 'ronde.overzicht', { roundId: 'ronde-2027' });
    const text = cardText(overview);
    expect(text).toContain('Inschrijvingen per perceel, grootte en herkomst');
    for (const name of ['Alfa Zorg', 'Beta Jeugdhulp', 'Gamma Dyslexie']) expect(text).toContain(name);
    expect(JSON.stringify(overview)).toContain('"type":"Table"');
    expect(text).not.toContain('Loting uitvoeren');
  });

  it('refuses the draw before the deadline', async () => {
    const before = await snapshot();
    const text = await textOf(admin, 'ronde.loting', { roundId: 'ronde-2027', seed: '912,37' });
    expect(text).toContain('De loting kan pas na de sluitingstermijn');
    expect(await textOf(admin, 'ronde.loting.formulier', { roundId: 'ronde-2027' })).toContain(
      'pas na de sluitingstermijn',
    );
    expect(await snapshot()).toBe(before);
  });

  it('accepts a withdrawal and a new registration at the deadline second, and refuses both one second after', async () => {
    clock = new Date(DEADLINE.getTime() + 500);
    const status = await cardOf(multi, 'inschrijving.status', { roundId: 'ronde-2027', show: 'status' });
    const withdrawn = await textOf(multi, 'inschrijving.intrekken', {
      roundId: 'ronde-2027',
      organisationId: 'org-gamma',
      etag: etagIn(status, 'org-gamma'),
    });
    expect(withdrawn).toContain('De inschrijving van Gamma Dyslexie is ingetrokken');
    const back = await textOf(
      multi,
      'inschrijving.opslaan',
      registrationData('org-gamma', {
        perceel: '5',
        grootte: 'middel',
        contactpersoonEmail: 'mila@multi.example',
        etag: etagIn(await cardOf(multi, 'inschrijving.status', { roundId: 'ronde-2027' }), 'org-gamma'),
      }),
    );
    expect(back).toContain('Gamma Dyslexie is ingeschreven');

    clock = new Date(DEADLINE.getTime() + 1000);
    const before = await snapshot();
    const late = await textOf(
      karim,
      'inschrijving.opslaan',
      registrationData('org-alfa', { etag: '', perceel: '1' }),
    );
    expect(late).toContain('De inschrijving is gesloten');
    expect(late).toContain(
      'De inschrijving voor de Overlegtafel 2027 is gesloten sinds vrijdag 15 januari 2027 om 12:00. Inschrijven, wijzigen of intrekken kan niet meer.',
    );
    const lateWithdrawal = await textOf(karim, 'inschrijving.intrekken', {
      roundId: 'ronde-2027',
      organisationId: 'org-alfa',
    });
    expect(lateWithdrawal).toContain('is gesloten sinds');
    expect(
      await textOf(karim, 'inschrijving.formulier', { roundId: 'ronde-2027', organisationId: 'org-alfa' }),
    ).toContain('is gesloten sinds');
    expect(await say(karim, 'inschrijven')).toContain('De inschrijving is gesloten.');
    expect(await snapshot()).toBe(before);
  });

  it('reveals the secret nowhere before the draw: no card, page, export, audit entry or round document', async () => {
    const secret = (await repo().getRoundSecret('ronde-2027'))!;
    const seen: string[] = [
      JSON.stringify(await cardOf(admin, 'ronde.overzicht', { roundId: 'ronde-2027' })),
      JSON.stringify(await cardOf(admin, 'ronde.loting.formulier', { roundId: 'ronde-2027' })),
      JSON.stringify(await cardOf(karim, 'inschrijving.status', { roundId: 'ronde-2027' })),
      JSON.stringify((await deliveries().getJob('ronde-2027-uitnodiging'))?.value),
      await snapshot(),
      JSON.stringify(await bot.bot.registry.listAudit('ronde-2027')),
    ];
    for (const path of ['/openbaar', '/openbaar/toezeggingen', '/openbaar/loting-controle']) {
      const response = await fetch(`${bot.url}${path}`);
      expect(response.status).toBe(200);
      seen.push(await response.text());
    }
    expect(seen.at(-2)).toContain(commitmentOf(secret));
    const exported: string[] = [];
    const exitCode = await runLotteryExport(['ronde-2027'], bot.bot.db, {
      out: (t) => exported.push(t),
      err: (l) => exported.push(l),
    });
    expect(exitCode).toBe(1);
    seen.push(...exported);
    for (const text of seen) expect(text).not.toContain(secret);
  });

  it('runs the draw after the deadline with the announced value and shows the outcome', async () => {
    const form = await textOf(admin, 'ronde.loting.formulier', { roundId: 'ronde-2027' });
    expect(form).toContain('slotkoers AEX op 16 januari 2027');
    const missing = await textOf(admin, 'ronde.loting', { roundId: 'ronde-2027', seed: '' });
    expect(missing).toContain('De seed ontbreekt');
    expect((await repo().getRound('ronde-2027'))?.value.status).toBe('open');

    const outcome = await cardOf(admin, 'ronde.loting', { roundId: 'ronde-2027', seed: '912,37' });
    const text = cardText(outcome);
    expect(text).toContain('Uitkomst loting Overlegtafel 2027');
    expect(text).toContain('912,37');
    expect(text).toContain('Samenstelling per perceel');
    expect(text).toContain(
      'Perceel 4: minimaal 2 aanbieders vereist, maar er is geen inschrijving voor dit perceel',
    );
    expect(text).toContain('Kans op selectie per inschrijver');
    expect(text).toContain('100,0%');
    const record = await repo().getDrawRecord('ronde-2027');
    expect(verifyDrawRecord(JSON.parse(JSON.stringify(record)))).toEqual({
      valid: true,
      committed: true,
      problems: [],
    });
    const secret = (await repo().getRoundSecret('ronde-2027'))!;
    expect(record?.seedCommitment).toMatchObject({
      commitment: commitmentOf(secret),
      secret,
      publicValue: '912,37',
      publicValueDate: '2027-01-16',
    });
    expect(record?.seed).toBe(seedFromCommitReveal(secret, '912,37'));
    expect(record?.deviations).toEqual([]);
    expect(record?.registrations.map((r) => r.organisationId).sort()).toEqual([
      'org-alfa',
      'org-beta',
      'org-gamma',
    ]);
    expect(JSON.stringify(record)).not.toContain('@');
    expect(record?.seedSource).toContain('slotkoers AEX op 16 januari 2027');

    const again = await cardOf(admin, 'ronde.loting', { roundId: 'ronde-2027', seed: 'andere waarde' });
    expect(cardText(again)).toContain(record!.recordSha256);
    expect((await repo().getDrawRecord('ronde-2027'))?.recordSha256).toBe(record?.recordSha256);
  });

  it('has a record that lottery:verify confirms, and refutes with a changed secret or public value', async () => {
    const record = (await repo().getDrawRecord('ronde-2027'))!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'loting-'));
    const verify = async (value: unknown) => {
      const file = path.join(dir, 'verslag.json');
      writeFileSync(file, JSON.stringify(value));
      const lines: string[] = [];
      const code = await runLotteryVerify([file, '--lang', 'nl'], {
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
      });
      return { code, text: lines.join('\n') };
    };
    try {
      const confirmed = await verify(record);
      expect(confirmed.code).toBe(0);
      expect(confirmed.text).toContain('met toezegging');
      const otherSecret = 'b'.repeat(64);
      const changedSecret = await verify(
        reseal({
          ...record,
          seedCommitment: { ...record.seedCommitment!, secret: otherSecret },
          seed: seedFromCommitReveal(otherSecret, '912,37'),
        }),
      );
      expect(changedSecret.code).toBe(1);
      expect(changedSecret.text).toContain('past niet bij de vooraf gepubliceerde toezegging');
      const changedValue = await verify(
        reseal({ ...record, seedCommitment: { ...record.seedCommitment!, publicValue: '912,38' } }),
      );
      expect(changedValue.code).toBe(1);
      expect(changedValue.text).toContain('niet afgeleid van het geheim en de openbare waarde');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changes the composition only with a reason, and only by the gemeente', async () => {
    const form = await cardOf(admin, 'ronde.samenstelling.formulier', { roundId: 'ronde-2027' });
    const etag = (/"etag":"((?:[^"\\]|\\.)*)"/.exec(JSON.stringify(form)) ?? [])[1] ?? '';
    const noReason = await textOf(admin, 'ronde.samenstelling.wijzigen', {
      roundId: 'ronde-2027',
      etag: JSON.parse(`"${etag}"`) as string,
      remove: 'org-gamma',
      reason: '',
    });
    expect(noReason).toContain('Vermeld de reden van de wijziging');
    const byContact = await textOf(karim, 'ronde.samenstelling.wijzigen', {
      roundId: 'ronde-2027',
      remove: 'org-gamma',
      reason: 'Wij willen meer plek',
    });
    expect(byContact).toContain('U heeft geen toestemming');
    expect((await repo().getRound('ronde-2027'))?.value.composition?.version).toBe(1);

    const changed = await textOf(admin, 'ronde.samenstelling.wijzigen', {
      roundId: 'ronde-2027',
      etag: JSON.parse(`"${etag}"`) as string,
      remove: 'org-gamma',
      reason: 'Gamma kan niet fysiek deelnemen dit jaar',
    });
    expect(changed).toContain('Wijzigingen door de gemeente');
    expect(changed).toContain('Gamma kan niet fysiek deelnemen dit jaar');
    const round = (await repo().getRound('ronde-2027'))?.value;
    expect(round?.composition?.version).toBe(2);
    expect(round?.composition?.members.map((m) => m.organisationId).sort()).toEqual(['org-alfa', 'org-beta']);
    const audit = await bot.bot.registry.listAudit('ronde-2027');
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'ronde.geopend',
        'inschrijving.ingediend',
        'loting.uitgevoerd',
        'samenstelling.gewijzigd',
      ]),
    );
    expect(audit.find((a) => a.action === 'samenstelling.gewijzigd')?.details.reason).toBe(
      'Gamma kan niet fysiek deelnemen dit jaar',
    );

    const stale = await textOf(admin, 'ronde.samenstelling.wijzigen', {
      roundId: 'ronde-2027',
      etag: JSON.parse(`"${etag}"`) as string,
      add: 'org-gamma',
      reason: 'Toch wel',
    });
    expect(stale).toContain('Iemand anders was u voor');
  });

  it('publishes in three broadcasts: everyone, the selected and the not selected', async () => {
    expect(await currentOverlegtafelMembers(bot.bot.db, 2027)).toEqual([]);
    const text = await textOf(admin, 'ronde.publiceren', { roundId: 'ronde-2027' });
    expect(text).toContain('Versie 2 van de samenstelling is gepubliceerd');
    expect(await recipientNames('ronde-2027-samenstelling-v2')).toEqual(['Bert', 'Karim', 'Mila', 'Vera']);
    expect(await recipientNames('ronde-2027-gekozen-v2')).toEqual(['Bert', 'Karim', 'Mila', 'Vera']);
    expect(await recipientNames('ronde-2027-niet-gekozen-v2')).toEqual(['Mila']);
    const compositionJob = (await deliveries().getJob('ronde-2027-samenstelling-v2'))?.value;
    // Someone without Teams gets it by e-mail, with a link to the public samenstelling once that is published.
    expect(compositionJob?.message.publication).toEqual({ kind: 'samenstelling', sourceId: 'ronde-2027' });
    // The personal messages link the lotingsverslag, so those (not) chosen can check the draw.
    for (const personal of ['ronde-2027-gekozen-v2', 'ronde-2027-niet-gekozen-v2'])
      expect((await deliveries().getJob(personal))?.value.message.publication).toEqual({
        kind: 'loting',
        sourceId: 'ronde-2027',
      });
    const composition = JSON.stringify(compositionJob?.message.card);
    expect(composition).toContain('Gamma kan niet fysiek deelnemen dit jaar');
    expect(composition).toContain('tafelbot-loting/2');
    expect(composition).not.toContain('karim@alfa.example');

    const members = await currentOverlegtafelMembers(bot.bot.db, 2027);
    expect(members.map((m) => m.organisationId).sort()).toEqual(['org-alfa', 'org-beta']);

    const twice = await textOf(admin, 'ronde.publiceren', { roundId: 'ronde-2027' });
    expect(twice).toContain('Deze samenstelling (versie 2) is al gepubliceerd.');
    expect(await textOf(karim, 'ronde.publiceren', { roundId: 'ronde-2027' })).toContain(
      'U heeft geen toestemming',
    );
  });

  it('lists the new commands for the roles that may use them', async () => {
    expect(await say(admin, 'help')).toContain('ronde');
    const contactHelp = await say(karim, 'help');
    expect(contactHelp).toContain('inschrijven');
    expect(contactHelp).toContain('Inschrijven Overlegtafel');
  });
});
