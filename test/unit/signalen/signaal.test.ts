import {
  agendaItemOf,
  answerSignaal,
  GEMEENTE_PARTITION,
  linkVoorstel,
  maySeeSignaal,
  publicSignaal,
  raiseSignaal,
  requestAgenda,
  SIGNAAL_LIMITS,
  signaalAsVoorstelInput,
  startDeadlineFor,
  statusOf,
  summarise,
  type Signaal,
} from '../../../src/domain/signalen';
import type { Refusal, Result } from '../../../src/domain/shared/result';
import { publicView, submitVoorstel } from '../../../src/domain/voorstellen';
import {
  at,
  BRUG,
  contact,
  gemeenteAdmin,
  GEMEENTE,
  KOMPAS,
  must,
  OUD,
  SIGNAAL_INPUT,
  signaal,
  UNKNOWN,
} from './fixtures';

const NOW = at('2027-03-10 10:00');
const SECRET = 'Onze kostprijs per uur is EUR 71,43 en dat is niet houdbaar.';

function refusal<T>(result: Result<T>): Refusal {
  if (result.ok) throw new Error('expected a refusal');
  return result;
}

describe('raising a signaal', () => {
  it('records a contact’s signaal for their organisation, in that organisation’s partition', () => {
    const raised = signaal();
    expect(raised).toMatchObject({
      organisationId: BRUG.id,
      sentiment: 'negatief',
      onderwerp: 'inwoners',
      confidential: false,
      perceel: null,
      wachtlijst: null,
      answers: [],
      agenda: null,
      voorstelId: null,
      raisedAt: NOW.toISOString(),
    });
    expect(raised.raisedBy).toMatchObject({
      personId: 'p-brug',
      organisationId: BRUG.id,
      organisationName: BRUG.name,
      capacity: 'contactpersoon',
    });
    expect(statusOf(raised)).toBe('nieuw');
  });

  it('lets the gemeente raise one without choosing an organisation', () => {
    expect(signaal({}, gemeenteAdmin(), null).organisationId).toBe(GEMEENTE.id);
    // An admin without an organisation role: the signaal is kept in the gemeente's own partition.
    const withoutRole = signaal({}, gemeenteAdmin('p-beheer', false), null);
    expect(withoutRole.organisationId).toBe(GEMEENTE_PARTITION);
    expect(withoutRole.raisedBy.capacity).toBe('gemeente');
  });

  it('lets a contact of the lokale toegang or a gemeente raise one for that organisation', () => {
    const toegang = { ...GEMEENTE, id: 'org-toegang', name: 'Sociaal Team', type: 'lokale-toegang' as const };
    expect(signaal({}, contact('p-t', [toegang]), toegang.id).organisationId).toBe('org-toegang');
  });

  it('refuses an unknown user, a contact for someone else’s organisation and an organisation without a contract', () => {
    const cases = [
      { actor: UNKNOWN, org: BRUG.id, code: 'auth.unknown-user' },
      { actor: contact('p-brug', [BRUG]), org: KOMPAS.id, code: 'signaal.not-your-organisation' },
      { actor: contact('p-oud', [OUD]), org: OUD.id, code: 'signaal.not-contracted' },
      { actor: contact('p-brug', [BRUG]), org: undefined, code: 'signaal.organisation-required' },
    ];
    for (const { actor, org, code } of cases) {
      const result = raiseSignaal(
        { id: 'x', input: SIGNAAL_INPUT, onBehalfOfOrganisationId: org },
        actor,
        NOW,
      );
      expect(refusal(result).code).toBe(code);
    }
  });

  it('refuses a signaal without text, with all problems at once, in Dutch', () => {
    const result = raiseSignaal(
      {
        id: 'x',
        input: { sentiment: 'boos', onderwerp: 'politiek', text: '   ', perceel: '9' },
        onBehalfOfOrganisationId: BRUG.id,
      },
      contact('p-brug', [BRUG]),
      NOW,
    );
    expect(refusal(result).fieldErrors).toEqual({
      sentiment: 'Kies of het signaal positief, neutraal of negatief is.',
      onderwerp: 'Kies het onderwerp: bedrijfsvoering, wijk/buurt, inwoners, wachtlijst of overig.',
      text: 'De tekst van het signaal is verplicht.',
      perceel: 'Een perceel is een nummer van 1 tot en met 5.',
    });
  });

  it('accepts 4000 characters (an emoji counts once) and refuses 4001 with the count', () => {
    const brug = contact('p-brug', [BRUG]);
    const longest = `${'a'.repeat(SIGNAAL_LIMITS.textMax - 1)}😀`;
    expect(
      raiseSignaal(
        { id: 'x', input: { ...SIGNAAL_INPUT, text: longest }, onBehalfOfOrganisationId: BRUG.id },
        brug,
        NOW,
      ).ok,
    ).toBe(true);
    const result = raiseSignaal(
      { id: 'x', input: { ...SIGNAAL_INPUT, text: 'a'.repeat(4001) }, onBehalfOfOrganisationId: BRUG.id },
      brug,
      NOW,
    );
    expect(refusal(result).fieldErrors?.text).toBe(
      'De tekst van het signaal is te lang: 4001 tekens, maximaal 4000.',
    );
  });

  it('refuses text that is not text (a tampered card)', () => {
    const result = raiseSignaal(
      { id: 'x', input: { ...SIGNAAL_INPUT, text: { $ne: '' } }, onBehalfOfOrganisationId: BRUG.id },
      contact('p-brug', [BRUG]),
      NOW,
    );
    expect(refusal(result).fieldErrors?.text).toBe('De tekst van het signaal moet tekst zijn.');
  });

  it('keeps the confidential flag only for an explicit yes', () => {
    expect(signaal({ confidential: 'true' }).confidential).toBe(true);
    expect(signaal({ confidential: true }).confidential).toBe(true);
    expect(signaal({ confidential: 'false' }).confidential).toBe(false);
    expect(signaal({ confidential: 'misschien' }).confidential).toBe(false);
  });
});

