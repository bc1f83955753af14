/** The verslag's Markdown as Adaptive Card elements (shared by the verslag cards). */

/** A Markdown block as an Adaptive Card can show it: TextBlocks have no headings or tables of their own. */
export type VerslagBlock =
  | { readonly kind: 'heading'; readonly text: string; readonly size: 'Large' | 'Medium' | 'Default' }
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'table';
      readonly header: readonly string[];
      readonly rows: ReadonlyArray<readonly string[]>;
    };

/**
 * The verslag is the gemeente's Markdown (with the aanbieders' text in it already escaped by the domain); shown as
 * trusted card text, so HTML and <at> mentions are neutralised here. Emphasis and links stay.
 */
export function neutraliseHtml(text: string): string {
  return text.replace(/\\?[<>]/g, (found) => (found.length === 2 ? found : `\\${found}`));
}

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

export function verslagBlocks(markdown: string): VerslagBlock[] {
  const blocks: VerslagBlock[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0)
      blocks.push({
        kind: 'text',
        text: neutraliseHtml(paragraph.map((l) => l.replace(/\\$/, '')).join('\n')),
      });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]?.length ?? 1;
      blocks.push({
        kind: 'heading',
        text: neutraliseHtml(heading[2] ?? ''),
        size: level === 1 ? 'Large' : level === 2 ? 'Medium' : 'Default',
      });
      continue;
    }
    const next = lines[i + 1] ?? '';
    if (line.trim().startsWith('|') && /^\s*\|?\s*:?-{3,}/.test(next)) {
      flush();
      const header = tableCells(line).map(neutraliseHtml);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && (lines[i] ?? '').trim().startsWith('|')) {
        rows.push(tableCells(lines[i] ?? '').map(neutraliseHtml));
        i += 1;
      }
      i -= 1;
      blocks.push({ kind: 'table', header, rows });
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  return blocks;
}

/** The verslag's Markdown as card blocks (tables padded to their header's width). */
export function verslagCardBlocks(markdown: string): unknown[] {
  return verslagBlocks(markdown).map((b) => {
    if (b.kind === 'table') {
      const width = b.header.length;
      const pad = (row: readonly string[]) =>
        Array.from({ length: width }, (_, k) => ({ text: row[k] ?? '' }));
      return {
        kind: b.kind,
        columns: b.header.map(() => ({ width: 1 })),
        rows: [
          { cells: pad(b.header), style: 'accent' },
          ...b.rows.map((r) => ({ cells: pad(r), style: 'default' })),
        ],
      };
    }
    return b;
  });
}
