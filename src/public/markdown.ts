import { escapeHtml, html, joinHtml, SafeHtml } from './html';

/**
 * A small, safe Markdown subset for published verslagen (src/domain/meetings/verslag.ts writes them): headings,
 * paragraphs with hard breaks, bullet and numbered lists, pipe tables, **strong**, *emphasis* / _emphasis_,
 * `code` and backslash escapes. Everything else stays literal text. The text is HTML-escaped before any tag is
 * added, and the tags come from this file only, so no input can produce markup, links, images or scripts.
 */

// Backslash escapes become private-use characters while formatting runs, and literal (escaped) text afterwards.
const PRIVATE_USE = /[\uE000-\uE0FF]/g;
const ESCAPED = /\\([!-/:-@[-`{-~])/g;

function protect(text: string): string {
  return text
    .replace(PRIVATE_USE, '')
    .replace(ESCAPED, (_m, c: string) => String.fromCharCode(0xe000 + c.charCodeAt(0)));
}

function restore(text: string): string {
  return text.replace(PRIVATE_USE, (c) => escapeHtml(String.fromCharCode(c.charCodeAt(0) - 0xe000)));
}

/** One line of inline Markdown as HTML. */
export function inlineMarkdown(source: string): SafeHtml {
  let out = escapeHtml(protect(source));
  // Backticks are already escaped as &#96; here.
  out = out.replace(/&#96;((?:(?!&#96;).)+?)&#96;/g, '<code>$1</code>');
  out = out.replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, '<strong>$1</strong>');
  out = out.replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1<em>$2</em>');
  out = out.replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, '$1<em>$2</em>');
  return new SafeHtml(restore(out));
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/;

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

function paragraph(lines: readonly string[]): SafeHtml {
  // A line ending in a backslash (or two spaces) is a hard break, as CommonMark has it.
  const parts = lines.map((line, i) => {
    const last = i === lines.length - 1;
    const hard = !last && (/\\$/.test(line) || / {2,}$/.test(line));
    const content = hard && line.endsWith('\\') ? line.slice(0, -1) : line;
    return last
      ? inlineMarkdown(content.trim())
      : html`${inlineMarkdown(content.trim())}${hard ? html`<br />` : ' '}`;
  });
  return html`<p>${parts}</p>`;
}

export interface MarkdownOptions {
  /** The HTML level of a Markdown "#": the page has its own h1, so a document's headings start lower. */
  readonly topHeadingLevel: number;
  /** Label of a scrollable table region (for screen readers). */
  readonly tableLabel: string;
}

export function markdownToHtml(source: string, options: MarkdownOptions): SafeHtml {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: SafeHtml[] = [];
  let i = 0;
  let tables = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, (heading[1] ?? '#').length - 1 + options.topHeadingLevel);
      blocks.push(new SafeHtml(`<h${level}>${inlineMarkdown(heading[2] ?? '').value}</h${level}>`));
      i += 1;
      continue;
    }
    if (TABLE_ROW.test(line) && TABLE_SEPARATOR.test(lines[i + 1] ?? '')) {
      const header = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && TABLE_ROW.test(lines[i] ?? '')) rows.push(cells(lines[i++] ?? ''));
      tables += 1;
      blocks.push(
        html`<div class="tabel" role="region" aria-label="${options.tableLabel} ${tables}" tabindex="0">
          <table>
            <thead>
              <tr>
                ${header.map((c) => html`<th scope="col">${inlineMarkdown(c)}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (r) =>
                  html`<tr>
                    ${header.map((_h, k) => html`<td>${inlineMarkdown(r[k] ?? '')}</td>`)}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`,
      );
      continue;
    }
    const listKind = BULLET.test(line) ? 'ul' : NUMBERED.test(line) ? 'ol' : null;
    if (listKind) {
      const pattern = listKind === 'ul' ? BULLET : NUMBERED;
      const items: SafeHtml[] = [];
      while (i < lines.length && pattern.test(lines[i] ?? '')) {
        items.push(html`<li>${inlineMarkdown(pattern.exec(lines[i] ?? '')?.[1] ?? '')}</li>`);
        i += 1;
      }
      blocks.push(new SafeHtml(`<${listKind}>${joinHtml(items).value}</${listKind}>`));
      continue;
    }
    const text: string[] = [];
    while (i < lines.length) {
      const next = lines[i] ?? '';
      if (next.trim() === '' || HEADING.test(next) || BULLET.test(next) || NUMBERED.test(next)) break;
      if (TABLE_ROW.test(next) && TABLE_SEPARATOR.test(lines[i + 1] ?? '')) break;
      text.push(next);
      i += 1;
    }
    blocks.push(paragraph(text));
  }
  return joinHtml(blocks, '\n');
}
