import type { Voorstel } from '../../domain/voorstellen';
import type { Locale, RenderInput } from '../renderCard';
import { capacityLabel, fill, strings, truncate, when } from './voorstelViewsCommon';

/** All reactions to a voorstel, for the gemeente and the members of the Overlegtafel. */

export function voorstelReactionsView(
  voorstel: Pick<Voorstel, 'id' | 'title' | 'reactions'>,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'voorstelReactions');
  const reactions = [...voorstel.reactions].sort((a, b) =>
    a.organisationName.localeCompare(b.organisationName, 'nl'),
  );
  return {
    view: {
      title: voorstel.title,
      empty: reactions.length === 0,
      reactions: reactions.slice(0, 40).map((r) => ({
        organisation: r.organisationName,
        text: truncate(r.text, 1500).text,
        meta: fill(text.byLine ?? '', {
          name: r.updatedBy.personName,
          capacity: capacityLabel(r.updatedBy.capacity, locale),
          at: when(r.updatedAt, locale),
          revision: r.revision,
        }),
      })),
    },
    form: { voorstelId: voorstel.id },
  };
}
