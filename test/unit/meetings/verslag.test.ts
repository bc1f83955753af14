import { recordAttendance, respondToInvitation } from '../../../src/domain/meetings/attendance';
import { decideAgendapunt, proposeAgendapunt } from '../../../src/domain/meetings/agendapunten';
import { draftVerslag, stemverhoudingMarkdown } from '../../../src/domain/meetings/verslag';
import { publishReport, startReport } from '../../../src/domain/ontwikkeltafels/rapportage';
import { castVote, closeStemming, decideVoorstel, SCHEDULER } from '../../../src/domain/voorstellen/stemming';
import type { Voorstel } from '../../../src/domain/voorstellen/voorstel';
import { tafel, trekker } from '../ontwikkeltafels/fixtures';
import {
  at,
  contact,
  gemeenteAdmin,
  GEMEENTE_ORG,
  must,
  partyOf,
  voorstelInStemming,
} from '../voorstellen/fixtures';
import { AANBIEDERS, contactOf, meeting } from './fixtures';

const [A, B, C] = AANBIEDERS as [(typeof AANBIEDERS)[0], (typeof AANBIEDERS)[0], (typeof AANBIEDERS)[0]];
const PARTIES = [partyOf(GEMEENTE_ORG), partyOf(A), partyOf(B), partyOf(C)];

/** A voorstel voted on by the given choices (party order as PARTIES; undefined = did not vote) and closed. */
function votedOn(id: string, title: string, choices: (string | undefined)[], deadline: string): Voorstel {
  let v: Voorstel = { ...voorstelInStemming(PARTIES, at(deadline)), id, title };
  const voters = [gemeenteAdmin(), contact('p-a', A), contact('p-b', B), contact('p-c', C)];
  choices.forEach((choice, i) => {
    if (!choice) return;
    const partyId = PARTIES[i]!.organisationId;
    v = must(
      castVote(v, { partyId, choice, idempotencyKey: `${id}-${i}` }, voters[i]!, at('2027-02-17 10:00')),
    ).voorstel;
  });
  return must(closeStemming(v, SCHEDULER, new Date(at(deadline).getTime() + 60_000))).voorstel;
}

const previous = meeting({ start: '2027-02-20 14:00', end: '2027-02-20 16:00', proposalCutoff: null }, 'm-0');

const onAgenda = votedOn(
  'vs-agenda',
  'Reistijd expliciet maken',
  ['voor', 'voor', 'voor', 'voor'],
  '2027-03-01 17:00',
);
const decidedNoUnanimity = must(
  decideVoorstel(
    votedOn(
      'vs-winst',
      'Winstmaximalisatie 5%',
      ['voor', 'tegen', 'onthouding', undefined],
      '2027-03-10 17:00',
    ),
    { decision: 'afwijzen', reason: 'Eerst afstemmen met de RIGG-tekst.' },
    gemeenteAdmin(),
    at('2027-03-12 10:00'),
  ),
).voorstel;
const closedBeforePrevious = votedOn(
  'vs-oud',
  'Oud voorstel',
  ['voor', 'tegen', 'voor', 'voor'],
  '2027-02-18 17:00',
);
const stillOpen = {
  ...voorstelInStemming(PARTIES, at('2027-04-30 17:00')),
  id: 'vs-open',
  title: 'Nog open',
};

const t = tafel();
const oldReport = must(
  publishReport(
    must(
      startReport(
        t,
        [],
        {
          id: 'r-old',
          periodId: '2026-12-31',
          content: { status: 'op schema', progress: 'Oud', results: 'x', nextSteps: 'y' },
        },
        trekker,
        at('2027-01-10 10:00'),
      ),
    ).report,
    t,
    trekker,
    at('2027-01-20 10:00'),
  ),
).report;
const newReport = must(
  publishReport(
    must(
      startReport(
        t,
        [],
        {
          id: 'r-new',
          periodId: '2027-06-30',
          content: {
            status: 'aandacht nodig',
            progress: '# Wachtlijsten\nDe data van *twee* aanbieders ontbreekt.',
            results: 'Analyse half af.',
            nextSteps: 'Data opvragen.',
            decisionsRequested: [{ title: 'Wachtlijstdefinitie vaststellen' }],
          },
        },
        trekker,
        at('2027-03-01 10:00'),
      ),
    ).report,
    t,
    trekker,
    at('2027-03-05 10:00'),
  ),
).report;

