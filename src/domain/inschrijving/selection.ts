import type { DrawRecord, Registration } from '../lottery';
import { PERCELEN, type Grootte, type Herkomst, type Perceel } from '../registry/registry';
import { refuse, refuseFields, succeed, type Bilingual, type Result } from '../shared/result';
import { normaliseMultiline } from '../shared/text';
import { toIsoInstant } from '../time';
import {
  MAX_REASON_LENGTH,
  type Composition,
  type CompositionMember,
  type Round,
  type RoundRegistration,
} from './types';

/** From registrations to the draw, from the draw record to the composition, and the gemeente's changes to it. */

export function activeRegistrations(registrations: readonly RoundRegistration[]): RoundRegistration[] {
  return registrations.filter((r) => r.status === 'ingeschreven');
}

/**
 * The registrations as the lottery sees them: no contact details or motivation (the record is public), and
 * continuity from last year's composition. The registration id is the organisation id (one per organisation).
 */
export function drawRegistrations(
  registrations: readonly RoundRegistration[],
  previousMemberIds: ReadonlySet<string>,
): Registration[] {
  return activeRegistrations(registrations).map((r) => ({
    registrationId: r.organisationId,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    perceel: r.perceel,
    grootte: r.grootte,
    herkomst: r.herkomst,
    previouslySeated: previousMemberIds.has(r.organisationId),
    registeredAt: r.registeredAt,
  }));
}

/** The round after the draw: status 'geloot', the record's summary and composition version 1 in draw order. */
export function applyDraw(round: Round, record: DrawRecord, personId: string, now: Date): Result<Round> {
  if (round.status !== 'open')
    return refuse('loting.al-uitgevoerd', {
      nl: `De loting voor ${round.year} is al uitgevoerd.`,
      en: `The lottery for ${round.year} has already been drawn.`,
    });
  const members: CompositionMember[] = record.outcome.selected.map((s) => ({
    organisationId: s.organisationId,
    organisationName: s.organisationName,
    perceel: s.perceel,
    via: 'loting',
  }));
  return succeed({
    ...round,
    status: 'geloot',
    draw: {
      at: toIsoInstant(now),
      byPersonId: personId,
      seed: record.seed,
      seedSource: record.seedSource,
      recordSha256: record.recordSha256,
      registrationsSha256: record.registrationsSha256,
      registrations: record.registrations.length,
      seatsFilled: record.outcome.seatsFilled,
      unmetRules: record.unmetRules.length,
    },
    composition: { version: 1, members, changes: [] },
  });
}

export interface CompositionChangeInput {
  /** Organisation id of the member to remove, or ''. */
  readonly remove: string;
  /** Organisation id of a registrant to add, or ''. */
  readonly add: string;
  readonly reason: string;
}

/**
 * The gemeente changes the composition: remove a member, add a registrant of this round who has no seat, or
 * both at once (a replacement). A reason is mandatory and recorded with the change; the table never exceeds
 * the round's seats.
 */
export function changeComposition(
  round: Round,
  registrations: readonly RoundRegistration[],
  input: CompositionChangeInput,
  personId: string,
  now: Date,
): Result<Round> {
  const composition = round.composition;
  if (round.status === 'open' || !composition) {
    return refuse('samenstelling.geen-loting', {
      nl: 'De samenstelling kan pas worden gewijzigd na de loting.',
      en: 'The composition can only be changed after the lottery.',
    });
  }
  const errors: Record<string, Bilingual> = {};
  const removeId = input.remove.trim();
  const addId = input.add.trim();
  const reason = normaliseMultiline(input.reason);
  if (!removeId && !addId)
    errors.remove = {
      nl: 'Kies een organisatie om te verwijderen, toe te voegen, of beide.',
      en: 'Choose an organisation to remove, to add, or both.',
    };
  const removed = removeId ? composition.members.find((m) => m.organisationId === removeId) : undefined;
  if (removeId && !removed)
    errors.remove = {
      nl: 'Deze organisatie zit niet (meer) aan tafel.',
      en: 'This organisation does not have a seat at the table (any more).',
    };
  const candidate = addId
    ? activeRegistrations(registrations).find((r) => r.organisationId === addId)
    : undefined;
  if (addId && !candidate)
    errors.add = {
      nl: 'Alleen een ingeschreven organisatie van deze ronde kan worden toegevoegd.',
      en: 'Only an organisation registered in this round can be added.',
    };
  else if (addId && composition.members.some((m) => m.organisationId === addId))
    errors.add = {
      nl: 'Deze organisatie zit al aan tafel.',
      en: 'This organisation already has a seat at the table.',
    };
  if (reason.length < 5)
    errors.reason = {
      nl: 'Vermeld de reden van de wijziging (verplicht, minstens 5 tekens).',
      en: 'State the reason for the change (required, at least 5 characters).',
    };
  else if (reason.length > MAX_REASON_LENGTH)
    errors.reason = {
      nl: `De reden is te lang: ${reason.length} tekens, maximaal ${MAX_REASON_LENGTH}.`,
      en: `The reason is too long: ${reason.length} characters, at most ${MAX_REASON_LENGTH}.`,
    };
  const sizeAfter = composition.members.length - (removed ? 1 : 0) + (candidate ? 1 : 0);
  if (Object.keys(errors).length === 0 && sizeAfter > round.framework.seats) {
    errors.add = {
      nl: `De tafel heeft ${round.framework.seats} zetels en die zijn bezet: verwijder tegelijk een organisatie.`,
      en: `The table has ${round.framework.seats} seats and they are all taken: remove an organisation at the same time.`,
    };
  }
  if (Object.keys(errors).length > 0) return refuseFields('samenstelling.ongeldig', errors);

  const version = composition.version + 1;
  const members = composition.members.filter((m) => m.organisationId !== removed?.organisationId);
  if (candidate) {
    members.push({
      organisationId: candidate.organisationId,
      organisationName: candidate.organisationName,
      perceel: candidate.perceel,
      via: 'wijziging',
    });
  }
  const next: Composition = {
    version,
    members,
    changes: [
      ...composition.changes,
      {
        version,
        at: toIsoInstant(now),
        byPersonId: personId,
        removed: removed
          ? { organisationId: removed.organisationId, organisationName: removed.organisationName }
          : null,
        added: candidate
          ? {
              organisationId: candidate.organisationId,
              organisationName: candidate.organisationName,
              perceel: candidate.perceel,
            }
          : null,
        reason,
      },
    ],
  };
  return succeed({ ...round, composition: next });
}

