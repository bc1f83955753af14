import { PERCEEL_NAMES, PERCELEN, type Perceel } from '../../domain/registry/registry';
import { fromIsoInstant, type IsoInstant } from '../../domain/time/amsterdam';
import { formatDutchDateTime } from '../../domain/time/dutch';
import {
  currentVote,
  stemverhouding,
  voteHistory,
  VOORSTEL_TYPES,
  type ActorRecord,
  type ConfidentialPart,
  type PublicVoorstel,
  type Reaction,
  type StemCategorie,
  type Stemverhouding,
  type Voorstel,
  type VoorstelOrigin,
  type VoorstelStatus,
  type VoorstelType,
} from '../../domain/voorstellen';
import { renderCard, stringsFor, type AdaptiveCard, type Locale, type RenderInput } from '../renderCard';

/**
 * View models of the voorstel cards. Broadcast cards are built from PublicVoorstel only, so the confidential
 * parts cannot reach them by construction; per-user cards get the confidential parts only when the handler
 * passes them (gemeente and submitter).
 */

const BAR_UNITS = 20;
/** Longest text on a card that is broadcast (Teams refuses messages above ~28 KB). */
export const BROADCAST_TEXT_MAX = 3000;
/** Longest text on the detail card. */
export const DETAIL_TEXT_MAX = 12_000;
const OVERVIEW_REACTIONS = 10;
const OVERVIEW_REACTION_TEXT = 400;
const LIST_MAX = 25;

function strings(locale: Locale, section = 'voorstellen'): Record<string, string> {
  return stringsFor(section, locale) as Record<string, string>;
}

