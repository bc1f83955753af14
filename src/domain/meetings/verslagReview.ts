import type { Actor } from '../registry/actor';
import { refuse, refuseFields, succeed, type Bilingual, type Result } from '../shared/result';
import { normaliseLine, normaliseMultiline } from '../shared/text';
import {
  endOfLocalDay,
  fromIsoInstant,
  isPastDeadline,
  localDateOf,
  toIsoInstant,
  type IsoInstant,
} from '../time/amsterdam';
import { formatDutchDateTime } from '../time/dutch';
import { formatEnglishDateTime } from '../time/english';
import { addDays, compareLocalDates, parseLocalDate } from '../time/localDate';
import {
  contactCapacityFor,
  contactRecord,
  gemeenteRecord,
  requireGemeente,
  requireKnownActor,
  type ActorRecord,
} from '../voorstellen/acting';
import { characterCount } from '../voorstellen/textRules';
import type { Meeting } from './meeting';

/**
 * How a verslag becomes final [003, domain §4]: the concept goes to the attendees, who comment within a set period;
 * the gemeente takes each comment over or declines it with a reason, and then marks the verslag vastgesteld
 * (normally at the next meeting). Only then is it shared with every provider. A correction after that is a new
 * version with its reason, so what was shared before stays traceable.
 *
 * Verslagen stored before this flow existed have status 'concept' or 'gepubliceerd' and none of the optional
 * fields; they load as they are (a published one counts as version 1).
 */

export const VERSLAG_STATUSES = ['concept', 'ter-inzage', 'gepubliceerd'] as const;
export type VerslagStatus = (typeof VERSLAG_STATUSES)[number];

