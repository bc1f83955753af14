/**
 * Escaping of user text for Markdown documents (report exports, the concept verslag). What a person typed must
 * read as text: it cannot add headings, lists, links, images, HTML or tables. CommonMark lets a backslash escape
 * any ASCII punctuation; we escape only what can change structure, so the source stays readable for the
 * gemeente who completes the verslag.
 */

// Anywhere in a line: emphasis, code, links/images, HTML and autolinks, tables, strikethrough, escapes.
const INLINE_SPECIAL = /[\\`*_[\]<>|~]/g;
// An HTML entity such as &amp; or &#60; would be decoded; a plain "Zorg & Co" is left alone.
const ENTITY = /&(?=#?[0-9A-Za-z]+;)/g;

function escapeLine(line: string): string {
  // Leading spaces would make a code block (4+) or shift a list; they carry no meaning in a sentence.
  let text = line
    .replace(/^[ \t]+/, '')
    .replace(INLINE_SPECIAL, '\\$&')
    .replace(ENTITY, '\\&');
  // At the start of a line: headings (#), block quotes are covered by '>', lists (- + and "1." / "1)"),
  // setext underlines and thematic breaks (= and -).
  text = text.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  return text;
}

/**
 * Escapes user text that may span several lines. Line breaks stay line breaks (a trailing backslash is a hard
 * break in CommonMark), and blank lines still separate paragraphs.
 */
export function escapeMarkdown(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map(escapeLine);
  return lines
    .map((line, i) => {
      const next = lines[i + 1];
      const hardBreak = line !== '' && next !== undefined && next !== '';
      return hardBreak ? `${line}\\` : line;
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Escapes text for a single line (a heading, a list item, a table cell): line breaks become spaces. */
export function escapeMarkdownInline(text: string): string {
  return escapeLine(text.replace(/\s+/g, ' ').trim());
}
