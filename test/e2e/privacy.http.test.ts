import { ontwikkeltafelsServiceFor } from '../../src/bot/handlers/ontwikkeltafelsHandlers';
import { voorstellenServiceFor } from '../../src/bot/handlers/voorstellenHandlers';
import { runPrivacy } from '../../src/cli/privacyExport';
import type { Result } from '../../src/domain/shared/result';
import { EXPORT_FORMAT, REMOVED_EMAIL, type PersonalDataExport } from '../../src/privacy/personalData';
import { CONTAINERS, type ContainerName } from '../../src/storage/containers';
import { emailClaimId } from '../../src/storage/emailClaims';
import { EMAILS, NAMES, startSecurityWorld, type SecurityWorld } from '../support/securityWorld';

/**
 * Issue 9, AVG/GDPR: export every record of one person, and remove a person who leaves an organisation while the
 * organisation's votes, registration and reactions and the audit trail stay intact.
 */

const BASE = new Date('2027-03-10T09:00:00.000Z');
const day = 24 * 3600_000;
const plusDays = (days: number) => new Date(BASE.getTime() + days * day);
const ANNA = EMAILS['lid-contactpersoon'];
const ANNA_NAME = NAMES['lid-contactpersoon'];
const ADMIN = EMAILS.gemeente;

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`fixture refused: ${result.code}: ${result.messages.join(' ')}`);
  return result.value;
}

