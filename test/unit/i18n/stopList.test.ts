import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { loadStrings, renderCard, stringsFor, type Locale } from '../../../src/cards/renderCard';
import { deliveryReportView } from '../../../src/cards/views/deliveryViews';
import { messageIn } from '../../../src/delivery/recipientLocale';
import { titleIn } from '../../../src/domain/delivery/broadcast';
import { composeEmail, type EmailStrings } from '../../../src/domain/delivery/emailContent';
import { publicationPlan } from '../../../src/domain/inschrijving';
import type { EnqueueRequest } from '../../../src/delivery/deliveryService';
import {
  invitationBroadcast,
  publicationBroadcasts,
  reminderBroadcast,
} from '../../../src/inschrijving/broadcasts';
import { cardSamplesIn } from '../../support/cardSamples';
import { buildSampleRound, HOSTILE_NAME } from '../../support/inschrijvingSamples';
import {
  DUTCH_LABEL_WORDS,
  DUTCH_WORDS as DUTCH_SENTENCE_WORDS,
  ENGLISH_LABEL_WORDS,
  ENGLISH_WORDS as ENGLISH_SENTENCE_WORDS,
  wordsFound,
} from './stopWords';

// Cards and messages Tafelbot writes itself: sentence words and raw labels alike.
const DUTCH_WORDS = [...DUTCH_SENTENCE_WORDS, ...DUTCH_LABEL_WORDS];
const ENGLISH_WORDS = [...ENGLISH_SENTENCE_WORDS, ...ENGLISH_LABEL_WORDS];

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
  // The announced public source of a draw's seed, typed by the gemeente, and the fixture's draw record saying so
  // (a signed record, shown as it was stored).
  /slotkoers AEX op \d+ januari 2027/g,
  /aangekondigd: /g,
  // The audit trail shows an entry's stored details as they are: keys and codes (a vote "voor"), in both languages.
  /choice: voor/g,
  /"voor":1,"tegen":2/g,
  // Official names of the percelen (lots), the same in both languages.
  /Wmo - Hulp bij het Huishouden/g,
  // The minutes (verslag) and the public pages are Dutch documents by design: the bot drafts the minutes in
  // Dutch for publication, and a card that shows them shows the document as it is.
  /_\[Bespreking: in te vullen door de gemeente\.\]_/g,
  /\*\*Datum overleg:\*\*.*/g,
  /^Voor$/g,
  /Deze overlegtafel wordt periodiek georganiseerd.*/g,
];

/**
 * A stored code named after its English word, for whoever types it (a CSV import takes "klein", not "small"):
 * "small (klein)". The gloss is the code, not a translation left out.
 */
function withoutCodeGlosses(text: string): string {
  return (
    text
      .replace(/\((klein|middel|groot|lokaal|regionaal)\)/g, ' ')
      // A lottery file's allowed values, quoted as they must be written in the file.
      .replace(/\(allowed: [a-z, ]+\)/g, ' ')
  );
}

/**
 * Documents shown as they are stored, per card: the public pages' titles (Dutch documents by design), and the
 * agenda item a signaal became (the meeting's agenda is one shared document). Per card, so the same words
 * elsewhere (a broadcast's title) are still judged.
 */
const DOCUMENT_TEXT: Readonly<Record<string, readonly RegExp[]>> = {
  publicatiesOverzicht: [/Samenstelling Overlegtafel \d{4}/g],
  signaalInbox: [/Signaal van .* over inwoners/g],
  signaalDetail: [/Signaal van .* over inwoners/g],
};

