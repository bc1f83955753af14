import { actionExecuteActivity, teamsUser, type TeamsUser } from '../support/activities';
import { cardText, invokeCard, startTestBot, type TestBot } from '../support/botHarness';
import { DeliveryRepository } from '../../src/delivery/deliveryRepository';
import { verifyDrawRecord } from '../../src/domain/lottery';
import type { Organisation } from '../../src/domain/registry/registry';
import { drawRecordPublicView } from '../../src/public/publicViews';
import { createPublicationService } from '../../src/public/publicationService';
import { InschrijvingRepository } from '../../src/storage/inschrijvingRepository';

/**
 * Issue 18 end to end: grootte and herkomst come from the registry. A registration that claims otherwise is
 * flagged to the gemeente, the draw is refused until the gemeente confirms or corrects the registry with a reason
 * (audit trail), and the record states per registration which classification was used. The round departs from
 * Bijlage 9 (ten seats) with a stated reason, which the invitation, the record and the public lottery page show.
 */

const aanbieder = (
  id: string,
  name: string,
  grootte: 'klein' | 'middel' | 'groot',
  herkomst: 'lokaal' | 'regionaal',
): Organisation => ({
  id,
  name,
  type: 'aanbieder',
  percelen: [1, 2],
  grootte,
  herkomst,
  kvkNumber: null,
  contracted: true,
});

const DEADLINE = new Date('2027-01-15T11:00:00.000Z');
const REASON = 'Kleinere zaal in 2027: tien zetels';