export const COMMENT_STATUSES = ['open', 'overgenomen', 'niet-overgenomen'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export interface VerslagComment {
  readonly id: string;
  readonly organisationId: string;
  readonly by: ActorRecord;
  readonly text: string;
  readonly at: IsoInstant;
  readonly status: CommentStatus;
  /** Why the gemeente declined it (required) or how it took it over (optional). */
  readonly reason: string | null;
  readonly processedBy: ActorRecord | null;
  readonly processedAt: IsoInstant | null;
}

export interface VerslagReview {
  readonly sentAt: IsoInstant;
  readonly sentBy: ActorRecord;
  /** The end of the last day on which attendees may comment (Dutch time). */
  readonly deadline: IsoInstant;
  /** The organisations present at the meeting (not the gemeente itself): they are asked for comments. */
  readonly attendees: readonly string[];
  readonly comments: readonly VerslagComment[];
}

export interface VerslagVersion {
  readonly number: number;
  readonly markdown: string;
  readonly at: IsoInstant;
  readonly byPersonId: string | null;
  /** Null for the vastgestelde version; the reason of a later correction. */
  readonly reason: string | null;
}

export interface Verslag {
  readonly markdown: string;
  readonly status: VerslagStatus;
  readonly draftedAt: IsoInstant;
  /** Null while the text is the bot's own draft: it may then be redrafted (e.g. after attendance is recorded). */
  readonly editedByPersonId: string | null;
  readonly editedAt: IsoInstant | null;
  readonly publishedAt: IsoInstant | null;
  readonly publishedByPersonId: string | null;
  readonly broadcastId: string | null;
  /** Set once the concept went to the attendees. */
  readonly review?: VerslagReview | null;
  readonly vastgesteldAt?: IsoInstant | null;
  /** Every text shared with the providers, the first the vastgestelde; corrections follow. */
  readonly versions?: readonly VerslagVersion[];
}

export const VERSLAG_REVIEW_LIMITS = {
  markdownMin: 20,
  markdownMax: 15_000,
  /** The comment period in whole days after today: at least until tomorrow, at most six weeks. */
  periodMinDays: 1,
  periodMaxDays: 42,
  commentMin: 5,
  commentMax: 2000,
  commentsPerOrganisation: 10,
  reasonMin: 5,
  reasonMax: 1000,
  versions: 50,
} as const;

const L = VERSLAG_REVIEW_LIMITS;

function textProblem(
  value: unknown,
  label: Bilingual,
  rule: { min: number; max: number; multiline?: boolean },
): { text: string; problem: Bilingual | null } {
  if (value !== undefined && value !== null && typeof value !== 'string')
    return { text: '', problem: { nl: `${label.nl} moet tekst zijn.`, en: `${label.en} must be text.` } };
  const text = rule.multiline ? normaliseMultiline(value) : normaliseLine(value);
  const length = characterCount(text);
  if (length === 0 && rule.min > 0)
    return { text, problem: { nl: `${label.nl} is verplicht.`, en: `${label.en} is required.` } };
  if (length < rule.min)
    return {
      text,
      problem: {
        nl: `${label.nl} is te kort (minstens ${rule.min} tekens).`,
        en: `${label.en} is too short (at least ${rule.min} characters).`,
      },
    };
  if (length > rule.max)
    return {
      text,
      problem: {
        nl: `${label.nl} is te lang: ${length} tekens, maximaal ${rule.max}.`,
        en: `${label.en} is too long: ${length} characters, at most ${rule.max}.`,
      },
    };
  return { text, problem: null };
}

/** The texts shared so far, oldest first; a verslag published before versions were kept counts as version 1. */
export function versionsOf(verslag: Verslag): readonly VerslagVersion[] {
  if (verslag.versions && verslag.versions.length > 0) return verslag.versions;
  if (verslag.status !== 'gepubliceerd') return [];
  return [
    {
      number: 1,
      markdown: verslag.markdown,
      at: verslag.publishedAt ?? verslag.draftedAt,
      byPersonId: verslag.publishedByPersonId,
      reason: null,
    },
  ];
}

export function isPublished(verslag: Verslag | null | undefined): boolean {
  return verslag?.status === 'gepubliceerd';
}

/** Comments may be given while the verslag is ter inzage and its period has not ended. */
export function commentPeriodOpen(verslag: Verslag, now: Date): boolean {
  return (
    verslag.status === 'ter-inzage' &&
    !!verslag.review &&
    !isPastDeadline(now, fromIsoInstant(verslag.review.deadline))
  );
}

export function openComments(verslag: Verslag): readonly VerslagComment[] {
  return (verslag.review?.comments ?? []).filter((c) => c.status === 'open');
}

/** The organisations present at the meeting, other than the gemeente: they comment on the concept. */
export function attendeesOf(meeting: Meeting): string[] {
  const present = new Set(meeting.attendance?.present ?? []);
  return meeting.members
    .filter((m) => present.has(m.organisationId) && m.type !== 'gemeente')
    .map((m) => m.organisationId);
}

const NOT_TER_INZAGE: Bilingual = {
  nl: 'Het verslag ligt niet (meer) ter inzage bij de aanwezigen.',
  en: 'The minutes are not (or no longer) open for comments by the attendees.',
};

/** The gemeente sends the concept to the attendees, who may comment until the end of `deadline` (YYYY-MM-DD). */
export function sendForComments(
  verslag: Verslag,
  meeting: Meeting,
  input: { readonly deadline: unknown },
  actor: Actor,
  now: Date,
): Result<Verslag> {
  const gemeente = requireGemeente(actor, {
    nl: 'het verslag ter inzage sturen',
    en: 'send the minutes out for comments',
  });
  if (!gemeente.ok) return gemeente;
  if (verslag.status === 'ter-inzage')
    return refuse('verslag.ter-inzage', {
      nl: 'Het concept verslag ligt al ter inzage bij de aanwezigen.',
      en: 'The draft minutes were already sent to the attendees for comments.',
    });
  if (verslag.status === 'gepubliceerd')
    return refuse('verslag.published', {
      nl: 'Het verslag is al vastgesteld en gedeeld.',
      en: 'The minutes were already adopted and shared.',
    });
  if (!meeting.attendance)
    return refuse('verslag.no-attendance', {
      nl: 'Leg eerst de aanwezigheid vast: het concept gaat naar wie aanwezig was.',
      en: 'Record the attendance first: the draft goes to those who attended.',
    });
  const attendees = attendeesOf(meeting);
  if (attendees.length === 0)
    return refuse('verslag.no-attendees', {
      nl: 'Er waren geen aanbieders of lokale toegang aanwezig om het concept aan voor te leggen.',
      en: 'No providers or local access team attended, so there is nobody to send the draft to.',
    });
  const date = parseLocalDate(input.deadline);
  const today = localDateOf(now);
  const earliest = addDays(today, L.periodMinDays);
  const latest = addDays(today, L.periodMaxDays);
  if (!date.ok)
    return refuseFields('verslag.invalid', {
      deadline: {
        nl: `De reactietermijn: vul een datum in als JJJJ-MM-DD, bijvoorbeeld ${earliest}.`,
        en: `The comment period: enter a date as YYYY-MM-DD, for example ${earliest}.`,
      },
    });
  if (compareLocalDates(date.value, earliest) < 0 || compareLocalDates(date.value, latest) > 0)
    return refuseFields('verslag.invalid', {
      deadline: {
        nl: `De reactietermijn loopt tot een datum van ${earliest} tot en met ${latest}.`,
        en: `The comment period ends on a date from ${earliest} up to and including ${latest}.`,
      },
    });
  return succeed({
    ...verslag,
    status: 'ter-inzage',
    review: {
      sentAt: toIsoInstant(now),
      sentBy: gemeenteRecord(gemeente.value),
      deadline: toIsoInstant(endOfLocalDay(date.value)),
      attendees,
      comments: [],
    },
  });
}

/** An attendee's contactpersoon or vervanger comments on the concept within the period. */
export function submitComment(
  verslag: Verslag,
  input: {
    readonly organisationId: string;
    readonly text: unknown;
    /** The id the form was given, so a redelivered submission is stored once. */
    readonly id?: string;
  },
  actor: Actor,
  now: Date,
): Result<{ verslag: Verslag; comment: VerslagComment }> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  const review = verslag.review;
  const again = input.id ? review?.comments.find((c) => c.id === input.id) : undefined;
  if (again && again.organisationId === input.organisationId && again.by.personId === known.value.person.id)
    return succeed({ verslag, comment: again });
  if (verslag.status !== 'ter-inzage' || !review) return refuse('verslag.not-open', NOT_TER_INZAGE);
  if (again)
    return refuse('verslag.comment-id-taken', {
      nl: 'Dit formulier is al gebruikt. Open het commentaarformulier opnieuw.',
      en: 'This form was already used. Open the comment form again.',
    });
  if (!review.attendees.includes(input.organisationId))
    return refuse('verslag.not-an-attendee', {
      nl: 'Alleen organisaties die bij het overleg aanwezig waren, geven commentaar op het concept verslag.',
      en: 'Only organisations that attended the meeting comment on the draft minutes.',
    });
  const capacity = contactCapacityFor(actor, input.organisationId);
  if (!capacity)
    return refuse('verslag.not-your-organisation', {
      nl: 'Alleen de contactpersoon of vervanger van de organisatie geeft namens haar commentaar.',
      en: 'Only the contact person or deputy of the organisation comments on its behalf.',
    });
  if (isPastDeadline(now, fromIsoInstant(review.deadline)))
    return refuse('verslag.period-ended', {
      nl: `De reactietermijn is voorbij (tot ${formatDutchDateTime(fromIsoInstant(review.deadline))}).`,
      en: `The comment period has ended (it ran until ${formatEnglishDateTime(fromIsoInstant(review.deadline))}).`,
    });
  const checked = textProblem(
    input.text,
    { nl: 'Het commentaar', en: 'The comment' },
    { min: L.commentMin, max: L.commentMax, multiline: true },
  );
  if (checked.problem) return refuseFields('verslag.invalid', { comment: checked.problem });
  const own = review.comments.filter((c) => c.organisationId === input.organisationId);
  if (own.length >= L.commentsPerOrganisation)
    return refuse('verslag.too-many-comments', {
      nl: `Per organisatie kunnen maximaal ${L.commentsPerOrganisation} opmerkingen worden gegeven.`,
      en: `An organisation can give at most ${L.commentsPerOrganisation} comments.`,
    });
  const comment: VerslagComment = {
    id: input.id ?? `commentaar-${review.comments.length + 1}`,
    organisationId: input.organisationId,
    by: contactRecord(known.value, capacity),
    text: checked.text,
    at: toIsoInstant(now),
    status: 'open',
    reason: null,
    processedBy: null,
    processedAt: null,
  };
  return succeed({
    verslag: { ...verslag, review: { ...review, comments: [...review.comments, comment] } },
    comment,
  });
}

