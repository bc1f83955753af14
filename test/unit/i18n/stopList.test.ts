import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { loadStrings, renderCard, type Locale } from '../../../src/cards/renderCard';
import { cardSamplesIn } from '../../support/cardSamples';
import { DUTCH_WORDS, ENGLISH_WORDS, wordsFound } from './stopWords';

/**
 * Bilingual throughout (issue 21): English output may not contain Dutch, and Dutch output may not contain English.
 * Checked on every card template rendered with every sample in both languages, on both string bundles, and on every
 * bilingual message in the source ({ nl, en } objects: refusals, validation messages, field labels, form checks).
 */

/**
 * Sample user data (names, titles, texts typed by people) is shown as typed in either language. These are the
 * fixtures' Dutch phrases; they are removed before the check, so only text Tafelbot writes itself is judged.
 */
const SAMPLE_DATA: readonly RegExp[] = [
  // Typed by people in the fixtures: names, titles, texts, reasons.
  /klik hier/gi,
  /Maas en Waal/g,
  /Femke de Gemeente/g,
  /Jeugdhulp De Brug/g,
  /met een onderbouwing/g,
  /Teruggetrokken/g,
  /Reistijd bij individuele begeleiding expliciet maken/g,
  /Steeds meer gezinnen in Oosterwijk melden zich pas als de problemen groot zijn\./g,
  /Neem in het artikel op dat reistijd alleen bij Jeugd declarabel is\./g,
  /Een vergelijking van verwijzingen met dezelfde periode een jaar eerder\./g,
  /Daalt het aantal verwijzingen naar specialistische GGZ met 20%\?/g,
  /Gezinscoach in de huisartsenpraktijk/g,
  /Eerste analyse van de wachtlijsten\./g,
  /Artikel 12 lid 3 wordt aangevuld met: "Dit geldt uitsluitend voor het product individuele begeleiding\."/g,
  /Helpt een intake binnen een week\?/g,
  /besluit van het college/g,
  /Jeugdhulp aan de voorkant: een coach in de praktijk in plaats van een verwijzing\./g,
  // Official names of the percelen (lots), the same in both languages.
  /Wmo - Hulp bij het Huishouden/g,
  // The minutes (verslag) and the public pages are Dutch documents by design: the bot drafts the minutes in
  // Dutch for publication, and a card that shows them shows the document as it is.
  /_\[Bespreking: in te vullen door de gemeente\.\]_/g,
  /\*\*Datum overleg:\*\*.*/g,
  /^Voor$/g,
  /Deze overlegtafel wordt periodiek georganiseerd.*/g,
];

function withoutSampleData(text: string): string {
  return SAMPLE_DATA.reduce((t, pattern) => t.replace(pattern, ' '), text);
}

/** The texts a person sees on a rendered card. */
function visibleTexts(card: unknown): string[] {
  const texts: string[] = [];
  const visible = new Set([
    'text',
    'title',
    'placeholder',
    'label',
    'fallbackText',
    'altText',
    'errorMessage',
  ]);
  JSON.stringify(card, (key, value: unknown) => {
    if (visible.has(key) && typeof value === 'string') texts.push(value);
    return value;
  });
  return texts;
}

