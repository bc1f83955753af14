import type { StemCategorie, Stemverhouding } from '../../../domain/voorstellen';
import type { Locale } from '../../renderCard';
import { BAR_UNITS, choiceLabel } from './common';

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
