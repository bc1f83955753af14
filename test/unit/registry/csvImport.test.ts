import { parseCsv, parseOrganisationsCsv } from '../../../src/domain/registry/csvImport';

describe('CSV import of contracted organisations', () => {
  it('reads semicolon files with quotes, BOM and CRLF', () => {
    expect(parseCsv('\uFEFFa;b\r\n"x;1";"say ""hi"""\r\n')).toEqual([
      ['a', 'b'],
      ['x;1', 'say "hi"'],
    ]);
  });

  it('imports valid lines and reports each bad line by number, in Dutch and English', () => {
    const result = parseOrganisationsCsv(
      [
        'Naam;Soort;Percelen;Grootte;Herkomst;KvK',
        'Alfa Zorg;aanbieder;"1,3";klein;lokaal;12345678',
        'Gemeente Rivierstad;gemeente;;;;',
        'Kapot;aanbieder;7;reus;lokaal;',
        'Alfa Zorg Dubbel;aanbieder;1;klein;lokaal;12345678',
      ].join('\n'),
    );
    expect(result.organisations.map((o) => o.id)).toEqual(['org-kvk-12345678', 'org-gemeente-rivierstad']);
    expect(result.errors.map((e) => ({ line: e.line, messages: e.messages.nl }))).toEqual([
      {
        line: 4,
        messages: [
          'Percelen moeten nummers van 1 tot en met 5 zijn.',
          'Kies de grootte van de aanbieder: klein, middel of groot.',
        ],
      },
      { line: 5, messages: ['Dezelfde organisatie staat al op regel 2.'] },
    ]);
    expect(result.errors.map((e) => e.messages.en.length)).toEqual([2, 1]);
    expect(result.errors[1]?.messages.en).toEqual(['The same organisation is already on line 2.']);
  });

  it('refuses a file without the required columns', () => {
    expect(parseOrganisationsCsv('foo,bar\n1,2').errors[0]?.messages.nl[0]).toContain('"naam" en "soort"');
    expect(parseOrganisationsCsv('foo,bar\n1,2').errors[0]?.messages.en[0]).toContain('"naam" and "soort"');
    expect(parseOrganisationsCsv('').errors[0]?.messages).toEqual({
      nl: ['Het bestand is leeg.'],
      en: ['The file is empty.'],
    });
  });
});
