import { currentVote, stemverhouding, type Voorstel } from '../../domain/voorstellen';
import type { Locale, RenderInput } from '../renderCard';
import {
  choiceLabel,
  fill,
  noticeView,
  statusLabel,
  strings,
  tallyRows,
  truncate,
  when,
  type Notice,
} from './voorstelViewsCommon';

/** The gemeente's overview of a voorstel: the vote per party, the reactions, closing early and the decision. */

const OVERVIEW_REACTIONS = 10;
const OVERVIEW_REACTION_TEXT = 400;

export interface OverviewOptions {
  readonly canCloseEarly: boolean;
  readonly mustDecide: boolean;
  readonly notice?: Notice;
  /** What the gemeente typed in the decision form, kept when it is shown again with a problem. */
  readonly decisionInput?: { readonly decision: string; readonly reason: string };
}

export function voorstelOverviewView(
  voorstel: Voorstel,
  options: OverviewOptions,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'voorstelOverview');
  const stemming = voorstel.stemming;
  const result = stemming ? (stemming.result ?? stemverhouding(stemming)) : null;
  const reactions = [...voorstel.reactions].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const decision = voorstel.decision;
  return {
    view: {
      ...noticeView(options.notice),
      title: voorstel.title,
      status: statusLabel(voorstel.status, locale),
      hasStemming: stemming !== null,
      deadline: stemming
        ? `${strings(locale, 'voorstelCard').deadline} ${when(stemming.deadline, locale)}`
        : '',
      tally: result ? tallyRows(result, locale) : [],
      parties: stemming
        ? stemming.parties.map((party) => {
            const current = currentVote(stemming, party.organisationId);
            return {
              name: party.name,
              vote: choiceLabel(current?.choice ?? 'nietGestemd', locale),
              by: current ? `${current.castBy.personName}, ${when(current.castAt, locale)}` : '-',
              voted: current !== null,
            };
          })
        : [],
      reactionsHeading: fill(text.reactionsHeading ?? '', { count: reactions.length }),
      noReactions: reactions.length === 0,
      reactions: reactions.slice(0, OVERVIEW_REACTIONS).map((r) => ({
        organisation: r.organisationName,
        text: truncate(r.text, OVERVIEW_REACTION_TEXT).text,
        meta: `${r.updatedBy.personName}, ${when(r.updatedAt, locale)}`,
      })),
      more:
        reactions.length > OVERVIEW_REACTIONS
          ? fill(text.more ?? '', { count: reactions.length - OVERVIEW_REACTIONS })
          : '',
      hasMore: reactions.length > OVERVIEW_REACTIONS,
      canCloseEarly: options.canCloseEarly,
      showCloseHint: voorstel.status === 'stemming' && !options.canCloseEarly,
      mustDecide: options.mustDecide,
      hasDecision: decision !== null,
      decisionLine: decision
        ? fill(text.decisionLine ?? '', { decision: statusLabel(voorstel.status, locale) })
        : '',
      reasonLine: decision?.reason ? fill(text.reasonLine ?? '', { reason: decision.reason }) : '',
    },
    form: {
      voorstelId: voorstel.id,
      decision: options.decisionInput?.decision ?? '',
      reason: options.decisionInput?.reason ?? '',
    },
  };
}