describe('the waiting-list signaal: care that cannot start within 14 working days of an allocation', () => {
  const brug = contact('p-brug', [BRUG]);
  const wachtlijst = (input: Record<string, unknown>, now = NOW) =>
    raiseSignaal(
      {
        id: 'w',
        input: { ...SIGNAAL_INPUT, onderwerp: 'wachtlijst', perceel: '3', ...input },
        onBehalfOfOrganisationId: BRUG.id,
      },
      brug,
      now,
    );

  it('counts 14 working days without weekends and national holidays, across the year end', () => {
    // Kerst 2028 falls on Monday and Tuesday, Nieuwjaarsdag 2029 on a Monday.
    expect(startDeadlineFor('2028-12-18')).toBe('2029-01-10');
    // Koningsdag (Tuesday), Bevrijdingsdag and Hemelvaartsdag (Wednesday and Thursday) in 2027.
    expect(startDeadlineFor('2027-04-20')).toBe('2027-05-13');
  });

  it('records the allocation, the expected start and the working days in between', () => {
    const result = must(
      wachtlijst(
        { allocationDate: '2028-12-18', expectedStartDate: '2029-01-11', clients: '3' },
        at('2029-01-02 09:00'),
      ),
    );
    expect(result.signaal.perceel).toBe(3);
    expect(result.signaal.wachtlijst).toEqual({
      perceel: 3,
      allocationDate: '2028-12-18',
      expectedStartDate: '2029-01-11',
      clients: 3,
      startDeadline: '2029-01-10',
      expectedWorkingDays: 15,
    });
  });

  it('refuses a start within the 14 working days: that is no waiting list', () => {
    const result = wachtlijst(
      { allocationDate: '2028-12-18', expectedStartDate: '2029-01-10' },
      at('2029-01-02 09:00'),
    );
    expect(refusal(result).fieldErrors?.expectedStartDate).toBe(
      'Een start op 10 januari 2029 is binnen 14 werkdagen na de toewijzing (uiterlijk 10 januari 2029): dat is geen wachtlijst.',
    );
  });

  it('accepts an unknown start date and one client by default', () => {
    const result = must(wachtlijst({ allocationDate: '2027-03-01' }));
    expect(result.signaal.wachtlijst).toMatchObject({
      expectedStartDate: null,
      expectedWorkingDays: null,
      clients: 1,
    });
  });

  it('refuses missing or impossible dates, an allocation in the future and a start before it', () => {
    expect(refusal(wachtlijst({})).fieldErrors?.allocationDate).toBe('Vul de datum van de toewijzing in.');
    expect(refusal(wachtlijst({ allocationDate: '2027-02-30' })).fieldErrors?.allocationDate).toBe(
      'De datum van de toewijzing: De datum 2027-02-30 bestaat niet.',
    );
    expect(refusal(wachtlijst({ allocationDate: '2027-03-11' })).fieldErrors?.allocationDate).toBe(
      'De datum van de toewijzing kan niet in de toekomst liggen.',
    );
    expect(
      refusal(wachtlijst({ allocationDate: '2027-03-01', expectedStartDate: '2027-02-01' })).fieldErrors,
    ).toEqual({
      expectedStartDate: 'De verwachte startdatum ligt na de datum van de toewijzing.',
    });
  });

  it('refuses a perceel the provider is not contracted for, a missing perceel and a bad number of clients', () => {
    expect(refusal(wachtlijst({ allocationDate: '2027-03-01', perceel: '1' })).fieldErrors?.perceel).toBe(
      'Jeugdhulp De Brug is niet gecontracteerd voor perceel 1.',
    );
    expect(refusal(wachtlijst({ allocationDate: '2027-03-01', perceel: '' })).fieldErrors?.perceel).toBe(
      'Kies het perceel waarvoor de zorg is toegewezen.',
    );
    for (const clients of ['0', '1000', 'veel', '2.5']) {
      expect(refusal(wachtlijst({ allocationDate: '2027-03-01', clients })).fieldErrors?.clients).toBe(
        'Het aantal cliënten is een heel getal van 1 tot en met 999.',
      );
    }
  });

  it('comes from a provider: the gemeente cannot raise one', () => {
    const result = raiseSignaal(
      {
        id: 'w',
        input: { ...SIGNAAL_INPUT, onderwerp: 'wachtlijst', perceel: '3', allocationDate: '2027-03-01' },
      },
      gemeenteAdmin(),
      NOW,
    );
    expect(refusal(result).fieldErrors?.onderwerp).toContain('Een wachtlijstsignaal geeft een aanbieder af');
  });
});