function heldMeeting() {
  let m = meeting({
    agenda: [
      { title: 'Opening en mededelingen', owner: 'Gemeente' },
      {
        title: 'Reistijd bij individuele begeleiding',
        owner: 'Gemeente',
        link: { kind: 'voorstel', voorstelId: 'vs-agenda' },
      },
    ],
  });
  m = must(
    proposeAgendapunt(
      m,
      { id: 'ap-1', organisationId: A.id, title: 'Wachtlijsten <Wmo>', explanation: 'Update graag.' },
      contactOf('A'),
      at('2027-03-01 10:00'),
    ),
  ).meeting;
  m = must(
    decideAgendapunt(
      m,
      { proposalId: 'ap-1', decision: 'accepteren' },
      gemeenteAdmin(),
      at('2027-03-17 10:00'),
    ),
  ).meeting;
  m = must(
    respondToInvitation(
      m,
      { organisationId: 'org-c', attending: false, reason: 'Ziek, operatie gepland.' },
      contactOf('C'),
      at('2027-03-20 10:00'),
    ),
  ).meeting;
  return must(
    recordAttendance(
      m,
      {
        present: [GEMEENTE_ORG.id, 'org-a', 'org-b'],
        absenceReasons: [{ organisationId: 'org-e', reason: 'Belde af: trein uitgevallen.' }],
      },
      gemeenteAdmin(),
      at('2027-03-30 16:30'),
    ),
  ).meeting;
}

const verslag = draftVerslag({
  meeting: heldMeeting(),
  previousMeeting: previous,
  voorstellen: [onAgenda, decidedNoUnanimity, closedBeforePrevious, stillOpen],
  tafels: [t],
  reports: [oldReport, newReport],
  contractTitle: 'Wmo en Jeugdhulp 2027',
});