/** Fills a trusted template string with plain values (nothing escaped: for view data, which is escaped later). */
function fill(template: string, values: Readonly<Record<string, string | number>>): string {
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

function noticeView(notice: Notice | undefined) {
  return {
    hasNotice: notice !== undefined,
    noticeTitle: notice?.title ?? '',
    hasNoticeTitle: Boolean(notice?.title),
    notice: notice?.text ?? '',
    noticeStyle: notice?.style ?? 'default',
  };
}

function capitalised(key: string): string {
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

function when(iso: IsoInstant | null | undefined): string {
  return iso ? formatDutchDateTime(fromIsoInstant(iso)) : '';
}

function truncate(text: string, max: number): { text: string; truncated: boolean } {
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

// The submission form ------------------------------------------------------------------------------------------

export interface VoorstelFormValues {
  readonly title: string;
  readonly summary: string;
  readonly text: string;
  readonly link: string;
  readonly type: string;
  readonly percelen: string;
  readonly origin: string;
  readonly organisationId: string;
  readonly confidentialTitle: string;
  readonly confidentialText: string;
}

export function emptyVoorstelForm(organisationId = ''): VoorstelFormValues {
  return {
    title: '',
    summary: '',
    text: '',
    link: '',
    type: 'contractwijziging',
    percelen: '',
    origin: 'overlegtafel',
    organisationId,
    confidentialTitle: '',
    confidentialText: '',
  };
}

export interface Choice {
  readonly id: string;
  readonly name: string;
}

export function voorstelFormView(
  values: VoorstelFormValues,
  choices: { readonly organisations: readonly Choice[]; readonly ontwikkeltafels: readonly Choice[] },
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  const text = strings(locale);
  return {
    view: {
      errors: [...errors],
      chooseOrganisation: choices.organisations.length > 0,
    },
    // Choice titles are plain text in Teams (no markdown), so names go unescaped.
    form: {
      ...values,
      organisationChoices: choices.organisations.map((o) => ({ title: o.name, value: o.id })),
      typeChoices: VOORSTEL_TYPES.map((t) => ({ title: text[`type${capitalised(t)}`] ?? t, value: t })),
      perceelChoices: PERCELEN.map((p) => ({ title: `${p}. ${PERCEEL_NAMES[p]}`, value: String(p) })),
      originChoices: [
        { title: text.originOverlegtafel ?? 'Overlegtafel', value: 'overlegtafel' },
        ...choices.ontwikkeltafels.map((t) => ({
          title: fill(text.originOntwikkeltafel ?? '{name}', { name: t.name }),
          value: `ot:${t.id}`,
        })),
      ],
    },
  };
}

// The list -----------------------------------------------------------------------------------------------------

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
            ? `${strings(locale, 'voorstelCard').deadline} ${when(voorstel.stemming.deadline)}`
            : voorstel.status === 'reactieperiode' && voorstel.reactionWindow
              ? `${strings(locale, 'voorstelCard').reactUntil} ${when(voorstel.reactionWindow.closesAt)}`
              : when(voorstel.submittedAt);
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

// The voorstel card (broadcast for reactions, and the per-user detail) -------------------------------------------

export interface ReactionBox {
  /** The organisations the viewer may react for; one means no chooser. Empty on a broadcast card. */
  readonly organisations: readonly Choice[];
  /** The viewer's organisation's reaction so far, prefilled. */
  readonly current: Reaction | null;
}

export interface GemeenteActions {
  readonly canOpenReactieperiode: boolean;
  readonly canOpenStemming: boolean;
  /** Who will vote, as the gemeente sees it before opening the vote. */
  readonly partiesNote: string;
  readonly defaultDeadlineDate: string;
}

export interface VoorstelCardOptions {
  readonly mode: 'broadcast' | 'detail';
  readonly tableNames?: ReadonlyMap<string, string>;
  /** Present when the viewer may react now (and always on the broadcast card of an open reaction window). */
  readonly reaction?: ReactionBox;
  /** Only for the gemeente and the submitter: never on a broadcast card. */
  readonly confidentialParts?: readonly ConfidentialPart[];
  readonly gemeente?: GemeenteActions;
  readonly canSeeReactions?: boolean;
  readonly canVote?: boolean;
  readonly notice?: Notice;
}

export function voorstelCardView(
  pub: PublicVoorstel,
  options: VoorstelCardOptions,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'voorstelCard');
  const body = truncate(pub.text ?? '', options.mode === 'broadcast' ? BROADCAST_TEXT_MAX : DETAIL_TEXT_MAX);
  const reaction = options.reaction;
  const reactionFor =
    reaction && reaction.organisations.length === 1
      ? fill(text.yourReactionFor ?? '', { organisation: reaction.organisations[0]?.name ?? '' })
      : (text.yourReaction ?? '');
  const facts = [
    { title: text.type, value: typeLabel(pub.type, locale) },
    { title: text.percelen, value: percelenLabel(pub.percelen) },
    { title: text.origin, value: originLabel(pub.origin, locale, options.tableNames ?? new Map()) },
    { title: text.submittedBy, value: pub.submittedByOrganisation ?? 'Gemeente' },
    { title: text.status, value: statusLabel(pub.status, locale) },
  ];
  if (pub.reactionWindowClosesAt && pub.status === 'reactieperiode')
    facts.push({ title: text.reactUntil, value: when(pub.reactionWindowClosesAt) });
  if (pub.stemmingDeadline && pub.status === 'stemming')
    facts.push({ title: text.deadline, value: when(pub.stemmingDeadline) });
  return {
    view: {
      ...noticeView(options.notice),
      title: pub.title,
      summary: pub.summary,
      text: body.text,
      hasText: body.text.length > 0,
      truncated: body.truncated,
      facts,
      isBroadcast: options.mode === 'broadcast',
      canReact: reaction !== undefined,
      chooseOrganisation: (reaction?.organisations.length ?? 0) > 1,
      reactionFor,
      reactionChanged: reaction?.current
        ? fill(text.lastChanged ?? '', {
            name: reaction.current.updatedBy.personName,
            at: when(reaction.current.updatedAt),
          })
        : '',
      hasConfidential: (options.confidentialParts?.length ?? 0) > 0,
      confidentialParts: (options.confidentialParts ?? []).map((p) => ({ title: p.title, text: p.text })),
      isGemeente: options.gemeente !== undefined,
      canOpenReactieperiode: options.gemeente?.canOpenReactieperiode ?? false,
      canOpenStemming: options.gemeente?.canOpenStemming ?? false,
      partiesNote: options.gemeente?.partiesNote ?? '',
      canSeeReactions: options.canSeeReactions ?? false,
      canVote: options.canVote ?? false,
      isDecided: pub.status === 'uitgewerkt' || pub.status === 'afgewezen',
    },
    form: {
      voorstelId: pub.id,
      link: pub.link ?? '',
      hasLink: pub.link !== null,
      reactie: reaction?.current?.text ?? '',
      organisationId:
        reaction?.current?.organisationId ??
        (reaction?.organisations.length === 1 ? (reaction.organisations[0]?.id ?? '') : ''),
      organisationChoices: (reaction?.organisations ?? []).map((o) => ({ title: o.name, value: o.id })),
      days: '14',
      deadlineDate: options.gemeente?.defaultDeadlineDate ?? '',
      deadlineTime: '12:00',
    },
  };
}

// The vote card -----------------------------------------------------------------------------------------------

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
            at: when(current.castAt),
          })
        : (text.notYet ?? ''),
      history: history
        .slice(0, -1)
        .reverse()
        .slice(0, 5)
        .map((b) => `${choiceLabel(b.choice, locale)}: ${b.castBy.personName}, ${when(b.castAt)}`),
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
      deadline: fill(text.deadline ?? '', { deadline: when(stemming?.deadline) }),
      closed,
      closedAt: stemming?.closure ? fill(text.closedAt ?? '', { at: when(stemming.closure.at) }) : '',
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