/** The gemeente takes a comment over or declines it with a reason; it may reconsider until vastgesteld. */
export function processComment(
  verslag: Verslag,
  input: { readonly commentId: string; readonly decision: unknown; readonly reason: unknown },
  actor: Actor,
  now: Date,
): Result<Verslag> {
  const gemeente = requireGemeente(actor, {
    nl: 'commentaar op het verslag verwerken',
    en: 'process comments on the minutes',
  });
  if (!gemeente.ok) return gemeente;
  const review = verslag.review;
  if (verslag.status !== 'ter-inzage' || !review) return refuse('verslag.not-open', NOT_TER_INZAGE);
  const comment = review.comments.find((c) => c.id === input.commentId);
  if (!comment)
    return refuse('verslag.comment-unknown', {
      nl: 'Dit commentaar bestaat niet (meer).',
      en: 'This comment does not exist (any more).',
    });
  if (input.decision !== 'overgenomen' && input.decision !== 'niet-overgenomen')
    return refuseFields('verslag.invalid', {
      decision: {
        nl: 'Kies of het commentaar is overgenomen of niet.',
        en: 'Choose whether the comment was taken over or not.',
      },
    });
  const declined = input.decision === 'niet-overgenomen';
  const checked = textProblem(
    input.reason,
    declined ? { nl: 'De reden', en: 'The reason' } : { nl: 'De toelichting', en: 'The explanation' },
    { min: declined ? L.reasonMin : 0, max: L.reasonMax, multiline: true },
  );
  if (checked.problem) return refuseFields('verslag.invalid', { [`reason_${comment.id}`]: checked.problem });
  const processed: VerslagComment = {
    ...comment,
    status: input.decision,
    reason: checked.text || null,
    processedBy: gemeenteRecord(gemeente.value),
    processedAt: toIsoInstant(now),
  };
  return succeed({
    ...verslag,
    review: { ...review, comments: review.comments.map((c) => (c.id === comment.id ? processed : c)) },
  });
}

