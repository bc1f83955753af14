import fc from 'fast-check';
import { escapeHtml, html, joinHtml, SafeHtml } from '../../../src/public/html';
import { inlineMarkdown, markdownToHtml } from '../../../src/public/markdown';

/** Formatting whitespace between tags does not matter to a browser; the tests compare without it. */
function squash(out: string): string {
  return out
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .replace(/<br \/>/g, '<br>')
    .trim();
}

describe('the html tag', () => {
  it('escapes every interpolated string, also in attributes', () => {
    const hostile = `"><script>alert('x')</script>&amp;\``;
    const out = html`<a href="/x" title="${hostile}">${hostile}</a>`.value;
    expect(out).toBe(
      '<a href="/x" title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;&#96;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;&#96;</a>',
    );
  });

  it('keeps nested fragments, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    const tag = html; // not formatted as HTML by prettier, so the output has no added whitespace
    expect(tag`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul>0',
    );
    expect(joinHtml([html`<b>1</b>`, html`<b>2</b>`], ' & ').value).toBe('<b>1</b> &amp; <b>2</b>');
  });

  it('never lets text produce a tag or end an attribute value', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = escapeHtml(text);
        expect(out).not.toMatch(/[<>"'`]/);
        expect(out.replace(/&(amp|lt|gt|quot|#39|#96);/g, '')).not.toContain('&');
      }),
    );
  });
});

const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'code',
  'div',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);

function tagsIn(out: string): string[] {
  return [...out.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)].map((m) => `${m[1]}${m[2]}`);
}

describe('the Markdown subset of published verslagen', () => {
  const options = { topHeadingLevel: 2, tableLabel: 'Tabel' };

  it('renders what the concept verslag uses: headings one level down, lists, bold, emphasis, tables, escapes and hard breaks', () => {
    const out = markdownToHtml(
      [
        '# Concept verslag',
        '',
        '- **Datum overleg:** dinsdag',
        '- _nog niet vastgelegd_',
        '',
        '## 1. Opening',
        '',
        'Regel een\\',
        'regel twee met \\*geen nadruk\\* en Zorg \\& Co.',
        '',
        '1. eerste',
        '2. tweede',
        '',
        '| Stem | Aantal | Partijen |',
        '| --- | --- | --- |',
        '| Voor | 2 | Zorg A, Zorg B \\| C |',
      ].join('\n'),
      options,
    ).value.replace(/>\s+</g, '><');
    expect(out).toContain('<h2>Concept verslag</h2>');
    expect(out).toContain('<h3>1. Opening</h3>');
    expect(out).toContain(
      '<ul><li><strong>Datum overleg:</strong> dinsdag</li><li><em>nog niet vastgelegd</em></li></ul>',
    );
    expect(squash(out)).toContain('<p>Regel een<br>regel twee met *geen nadruk* en Zorg &amp; Co.</p>');
    expect(out).toContain('<ol><li>eerste</li><li>tweede</li></ol>');
    expect(out).toContain('<th scope="col">Partijen</th>');
    expect(out).toContain('<td>Zorg A, Zorg B | C</td>');
    expect(out).toContain('role="region" aria-label="Tabel 1" tabindex="0"');
  });

  it('leaves links, images, HTML and autolinks as text', () => {
    const out = markdownToHtml(
      '[klik](javascript:alert(1)) ![x](https://evil.example/x.png) <img src=x onerror=alert(1)> <https://evil.example>',
      options,
    ).value;
    expect(tagsIn(out)).toEqual(['p', 'p']);
    expect(out).toContain('[klik](javascript:alert(1))');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('only ever produces its own tags, whatever the input', () => {
    const markdownish = fc
      .array(
        fc.constantFrom(
          '#',
          ' ',
          '\n',
          '*',
          '_',
          '`',
          '|',
          '-',
          '\\',
          '<',
          '>',
          '"',
          "'",
          '&',
          'a',
          '1',
          '.',
          'script',
          'img',
          '=',
        ),
        { maxLength: 120 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(markdownish, (source) => {
        const out = markdownToHtml(source, options).value;
        for (const tag of tagsIn(out)) {
          const name = /^[a-z0-9]+/.exec(tag)?.[0] ?? '';
          expect(ALLOWED_TAGS.has(name)).toBe(true);
          // Attributes only on the table wrapper and header cells, with fixed values.
          expect(
            tag === name ||
              tag === 'br /' ||
              /^div class="tabel" role="region" aria-label="Tabel \d+" tabindex="0"$/.test(tag) ||
              tag === 'th scope="col"',
          ).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('formats inline text without touching escaped characters', () => {
    expect(inlineMarkdown('**vet** en *schuin* en `code` en \\_x\\_').value).toBe(
      '<strong>vet</strong> en <em>schuin</em> en <code>code</code> en _x_',
    );
    expect(inlineMarkdown('a*b*c snake_case_name').value).toBe('a*b*c snake_case_name');
    expect(inlineMarkdown('\uE03C').value).toBe('');
  });

  it('is SafeHtml so the page tag does not escape it again', () => {
    expect(markdownToHtml('x', options)).toBeInstanceOf(SafeHtml);
  });
});