describe('the gemeente follows up', () => {
  const admin = gemeenteAdmin();

  it('answers the sender; only the gemeente may, and an empty answer is refused', () => {
    const raised = signaal();
    const answered = must(answerSignaal(raised, { id: 'a1', text: 'Dank, we nemen het mee.' }, admin, NOW));
    expect(answered.signaal.answers).toEqual([
      expect.objectContaining({ id: 'a1', text: 'Dank, we nemen het mee.', at: NOW.toISOString() }),
    ]);
    expect(statusOf(answered.signaal)).toBe('beantwoord');
    expect(
      refusal(answerSignaal(raised, { id: 'a2', text: 'Ik ook' }, contact('p-brug', [BRUG]), NOW)).code,
    ).toBe('auth.gemeente-only');
    expect(refusal(answerSignaal(raised, { id: 'a3', text: ' ' }, admin, NOW)).fieldErrors).toEqual({
      answer: 'Het antwoord is verplicht.',
    });
    expect(
      refusal(answerSignaal(raised, { id: 'a4', text: 'x'.repeat(2001) }, admin, NOW)).fieldErrors?.answer,
    ).toContain('te lang');
  });

  it('records a redelivered answer once', () => {
    const once = must(answerSignaal(signaal(), { id: 'a1', text: 'Dank.' }, admin, NOW)).signaal;
    const twice = must(answerSignaal(once, { id: 'a1', text: 'Dank.' }, admin, NOW)).signaal;
    expect(twice.answers).toHaveLength(1);
  });

  it('bounds the number of answers', () => {
    let current: Signaal = signaal();
    for (let i = 0; i < SIGNAAL_LIMITS.answersMax; i++)
      current = must(answerSignaal(current, { id: `a${i}`, text: 'Dank.' }, admin, NOW)).signaal;
    expect(refusal(answerSignaal(current, { id: 'extra', text: 'Nog één.' }, admin, NOW)).code).toBe(
      'signaal.too-many-answers',
    );
  });

  it('puts it on the agenda once, with a title that never carries confidential text', () => {
    const open = must(requestAgenda(signaal(), admin, NOW));
    expect(open.agenda?.agendaTitle).toBe(
      'Signaal van Jeugdhulp De Brug over inwoners: Steeds meer gezinnen in Oosterwijk melden zich pas als de problemen groot zijn.',
    );
    expect(must(requestAgenda(open, admin, at('2027-04-01 10:00')))).toBe(open);
    expect(statusOf(open)).toBe('agenda');

    const secret = must(requestAgenda(signaal({ confidential: 'true', text: SECRET }), admin, NOW));
    expect(secret.agenda?.agendaTitle).toBe('Vertrouwelijk signaal van Jeugdhulp De Brug over inwoners');
    expect(refusal(requestAgenda(signaal(), contact('p-brug', [BRUG]), NOW)).code).toBe('auth.gemeente-only');
  });

  it('records the meeting whose agenda took it', () => {
    const meeting = {
      meetingId: 'mt-1',
      title: 'Overlegtafel voorjaar',
      start: '2027-04-15T12:00:00.000Z',
      agendaItemId: 'agendapunt-2',
    };
    expect(must(requestAgenda(signaal(), admin, NOW, meeting)).agenda?.meeting).toEqual(meeting);
    expect(must(requestAgenda(signaal(), admin, NOW)).agenda?.meeting).toBeNull();
  });

  it('makes an agendapunt of the public view: a confidential signaal by onderwerp and sender only', () => {
    expect(agendaItemOf(signaal())).toEqual({
      title:
        'Signaal van Jeugdhulp De Brug over inwoners: Steeds meer gezinnen in Oosterwijk melden zich pas als de problemen groot zijn.',
      description: SIGNAAL_INPUT.text,
      owner: 'Jeugdhulp De Brug',
    });
    const secret = agendaItemOf(signaal({ confidential: 'true', text: SECRET }));
    expect(secret.title).toBe('Vertrouwelijk signaal van Jeugdhulp De Brug over inwoners');
    expect(JSON.stringify(secret)).not.toContain('71,43');
    // It fits issue 7's limits for an agenda item (title 200, description 2000, owner 120).
    const long = agendaItemOf(
      signaal({ text: 'regel\n'.repeat(600) }, contact('p-x', [{ ...BRUG, name: 'N'.repeat(120) }])),
    );
    expect(long.title.length).toBeLessThanOrEqual(200);
    expect(long.description.length).toBe(2000);
    expect(long.description).toContain('\n');
    expect(long.owner.length).toBeLessThanOrEqual(120);
    expect(agendaItemOf(signaal({}, admin, null)).owner).toBe('Gemeente Rivierstad');
  });

  it('links one voorstel: the same again changes nothing, another is refused', () => {
    const linked = must(linkVoorstel(signaal(), 'vs-1', admin, NOW));
    expect(statusOf(linked)).toBe('voorstel');
    expect(must(linkVoorstel(linked, 'vs-1', admin, NOW))).toBe(linked);
    expect(refusal(linkVoorstel(linked, 'vs-2', admin, NOW)).code).toBe('signaal.voorstel-exists');
    expect(refusal(linkVoorstel(signaal(), 'vs-1', UNKNOWN, NOW)).code).toBe('auth.unknown-user');
  });

  it('makes a valid voorstel of a signaal; a confidential one only in the confidential part', () => {
    const plain = signaalAsVoorstelInput(signaal({ perceel: '4' }), BRUG);
    const fromPlain = must(submitVoorstel({ id: 'vs-1', input: plain }, admin, NOW)).voorstel;
    expect(fromPlain).toMatchObject({
      type: 'overig',
      percelen: [4],
      origin: 'overlegtafel',
      status: 'concept',
    });
    expect(fromPlain.text).toBe(SIGNAAL_INPUT.text);

    const secret = signaal({ confidential: 'true', text: SECRET });
    const fromSecret = must(
      submitVoorstel({ id: 'vs-2', input: signaalAsVoorstelInput(secret, BRUG) }, admin, NOW),
    ).voorstel;
    expect(fromSecret.percelen).toEqual([3, 4]);
    expect(fromSecret.confidentialParts).toEqual([
      { id: 'vertrouwelijk-1', title: 'Het signaal', text: SECRET },
    ]);
    expect(JSON.stringify(publicView(fromSecret))).not.toContain('71,43');
  });

  it('uses every perceel for a voorstel from a signaal of the gemeente itself', () => {
    const input = signaalAsVoorstelInput(signaal({}, admin, null), undefined);
    expect(input.percelen).toBe('1,2,3,4,5');
  });
});

