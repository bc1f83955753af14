/**
 * The e-mail version of a broadcast, derived from its Adaptive Card so every feature gets e-mail without
 * writing any: the text blocks and fact sets, in order. Never the card's actions or inputs (they do nothing in
 * an e-mail), never an element that is hidden or marked confidential.
 *
 * Card text is Adaptive Card markdown in which Tafelbot escaped all user text (renderCard.escapeCardText).
 * It is parsed here, not copied: an escaped character is literal text, only Tafelbot's own **bold** and
 * [label](https://...) links become markup, and everything is HTML-escaped on the way out.
 */

export interface EmailFact {
  readonly title: string;
  readonly value: string;
}

export type EmailBlock =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'facts'; readonly facts: readonly EmailFact[] };

/** Strings of the e-mail, in the recipient's language (src/cards/strings/<locale>/email.json). */
export interface EmailStrings {
  readonly greeting: string;
  readonly intro: string;
  readonly openInTeams: string;
  readonly openPublic: string;
  readonly whyEmail: string;
  readonly footer: string;
}

export interface EmailInput {
  readonly title: string;
  readonly card: Readonly<Record<string, unknown>>;
  readonly strings: EmailStrings;
  readonly recipientName: string;
  /** https://teams.microsoft.com/l/chat/0/0?users=28:<BOT_ID>, or undefined without a bot id (local). */
  readonly teamsChatUrl: string | undefined;
  /** The public /openbaar page of this item, when it has one. */
  readonly publicUrl: string | undefined;
  readonly lang: 'nl' | 'en';
}

export interface ComposedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Element ids that mark content as confidential (voorstel parts are `vertrouwelijk-<n>`). */
const CONFIDENTIAL_ID = /^(confidential|vertrouwelijk)/i;
const MAX_DEPTH = 12;

function isHidden(element: Record<string, unknown>): boolean {
  if (element.isVisible === false) return true;
  if (typeof element.id === 'string' && CONFIDENTIAL_ID.test(element.id)) return true;
  return element.confidential === true;
}

function asRecords(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v))
    : [];
}

/** The card's readable content, in order. */
export function cardBlocks(card: Readonly<Record<string, unknown>>): EmailBlock[] {
  const blocks: EmailBlock[] = [];
  const walk = (elements: Record<string, unknown>[], depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const element of elements) {
      if (isHidden(element)) continue;
      switch (element.type) {
        case 'TextBlock':
          if (typeof element.text === 'string' && element.text.trim())
            blocks.push({ kind: 'text', text: element.text });
          break;
        case 'RichTextBlock': {
          const text = asRecords(element.inlines)
            .filter((i) => !isHidden(i))
            .map((i) => (typeof i.text === 'string' ? i.text : ''))
            .join('');
          if (text.trim()) blocks.push({ kind: 'text', text });
          break;
        }
        case 'FactSet': {
          const facts = asRecords(element.facts)
            .filter((f) => !isHidden(f) && typeof f.title === 'string' && typeof f.value === 'string')
            .map((f) => ({ title: f.title as string, value: f.value as string }));
          if (facts.length > 0) blocks.push({ kind: 'facts', facts });
          break;
        }
        case 'Container':
          walk(asRecords(element.items), depth + 1);
          break;
        case 'ColumnSet':
          for (const column of asRecords(element.columns))
            if (!isHidden(column)) walk(asRecords(column.items), depth + 1);
          break;
        case 'Table':
          for (const row of asRecords(element.rows))
            for (const cell of asRecords(row.cells))
              if (!isHidden(cell)) walk(asRecords(cell.items), depth + 1);
          break;
        default:
          // Inputs, ActionSets, images, media: nothing a reader of an e-mail can use.
          break;
      }
    }
  };
  walk(asRecords(card.body), 0);
  return blocks;
}

interface Segment {
  readonly text: string;
  readonly bold: boolean;
  readonly href?: string;
}

