import type { Actor } from '../registry/actor';
import { refuse, refuseFields, succeed, type Result } from '../shared/result';
import {
  endOfLocalDay,
  fromIsoInstant,
  isPastDeadline,
  isWithinDeadline,
  localDateOf,
  toIsoInstant,
} from '../time/amsterdam';
import { formatDutchDateTime } from '../time/dutch';
import { formatEnglishDateTime } from '../time/english';
import { addDays } from '../time/localDate';
import {
  contactCapacityFor,
  contactRecord,
  gemeenteRecord,
  requireGemeente,
  requireKnownActor,
} from './acting';
import { normaliseMultiline } from '../shared/text';
import { characterCount, checkText, FieldProblems } from './textRules';
import type { Reaction, Voorstel, VoorstelChange } from './types';

export type { Reaction } from './types';

/**
 * The reaction window: before a voorstel is decided, every contracted aanbieder may read it and react, two
 * weeks by default [002 art. 5.6]. One reaction per organisation, editable until the window closes.
 */

export const DEFAULT_REACTION_DAYS = 14;
export const MAX_REACTION_DAYS = 90;
export const REACTION_TEXT_MAX = 5000;

/** A shorter window than DEFAULT_REACTION_DAYS needs a reason of at least this many characters. */
export const SHORT_WINDOW_REASON_MIN = 10;
export const SHORT_WINDOW_REASON_MAX = 500;

export interface OpenReactieperiode {
  /** Calendar days after today; the window closes at the end of that Dutch day. Default 14. */
  readonly days?: number;
  /** Why the window is shorter than two weeks; required then, shown on the voorstel [002 art. 5.6]. */
  readonly shortReason?: unknown;
}

/** The reason for a window shorter than two weeks, checked; undefined for a window of two weeks or more. */
function checkShortReason(days: number, value: unknown): Result<string | undefined> {
  if (days >= DEFAULT_REACTION_DAYS) return succeed(undefined);
  const reason = normaliseMultiline(typeof value === 'string' ? value : '');
  const length = characterCount(reason);
  if (length < SHORT_WINDOW_REASON_MIN) {
    return refuseFields('reactieperiode.short-without-reason', {
      shortReason: {
        nl: `Een reactieperiode korter dan ${DEFAULT_REACTION_DAYS} dagen vraagt een reden (minstens ${SHORT_WINDOW_REASON_MIN} tekens); die staat bij het voorstel.`,
        en: `A reaction window shorter than ${DEFAULT_REACTION_DAYS} days needs a reason (at least ${SHORT_WINDOW_REASON_MIN} characters); it is shown with the voorstel.`,
      },
    });
  }
  if (length > SHORT_WINDOW_REASON_MAX) {
    return refuseFields('reactieperiode.short-reason-too-long', {
      shortReason: {
        nl: `De reden is te lang: ${length} tekens, maximaal ${SHORT_WINDOW_REASON_MAX}.`,
        en: `The reason is too long: ${length} characters, at most ${SHORT_WINDOW_REASON_MAX}.`,
      },
    });
  }
  return succeed(reason);
}

/**
 * The window ends at 23:59:59 Amsterdam time, `days` calendar days after the day it opens, so "twee weken" means
 * the same on a card and in a letter, whatever the hour it was opened and whether the clocks change in between.
 */
export function reactionWindowClosesAt(openedAt: Date, days: number): Date {
  return endOfLocalDay(addDays(localDateOf(openedAt), days));
}

export function openReactieperiode(
  voorstel: Voorstel,
  command: OpenReactieperiode,
  actor: Actor,
  now: Date,
): Result<VoorstelChange> {
  const gemeente = requireGemeente(actor, { nl: 'de reactieperiode openen', en: 'open the reaction period' });
  if (!gemeente.ok) return gemeente;
  if (voorstel.status !== 'concept') {
    return refuse('reactieperiode.not-concept', {
      nl: 'De reactieperiode is voor dit voorstel al geopend.',
      en: 'The reaction period for this proposal has already been opened.',
    });
  }
  const days = command.days ?? DEFAULT_REACTION_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_REACTION_DAYS) {
    return refuseFields('reactieperiode.invalid-days', {
      days: {
        nl: `De reactieperiode is een heel aantal dagen, van 1 tot en met ${MAX_REACTION_DAYS}.`,
        en: `The reaction period is a whole number of days, from 1 to ${MAX_REACTION_DAYS}.`,
      },
    });
  }
  const shortReason = checkShortReason(days, command.shortReason);
  if (!shortReason.ok) return shortReason;
  const closesAt = toIsoInstant(reactionWindowClosesAt(now, days));
  const at = toIsoInstant(now);
  return succeed({
    voorstel: {
      ...voorstel,
      status: 'reactieperiode',
      reactionWindow: {
        openedAt: at,
        openedBy: gemeenteRecord(gemeente.value),
        closesAt,
        ...(shortReason.value === undefined ? {} : { shortReason: shortReason.value }),
      },
      updatedAt: at,
    },
    events: [
      { type: 'reactieperiode.geopend', voorstelId: voorstel.id, closesAt, percelen: voorstel.percelen },
    ],
  });
}