function withoutSampleData(text: string, template?: string): string {
  const patterns = [...SAMPLE_DATA, ...((template && DOCUMENT_TEXT[template]) || [])];
  return patterns.reduce((t, pattern) => t.replace(pattern, ' '), text);
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
    // A fact's value is shown beside its title (a choice's or an input's value is a code, not shown as such).
    if (key === 'facts' && Array.isArray(value))
      for (const fact of value as Array<{ value?: unknown }>)
        if (typeof fact.value === 'string') texts.push(fact.value);
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
      .map((text) => ({ text, words: wordsFound(withoutSampleData(text, name), stopWords) }))
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
          // Placeholders ({perceel}) are filled in, never shown.
          const words = wordsFound(value.replace(/\{\w+\}/g, ' '), stopWords);
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
      .map((p) => ({ where: p.where, en: p.en, words: wordsFound(withoutCodeGlosses(p.en), DUTCH_WORDS) }))
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

// Broadcasts: what a recipient reads in their e-mail, and the report the gemeente reads ---------------------------

/** The registration round's broadcasts (invitation, reminder, publication to all, selected and not selected). */
function roundBroadcasts(): EnqueueRequest[] {
  const s = buildSampleRound();
  const plan = publicationPlan(s.drawn, s.registrations);
  if (!plan.ok) throw new Error(plan.messages.join(' '));
  const ids = s.organisations.map((o) => o.id);
  return [
    invitationBroadcast(s.open, ids, 'person-admin'),
    reminderBroadcast(s.open, 7, ids),
    ...publicationBroadcasts(s.drawn, s.record, plan.value, ids, 'person-admin').map((b) => b.request),
  ];
}

/** The job as the ledger keeps it: the Dutch title, the English one beside it. */
function storedTitle(request: EnqueueRequest): { title: string; titleEn: string } {
  return { title: request.title.nl, titleEn: request.title.en };
}

describe("broadcasts in the reader's language: the e-mail's subject and body, the delivery report", () => {
  const broadcasts = roundBroadcasts();
  const cases = (['en', 'nl'] as Locale[]).flatMap((locale) =>
    broadcasts.map((request) => ({ id: request.broadcastId, locale, request })),
  );

  it.each(cases)('the e-mail of $id in $locale', ({ locale, request }) => {
    // As the e-mail channel builds it: the recipient's version of the message and of the title.
    const email = composeEmail({
      title: titleIn(storedTitle(request), locale),
      card: messageIn(request.message, locale).card,
      strings: stringsFor('email', locale) as unknown as EmailStrings,
      recipientName: 'Ontvanger',
      teamsChatUrl: undefined,
      publicUrl: undefined,
      lang: locale,
    });
    const stopWords = locale === 'en' ? DUTCH_WORDS : ENGLISH_WORDS;
    const clean = (text: string) => withoutSampleData(text.split(HOSTILE_NAME).join(' '));
    expect({ subject: wordsFound(clean(email.subject), stopWords) }).toEqual({ subject: [] });
    const offending = email.text
      .split('\n')
      .map((line) => ({ line, words: wordsFound(clean(line), stopWords) }))
      .filter((l) => l.words.length > 0);
    expect(offending).toEqual([]);
    expect(email.html).toContain(`<html lang="${locale}">`);
  });

  it.each(cases)('the delivery report of $id read in $locale', ({ locale, request }) => {
    const job = {
      id: 'job' as const,
      broadcastId: request.broadcastId,
      kind: 'job' as const,
      ...storedTitle(request),
      topic: request.topic,
      message: request.message,
      mode: 'send' as const,
      status: 'done' as const,
      createdAt: '2027-01-15T12:00:00.000Z',
      createdByPersonId: 'person-admin',
      report: null,
      finishedAt: '2027-01-15T12:05:00.000Z',
    };
    const status = {
      job,
      counts: { total: 1, pending: 0, sending: 0, sent: 1, failed: 0 },
      sentBy: { teams: 1, email: 0 },
      possiblyTwice: 1,
      failures: [],
      recipients: [],
    };
    const card = renderCard('deliveryReport', locale, deliveryReportView(status, locale));
    const stopWords = locale === 'en' ? DUTCH_WORDS : ENGLISH_WORDS;
    const offending = visibleTexts(card)
      .map((text) => ({ text, words: wordsFound(withoutSampleData(text), stopWords) }))
      .filter((t) => t.words.length > 0);
    expect(offending).toEqual([]);
    expect(JSON.stringify(card)).toContain(locale === 'en' ? request.title.en : request.title.nl);
  });
});