describe('classification from the registry, over HTTP', () => {
  let bot: TestBot;
  let clock = new Date('2026-11-02T09:00:00Z');
  const admin = teamsUser('60');
  const contacts: Record<string, TeamsUser> = {
    'org-a': teamsUser('61'),
    'org-b': teamsUser('62'),
    'org-c': teamsUser('63'),
  };
  const repo = () => new InschrijvingRepository(bot.bot.db);
  const textOf = async (user: TeamsUser, verb: string, data: unknown = {}) => {
    const response = await bot.post(
      actionExecuteActivity({ serviceUrl: bot.connector.serviceUrl, user, verb, data }),
    );
    expect(response.status).toBe(200);
    return cardText(invokeCard(response.body));
  };
  const register = (organisationId: string, grootte: string, herkomst: string) =>
    textOf(contacts[organisationId]!, 'inschrijving.opslaan', {
      roundId: 'ronde-2027',
      organisationId,
      etag: '',
      perceel: '1',
      grootte,
      herkomst,
      contactpersoonName: 'Contact',
      contactpersoonEmail: `contact@${organisationId}.example`,
      contactpersoonPhone: '',
      vervangerName: 'Vervanger',
      vervangerEmail: `vervanger@${organisationId}.example`,
      vervangerPhone: '',
      motivation: 'Wij willen graag meedoen.',
    });
  const snapshot = async () =>
    JSON.stringify({
      rounds: await repo().rounds.query('SELECT * FROM c'),
      registrations: await repo().registrations.query('SELECT * FROM c'),
      organisations: await bot.bot.registry.listOrganisations(),
    });

  beforeAll(async () => {
    bot = await startTestBot({}, { now: () => clock });
    const registry = bot.bot.registry;
    await registry.createOrganisation(aanbieder('org-a', 'Aa Zorg', 'klein', 'lokaal'), null);
    await registry.createOrganisation(aanbieder('org-b', 'Bee Zorg', 'groot', 'regionaal'), null);
    await registry.createOrganisation(aanbieder('org-c', 'Cee Zorg', 'middel', 'regionaal'), null);
    for (const [organisationId, user] of Object.entries(contacts)) {
      const email = `contact@${organisationId}.example`;
      await registry.createPerson(
        {
          name: `Contact ${organisationId}`,
          email,
          phone: null,
          aadObjectId: null,
          isAdmin: false,
          memberships: [{ organisationId, role: 'contactpersoon' }],
        },
        null,
      );
      bot.connector.members.set(user.id, { ...user, email });
    }
    bot.connector.members.set(admin.id, { ...admin, email: 'beheer@gemeente.example' });
  });
  afterAll(() => bot.stop());

  it('opens a round that departs from Bijlage 9 only with a reason, shown in the invitation', async () => {
    const form = {
      year: '2027',
      deadlineDate: '2027-01-15',
      deadlineTime: '12:00',
      seats: '10',
      ...{ minimum1: '2', minimum2: '2', minimum3: '2', minimum4: '2', minimum5: '1' },
      differentGrootte: 'true',
      atLeastOneLokaal: 'true',
      minimumReturning: '3',
      minimumNewcomers: '3',
      seedSource: 'slotkoers AEX op 18 januari 2027',
      publicValueDate: '2027-01-18',
    };
    const refused = await textOf(admin, 'ronde.openen', form);
    expect(refused).toContain('Het verdelingskader wijkt af van Bijlage 9 (zetels): geef de reden');
    expect(await repo().getRound('ronde-2027')).toBeUndefined();
    const opened = await textOf(admin, 'ronde.openen', { ...form, deviationReason: REASON });
    expect(opened).toContain('Aantal zetels: 10 in plaats van 12 (Bijlage 9)');
    expect(opened).toContain(`Reden van afwijking van Bijlage 9: ${REASON}`);
    const invitation = JSON.stringify(
      (await new DeliveryRepository(bot.bot.db).getJob('ronde-2027-uitnodiging'))?.value.message.card,
    );
    expect(invitation).toContain('Aantal zetels: 10 in plaats van 12 (Bijlage 9)');
    expect(invitation).toContain(REASON);
  });

  it('flags registrations that claim another grootte or herkomst than the registry, and refuses the draw', async () => {
    clock = new Date('2026-12-01T10:00:00Z');
    expect(await register('org-a', 'klein', 'lokaal')).toContain('ingeschreven');
    expect(await register('org-b', 'groot', 'lokaal')).toContain('ingeschreven');
    expect(await register('org-c', 'middel', 'lokaal')).toContain('ingeschreven');
    const overview = await textOf(admin, 'ronde.overzicht', { roundId: 'ronde-2027' });
    expect(overview).toContain('Classificatie nakijken vóór de loting');
    expect(overview).toContain(
      'Bee Zorg: ingeschreven als groot, lokaal; het register zegt groot, regionaal',
    );
    expect(overview).toContain(
      'Cee Zorg: ingeschreven als middel, lokaal; het register zegt middel, regionaal',
    );
    expect(overview).not.toContain('Aa Zorg: ingeschreven als');

    clock = new Date(DEADLINE.getTime() + 60_000);
    const before = await snapshot();
    const refused = await textOf(admin, 'ronde.loting', { roundId: 'ronde-2027', seed: '912,37' });
    expect(refused).toContain('bij 2 inschrijving(en) wijken grootte of herkomst af van het register');
    expect(await repo().getDrawRecord('ronde-2027')).toBeUndefined();
    expect(await snapshot()).toBe(before);
  });

  it('lets only the gemeente decide, always with a reason, and records it in the audit trail', async () => {
    const before = await snapshot();
    const decide = (user: TeamsUser, organisationId: string, decision: string, reason: string) =>
      textOf(user, 'ronde.classificatie', {
        roundId: 'ronde-2027',
        organisationId,
        [`besluit-${organisationId}`]: decision,
        [`reden-${organisationId}`]: reason,
      });
    expect(await decide(contacts['org-b']!, 'org-b', 'register-gecorrigeerd', 'Wij zijn lokaal!')).toContain(
      'U heeft geen toestemming',
    );
    expect(await decide(admin, 'org-b', 'register-bevestigd', '')).toContain(
      'Vermeld de reden van uw beslissing',
    );
    expect(await decide(admin, 'org-a', 'register-bevestigd', 'Klopt al')).toContain(
      'wijkt niet (meer) af van het register',
    );
    expect(await snapshot()).toBe(before);

    const confirmed = await decide(
      admin,
      'org-b',
      'register-bevestigd',
      'UEA-document: vestiging buiten de regio',
    );
    expect(confirmed).not.toContain('Bee Zorg: ingeschreven als');
    const corrected = await decide(admin, 'org-c', 'register-gecorrigeerd', 'KvK: vestiging in de gemeente');
    expect(corrected).not.toContain('Classificatie nakijken');
    expect((await bot.bot.registry.getOrganisation('org-c'))?.value.herkomst).toBe('lokaal');
    expect((await bot.bot.registry.getOrganisation('org-b'))?.value.herkomst).toBe('regionaal');

    const audit = await bot.bot.registry.listAudit('ronde-2027');
    const entries = audit.filter((a) => a.action.startsWith('classificatie.'));
    expect(entries.map((a) => [a.action, a.subjectId, a.details.reason])).toEqual([
      ['classificatie.register-bevestigd', 'org-b', 'UEA-document: vestiging buiten de regio'],
      ['classificatie.register-gecorrigeerd', 'org-c', 'KvK: vestiging in de gemeente'],
    ]);
  });

  it('draws with the registry classification and states per registration which one was used', async () => {
    const outcome = await textOf(admin, 'ronde.loting', { roundId: 'ronde-2027', seed: '912,37' });
    expect(outcome).toContain('Uitkomst loting Overlegtafel 2027');
    const record = (await repo().getDrawRecord('ronde-2027'))!;
    expect(verifyDrawRecord(JSON.parse(JSON.stringify(record)))).toEqual({
      valid: true,
      committed: true,
      problems: [],
    });
    expect(record.registrations.map((r) => [r.registrationId, r.grootte, r.herkomst])).toEqual([
      ['org-a', 'klein', 'lokaal'],
      ['org-b', 'groot', 'regionaal'],
      ['org-c', 'middel', 'lokaal'],
    ]);
    expect(record.classifications).toEqual([
      { registrationId: 'org-a', basis: 'register', declared: null },
      {
        registrationId: 'org-b',
        basis: 'register-bevestigd',
        declared: { grootte: 'groot', herkomst: 'lokaal' },
      },
      {
        registrationId: 'org-c',
        basis: 'register-gecorrigeerd',
        declared: { grootte: 'middel', herkomst: 'lokaal' },
      },
    ]);
    expect(record.deviations).toEqual([{ rule: 'zetels', bijlage9: 12, chosen: 10, reason: REASON }]);
  });

  it('shows the deviation, the commitment and the classification decisions on the public lottery page', async () => {
    const record = (await repo().getDrawRecord('ronde-2027'))!;
    await createPublicationService(bot.bot.db, bot.bot.registry, () => clock).publish(
      'loting',
      'ronde-2027',
      drawRecordPublicView('ronde-2027', 2027, record),
    );
    const page = await (await fetch(`${bot.url}/openbaar/loting/ronde-2027`)).text();
    expect(page).toContain(
      'Aantal zetels: 10 in plaats van 12 (Bijlage 9). Reden: Kleinere zaal in 2027: tien zetels',
    );
    expect(page).toContain(record.seedCommitment!.commitment);
    expect(page).toContain('org-b:');
    expect(page).toContain('register bevestigd');
    expect(page).toContain('href="/openbaar/loting-controle/ronde-2027"');
  });
});