/** Who is told what when the composition is published: everyone, and separately whose seat changed. */
export interface PublicationPlan {
  readonly version: number;
  readonly memberIds: string[];
  /** Organisations told they have a seat: all members the first time, later only those added since. */
  readonly selectedIds: string[];
  /**
   * Organisations told they have no seat: the first time every active registrant without a seat (with their
   * reserve position), later only members removed since the last publication.
   */
  readonly notSelectedIds: string[];
  readonly firstPublication: boolean;
}

export function publicationPlan(
  round: Round,
  registrations: readonly RoundRegistration[],
): Result<PublicationPlan> {
  const composition = round.composition;
  if (round.status === 'open' || !composition) {
    return refuse('publicatie.geen-loting', {
      nl: 'Er is nog niets te publiceren: de loting is nog niet uitgevoerd.',
      en: 'There is nothing to publish yet: the lottery has not been drawn.',
    });
  }
  const last = round.publications[round.publications.length - 1];
  if (last && last.version === composition.version) {
    return refuse('publicatie.al-gepubliceerd', {
      nl: `Deze samenstelling (versie ${composition.version}) is al gepubliceerd.`,
      en: `This composition (version ${composition.version}) has already been published.`,
    });
  }
  const memberIds = composition.members.map((m) => m.organisationId);
  const members = new Set(memberIds);
  if (!last) {
    return succeed({
      version: composition.version,
      memberIds,
      selectedIds: memberIds,
      notSelectedIds: activeRegistrations(registrations)
        .map((r) => r.organisationId)
        .filter((id) => !members.has(id)),
      firstPublication: true,
    });
  }
  const before = new Set(last.memberIds);
  return succeed({
    version: composition.version,
    memberIds,
    selectedIds: memberIds.filter((id) => !before.has(id)),
    notSelectedIds: last.memberIds.filter((id) => !members.has(id)),
    firstPublication: false,
  });
}

export function applyPublication(
  round: Round,
  plan: PublicationPlan,
  broadcastIds: readonly string[],
  personId: string,
  now: Date,
): Round {
  if (round.publications.some((p) => p.version === plan.version)) return round;
  return {
    ...round,
    status: 'gepubliceerd',
    publications: [
      ...round.publications,
      {
        version: plan.version,
        at: toIsoInstant(now),
        byPersonId: personId,
        memberIds: plan.memberIds,
        broadcastIds: [...broadcastIds],
      },
    ],
  };
}

/**
 * The aanbieders at the Overlegtafel for the round's year: the composition once it has been published (the
 * current one, with any later change by the gemeente), none before. Parties for voting (issue 5) are these
 * plus the gemeenten and the lokale toegang.
 */
export function overlegtafelMembers(round: Round | undefined): CompositionMember[] {
  if (!round || round.status !== 'gepubliceerd' || !round.composition) return [];
  return [...round.composition.members];
}

export interface PerceelCounts {
  readonly perceel: Perceel;
  readonly total: number;
  /** Per grootte × herkomst, e.g. cells['klein-lokaal']. */
  readonly cells: Readonly<Record<`${Grootte}-${Herkomst}`, number>>;
  readonly grootte: Readonly<Record<Grootte, number>>;
  readonly herkomst: Readonly<Record<Herkomst, number>>;
}

/** The live overview: active registrations per perceel × grootte × herkomst. */
export function registrationCounts(registrations: readonly RoundRegistration[]): PerceelCounts[] {
  const active = activeRegistrations(registrations);
  return PERCELEN.map((perceel) => {
    const inPerceel = active.filter((r) => r.perceel === perceel);
    const count = (predicate: (r: RoundRegistration) => boolean): number =>
      inPerceel.filter(predicate).length;
    const cell = (g: Grootte, h: Herkomst): number => count((r) => r.grootte === g && r.herkomst === h);
    return {
      perceel,
      total: inPerceel.length,
      cells: {
        'klein-lokaal': cell('klein', 'lokaal'),
        'klein-regionaal': cell('klein', 'regionaal'),
        'middel-lokaal': cell('middel', 'lokaal'),
        'middel-regionaal': cell('middel', 'regionaal'),
        'groot-lokaal': cell('groot', 'lokaal'),
        'groot-regionaal': cell('groot', 'regionaal'),
      },
      grootte: {
        klein: count((r) => r.grootte === 'klein'),
        middel: count((r) => r.grootte === 'middel'),
        groot: count((r) => r.grootte === 'groot'),
      },
      herkomst: {
        lokaal: count((r) => r.herkomst === 'lokaal'),
        regionaal: count((r) => r.herkomst === 'regionaal'),
      },
    };
  });
}
