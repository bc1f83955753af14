import {
  currentVote,
  stemverhouding,
  voteHistory,
  type PublicVoorstel,
  type Stemverhouding,
  type Voorstel,
} from '../../domain/voorstellen';
import type { Locale, RenderInput } from '../renderCard';
import {
  capacityLabel,
  choiceLabel,
  fill,
  noticeView,
  strings,
  truncate,
  when,
  type Notice,
} from './voorstelViewsCommon';

/** The vote card: broadcast to the parties, and each voter's own view of it. */

export interface VoteCardParty {
  readonly partyId: string;
  readonly name: string;
}

export interface VoteCardOptions {
  readonly mode: 'broadcast' | 'personal';
  readonly reminder?: boolean;
  /** Teams user ids (MRIs) whose card refreshes to their own view when they open it; empty: no refresh. */
  readonly refreshUserIds: readonly string[];
  /** The viewer's parties (personal mode). */
  readonly viewerParties?: readonly VoteCardParty[];
  /** A line on top, e.g. "Uw stem is vastgelegd: voor." or why a vote was refused. */
  readonly notice?: Notice;
}

/** The vote card; for a personal view `voorstel` must hold the ballots (see VoorstellenRepository.load). */
export function voteCardView(
  voorstel: Voorstel,
  pub: PublicVoorstel,
  options: VoteCardOptions,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'voorstelVote');
  const stemming = voorstel.stemming;
  const closed = voorstel.status !== 'stemming' || stemming?.closure != null;
  const personal = options.mode === 'personal';
  const parties = (options.viewerParties ?? []).map((party) => {
    const current = stemming ? currentVote(stemming, party.partyId) : null;
    const history = stemming ? voteHistory(stemming, party.partyId) : [];
    return {
      heading: fill(text.yourParty ?? '', { party: party.name }),
      current: current
        ? fill(text.current ?? '', {
            choice: choiceLabel(current.choice, locale),
            name: current.castBy.personName,
            capacity: capacityLabel(current.castBy.capacity, locale),
            at: when(current.castAt, locale),
          })
        : (text.notYet ?? ''),
      history: history
        .slice(0, -1)
        .reverse()
        .slice(0, 5)
        .map((b) => `${choiceLabel(b.choice, locale)}: ${b.castBy.personName}, ${when(b.castAt, locale)}`),
      hasHistory: history.length > 1,
    };
  });
  const verhouding = stemming ? stemverhouding(stemming) : null;
  const total = stemming?.parties.length ?? 0;
  return {
    view: {
      title: pub.title,
      summary: truncate(pub.summary, 1000).text,
      ...noticeView(options.notice),
      reminder: options.reminder === true && !closed,
      deadline: fill(text.deadline ?? '', { deadline: when(stemming?.deadline, locale) }),
      closed,
      closedAt: stemming?.closure ? fill(text.closedAt ?? '', { at: when(stemming.closure.at, locale) }) : '',
      open: !closed,
      personal,
      progress:
        personal && verhouding
          ? fill(text.progress ?? '', { voted: total - verhouding.nietGestemd, total })
          : '',
      parties,
      notParty: personal && parties.length === 0 && !closed,
      broadcastButtons: !personal && !closed,
      outcome:
        closed && voorstel.stemming?.result ? stemverhoudingLine(voorstel.stemming.result, locale) : '',
    },
    form: {
      voorstelId: pub.id,
      partyIds: (options.viewerParties ?? []).map((p) => p.partyId),
      refresh: options.refreshUserIds.length > 0,
      userIds: options.refreshUserIds.slice(0, 60),
    },
  };
}

export function stemverhoudingLine(result: Stemverhouding, locale: Locale): string {
  return (['voor', 'tegen', 'onthouding', 'nietGestemd'] as const)
    .map((c) => `${choiceLabel(c, locale)} ${result[c]}`)
    .join(' · ');
}
