import type { Perceel } from '../domain/registry/registry';
import type { PublicationChange, PublicationDocument } from '../storage/publicationsRepository';
import { html, type SafeHtml } from './html';
import { dateTime, instantDate, perceelLabel, type Tone } from './labels';

/** What every page of the virtuele overlegtafel shares: limits, short texts, labels and tables. */

export type Doc<K extends PublicationDocument['kind']> = PublicationDocument<K>;

export const RESERVE_SHOWN = 25;
/** List pages show the newest entries and a short summary; the detail page has everything. */
export const LIST_SHOWN = 40;
export const SUMMARY_SHOWN = 240;
export const LATEST_SHOWN = 10;

/** The start of a text, cut at a word, for list pages. */
export function excerpt(text: string, max = SUMMARY_SHOWN): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40)).trimEnd()}…`;
}

export function moreNote(total: number, what: string): SafeHtml {
  return total > LIST_SHOWN
    ? html`<p>
        Hier staan de ${LIST_SHOWN} nieuwste van ${total} ${what}. De oudere staan in het
        <a href="/openbaar/archief">archief per jaar</a>; u kunt ook <a href="/openbaar/zoeken">zoeken</a>.
      </p>`
    : html``;
}

/** "Ontwikkeltafel Wachtlijsten", also when the name already starts with the word. */
export function tafelTitle(name: string): string {
  return /^ontwikkeltafel\b/i.test(name) ? name : `Ontwikkeltafel ${name}`;
}

export function label(text: string, tone: Tone): SafeHtml {
  return html`<span class="label ${tone}">${text}</span>`;
}

/** Plain text as paragraphs: a blank line separates paragraphs, a line break stays a line break. */
export function textBlock(text: string): SafeHtml {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return html`${paragraphs.map(
    (p) => html`<p>${p.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br />${line}`))}</p>`,
  )}`;
}

export function published(doc: { firstPublishedAt: string; updatedAt: string; version: number }): SafeHtml {
  return doc.version > 1
    ? html`Gepubliceerd op ${instantDate(doc.firstPublishedAt)}, bijgewerkt op ${instantDate(doc.updatedAt)}`
    : html`Gepubliceerd op ${instantDate(doc.firstPublishedAt)}`;
}

/** "Gewijzigd op …: …", newest first: what changed since the first publication (issue 20). */
export function changeNotes(doc: { changes?: readonly PublicationChange[] }): SafeHtml {
  const changes = [...(doc.changes ?? [])].reverse();
  if (changes.length === 0) return html``;
  return html`<div class="wijzigingen">
    <h2>Wijzigingen</h2>
    <ul>
      ${changes.map((c) => html`<li>Gewijzigd op ${dateTime(c.at)}: ${c.note}</li>`)}
    </ul>
  </div>`;
}

/** The newest change as one line, for lists and the feed. */
export function latestChangeLine(doc: { changes?: readonly PublicationChange[] }): string | undefined {
  const last = doc.changes?.at(-1);
  return last ? `Gewijzigd op ${dateTime(last.at)}: ${last.note}` : undefined;
}

/** A table that scrolls by itself on a narrow screen; the caption can be for screen readers only. */
export function scrollTable(
  caption: string,
  head: readonly string[],
  rows: readonly SafeHtml[],
  options: { visibleCaption?: boolean } = {},
): SafeHtml {
  return html`<div class="tabel" role="region" aria-label="${caption}" tabindex="0">
    <table>
      <caption class="${options.visibleCaption === false ? 'onzichtbaar' : ''}">
        ${caption}
      </caption>
      <thead>
        <tr>
          ${head.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

export function percelenText(percelen: readonly Perceel[]): string {
  return percelen.length === 0 ? 'geen' : percelen.map((p) => perceelLabel(p)).join('; ');
}