describe('personal data of one person', () => {
  let world: SecurityWorld;
  let stemming = '';
  let reactie = '';
  const out: string[] = [];
  const err: string[] = [];
  const output = { out: (text: string) => out.push(text), err: (line: string) => err.push(line) };
  // In a Dutch terminal, as a gemeente's functioneel beheerder would have it.
  const run = (...args: string[]) =>
    runPrivacy(args, world.bot.bot.db, output, () => world.now, { LANG: 'nl_NL.UTF-8' });

  async function everything(): Promise<Record<string, Array<Record<string, unknown>>>> {
    const all: Record<string, Array<Record<string, unknown>>> = {};
    for (const { id } of CONTAINERS) {
      const { resources } = await world.bot.bot.db
        .container(id as ContainerName)
        .items.readAll()
        .fetchAll();
      all[id] = resources as Array<Record<string, unknown>>;
    }
    return all;
  }

  beforeAll(async () => {
    world = await startSecurityWorld(BASE, '1');
    const services = world.bot.bot.services;
    const admin = await world.actor('gemeente');
    const anna = await world.actor('lid-contactpersoon');
    const voorstellen = voorstellenServiceFor(services);
    const submit = async (key: string) =>
      must(
        await voorstellen.submit(
          anna,
          {
            title: `Reistijd declarabel ${key}`,
            summary: 'Reistijd wordt apart gedeclareerd.',
            text: 'Artikel 12.',
            link: '',
            type: 'contractwijziging',
            percelen: '1',
            origin: 'overlegtafel',
            confidentialParts: [],
          },
          'org-alfa',
          key,
        ),
      ).id;
    stemming = await world.at(plusDays(-30), async () => {
      const id = await submit('privacy-stemming');
      must(await voorstellen.openReactieperiode(admin, id, 14));
      return id;
    });
    await world.at(plusDays(-10), async () =>
      must(await voorstellen.openStemming(admin, stemming, plusDays(2))),
    );
    reactie = await submit('privacy-reactie');
    must(await voorstellen.openReactieperiode(admin, reactie, 14));

    // Anna (contactpersoon of Alfa) votes, reacts, registers, raises a signaal, asks about a report, sets her
    // language, and is sent a message.
    expect(
      (
        await world.invoke('lid-contactpersoon', 'voorstel.stem', {
          voorstelId: stemming,
          partyId: 'org-alfa',
          choice: 'voor',
        })
      ).text,
    ).toContain('Uw stem is vastgelegd');
    expect(
      (
        await world.invoke('lid-contactpersoon', 'voorstel.reactie.save', {
          voorstelId: reactie,
          organisationId: 'org-alfa',
          reactie: 'Alfa steunt dit voorstel.',
        })
      ).text,
    ).toContain('Alfa Zorg');
    await world.invoke('gemeente', 'ronde.openen', {
      year: '2028',
      deadlineDate: '2027-04-01',
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
      seedSource: 'slotkoers AEX op 2 april 2027',
      publicValueDate: '2027-04-02',
    });
    expect(
      (
        await world.invoke('lid-contactpersoon', 'inschrijving.opslaan', {
          roundId: 'ronde-2028',
          organisationId: 'org-alfa',
          etag: '',
          perceel: '1',
          grootte: 'klein',
          herkomst: 'lokaal',
          contactpersoonName: ANNA_NAME,
          contactpersoonEmail: ANNA,
          contactpersoonPhone: '06-12345678',
          vervangerName: NAMES['lid-vervanger'],
          vervangerEmail: EMAILS['lid-vervanger'],
          vervangerPhone: '',
          motivation: 'Wij brengen de ervaring van een kleine lokale aanbieder mee.',
        })
      ).text,
    ).toContain('Inschrijving ontvangen');
    await world.invoke('lid-contactpersoon', 'signaal.indienen', {
      organisationId: 'org-alfa',
      sentiment: 'neutraal',
      onderwerp: 'bedrijfsvoering',
      perceel: 'geen',
      text: 'De tarieven dekken de reistijd niet.',
      confidential: 'false',
    });
    const tafels = ontwikkeltafelsServiceFor(services);
    const tafel = must(
      await tafels.createTafel(
        admin,
        {
          name: 'Wachttijden Jeugd',
          opdracht: 'Breng de wachttijden in kaart.',
          doel: 'Start binnen 14 werkdagen.',
          percelen: '3',
          trekkerIds: [world.personId('trekker-deze-tafel')],
          start: '2026-11-15',
          expectedEnd: '2028-06-30',
          periodEnds: '30-06, 31-12',
          graceDays: '30',
          reminderDays: '14, 3',
          reason: 'Spoed: de wachtlijsten vragen om een tafel voor de volgende Overlegtafel.',
        },
        'privacy-tafel',
      ),
    ).tafel;
    const report = must(
      await tafels.saveReport(await world.actor('trekker-deze-tafel'), {
        tafelId: tafel.id,
        periodId: '2026-12-31',
        content: {
          status: 'op schema',
          progress: 'In kaart gebracht.',
          results: 'Negen weken.',
          problems: '',
          nextSteps: 'Een pilot.',
          pilots: [],
          decisionsRequested: [],
        },
        etag: '',
        publish: true,
      }),
    ).report;
    expect(
      (
        await world.invoke('lid-contactpersoon', 'rapportage.vraag', {
          tafelId: tafel.id,
          reportId: report.id,
          question: 'Hoe meten jullie de wachttijd?',
        })
      ).text,
    ).toContain('Vraag');
    await world.say('lid-contactpersoon', 'taal nl');
  });
  afterAll(() => world.stop());

  it('exports everything stored about one person as JSON', async () => {
    expect(await run(ANNA)).toBe(0);
    const exported = JSON.parse(out.join('')) as PersonalDataExport;
    expect(exported.format).toBe(EXPORT_FORMAT);
    expect(exported.subject.personId).toBe(world.personId('lid-contactpersoon'));
    expect(exported.person).toMatchObject({ name: ANNA_NAME, email: ANNA });
    expect(exported.memberships).toEqual([
      { organisationId: 'org-alfa', organisationName: 'Alfa Zorg', role: 'contactpersoon' },
    ]);
    const records = exported.records;
    expect(records.people?.map((p) => p.email)).toEqual([ANNA]);
    // Her e-mail claim, found by the hash of her address (the address is not in its id).
    expect(records.identities?.map((i) => i.id)).toEqual([emailClaimId(ANNA)]);
    // Her Teams account with the conversation reference proactive messages use.
    expect(JSON.stringify(records.teamsUsers)).toContain('"conversationType":"personal"');
    expect(records.registrations?.map((r) => r.organisationId)).toEqual(['org-alfa']);
    expect(records.voorstelReactions).toHaveLength(1);
    expect(records.voorstelVotes?.length).toBeGreaterThanOrEqual(1);
    expect(records.voorstellen?.length).toBeGreaterThanOrEqual(2);
    expect(records.signalen).toHaveLength(1);
    expect(records.rapportages?.some((r) => r.docType === 'vraag')).toBe(true);
    expect(records.broadcasts?.some((b) => b.kind === 'recipient')).toBe(true);
    expect(records.audit?.length).toBeGreaterThanOrEqual(3);
    // Her turn state (the language she chose) is on her Teams account's document.
    expect(JSON.stringify(records.teamsUsers)).toContain('"language":"nl"');
    // Not someone else's registry record.
    expect(JSON.stringify(records.people)).not.toContain(EMAILS['lid-vervanger']);
    for (const docs of Object.values(records)) for (const d of docs) expect(d._etag).toBeUndefined();
  });

  it('removes a person who left, keeping the organisation’s vote, registration and reaction and the audit trail', async () => {
    const before = await everything();
    const ballotsBefore = before.voorstelVotes!.map((v) =>
      JSON.stringify([
        v.id,
        (v.ballot as { choice: string }).choice,
        (v.ballot as { partyId: string }).partyId,
      ]),
    );
    out.length = 0;
    err.length = 0;

    expect(await run('--remove', ANNA, '--door', ADMIN)).toBe(0);
    expect(err.join('\n')).toContain('is verwijderd');

    const after = await everything();
    // Gone: the person, her e-mail identity, her Teams link with its conversation reference, her turn state.
    const personId = world.personId('lid-contactpersoon');
    expect(after.people!.map((p) => p.id)).not.toContain(personId);
    expect(after.identities!.map((i) => i.id)).not.toContain(emailClaimId(ANNA));
    expect(after.teamsUsers!.map((u) => u.personId)).not.toContain(personId);
    const aad = world.users['lid-contactpersoon'].aadObjectId;
    expect(JSON.stringify(after.botState)).not.toContain(aad);
    expect(after.teamsUsers!.map((u) => u.id)).not.toContain(aad);
    // Her name, e-mail address and phone number are nowhere any more.
    const stored = JSON.stringify(after);
    expect(stored).not.toContain(ANNA);
    expect(stored).not.toContain(ANNA_NAME);
    expect(stored).not.toContain('06-12345678');
    // The organisation's vote stands (same ballots, same choice, same party) and is counted when the vote closes.
    expect(
      after.voorstelVotes!.map((v) =>
        JSON.stringify([
          v.id,
          (v.ballot as { choice: string }).choice,
          (v.ballot as { partyId: string }).partyId,
        ]),
      ),
    ).toEqual(ballotsBefore);
    world.now = plusDays(3);
    must(
      await voorstellenServiceFor(world.bot.bot.services).closeStemming(
        await world.actor('gemeente'),
        stemming,
      ),
    );
    const closed = (await world.bot.bot.db.container('voorstellen').item(stemming, stemming).read())
      .resource as {
      stemming: { result: { voor: number } };
    };
    expect(closed.stemming.result.voor).toBe(1);
    // The registration and the reaction of Alfa stay, without her details.
    const registration = after.registrations!.find((r) => r.organisationId === 'org-alfa') as {
      status: string;
      contactpersoon: { email: string };
    };
    expect(registration.status).toBe('ingeschreven');
    expect(registration.contactpersoon.email).toBe(REMOVED_EMAIL);
    expect(after.voorstelReactions!.map((r) => r.id)).toEqual(before.voorstelReactions!.map((r) => r.id));
    // The audit trail is untouched (every entry as it was) and says the person was removed.
    const trail = (docs: Array<Record<string, unknown>>) =>
      docs.map((d) => `${String(d.id)} ${String(d._etag)}`).sort();
    expect(trail(after.audit!).filter((line) => trail(before.audit!).includes(line))).toEqual(
      trail(before.audit!),
    );
    expect(after.audit!.find((a) => a.action === 'person.removed')).toMatchObject({
      subjectId: personId,
      actorPersonId: world.personId('gemeente'),
      details: { organisationIds: ['org-alfa'] },
    });
    // Her Teams account is a stranger now.
    expect((await world.say('lid-contactpersoon', 'help')).text).toContain('niet bekend bij Tafelbot');
    // A second removal finds nothing left to do.
    expect(await run('--remove', ANNA, '--door', ADMIN)).toBe(1);
  });

  it('explains its use and refuses a removal without a gemeente admin', async () => {
    err.length = 0;
    expect(await run()).toBe(2);
    expect(await run('geen-adres')).toBe(2);
    expect(await run('--remove', EMAILS['lid-vervanger'])).toBe(2);
    expect(err.join('\n')).toContain('npm run privacy:export');
    expect(await run('--remove', EMAILS['lid-vervanger'], '--door', EMAILS['niet-lid-aanbieder'])).toBe(2);
    expect(err.join('\n')).toContain('is geen beheerder van de gemeente');
    expect(await run('nooit@gezien.example')).toBe(1);
  });

  it("speaks the terminal's language, or the one asked for with --lang", async () => {
    const english = async (...args: string[]) => {
      err.length = 0;
      const code = await runPrivacy(args, world.bot.bot.db, output, () => world.now, { LANG: 'en_GB.UTF-8' });
      return { code, said: err.join('\n') };
    };
    expect(await english()).toEqual({
      code: 2,
      said: expect.stringContaining('Usage: npm run privacy:export'),
    });
    expect(await english('--remove', EMAILS['lid-vervanger'], '--by', EMAILS['niet-lid-aanbieder'])).toEqual({
      code: 2,
      said: expect.stringContaining('is not an admin of the municipality'),
    });
    expect(await english('nooit@gezien.example')).toEqual({
      code: 1,
      said: 'No data about nooit@gezien.example is stored.',
    });
    expect(await english('--lang', 'nl', 'nooit@gezien.example')).toEqual({
      code: 1,
      said: 'Er zijn geen gegevens over nooit@gezien.example opgeslagen.',
    });
    expect((await english('--lang', 'fr', 'nooit@gezien.example')).code).toBe(2);
  });
});