// Tally (bars per choice) ------------------------------------------------------------------------------------

const TALLY_STYLE: Record<StemCategorie, string> = {
  voor: 'good',
  tegen: 'attention',
  onthouding: 'warning',
  nietGestemd: 'emphasis',
};

function tallyRows(result: Stemverhouding, locale: Locale) {
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

// The gemeente's overview ---------------------------------------------------------------------------------------

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
      deadline: stemming ? `${strings(locale, 'voorstelCard').deadline} ${when(stemming.deadline)}` : '',
      tally: result ? tallyRows(result, locale) : [],
      parties: stemming
        ? stemming.parties.map((party) => {
            const current = currentVote(stemming, party.organisationId);
            return {
              name: party.name,
              vote: choiceLabel(current?.choice ?? 'nietGestemd', locale),
              by: current ? `${current.castBy.personName}, ${when(current.castAt)}` : '-',
              voted: current !== null,
            };
          })
        : [],
      reactionsHeading: fill(text.reactionsHeading ?? '', { count: reactions.length }),
      noReactions: reactions.length === 0,
      reactions: reactions.slice(0, OVERVIEW_REACTIONS).map((r) => ({
        organisation: r.organisationName,
        text: truncate(r.text, OVERVIEW_REACTION_TEXT).text,
        meta: `${r.updatedBy.personName}, ${when(r.updatedAt)}`,
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

// Reactions ----------------------------------------------------------------------------------------------------

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
          at: when(r.updatedAt),
          revision: r.revision,
        }),
      })),
    },
    form: { voorstelId: voorstel.id },
  };
}

// Outcome and addendum -------------------------------------------------------------------------------------------

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

// Export ---------------------------------------------------------------------------------------------------------

/** Splits CSV text at line ends into parts of at most `max` characters (a line longer than that stays whole). */
export function csvParts(csv: string, max: number): string[] {
  const lines = csv.split(/(?<=\r\n)/);
  const parts: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length > max) {
      parts.push(current);
      current = '';
    }
    current += line;
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}

export interface ExportPart {
  readonly kind: 'votes' | 'reactions';
  readonly csv: string;
}

/** The export as parts small enough for one card each: the votes first, then the reactions. */
export function exportParts(votesCsv: string, reactionsCsv: string, max: number): ExportPart[] {
  return [
    ...csvParts(votesCsv, max).map((csv) => ({ kind: 'votes' as const, csv })),
    ...csvParts(reactionsCsv, max).map((csv) => ({ kind: 'reactions' as const, csv })),
  ];
}

export function voorstelExportView(
  voorstel: Pick<Voorstel, 'id' | 'title'>,
  parts: readonly ExportPart[],
  partNumber: number,
  locale: Locale,
): RenderInput {
  const text = strings(locale, 'voorstelExport');
  const index = Math.min(Math.max(1, partNumber), parts.length) - 1;
  const part = parts[index] ?? { kind: 'votes', csv: '' };
  return {
    view: {
      title: voorstel.title,
      kindLabel: part.kind === 'votes' ? text.votes : text.reactions,
      partLabel: fill(text.part ?? '', { part: index + 1, parts: parts.length }),
      hasNext: index + 1 < parts.length,
      hasPrevious: index > 0,
    },
    form: { voorstelId: voorstel.id, csv: part.csv, next: index + 2, previous: index },
  };
}
