import type { PublicVoorstel } from '../../domain/voorstellen';
import type { Locale, RenderInput } from '../renderCard';
import { fill, percelenLabel, strings, tallyRows, truncate } from './voorstelViewsCommon';

/** The outcome of a voorstel as broadcast, and the addendum for the providers of its percelen. */

export function voorstelOutcomeView(
  pub: PublicVoorstel,
  options: { readonly addendum: boolean },
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'voorstelOutcome');
  const kind = pub.decision?.kind;
  const basis =
    kind === 'unaniem'
      ? text.basisUnaniem
      : kind === 'aangenomen'
        ? text.basisAangenomen
        : text.basisAfgewezen;
  return {
    view: {
      heading: pub.status === 'uitgewerkt' ? text.headingUitgewerkt : text.headingAfgewezen,
      adopted: pub.status === 'uitgewerkt',
      title: pub.title,
      summary: truncate(pub.summary, 1000).text,
      addendum: options.addendum ? fill(text.addendum ?? '', { percelen: percelenLabel(pub.percelen) }) : '',
      isAddendum: options.addendum,
      basis: basis ?? '',
      hasReason: Boolean(pub.decision?.reason),
      reason: pub.decision?.reason ?? '',
      tally: pub.stemverhouding ? tallyRows(pub.stemverhouding, locale) : [],
      hasTally: pub.stemverhouding !== null,
    },
    form: { voorstelId: pub.id },
  };
}
