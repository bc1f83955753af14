import type { AddendumAnswer, PublicVoorstel } from '../../domain/voorstellen';
import { formatDate } from '../../domain/time/english';
import type { Locale, RenderInput } from '../renderCard';
import { fill, percelenLabel, strings, tallyRows, truncate, when } from './voorstelViewsCommon';

/**
 * The outcome of a voorstel as broadcast: uitgewerkt (to the bestuur for adoption), vastgesteld or not by the
 * bestuur, or afgewezen; for the aanbieders of an adopted contractwijziging the addendum question with its two
 * answers. Shown again to one person after they answered, with their organisation's answer.
 */

export interface OutcomeOptions {
  readonly addendum: boolean;
  /** The answer of the person's organisation, on the card they get back after answering. */
  readonly answer?: AddendumAnswer | null;
  /** Whether the answer buttons are shown (the addendum is still open). Default: when it is an addendum. */
  readonly canAnswer?: boolean;
  readonly notice?: { readonly text: string; readonly style: 'good' | 'attention' | 'warning' };
}

function headingOf(pub: PublicVoorstel, text: Record<string, string>): string {
  if (pub.status === 'vastgesteld') return text.headingVastgesteld ?? '';
  if (pub.status === 'uitgewerkt') return text.headingUitgewerkt ?? '';
  return (pub.adoption ? text.headingNietVastgesteld : text.headingAfgewezen) ?? '';
}

export function voorstelOutcomeView(
  pub: PublicVoorstel,
  options: OutcomeOptions,
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
  const adoption = pub.adoption;
  const isAddendum = options.addendum && pub.status === 'vastgesteld' && adoption?.addendumDeadline != null;
  const decisionDate = adoption ? formatDate(adoption.decisionDate, locale) : '';
  const answer = options.answer ?? null;
  return {
    view: {
      heading: headingOf(pub, text),
      adopted: pub.status === 'uitgewerkt' || pub.status === 'vastgesteld',
      title: pub.title,
      summary: truncate(pub.summary, 1000).text,
      hasNotice: options.notice !== undefined,
      notice: options.notice?.text ?? '',
      noticeStyle: options.notice?.style ?? 'default',
      addendum: isAddendum
        ? fill(text.addendum ?? '', {
            percelen: percelenLabel(pub.percelen),
            deadline: when(adoption?.addendumDeadline, locale),
          })
        : '',
      isAddendum,
      canAnswer: isAddendum && (options.canAnswer ?? true),
      hasAnswer: answer !== null,
      answerLine: answer
        ? fill(text.answerLine ?? '', {
            organisation: answer.organisationName,
            choice: (answer.choice === 'doet-mee' ? text.doetMee : text.doetNietMee) ?? answer.choice,
            name: answer.answeredBy.personName,
            at: when(answer.answeredAt, locale),
          })
        : '',
      awaitsAdoption: pub.status === 'uitgewerkt',
      basis: basis ?? '',
      hasReason: Boolean(pub.decision?.reason),
      reason: pub.decision?.reason ?? '',
      hasAdoption: adoption !== null,
      adoptionLine: adoption
        ? fill(adoption.outcome === 'vastgesteld' ? (text.adoptedOn ?? '') : (text.declinedOn ?? ''), {
            date: decisionDate,
          })
        : '',
      adoptionReason: adoption?.reason ?? '',
      tally: pub.stemverhouding ? tallyRows(pub.stemverhouding, locale) : [],
      hasTally: pub.stemverhouding !== null,
    },
    form: { voorstelId: pub.id },
  };
}