const SAFE_URL = /^https:\/\/[^\s<>"'`\\]+$/;

/** Card markdown to segments: escapes become literal, ** toggles bold, [label](https://url) is a link. */
export function parseCardMarkdown(source: string): Segment[] {
  const segments: Segment[] = [];
  let bold = false;
  let buffer = '';
  const flush = (): void => {
    if (buffer) segments.push({ text: buffer, bold });
    buffer = '';
  };
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length) {
      buffer += source[i + 1];
      i += 2;
    } else if (source.startsWith('**', i)) {
      flush();
      bold = !bold;
      i += 2;
    } else if (c === '[') {
      const link = /^\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)/.exec(source.slice(i));
      if (link && SAFE_URL.test(link[2]!)) {
        flush();
        const label = link[1]!.replace(/\\(.)/g, '$1').replace(/\*\*/g, '');
        segments.push({ text: label, bold, href: link[2]! });
        i += link[0].length;
      } else {
        buffer += c;
        i += 1;
      }
    } else {
      buffer += c;
      i += 1;
    }
  }
  flush();
  return segments;
}

export function plainText(source: string): string {
  return parseCardMarkdown(source)
    .map((s) => (s.href && s.href !== s.text ? `${s.text} (${s.href})` : s.text))
    .join('');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function htmlOf(source: string): string {
  return parseCardMarkdown(source)
    .map((s) => {
      let html = escapeHtml(s.text).replace(/\r?\n/g, '<br>');
      if (s.bold) html = `<strong>${html}</strong>`;
      if (s.href) html = `<a href="${escapeHtml(s.href)}">${html}</a>`;
      return html;
    })
    .join('');
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** One line of a subject: no line breaks (header injection), no markdown, bounded. */
export function subjectOf(title: string): string {
  const line = plainText(title)
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
  return line.length > 180 ? `${line.slice(0, 179)}…` : line;
}

export function composeEmail(input: EmailInput): ComposedEmail {
  const blocks = cardBlocks(input.card);
  const s = input.strings;
  const name = input.recipientName.replace(/[\p{Cc}]+/gu, ' ').trim();
  const subject = subjectOf(input.title);

  const text: string[] = [
    fill(s.greeting, { name }),
    '',
    s.intro,
    '',
    subject,
    '='.repeat(Math.min(subject.length, 60)),
    '',
  ];
  for (const block of blocks) {
    if (block.kind === 'text') text.push(plainText(block.text), '');
    else {
      for (const f of block.facts) text.push(`${plainText(f.title)}: ${plainText(f.value)}`);
      text.push('');
    }
  }
  if (input.teamsChatUrl) text.push(`${s.openInTeams}: ${input.teamsChatUrl}`);
  if (input.publicUrl) text.push(`${s.openPublic}: ${input.publicUrl}`);
  text.push('', '--', s.whyEmail, s.footer);

  const html: string[] = [
    `<!DOCTYPE html><html lang="${input.lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#242424;max-width:640px">',
    `<p>${escapeHtml(fill(s.greeting, { name }))}</p>`,
    `<p>${escapeHtml(s.intro)}</p>`,
    `<h1 style="font-size:20px">${escapeHtml(subject)}</h1>`,
  ];
  for (const block of blocks) {
    if (block.kind === 'text') html.push(`<p>${htmlOf(block.text)}</p>`);
    else {
      html.push('<table role="presentation" style="border-collapse:collapse">');
      for (const f of block.facts)
        html.push(
          `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${htmlOf(f.title)}</th><td style="padding:2px 0">${htmlOf(f.value)}</td></tr>`,
        );
      html.push('</table>');
    }
  }
  const links: string[] = [];
  if (input.teamsChatUrl)
    links.push(`<a href="${escapeHtml(input.teamsChatUrl)}">${escapeHtml(s.openInTeams)}</a>`);
  if (input.publicUrl) links.push(`<a href="${escapeHtml(input.publicUrl)}">${escapeHtml(s.openPublic)}</a>`);
  if (links.length > 0) html.push(`<p>${links.join(' · ')}</p>`);
  html.push(
    `<hr><p style="font-size:13px;color:#616161">${escapeHtml(s.whyEmail)}<br>${escapeHtml(s.footer)}</p>`,
    '</body></html>',
  );
  return { subject, text: text.join('\n').replace(/\n{3,}/g, '\n\n'), html: html.join('\n') };
}

/** The deep link that opens the bot's 1:1 chat in Teams. */
export function teamsChatUrl(botAppId: string | undefined): string | undefined {
  return botAppId
    ? `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}`
    : undefined;
}
