import type { IsoInstant } from '../../domain/time/amsterdam';
import type { ActorRecord, Voorstel } from '../../domain/voorstellen';
import type { Locale, RenderInput } from '../renderCard';
import { BAR_UNITS, statusLabel, strings, typeLabel, when } from './voorstelViewsCommon';

/** The list of voorstellen a person may see; for the gemeente with the progress of each. */

const LIST_MAX = 25;

export interface VoorstelListItem {
  readonly voorstel: Pick<Voorstel, 'id' | 'title' | 'status' | 'type' | 'percelen' | 'submittedAt'> & {
    readonly submittedBy: Pick<ActorRecord, 'organisationName' | 'personName'>;
    readonly stemming: { readonly deadline: IsoInstant; readonly parties: readonly unknown[] } | null;
    readonly reactionWindow: { readonly closesAt: IsoInstant } | null;
  };
  /** For the gemeente: how many parties voted and how many reactions came in. */
  readonly progress?: { readonly voted: number; readonly reactions: number };
}

export function voorstelListView(
  items: readonly VoorstelListItem[],
  options: { readonly canSubmit: boolean; readonly isGemeente: boolean },
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'voorstelList');
  const shown = items.slice(0, LIST_MAX);
  return {
    view: {
      empty: items.length === 0,
      canSubmit: options.canSubmit,
      isGemeente: options.isGemeente,
      items: shown.map(({ voorstel, progress }) => {
        const total = voorstel.stemming?.parties.length ?? 0;
        const voted = progress?.voted ?? 0;
        const filled = total === 0 ? 0 : Math.round((voted / total) * BAR_UNITS);
        const dates =
          voorstel.status === 'stemming' && voorstel.stemming
            ? `${strings(locale, 'voorstelCard').deadline} ${when(voorstel.stemming.deadline, locale)}`
            : voorstel.status === 'reactieperiode' && voorstel.reactionWindow
              ? `${strings(locale, 'voorstelCard').reactUntil} ${when(voorstel.reactionWindow.closesAt, locale)}`
              : when(voorstel.submittedAt, locale);
        return {
          title: voorstel.title,
          status: statusLabel(voorstel.status, locale),
          meta: [
            typeLabel(voorstel.type, locale),
            `${strings(locale, 'voorstelCard').percelen} ${voorstel.percelen.join(', ')}`,
            voorstel.submittedBy.organisationName ?? voorstel.submittedBy.personName,
            dates,
          ].join(' · '),
          hasProgress: progress !== undefined,
          progress: progress
            ? `${total > 0 ? `${voted}/${total} ${text.voted} · ` : ''}${progress.reactions} ${text.reactions}`
            : '',
          hasBar: progress !== undefined && total > 0,
          barFilled: filled,
          barEmpty: BAR_UNITS - filled,
        };
      }),
    },
    form: { ids: shown.map((i) => i.voorstel.id) },
  };
}