describe('who sees a signaal, and what may leave the inbox', () => {
  it('shows it to the gemeente and the contacts of the sender’s organisation only', () => {
    const raised = signaal();
    expect(maySeeSignaal(gemeenteAdmin(), raised)).toBe(true);
    expect(maySeeSignaal(contact('p-vervanger', [BRUG], 'vervanger'), raised)).toBe(true);
    expect(maySeeSignaal(contact('p-kompas', [KOMPAS]), raised)).toBe(false);
    expect(maySeeSignaal(UNKNOWN, raised)).toBe(false);
  });

  it('leaves the text of a confidential signaal out of the public view entirely', () => {
    const secret = signaal({ confidential: 'true', text: SECRET });
    const view = publicSignaal(secret);
    expect(view).toMatchObject({
      confidential: true,
      text: null,
      excerpt: null,
      organisationName: BRUG.name,
    });
    expect(JSON.stringify(view)).not.toContain('71,43');
    const plain = publicSignaal(signaal());
    expect(plain.text).toBe(SIGNAAL_INPUT.text);
  });

  it('builds the public view from a whitelist: a field added later stays private', () => {
    const extended = { ...signaal(), internalNote: 'niet delen' } as Signaal;
    expect(JSON.stringify(publicSignaal(extended))).not.toContain('niet delen');
  });

  it('shortens a long text to an excerpt', () => {
    const view = publicSignaal(signaal({ text: `${'woord '.repeat(100)}einde` }));
    expect(view.excerpt!.length).toBeLessThanOrEqual(SIGNAAL_LIMITS.excerpt);
    expect(view.excerpt!.endsWith('…')).toBe(true);
  });
});

describe('the inbox summary per onderwerp and sentiment', () => {
  it('counts every cell, with empty onderwerpen present in the fixed order', () => {
    const summary = summarise([
      { onderwerp: 'inwoners', sentiment: 'negatief' },
      { onderwerp: 'inwoners', sentiment: 'negatief' },
      { onderwerp: 'inwoners', sentiment: 'positief' },
      { onderwerp: 'wachtlijst', sentiment: 'negatief' },
      { onderwerp: 'overig', sentiment: 'neutraal' },
    ]);
    expect(summary.rows.map((r) => r.onderwerp)).toEqual([
      'bedrijfsvoering',
      'wijk-buurt',
      'inwoners',
      'wachtlijst',
      'overig',
    ]);
    expect(summary.rows[2]).toEqual({
      onderwerp: 'inwoners',
      positief: 1,
      neutraal: 0,
      negatief: 2,
      total: 3,
    });
    expect(summary.rows[0]!.total).toBe(0);
    expect(summary.totals).toEqual({ positief: 1, neutraal: 1, negatief: 3, total: 5 });
  });
});
