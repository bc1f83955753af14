import { fromIsoInstant } from '../../domain/time/amsterdam';
import { formatDateTime } from '../../domain/time/english';
import type { MeetingDocument } from '../../storage/meetingsRepository';
import type { Locale, RenderInput } from '../renderCard';
import { fill, noticeOf, strings, type MeetingNotice } from './meetingsViews';

/**
 * View models of the verslag cards (issue 7): the gemeente's form and the published verslag, which is broadcast to
 * every provider. The verslag is the gemeente's Markdown and goes through `trusted` after HTML and mentions are
 * neutralised; Markdown blocks a card cannot show (headings, tables) become card elements.
 */

// The verslag ------------------------------------------------------------------------------------------------

export function verslagFormView(
  doc: MeetingDocument,
  markdown: string,
  version: string,
  locale: Locale,
  errors: readonly string[],
  notice?: MeetingNotice,
): RenderInput {
  const text = strings('meetingVerslagForm', locale);
  const verslag = doc.verslag;
  return {
    view: {
      notice: noticeOf(notice),
      errors: [...errors],
      title: `${doc.title}, ${formatDateTime(fromIsoInstant(doc.start), locale)}`,
      state: verslag?.editedAt
        ? fill(text.edited, { at: formatDateTime(fromIsoInstant(verslag.editedAt), locale) })
        : verslag
          ? fill(text.drafted, { at: formatDateTime(fromIsoInstant(verslag.draftedAt), locale) })
          : '',
    },
    form: { meetingId: doc.id, version, markdown },
  };
}

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

/** The published verslag; `showBack` for the gemeente's own view (the broadcast card has no buttons). */
export function verslagView(
  doc: MeetingDocument,
  markdown: string,
  locale: Locale,
  showBack = false,
): RenderInput {
  const text = strings('meetingVerslag', locale);
  const blocks = verslagBlocks(markdown).map((b) => {
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
  return {
    view: {
      header: fill(text.header, {
        title: doc.title,
        date: formatDateTime(fromIsoInstant(doc.start), locale),
      }),
      showBack,
    },
    trusted: { blocks },
    form: { meetingId: doc.id },
  };
}
