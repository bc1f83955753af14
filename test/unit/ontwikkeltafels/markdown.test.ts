import fc from 'fast-check';
import { reportsMarkdown } from '../../../src/domain/ontwikkeltafels/export';
import { escapeMarkdown, escapeMarkdownInline } from '../../../src/domain/ontwikkeltafels/markdown';
import { correctReport, publishReport, startReport } from '../../../src/domain/ontwikkeltafels/rapportage';
import { at, must } from '../voorstellen/fixtures';
import { otherTafel, tafel, trekker } from './fixtures';

/** Undo CommonMark backslash escapes and hard breaks: what a reader sees of the text. */
function visibleText(markdown: string): string {
  return markdown.replace(/\\\n/g, '\n').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('escapeMarkdown', () => {
  it.each([
    ['# Kop', '\\# Kop'],
    ['- lijst', '\\- lijst'],
    ['+ lijst', '\\+ lijst'],
    ['1. genummerd', '1\\. genummerd'],
    ['12) genummerd', '12\\) genummerd'],
    ['> citaat', '\\> citaat'],
    ['===', '\\==='],
    ['[klik](https://evil.example)', '\\[klik\\](https://evil.example)'],
    ['![img](x.png)', '!\\[img\\](x.png)'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['*vet* en _schuin_', '\\*vet\\* en \\_schuin\\_'],
    ['`code`', '\\`code\\`'],
    ['a | b', 'a \\| b'],
    ['~~weg~~', '\\~\\~weg\\~\\~'],
    ['&amp; &#60;', '\\&amp; \\&#60;'],
    ['Zorg & Co', 'Zorg & Co'],
    ['    code block', 'code block'],
    ['C:\\pad', 'C:\\\\pad'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('keeps line breaks as hard breaks and paragraphs as paragraphs', () => {
    expect(escapeMarkdown('regel 1\nregel 2\n\nalinea 2')).toBe('regel 1\\\nregel 2\n\nalinea 2');
    expect(escapeMarkdownInline('regel 1\n# regel 2')).toBe('regel 1 # regel 2');
  });

  it('shows the reader exactly the text that was typed, and no line can start a block (property)', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        '\n',
        '#',
        '-',
        '+',
        '=',
        '>',
        '*',
        '_',
        '[',
        ']',
        '(',
        ')',
        '<',
        '`',
        '|',
        '~',
        '\\',
        '1',
        '.',
        '&',
        ';',
      ),
    });
    fc.assert(
      fc.property(text, (input) => {
        const escaped = escapeMarkdown(input);
        const expected = input
          .split('\n')
          .map((l) => l.replace(/^[ \t]+/, ''))
          .join('\n')
          .replace(/\n{3,}/g, '\n\n')
          .trim();
        expect(visibleText(escaped)).toBe(expected);
        for (const line of escaped.split('\n')) {
          expect(line).not.toMatch(/^(?:[#>+=`*_|~[<-]|\d+[.)])/);
          expect(line).not.toMatch(/^ {4}/);
        }
      }),
    );
  });
});

describe('reportsMarkdown', () => {
  const t = tafel({ name: 'Wachtlijsten *Jeugd*' });
  const other = otherTafel();
  const content = {
    status: 'op schema',
    progress: '# Geen kop\nTweede regel',
    results: 'Resultaat [link](javascript:x)',
    nextSteps: '- geen lijst',
    pilots: [
      {
        name: 'Pilot <b>',
        start: '2027-02-01',
        end: '2027-05-31',
        researchQuestion: 'Werkt het?',
        status: 'lopend',
      },
    ],
    decisionsRequested: [{ title: 'Besluit | tabel', explanation: 'Toelichting' }],
  };
  const now = at('2027-07-10 10:00');
  const h1 = must(
    publishReport(
      must(startReport(t, [], { id: 'r1', periodId: '2027-06-30', content }, trekker, now)).report,
      t,
      trekker,
      now,
    ),
  ).report;
  const corrected = must(
    correctReport(
      h1,
      t,
      { content: { ...content, status: 'achter' }, reason: 'Status bijgesteld na overleg.' },
      trekker,
      at('2027-07-20 10:00'),
    ),
  ).report;
  const draftOld = must(
    startReport(t, [], { id: 'r0', periodId: '2026-12-31', content }, trekker, now),
  ).report;

  const markdown = reportsMarkdown([t, other], [corrected, draftOld], {
    from: '2027-01-01',
    to: '2027-06-30',
  });

  it('contains the published report of the period, latest version, with the correction noted', () => {
    expect(markdown).toContain('## Wachtlijsten \\*Jeugd\\*');
    expect(markdown).toContain('### Voortgangsrapportage 1 januari 2027 t/m 30 juni 2027');
    expect(markdown).toContain('- **Status:** achter');
    expect(markdown).toContain(
      '- **Gepubliceerd:** 10 juli 2027, gecorrigeerd op 20 juli 2027 (versie 2): Status bijgesteld na overleg.',
    );
    expect(markdown).toContain('- **Pilot \\<b\\>** (1 februari 2027 t/m 31 mei 2027, lopend): Werkt het?');
    expect(markdown).toContain('- **Besluit \\| tabel**: Toelichting');
  });

  it('escapes user text so it cannot add structure', () => {
    expect(markdown).toContain('\\# Geen kop\\\nTweede regel');
    expect(markdown).toContain('Resultaat \\[link\\](javascript:x)');
    expect(markdown).toContain('\\- geen lijst');
    expect(markdown).not.toMatch(/^# Geen kop/m);
  });

  it('leaves out drafts, and lists an active table without a report', () => {
    expect(markdown).not.toContain('15 november 2026 t/m 31 december 2026');
    expect(markdown).toMatch(
      /## Ontwikkeltafel Huishoudelijke Hulp\n\nGeen gepubliceerde rapportage over deze periode\./,
    );
    expect(markdown.endsWith('\n')).toBe(true);
    expect(markdown).not.toMatch(/\n{3}/);
  });
});
