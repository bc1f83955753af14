import fc from 'fast-check';
import { csvCell, toCsv } from '../../../src/domain/voorstellen/csv';
import { reactionsCsv, votesCsv } from '../../../src/domain/voorstellen/exports';
import { openReactieperiode, submitReaction } from '../../../src/domain/voorstellen/reacties';
import { castVote } from '../../../src/domain/voorstellen/stemming';
import {
  at,
  conceptVoorstel,
  contact,
  gemeenteAdmin,
  GEMEENTE_ORG,
  must,
  organisation,
  partyOf,
  voorstelInStemming,
} from './fixtures';

/** A strict RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i += 1;
        continue;
      }
      cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else if (ch === '"' || ch === '\n' || ch === '\r')
      throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    else cell += ch;
    i += 1;
  }
  if (cell !== '' || row.length > 0) throw new Error('last record not terminated by CRLF');
  return rows;
}

describe('CSV cells', () => {
  it('quotes separators, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('a;b');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('zei "ja"')).toBe('"zei ""ja"""');
    expect(csvCell('regel 1\nregel 2')).toBe('"regel 1\nregel 2"');
    expect(csvCell('regel 1\r\nregel 2')).toBe('"regel 1\r\nregel 2"');
  });

  it.each(['=HYPERLINK("https://evil.example","klik")', '+31 6 1234', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'defuses the formula-like cell %j with a leading apostrophe',
    (value) => {
      const cell = csvCell(value);
      const read = parseCsv(`${cell}\r\n`)[0]![0]!;
      expect(read).toBe(`'${value}`);
    },
  );

  it('ends every row with CRLF and can start with a byte order mark', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe('a,b\r\nc,d\r\n');
    expect(toCsv([['é']], { byteOrderMark: true })).toBe('\uFEFFé\r\n');
    expect(toCsv([['a', 'b;c']], { separator: ';' })).toBe('a;"b;c"\r\n');
  });

  it('reads back as the same cells, formula-like ones prefixed (property)', () => {
    const cellText = fc.string({
      unit: fc.constantFrom('a', 'é', ',', ';', '"', '\n', '\r', ' ', '=', '+', '-', '@', '\t', "'"),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(',', ';' as const),
        (rows, separator) => {
          const read = parseCsv(toCsv(rows, { separator }), separator);
          expect(read).toEqual(rows.map((row) => row.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c))));
        },
      ),
    );
  });
});

describe('exports of a voorstel', () => {
  const zorgA = organisation('org-a', 'Zorg, Welzijn & "Co"');
  const zorgB = organisation('org-b', 'Zorg B');

  it('lists every ballot with who, when (Amsterdam time) and whether it counts, and parties that did not vote', () => {
    let v = voorstelInStemming(
      [partyOf(GEMEENTE_ORG), partyOf(zorgA), partyOf(zorgB)],
      at('2027-03-01 17:00'),
    );
    v = must(
      castVote(
        v,
        { partyId: 'org-a', choice: 'voor', idempotencyKey: 'k1' },
        contact('p-a1', zorgA),
        at('2027-02-20 10:00:05'),
      ),
    ).voorstel;
    v = must(
      castVote(
        v,
        { partyId: 'org-a', choice: 'tegen', idempotencyKey: 'k2' },
        contact('p-a2', zorgA, 'vervanger'),
        at('2027-02-21 11:00'),
      ),
    ).voorstel;
    v = must(
      castVote(
        v,
        { partyId: 'org-b', choice: 'onthouding', idempotencyKey: 'k3' },
        contact('p-b', zorgB),
        at('2027-02-22 12:00'),
      ),
    ).voorstel;
    expect(parseCsv(votesCsv(v))).toEqual([
      ['Partij', 'Soort', 'Keuze', 'Geldende stem', 'Uitgebracht door', 'Rol', 'Tijdstip (Amsterdam)'],
      ['Gemeente Zaltbommel', 'gemeente', 'niet gestemd', 'ja', '', '', ''],
      [
        'Zorg, Welzijn & "Co"',
        'aanbieder',
        'voor',
        'nee',
        'Persoon p-a1',
        'contactpersoon',
        '2027-02-20 10:00:05',
      ],
      [
        'Zorg, Welzijn & "Co"',
        'aanbieder',
        'tegen',
        'ja',
        'Persoon p-a2',
        'vervanger',
        '2027-02-21 11:00:00',
      ],
      ['Zorg B', 'aanbieder', 'onthouding', 'ja', 'Persoon p-b', 'contactpersoon', '2027-02-22 12:00:00'],
    ]);
  });

  it('exports reactions with injection-safe text', () => {
    const opened = at('2027-02-01 09:00');
    let v = must(openReactieperiode(conceptVoorstel(opened), {}, gemeenteAdmin(), opened)).voorstel;
    v = must(
      submitReaction(
        v,
        { organisationId: 'org-a', text: '=cmd|"/C calc"!A0\nTweede regel' },
        contact('p-a1', zorgA),
        at('2027-02-02 14:30'),
      ),
    ).voorstel;
    const csv = reactionsCsv(v, { separator: ';' });
    expect(parseCsv(csv, ';')).toEqual([
      [
        'Organisatie',
        'Reactie',
        'Door',
        'Rol',
        'Ingediend (Amsterdam)',
        'Laatst gewijzigd (Amsterdam)',
        'Versie',
      ],
      [
        'Zorg, Welzijn & "Co"',
        `'=cmd|"/C calc"!A0\nTweede regel`,
        'Persoon p-a1',
        'contactpersoon',
        '2027-02-02 14:30:00',
        '2027-02-02 14:30:00',
        '1',
      ],
    ]);
  });
});