/**
 * The gemeente marks the verslag vastgesteld once the period is over and every comment is processed; from then
 * on it is shared with every provider. The heading loses "Concept" unless the gemeente wrote its own.
 */
export function vaststellen(verslag: Verslag, actor: Actor, now: Date): Result<Verslag> {
  const gemeente = requireGemeente(actor, { nl: 'het verslag vaststellen', en: 'adopt the minutes' });
  if (!gemeente.ok) return gemeente;
  if (verslag.status === 'gepubliceerd')
    return refuse('verslag.published', {
      nl: 'Het verslag is al vastgesteld en gedeeld.',
      en: 'The minutes were already adopted and shared.',
    });
  const review = verslag.review;
  if (verslag.status !== 'ter-inzage' || !review)
    return refuse('verslag.not-reviewed', {
      nl: 'Stuur het concept eerst ter inzage naar de aanwezigen; daarna stelt u het verslag vast.',
      en: 'First send the draft to the attendees for comments; then adopt the minutes.',
    });
  if (!isPastDeadline(now, fromIsoInstant(review.deadline)))
    return refuse('verslag.period-running', {
      nl: `De reactietermijn loopt nog tot ${formatDutchDateTime(fromIsoInstant(review.deadline))}.`,
      en: `The comment period runs until ${formatEnglishDateTime(fromIsoInstant(review.deadline))}.`,
    });
  const open = openComments(verslag).length;
  if (open > 0)
    return refuse('verslag.comments-open', {
      nl: `Verwerk eerst al het commentaar: nog ${open} ${open === 1 ? 'opmerking' : 'opmerkingen'} open.`,
      en: `Process every comment first: ${open} still open.`,
    });
  const at = toIsoInstant(now);
  const markdown = verslag.markdown.replace(/^(\s*)# Concept verslag\s*$/m, '$1# Verslag');
  return succeed({
    ...verslag,
    markdown,
    status: 'gepubliceerd',
    vastgesteldAt: at,
    publishedAt: at,
    publishedByPersonId: gemeente.value.person.id,
    versions: [{ number: 1, markdown, at, byPersonId: gemeente.value.person.id, reason: null }],
  });
}

/** A correction after the verslag was shared: a new version with its reason; the earlier ones stay. */
export function correctVerslag(
  verslag: Verslag,
  input: { readonly markdown: unknown; readonly reason: unknown },
  actor: Actor,
  now: Date,
): Result<{ verslag: Verslag; version: VerslagVersion }> {
  const gemeente = requireGemeente(actor, { nl: 'het verslag corrigeren', en: 'correct the minutes' });
  if (!gemeente.ok) return gemeente;
  if (verslag.status !== 'gepubliceerd')
    return refuse('verslag.not-published', {
      nl: 'Alleen een vastgesteld verslag wordt gecorrigeerd; een concept past u gewoon aan.',
      en: 'Only adopted minutes are corrected; a draft you simply edit.',
    });
  const markdown = textProblem(
    input.markdown,
    { nl: 'Het verslag', en: 'The minutes' },
    { min: L.markdownMin, max: L.markdownMax, multiline: true },
  );
  const reason = textProblem(
    input.reason,
    { nl: 'De reden van de correctie', en: 'The reason for the correction' },
    { min: L.reasonMin, max: L.reasonMax, multiline: true },
  );
  const problems: Record<string, Bilingual> = {};
  if (markdown.problem) problems.markdown = markdown.problem;
  if (reason.problem) problems.reason = reason.problem;
  if (Object.keys(problems).length > 0) return refuseFields('verslag.invalid', problems);
  if (markdown.text === verslag.markdown)
    return refuseFields('verslag.unchanged', {
      markdown: {
        nl: 'De tekst is niet gewijzigd: een correctie verandert het verslag.',
        en: 'The text did not change: a correction changes the minutes.',
      },
    });
  const earlier = versionsOf(verslag);
  if (earlier.length >= L.versions)
    return refuse('verslag.too-many-versions', {
      nl: `Een verslag heeft maximaal ${L.versions} versies.`,
      en: `Minutes have at most ${L.versions} versions.`,
    });
  const version: VerslagVersion = {
    number: earlier.length + 1,
    markdown: markdown.text,
    at: toIsoInstant(now),
    byPersonId: gemeente.value.person.id,
    reason: reason.text,
  };
  return succeed({
    verslag: {
      ...verslag,
      markdown: markdown.text,
      editedByPersonId: gemeente.value.person.id,
      editedAt: version.at,
      versions: [...earlier, version],
    },
    version,
  });
}
