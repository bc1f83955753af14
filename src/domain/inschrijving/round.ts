import {
  commitmentOf,
  frameworkDeviations,
  SECRET_PATTERN,
  validateFramework,
  validateSeed,
  type DistributionFramework,
  type Perceel,
} from '../lottery';
import type { Actor } from '../registry/actor';
import {
  refuse,
  refuseFields,
  refusalMessages,
  succeed,
  type Bilingual,
  type Result,
} from '../shared/result';
import { normaliseLine } from '../shared/text';
import {
  formatDateTime,
  formatDutchDate,
  formatDutchDateTime,
  isPastDeadline,
  localDateOf,
  localYearOf,
  parseLocalDate,
  parseLocalDateTime,
  toIsoInstant,
  type DateLocale,
} from '../time';
import {
  MAX_REASON_LENGTH,
  MAX_SEED_SOURCE_LENGTH,
  type Round,
  type RoundPhase,
  type SeedPlan,
} from './types';

/** The round lifecycle: open (until the deadline) → gesloten → geloot → gepubliceerd. */

export function roundIdFor(year: number): string {
  return `ronde-${year}`;
}

/** Opening a round, drawing, changing and publishing the composition: the gemeente (admin) only. */
export function mayManageRounds(actor: Actor): boolean {
  return actor.kind === 'person' && actor.person.isAdmin;
}

export function roundPhase(round: Round, now: Date): RoundPhase {
  if (round.status !== 'open') return round.status;
  return isPastDeadline(now, new Date(round.deadline)) ? 'gesloten' : 'open';
}

export function deadlineText(round: Round, locale: DateLocale = 'nl'): string {
  return formatDateTime(new Date(round.deadline), locale);
}

/** Broadcast ids derive from the event, so a retried request never sends twice. */
export const broadcastIds = {
  invitation: (round: Round): string => `${round.id}-uitnodiging`,
  composition: (round: Round, version: number): string => `${round.id}-samenstelling-v${version}`,
  selected: (round: Round, version: number): string => `${round.id}-gekozen-v${version}`,
  notSelected: (round: Round, version: number): string => `${round.id}-niet-gekozen-v${version}`,
};

/** What the gemeente fills in on the "open a round" card; everything arrives as text. */
export interface OpenRoundInput {
  readonly year: string;
  readonly deadlineDate: string;
  readonly deadlineTime: string;
  readonly seats: string;
  readonly minimum1: string;
  readonly minimum2: string;
  readonly minimum3: string;
  readonly minimum4: string;
  readonly minimum5: string;
  readonly differentGrootte: string;
  readonly atLeastOneLokaal: string;
  readonly minimumReturning: string;
  readonly minimumNewcomers: string;
  /** The public value the seed will combine with the secret, e.g. "slotkoers AEX op 16 januari 2027". */
  readonly seedSource: string;
  /** YYYY-MM-DD: the day that public value becomes known; later than the deadline's day. */
  readonly publicValueDate: string;
  /** Required when the framework departs from Bijlage 9 §3. */
  readonly deviationReason: string;
}

export interface OpenRoundContext {
  readonly now: Date;
  readonly personId: string;
  /** A fresh secret (64 hex digits from a cryptographic random source); only its commitment goes on the round. */
  readonly secret: string;
}

function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : undefined;
}

function yesNo(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (['true', 'ja', 'yes', '1'].includes(value)) return true;
  if (['false', 'nee', 'no', '0'].includes(value)) return false;
  return undefined;
}

/** The framework as entered; numbers that are not whole numbers become NaN so validateFramework names them. */
function frameworkFrom(input: OpenRoundInput): DistributionFramework {
  const n = (text: string): number => wholeNumber(text) ?? Number.NaN;
  const b = (text: string): boolean => yesNo(text) as boolean;
  return {
    seats: n(input.seats),
    minimumPerPerceel: {
      1: n(input.minimum1),
      2: n(input.minimum2),
      3: n(input.minimum3),
      4: n(input.minimum4),
      5: n(input.minimum5),
    } as Record<Perceel, number>,
    differentGrootteWithinPerceel: b(input.differentGrootte),
    atLeastOneLokaalPerPerceel: b(input.atLeastOneLokaal),
    continuity: { minimumReturning: n(input.minimumReturning) },
    inflow: { minimumNewcomers: n(input.minimumNewcomers) },
  };
}

