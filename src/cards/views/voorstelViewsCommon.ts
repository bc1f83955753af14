import { PERCEEL_NAMES, type Perceel } from '../../domain/registry/registry';
import { fromIsoInstant, type IsoInstant } from '../../domain/time/amsterdam';
import { formatDateTime } from '../../domain/time/english';
import type {
  ActorRecord,
  StemCategorie,
  Stemverhouding,
  VoorstelOrigin,
  VoorstelStatus,
  VoorstelType,
} from '../../domain/voorstellen';
import { renderCard, stringsFor, type AdaptiveCard, type Locale, type RenderInput } from '../renderCard';

/**
 * What every voorstel card shares: its strings and labels, the notice on top, and the renderer. Broadcast cards
 * are built from PublicVoorstel only, so the confidential parts cannot reach them by construction; per-user
 * cards get the confidential parts only when the service passes them (gemeente and submitter).
 */

export const BAR_UNITS = 20;
/** Longest text on a card that is broadcast (Teams refuses messages above ~28 KB). */
export const BROADCAST_TEXT_MAX = 3000;
/** Longest text on the detail card. */
export const DETAIL_TEXT_MAX = 12_000;

export function strings(locale: Locale, section = 'voorstellen'): Record<string, string> {
  return stringsFor(section, locale) as Record<string, string>;
}

/** Fills a trusted template string with plain values (nothing escaped: for view data, which is escaped later). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** A string of the 'voorstellen' section with its {placeholders} filled (plain: escape it where it is shown). */
export function voorstellenText(
  locale: Locale,
  key: string,
  values: Readonly<Record<string, string | number>> = {},
  section = 'voorstellen',
): string {
  return fill(strings(locale, section)[key] ?? key, values);
}

/** A line on top of a card: what just happened, or why it did not. */
export interface Notice {
  readonly title?: string;
  readonly text: string;
  readonly style: 'good' | 'attention' | 'accent' | 'warning';
}

export function noticeView(notice: Notice | undefined) {
  return {
    hasNotice: notice !== undefined,
    noticeTitle: notice?.title ?? '',
    hasNoticeTitle: Boolean(notice?.title),
    notice: notice?.text ?? '',
    noticeStyle: notice?.style ?? 'default',
  };
}

export function capitalised(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

export function statusLabel(status: VoorstelStatus, locale: Locale): string {
  return strings(locale)[`status${capitalised(status)}`] ?? status;
}

export function typeLabel(type: VoorstelType, locale: Locale): string {
  return strings(locale)[`type${capitalised(type)}`] ?? type;
}

export function choiceLabel(choice: StemCategorie, locale: Locale): string {
  return strings(locale)[`choice${capitalised(choice)}`] ?? choice;
}

export function capacityLabel(capacity: ActorRecord['capacity'], locale: Locale): string {
  return strings(locale)[`capacity${capitalised(capacity)}`] ?? capacity;
}

export function originLabel(
  origin: VoorstelOrigin,
  locale: Locale,
  tableNames: ReadonlyMap<string, string>,
): string {
  if (origin === 'overlegtafel') return strings(locale).originOverlegtafel ?? 'Overlegtafel';
  return fill(strings(locale).originOntwikkeltafel ?? '{name}', {
    name: tableNames.get(origin.ontwikkeltafelId) ?? origin.ontwikkeltafelId,
  });
}

export function percelenLabel(percelen: readonly Perceel[]): string {
  return percelen.map((p) => `${p} (${PERCEEL_NAMES[p]})`).join(', ');
}

export function when(iso: IsoInstant | null | undefined, locale: Locale): string {
  return iso ? formatDateTime(fromIsoInstant(iso), locale) : '';
}

export function truncate(text: string, max: number): { text: string; truncated: boolean } {
  const chars = [...text];
  return chars.length <= max
    ? { text, truncated: false }
    : { text: `${chars.slice(0, max).join('').trimEnd()} …`, truncated: true };
}

/** Renders a voorstel card; a refresh switched off by its `$when` is removed rather than sent as null. */
export function renderVoorstelCard(name: string, locale: Locale, input: RenderInput): AdaptiveCard {
  const card = renderCard(name, locale, input);
  if (card.refresh === null || card.refresh === undefined) delete card.refresh;
  return card;
}

/** The tally of a vote: a bar per choice, with the parties that chose it. */
const TALLY_STYLE: Record<StemCategorie, string> = {
  voor: 'good',
  tegen: 'attention',
  onthouding: 'warning',
  nietGestemd: 'emphasis',
};

export function tallyRows(result: Stemverhouding, locale: Locale) {
  const total = Math.max(1, result.voor + result.tegen + result.onthouding + result.nietGestemd);
  return (['voor', 'tegen', 'onthouding', 'nietGestemd'] as const).map((c) => {
    const count = result[c];
    const filled = count === 0 ? 0 : Math.max(1, Math.round((count / total) * BAR_UNITS));
    return {
      label: choiceLabel(c, locale),
      count: String(count),
      barFilled: filled,
      barEmpty: BAR_UNITS - filled,
      style: TALLY_STYLE[c],
      names: result.partijen[c].map((p) => p.name).join(', '),
    };
  });
}