describe('draftVerslag', () => {
  it('has the header of a real verslag: agreement, date, subject, who attended', () => {
    expect(verslag.startsWith('# Concept verslag\n\n**Overeenkomst:** *Wmo en Jeugdhulp 2027*\n')).toBe(true);
    expect(verslag).toContain('- **Datum overleg:** dinsdag 30 maart 2027, 14:00–16:00');
    expect(verslag).toContain('- **Onderwerp overleg:** Overlegtafel');
    expect(verslag).toContain('- **Aanwezige aanbieders:** Zorg A, Zorg B');
    expect(verslag).toContain('- **Aanwezig namens gemeente en lokale toegang:** Gemeente Zaltbommel');
    expect(verslag).toContain('- **Afwezig met bericht:** Zorg C, Zorg E');
    expect(verslag).toContain('- **Afwezig zonder bericht:** Sociaal Team, Zorg D');
  });

  it('never shows reasons for absence or confidential parts', () => {
    expect(verslag).not.toContain('Ziek');
    expect(verslag).not.toContain('trein');
    expect(verslag).not.toContain('71,43');
    expect(verslag).not.toContain('Kostprijs');
  });

  it('introduces the meeting and names the agendapunten the aanbieders brought in', () => {
    expect(verslag).toContain(
      'Vanuit de aanbieders is 1 agendapunt ingebracht: Wachtlijsten \\<Wmo\\> (Zorg A).',
    );
  });

  it('has a section per agenda item, with the linked voorstel’s stemverhouding filled in', () => {
    expect(verslag).toMatch(
      /## 1\. Opening en mededelingen\n\n_Inbreng: Gemeente_\n\n_\[Bespreking: in te vullen door de gemeente\.\]_/,
    );
    const item2 = verslag.slice(verslag.indexOf('## 2. Reistijd'), verslag.indexOf('## 3.'));
    expect(item2).toContain('### Voorstel: Reistijd expliciet maken');
    expect(item2).toContain('**Stemverhouding:** 4 voor, 0 tegen, 0 onthouding, 0 niet gestemd');
    expect(item2).toContain('| Voor | 4 | Gemeente Zaltbommel, Zorg A, Zorg B, Zorg C |');
    expect(item2).toContain('**Uitkomst:** uitgewerkt: alle partijen stemden voor (unaniem).');
    expect(verslag).toContain('## 3. Wachtlijsten \\<Wmo\\>\n\n_Inbreng: Zorg A_');
  });

  it('adds every other vote closed since the previous meeting, with its stemverhouding and outcome', () => {
    const votes = verslag.slice(
      verslag.indexOf('## 4. Stemmingen over voorstellen'),
      verslag.indexOf('## 5.'),
    );
    expect(votes).toContain('### Voorstel: Winstmaximalisatie 5%');
    expect(votes).toContain('**Stemverhouding:** 1 voor, 1 tegen, 1 onthouding, 1 niet gestemd');
    expect(votes).toContain('| Tegen | 1 | Zorg A |');
    expect(votes).toContain('| Onthouding | 1 | Zorg B |');
    expect(votes).toContain('| Niet gestemd | 1 | Zorg C |');
    expect(votes).toContain(
      '**Uitkomst:** afgewezen door de gemeente. Onderbouwing: Eerst afstemmen met de RIGG-tekst.',
    );
    expect(votes).not.toContain('Reistijd expliciet maken');
    expect(verslag).not.toContain('Oud voorstel');
    expect(verslag).not.toContain('Nog open');
  });

  it('adds the reports published since the previous meeting, escaped', () => {
    const reports = verslag.slice(verslag.indexOf('## 5. Voortgang ontwikkeltafels'));
    expect(reports).toContain('### Ontwikkeltafel Wachtlijsten Jeugd');
    expect(reports).toContain(
      'Voortgangsrapportage van Ontwikkeltafel Wachtlijsten Jeugd over 1 januari 2027 t/m 30 juni 2027; status: **aandacht nodig**.',
    );
    expect(reports).toContain('\\# Wachtlijsten\\\nDe data van \\*twee\\* aanbieders ontbreekt.');
    expect(reports).toContain('- Wachtlijstdefinitie vaststellen');
    expect(verslag).not.toContain('Oud\n');
  });

  it('is tidy Markdown: no triple blank lines, ends with one newline', () => {
    expect(verslag).not.toMatch(/\n{3}/);
    expect(verslag.endsWith('\n')).toBe(true);
    expect(verslag.endsWith('\n\n')).toBe(false);
  });

  it('says when attendance is not recorded yet, and when aanbieders brought nothing in', () => {
    const plain = draftVerslag({
      meeting: meeting(),
      previousMeeting: null,
      voorstellen: [],
      tafels: [],
      reports: [],
    });
    expect(plain).toContain('- **Aanwezige aanbieders:** _nog niet vastgelegd_');
    expect(plain).toContain('Vanuit de aanbieders zijn voor dit overleg geen agendapunten ingebracht.');
    expect(plain).not.toContain('Stemmingen over voorstellen');
  });
});

describe('stemverhoudingMarkdown', () => {
  it('escapes party names inside the table', () => {
    const lines = stemverhoudingMarkdown({
      voor: 1,
      tegen: 0,
      onthouding: 0,
      nietGestemd: 0,
      partijen: {
        voor: [{ organisationId: 'x', name: 'Zorg | Co', type: 'aanbieder' }],
        tegen: [],
        onthouding: [],
        nietGestemd: [],
      },
    });
    expect(lines).toContain('| Voor | 1 | Zorg \\| Co |');
    expect(lines).toContain('| Tegen | 0 | - |');
  });
});