const FRAMEWORK_FIELD: Readonly<Record<string, string>> = {
  'zetels-ongeldig': 'seats',
  'perceelminimum-ongeldig': 'minimum',
  'perceelminima-te-hoog': 'minimum',
  'regel-grootte-ongeldig': 'differentGrootte',
  'regel-lokaal-ongeldig': 'atLeastOneLokaal',
  'continuiteit-ongeldig': 'minimumReturning',
  'instroom-ongeldig': 'minimumNewcomers',
  'continuiteit-instroom-te-hoog': 'minimumReturning',
};

/**
 * Validates the "open a round" card into a new round. Refuses a year in the past or far ahead, a deadline that
 * is not in the future (Amsterdam wall-clock time, daylight saving included), an invalid framework and a
 * missing seed announcement. Every problem is reported, per field.
 */
export function validateOpenRound(input: OpenRoundInput, context: OpenRoundContext): Result<Round> {
  const errors: Record<string, Bilingual> = {};
  const currentYear = localYearOf(context.now);
  const year = wholeNumber(input.year);
  if (year === undefined || year < currentYear || year > currentYear + 2) {
    errors.year = {
      nl: `Kies het jaar van de Overlegtafel: ${currentYear}, ${currentYear + 1} of ${currentYear + 2}.`,
      en: `Choose the year of the Overlegtafel: ${currentYear}, ${currentYear + 1} or ${currentYear + 2}.`,
    };
  }

  let deadline: Date | undefined;
  const parsed = parseLocalDateTime(`${input.deadlineDate.trim()} ${input.deadlineTime.trim().slice(0, 5)}`);
  if (!parsed.ok)
    errors.deadline = {
      nl: `Sluitingstermijn: ${parsed.messages.join(' ')}`,
      en: `Closing date: ${refusalMessages(parsed, 'en').join(' ')}`,
    };
  else if (parsed.value.getTime() <= context.now.getTime()) {
    errors.deadline = {
      nl: 'De sluitingstermijn moet in de toekomst liggen.',
      en: 'The closing date must be in the future.',
    };
  } else deadline = parsed.value;

  const framework = frameworkFrom(input);
  for (const problem of validateFramework(framework)) {
    const field = FRAMEWORK_FIELD[problem.code] ?? 'framework';
    const before = errors[field];
    const { nl, en } = problem.message;
    errors[field] = before
      ? { nl: `${before.nl} ${nl}.`, en: `${before.en} ${en}.` }
      : { nl: `${nl}.`, en: `${en}.` };
  }

  if (!SECRET_PATTERN.test(context.secret)) throw new Error('The round secret must be 64 hex digits');
  const source = normaliseLine(input.seedSource);
  if (source.length < 5 || source.length > MAX_SEED_SOURCE_LENGTH) {
    errors.seedSource = {
      nl: `Noem de openbare waarde waarmee de seed wordt gemaakt, bijvoorbeeld 'slotkoers AEX op 16 januari 2027' (5 tot ${MAX_SEED_SOURCE_LENGTH} tekens).`,
      en: `Name the public value the seed will be made with, e.g. 'AEX closing price on 16 January 2027' (5 to ${MAX_SEED_SOURCE_LENGTH} characters).`,
    };
  }
  const publicValueDate = parseLocalDate(input.publicValueDate.trim());
  if (!publicValueDate.ok) {
    errors.publicValueDate = {
      nl: 'Vul de datum in waarop de openbare waarde bekend wordt (JJJJ-MM-DD).',
      en: 'Enter the date on which the public value becomes known (YYYY-MM-DD).',
    };
  } else if (deadline && publicValueDate.value <= localDateOf(deadline)) {
    errors.publicValueDate = {
      nl: `De openbare waarde moet bekend worden ná de sluitingstermijn (${formatDutchDateTime(deadline)}), anders kan iemand de uitkomst vooraf uitrekenen en sturen. Kies een datum na ${formatDutchDate(localDateOf(deadline))}.`,
      en: `The public value must become known after the registration deadline (${toIsoInstant(deadline).slice(0, 10)}), otherwise someone could compute and steer the outcome in advance. Choose a date after ${localDateOf(deadline)}.`,
    };
  }

  const deviationReason = normaliseLine(input.deviationReason);
  const frameworkValid = validateFramework(framework).length === 0;
  const deviations = frameworkValid ? frameworkDeviations(framework) : [];
  if (deviations.length > 0 && (deviationReason.length < 5 || deviationReason.length > MAX_REASON_LENGTH)) {
    errors.deviationReason = {
      nl: `Het verdelingskader wijkt af van Bijlage 9 (${deviations.map((d) => d.rule).join(', ')}): geef de reden (5 tot ${MAX_REASON_LENGTH} tekens). Die staat in de uitnodiging, het lotingsverslag en op de openbare pagina.`,
      en: `The distribution framework departs from Bijlage 9 (${deviations.map((d) => d.rule).join(', ')}): state the reason (5 to ${MAX_REASON_LENGTH} characters). It appears in the invitation, the draw record and on the public page.`,
    };
  }
  const announcedAt = toIsoInstant(context.now);
  const seed: SeedPlan | undefined =
    publicValueDate.ok && !errors.seedSource
      ? {
          mode: 'toezegging',
          source,
          publicValueDate: publicValueDate.value,
          commitment: commitmentOf(context.secret),
          announcedAt,
        }
      : undefined;

  if (Object.keys(errors).length > 0 || year === undefined || !deadline || !seed) {
    return refuseFields('ronde.ongeldig', errors);
  }
  return succeed({
    id: roundIdFor(year),
    year,
    deadline: toIsoInstant(deadline),
    framework,
    deviationReason: deviations.length > 0 ? deviationReason : '',
    seed,
    status: 'open',
    openedAt: toIsoInstant(context.now),
    openedByPersonId: context.personId,
    draw: null,
    composition: null,
    publications: [],
  });
}