describe('card templates in English say nothing in Dutch, and the reverse', () => {
  const cases = (['en', 'nl'] as Locale[]).flatMap((locale) =>
    Object.entries(cardSamplesIn(locale)).flatMap(([name, samples]) =>
      samples.map((sample, i) => ({ name, i, locale, sample })),
    ),
  );

  it.each(cases)('$name sample $i in $locale', ({ name, locale, sample }) => {
    const card = renderCard(name, locale, sample);
    const stopWords = locale === 'en' ? DUTCH_WORDS : ENGLISH_WORDS;
    const offending = visibleTexts(card)
      .map((text) => ({ text, words: wordsFound(withoutSampleData(text), stopWords) }))
      .filter((t) => t.words.length > 0);
    expect(offending).toEqual([]);
  });

  it('the string bundles: English has no Dutch, Dutch no English', () => {
    const problems: string[] = [];
    for (const [locale, stopWords] of [
      ['en', DUTCH_WORDS],
      ['nl', ENGLISH_WORDS],
    ] as const) {
      for (const [section, values] of Object.entries(loadStrings(locale))) {
        for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
          if (typeof value !== 'string') continue;
          const words = wordsFound(value, stopWords);
          if (words.length > 0)
            problems.push(`${locale} ${section}.${key}: ${words.join(', ')} in "${value}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

// Bilingual messages in the source --------------------------------------------------------------------------------

const SRC = join(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The text of a string expression, with every ${…} replaced by a neutral placeholder. */
function textOf(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' 1 ');
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = textOf(node.left);
    const right = textOf(node.right);
    return `${left ?? ' 1 '}${right ?? ' 1 '}`;
  }
  if (ts.isParenthesizedExpression(node)) return textOf(node.expression);
  if (ts.isConditionalExpression(node)) {
    const a = textOf(node.whenTrue);
    const b = textOf(node.whenFalse);
    return a !== undefined || b !== undefined ? `${a ?? ''} ${b ?? ''}` : undefined;
  }
  return undefined;
}

interface Pair {
  readonly where: string;
  readonly nl: string;
  readonly en: string;
}

/** Every object literal with exactly the properties nl and en, and every { message, messageEn } problem. */
function bilingualPairs(): Pair[] {
  const pairs: Pair[] = [];
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node)) {
        const props = new Map<string, ts.Expression>();
        for (const p of node.properties)
          if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))
            props.set(p.name.text, p.initializer);
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        const where = `${file.slice(SRC.length + 1)}:${line}`;
        const nlNode = props.get('nl');
        const enNode = props.get('en');
        if (props.size === 2 && nlNode && enNode) {
          const nl = textOf(nlNode);
          const en = textOf(enNode);
          if (nl !== undefined && en !== undefined) pairs.push({ where, nl, en });
        }
        const message = props.get('message');
        const messageEn = props.get('messageEn');
        if (message && messageEn) {
          const nl = textOf(message);
          const en = textOf(messageEn);
          if (nl !== undefined && en !== undefined) pairs.push({ where, nl, en });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return pairs;
}

/** Calls of refuse( and refuseFields( in src, outside their own definition. */
function refusalCallSites(): number {
  return sourceFiles(SRC)
    .filter((f) => !f.endsWith(join('domain', 'shared', 'result.ts')))
    .reduce((n, f) => n + (readFileSync(f, 'utf8').match(/\brefuse(Fields)?\(/g) ?? []).length, 0);
}

describe('bilingual messages in the source (refusals, validation, labels)', () => {
  const pairs = bilingualPairs();

  it('finds the messages: every refusal call site passes both languages (the compiler enforces the shape)', () => {
    expect(refusalCallSites()).toBeGreaterThanOrEqual(170);
    expect(pairs.length).toBeGreaterThanOrEqual(300);
  });

  it('English messages contain no Dutch', () => {
    const problems = pairs
      .map((p) => ({ where: p.where, en: p.en, words: wordsFound(p.en, DUTCH_WORDS) }))
      .filter((p) => p.words.length > 0);
    expect(problems).toEqual([]);
  });

  it('Dutch messages contain no English', () => {
    const problems = pairs
      .map((p) => ({ where: p.where, nl: p.nl, words: wordsFound(p.nl, ENGLISH_WORDS) }))
      .filter((p) => p.words.length > 0);
    expect(problems).toEqual([]);
  });

  it('the two languages differ: a message is translated, not copied', () => {
    // One word may be the same in both languages ("Pilots"); a sentence may not.
    const copied = pairs.filter((p) => p.nl === p.en && /\p{L}+\s+\p{L}+/u.test(p.nl)).map((p) => p.where);
    expect(copied).toEqual([]);
  });
});
