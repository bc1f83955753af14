import type { Actor } from '../registry/actor';
import { PERCELEN, type Organisation, type Perceel } from '../registry/registry';
import { refuse, succeed, type Result } from '../shared/result';
import { formatDutchShortDate } from '../time/dutch';
import { toIsoInstant } from '../time/amsterdam';
import { contactCapacityFor, isGemeente, requireKnownActor } from '../voorstellen/acting';
import type { VoorstelSource } from '../voorstellen/types';
import type { VoorstelInput } from '../voorstellen/voorstel';
import type { PilotAanvraag } from './pilot';

/**
 * A pilot's result becomes a voorstel in one step [002 art. 10.5]: the gemeente or a participant makes a concept
 * voorstel, pre-filled from the pilot, and the two are linked both ways (the voorstel names its pilot, the pilot
 * its voorstel). Only once the pilot has a result, and once per pilot.
 */

const TITLE_MAX = 200;
const SUMMARY_MAX = 1000;

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** Who may make the voorstel: the gemeente, or a contact of one of the pilot's participants. */
export function mayMakePilotVoorstel(actor: Actor, pilot: PilotAanvraag): boolean {
  return (
    isGemeente(actor) ||
    pilot.organisations.some((o) => contactCapacityFor(actor, o.organisationId) !== undefined)
  );
}

/** Whether a voorstel can be made now: the pilot has a result and no voorstel yet. */
export function pilotReadyForVoorstel(pilot: PilotAanvraag): boolean {
  return Boolean(pilot.tracking?.result) && !pilot.voorstelId;
}

/**
 * The voorstel's fields from the pilot: its title and result, the research question, expected result and what it
 * deviated from; the percelen of its participants; from the ontwikkeltafel whose report it is linked to, if any.
 */
export function pilotAsVoorstelInput(
  pilot: PilotAanvraag,
  organisations: readonly Organisation[],
): VoorstelInput {
  const participants = new Set(pilot.organisations.map((o) => o.organisationId));
  const percelen = PERCELEN.filter((p: Perceel) =>
    organisations.some((o) => participants.has(o.id) && o.percelen.includes(p)),
  );
  const table = pilot.reportLinks.find((l) => l.ontwikkeltafelId)?.ontwikkeltafelId;
  const result = pilot.tracking?.result ?? '';
  const period = `${formatDutchShortDate(pilot.tracking?.startedOn ?? pilot.start)} t/m ${formatDutchShortDate(pilot.tracking?.endedOn ?? pilot.end)}`;
  return {
    title: cut(`Resultaat pilot: ${pilot.title}`, TITLE_MAX),
    summary: cut(result, SUMMARY_MAX),
    text: [
      `Dit voorstel komt voort uit de pilot "${pilot.title}" (${period}), met ${pilot.organisations.map((o) => o.name).join(', ')}.`,
      `Onderzoeksvraag: ${pilot.researchQuestion}`,
      `Verwacht resultaat: ${pilot.expectedResult}`,
      `Resultaat: ${result}`,
      ...(pilot.deviation ? [`Afwijking van de afspraken tijdens de pilot: ${pilot.deviation}`] : []),
      'Voorstel: neem de werkwijze van de pilot op in de afspraken. Pas deze tekst aan voordat de reactieperiode opent.',
    ].join('\n\n'),
    link: null,
    type: 'pilot',
    percelen: percelen.length > 0 ? percelen : [...PERCELEN],
    origin: table ? { ontwikkeltafelId: table } : 'overlegtafel',
    confidentialParts: [],
  };
}

export function pilotVoorstelSource(pilot: PilotAanvraag): VoorstelSource {
  return {
    kind: 'pilot',
    pilotId: pilot.id,
    title: pilot.title,
    organisationIds: pilot.organisations.map((o) => o.organisationId),
  };
}

/** Checks the step before the voorstel is made: who, and whether the pilot has a result and no voorstel yet. */
export function checkPilotVoorstel(pilot: PilotAanvraag, actor: Actor): Result<PilotAanvraag> {
  const known = requireKnownActor(actor);
  if (!known.ok) return known;
  if (!mayMakePilotVoorstel(actor, pilot)) {
    return refuse('pilot.voorstel-not-allowed', {
      nl: 'Van een pilot maakt de gemeente of een deelnemer een voorstel.',
      en: 'A voorstel is made from a pilot by the gemeente or by one of its participants.',
    });
  }
  if (!pilot.tracking?.result) {
    return refuse('pilot.no-result', {
      nl: 'Leg eerst het resultaat van de pilot vast; daarna kunt u er een voorstel van maken.',
      en: "Record the pilot's result first; then you can make a voorstel of it.",
    });
  }
  return succeed(pilot);
}

/** Links the voorstel to the pilot; the same voorstel again changes nothing, another one is refused. */
export function linkPilotVoorstel(
  pilot: PilotAanvraag,
  voorstelId: string,
  actor: Actor,
  now: Date,
): Result<PilotAanvraag> {
  const checked = checkPilotVoorstel(pilot, actor);
  if (!checked.ok) return checked;
  if (pilot.voorstelId === voorstelId) return succeed(pilot);
  if (pilot.voorstelId) {
    return refuse('pilot.voorstel-exists', {
      nl: 'Van deze pilot is al een voorstel gemaakt.',
      en: 'A voorstel has already been made from this pilot.',
    });
  }
  return succeed({ ...pilot, voorstelId, updatedAt: toIsoInstant(now) });
}