/** How the record states where the seed came from; covered by the record's digest. */
export function seedSourceForRecord(round: Round): string {
  const announced = formatDutchDateTime(new Date(round.seed.announcedAt));
  switch (round.seed.mode) {
    case 'toezegging':
      return `toezegging gepubliceerd bij het openen van de inschrijving (${announced}); seed = SHA-256(geheim + ":" + openbare waarde); openbare waarde: ${round.seed.source} (${round.seed.publicValueDate})`;
    case 'aangekondigd':
      return `aangekondigd bij het openen van de inschrijving (${announced}): ${round.seed.source}`;
    default:
      return `gegenereerd door Tafelbot en gepubliceerd in de uitnodiging (${announced})`;
  }
}

/**
 * Checks that the draw may run now and settles the seed: only after the deadline, only once, and for an
 * announced source with the value the gemeente enters now (checked like every seed: no stray spaces).
 */
export function checkDrawAllowed(round: Round, now: Date): Result<true> {
  if (round.status !== 'open') {
    return refuse('loting.al-uitgevoerd', {
      nl: `De loting voor ${round.year} is al uitgevoerd.`,
      en: `The lottery for ${round.year} has already been drawn.`,
    });
  }
  if (!isPastDeadline(now, new Date(round.deadline))) {
    return refuse('loting.te-vroeg', {
      nl: `De loting kan pas na de sluitingstermijn (${deadlineText(round)}): tot dan kunnen aanbieders zich nog inschrijven, wijzigen of intrekken.`,
      en: `The lottery can only be drawn after the closing date (${deadlineText(round, 'en')}): until then providers can still register, change or withdraw.`,
    });
  }
  return succeed(true);
}

/**
 * What the draw needs besides the registrations: for a 'toezegging' round the public value (the secret is the
 * service's to load); for a round of the older kinds the seed itself.
 */
export type DrawSeedRequest =
  | { readonly kind: 'toezegging'; readonly publicValue: string; readonly seedSource: string }
  | { readonly kind: 'seed'; readonly seed: string; readonly seedSource: string };

export function validateDrawRequest(round: Round, now: Date, enteredValue: string): Result<DrawSeedRequest> {
  const allowed = checkDrawAllowed(round, now);
  if (!allowed.ok) return allowed;
  const value = round.seed.mode === 'gegenereerd' ? (round.seed.seed ?? '') : enteredValue;
  const problems = validateSeed(value);
  if (problems.length > 0) {
    return refuse('loting.seed', {
      nl: `${problems.map((p) => p.message.nl).join('; ')}. Vul de waarde in van de vooraf aangekondigde bron: ${round.seed.source}.`,
      en: `${problems.map((p) => p.message.en).join('; ')}. Enter the value of the public source announced in advance, exactly as published: ${round.seed.source}.`,
    });
  }
  const seedSource = seedSourceForRecord(round);
  return succeed(
    round.seed.mode === 'toezegging'
      ? { kind: 'toezegging', publicValue: value, seedSource }
      : { kind: 'seed', seed: value, seedSource },
  );
}