export function isReactionWindowOpen(voorstel: Voorstel, now: Date): boolean {
  return (
    voorstel.status === 'reactieperiode' &&
    voorstel.reactionWindow !== null &&
    isWithinDeadline(now, fromIsoInstant(voorstel.reactionWindow.closesAt))
  );
}

export function hasReactionWindowEnded(voorstel: Voorstel, now: Date): boolean {
  return (
    voorstel.reactionWindow !== null && isPastDeadline(now, fromIsoInstant(voorstel.reactionWindow.closesAt))
  );
}

export interface SubmitReaction {
  readonly organisationId: string;
  readonly text: unknown;
}

/** A contactpersoon or vervanger of a contracted aanbieder reacts, or edits the reaction of their organisation. */
export function submitReaction(
  voorstel: Voorstel,
  command: SubmitReaction,
  actor: Actor,
  now: Date,
): Result<VoorstelChange> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  const window = voorstel.reactionWindow;
  if (voorstel.status !== 'reactieperiode' || window === null) {
    return window === null
      ? refuse('reactie.window-not-open', {
          nl: 'Op dit voorstel kan nog niet worden gereageerd.',
          en: 'Reactions to this proposal are not open yet.',
        })
      : refuse('reactie.window-closed', {
          nl: `De reactieperiode is gesloten sinds ${formatDutchDateTime(fromIsoInstant(window.closesAt))}.`,
          en: `The reaction period has been closed since ${formatEnglishDateTime(fromIsoInstant(window.closesAt))}.`,
        });
  }
  if (isPastDeadline(now, fromIsoInstant(window.closesAt))) {
    return refuse('reactie.window-closed', {
      nl: `De reactieperiode is gesloten sinds ${formatDutchDateTime(fromIsoInstant(window.closesAt))}.`,
      en: `The reaction period has been closed since ${formatEnglishDateTime(fromIsoInstant(window.closesAt))}.`,
    });
  }
  const capacity = contactCapacityFor(actor, command.organisationId);
  if (!capacity || capacity.organisation.type !== 'aanbieder' || !capacity.organisation.contracted) {
    return refuse('reactie.not-allowed', {
      nl: 'Alleen de contactpersoon of vervanger van een gecontracteerde aanbieder kan namens die aanbieder reageren.',
      en: 'Only the contact person or substitute of a contracted provider can react on behalf of that provider.',
    });
  }
  const problems = new FieldProblems();
  const text = checkText(problems, 'text', command.text, {
    label: { nl: 'Uw reactie', en: 'Your reaction' },
    min: 1,
    max: REACTION_TEXT_MAX,
    multiline: true,
  });
  if (problems.any) return refuseFields('reactie.invalid', problems.all);

  const at = toIsoInstant(now);
  const by = contactRecord(known.value, capacity);
  const existing = voorstel.reactions.find((r) => r.organisationId === command.organisationId);
  if (existing && existing.text === text) return succeed({ voorstel, events: [] });
  const reaction: Reaction = existing
    ? { ...existing, text, updatedAt: at, updatedBy: by, revision: existing.revision + 1 }
    : {
        organisationId: capacity.organisation.id,
        organisationName: capacity.organisation.name,
        text,
        submittedAt: at,
        submittedBy: by,
        updatedAt: at,
        updatedBy: by,
        revision: 1,
      };
  const reactions = existing
    ? voorstel.reactions.map((r) => (r.organisationId === reaction.organisationId ? reaction : r))
    : [...voorstel.reactions, reaction];
  return succeed({
    voorstel: { ...voorstel, reactions, updatedAt: at },
    events: [
      {
        type: 'reactie.geplaatst',
        voorstelId: voorstel.id,
        organisationId: reaction.organisationId,
        edited: Boolean(existing),
      },
    ],
  });
}
