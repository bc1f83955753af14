import { formatDate } from '../../domain/time/english';
import type {
  AddendumAnswer,
  ConfidentialPart,
  Ontwikkeling,
  PublicVoorstel,
  Reaction,
} from '../../domain/voorstellen';
import { stringsFor, type Locale, type RenderInput } from '../renderCard';
import {
  BROADCAST_TEXT_MAX,
  DETAIL_TEXT_MAX,
  fill,
  noticeView,
  originLabel,
  percelenLabel,
  statusLabel,
  strings,
  truncate,
  typeLabel,
  when,
  type Notice,
} from './voorstelViewsCommon';
import type { Choice } from './voorstelFormView';

/** The voorstel card: broadcast for reactions, and the per-user detail. */

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
  /** After the bestuur's adoption: the addendum question and the developments [002 art. 9.3-9.4]. */
  readonly afterAdoption?: AfterAdoption;
  /** The ontwikkeltafel an adopted voorstel "ontwikkeltafel instellen" set up. */
  readonly createdTafel?: Choice;
  /** The pilot the voorstel was made from, when the viewer may open it. */
  readonly sourcePilotId?: string;
}

export interface AfterAdoption {
  /** The organisations the viewer answers the addendum for, while it is open; empty otherwise. */
  readonly addendumFor: readonly Choice[];
  /** The answer of the viewer's organisation so far (when they answer for one). */
  readonly addendumAnswer: AddendumAnswer | null;
  readonly ontwikkelingen: readonly Ontwikkeling[];
  /** Null when the viewer may not report; empty for the gemeente (reports as the gemeente). */
  readonly reportFor: readonly Choice[] | null;
}

function adoptionView(pub: PublicVoorstel, after: AfterAdoption | undefined, locale: Locale) {
  const text = strings(locale, 'voorstelCard');
  const adoption = pub.adoption;
  const date = adoption ? formatDate(adoption.decisionDate, locale) : '';
  const answer = after?.addendumAnswer ?? null;
  const addendumFor = after?.addendumFor ?? [];
  const reportFor = after?.reportFor ?? null;
  return {
    hasAdoption: adoption !== null,
    adoptionLine: adoption
      ? fill((adoption.outcome === 'vastgesteld' ? text.adoptedOn : text.declinedOn) ?? '', { date })
      : '',
    adoptionReason: adoption?.reason ?? '',
    addendumLine: adoption?.addendumDeadline
      ? fill(text.addendumUntil ?? '', { deadline: when(adoption.addendumDeadline, locale) })
      : '',
    canAnswerAddendum: addendumFor.length > 0,
    chooseAddendumOrganisation: addendumFor.length > 1,
    addendumQuestion:
      addendumFor.length === 1
        ? fill(text.addendumQuestionFor ?? '', { organisation: addendumFor[0]?.name ?? '' })
        : (text.addendumQuestion ?? ''),
    addendumAnswerLine: answer
      ? fill(text.addendumAnswerLine ?? '', {
          choice: (answer.choice === 'doet-mee' ? text.doetMee : text.doetNietMee) ?? answer.choice,
          name: answer.answeredBy.personName,
          at: when(answer.answeredAt, locale),
        })
      : '',
    hasOntwikkelingen: (after?.ontwikkelingen.length ?? 0) > 0,
    ontwikkelingen: (after?.ontwikkelingen ?? []).map((o) => ({
      text: o.text,
      meta: `${o.reportedBy.organisationName ?? o.reportedBy.personName}, ${when(o.reportedAt, locale)}`,
    })),
    canReportOntwikkeling: reportFor !== null,
    chooseReportOrganisation: (reportFor?.length ?? 0) > 1,
  };
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
    {
      title: text.submittedBy,
      value: pub.submittedByOrganisation ?? String(stringsFor('organisationTypes', locale).gemeente),
    },
    { title: text.status, value: statusLabel(pub.status, locale) },
  ];
  if (pub.reactionWindowClosesAt && pub.status === 'reactieperiode')
    facts.push({ title: text.reactUntil, value: when(pub.reactionWindowClosesAt, locale) });
  if (pub.source) facts.push({ title: text.source, value: pub.source.title });
  if (pub.tafel) {
    facts.push(
      { title: text.tafelOpdracht, value: pub.tafel.opdracht },
      { title: text.tafelDoel, value: pub.tafel.doel },
      { title: text.tafelTrekkers, value: pub.tafel.trekkers.join(', ') },
    );
  }
  if (pub.reactionWindowShortReason)
    facts.push({ title: text.shortReasonFact, value: pub.reactionWindowShortReason });
  if (pub.stemmingDeadline && pub.status === 'stemming')
    facts.push({ title: text.deadline, value: when(pub.stemmingDeadline, locale) });
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
            at: when(reaction.current.updatedAt, locale),
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
      isDecided: pub.status === 'uitgewerkt' || pub.status === 'vastgesteld' || pub.status === 'afgewezen',
      ...adoptionView(pub, options.mode === 'detail' ? options.afterAdoption : undefined, locale),
      hasCreatedTafel: options.createdTafel !== undefined,
      canOpenPilot: options.sourcePilotId !== undefined,
      createdTafelLine: options.createdTafel
        ? fill(text.createdTafel ?? '', { name: options.createdTafel.name })
        : '',
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
      tafelId: options.createdTafel?.id ?? '',
      pilotId: options.sourcePilotId ?? '',
      days: '14',
      shortReason: '',
      addendumChoices: (options.afterAdoption?.addendumFor ?? []).map((o) => ({
        title: o.name,
        value: o.id,
      })),
      reportChoices: (options.afterAdoption?.reportFor ?? []).map((o) => ({ title: o.name, value: o.id })),
      reportOrganisationId:
        options.afterAdoption?.reportFor?.length === 1 ? (options.afterAdoption.reportFor[0]?.id ?? '') : '',
      deadlineDate: options.gemeente?.defaultDeadlineDate ?? '',
      deadlineTime: '12:00',
    },
  };
}
