import { formatDate } from '../../domain/time/english';
import { awaitsAdoption, currentVote, stemverhouding, type Voorstel } from '../../domain/voorstellen';
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
  /** What the gemeente typed in the adoption form, kept when it is shown again with a problem. */
  readonly adoptionInput?: {
    readonly outcome: string;
    readonly reason: string;
    readonly decisionDate: string;
    readonly addendumDeadline: string;
  };
  /** Today's date (yyyy-mm-dd), the default date of the bestuur's decision. */
  readonly today?: string;
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
  const adoption = voorstel.adoption;
  const cardText = strings(locale, 'voorstelCard');
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
      mustAdopt: awaitsAdoption(voorstel),
      asksAddendum: voorstel.type === 'contractwijziging',
      hasAdoption: Boolean(adoption),
      adoptionLine: adoption
        ? fill((adoption.outcome === 'vastgesteld' ? cardText.adoptedOn : cardText.declinedOn) ?? '', {
            date: formatDate(adoption.decisionDate, locale),
          })
        : '',
      adoptionReason: adoption?.reason ?? '',
      hasAddendum: Boolean(adoption?.addendum),
    },
    form: {
      voorstelId: voorstel.id,
      decision: options.decisionInput?.decision ?? '',
      reason: options.decisionInput?.reason ?? '',
      outcome: options.adoptionInput?.outcome ?? '',
      adoptionReason: options.adoptionInput?.reason ?? '',
      decisionDate: options.adoptionInput?.decisionDate ?? options.today ?? '',
      addendumDeadline: options.adoptionInput?.addendumDeadline ?? '',
    },
  };
}
