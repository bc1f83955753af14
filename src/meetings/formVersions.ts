import { createHash } from 'node:crypto';
import type { Meeting } from '../domain/meetings';
import type { MeetingDocument } from '../storage/meetingsRepository';

/**
 * The versions the gemeente's forms are rendered from. A form sends its version back; when what it shows changed
 * meanwhile (an accepted proposal, another edit) the change is refused as stale instead of undoing that change.
 */

function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** The version of what the edit form shows: schedule, place, agenda, cut-off and status (not the RSVPs). */
export function editVersionOf(meeting: Meeting): string {
  const { title, start, end, location, agenda, proposalCutoff, status, thirdParties } = meeting;
  // Third parties join the fingerprint only once set, so the version of a form opened before they existed holds.
  return fingerprint([
    title,
    start,
    end,
    location,
    agenda,
    proposalCutoff,
    status,
    ...(thirdParties?.length ? [thirdParties] : []),
  ]);
}

/** The version of the verslag the form shows (not the attendance or outbox changes around it). */
export function verslagVersionOf(doc: MeetingDocument): string {
  return fingerprint([doc.verslag?.markdown ?? null, doc.verslag?.status ?? null]);
}
