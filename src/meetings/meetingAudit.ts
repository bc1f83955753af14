import type { MeetingEvent } from '../domain/meetings';
import type { Actor } from '../domain/registry/actor';
import type { RegistryRepository } from '../storage/registryRepository';

/**
 * A meeting's changes in the audit trail, one entry per domain event in the meeting's own stream: who planned,
 * changed or cancelled it, which agendapunten were proposed and decided, who answered the invitation for which
 * organisation, and when attendance was recorded. Ids and flags only: titles, reasons and third parties' names stay
 * in the meeting itself (the trail keeps no names, see src/storage/auditLog.ts).
 */

export function meetingAuditStream(meetingId: string): string {
  return `overleg-${meetingId}`;
}

export async function auditMeetingEvents(
  registry: Pick<RegistryRepository, 'recordAudit'>,
  actor: Actor,
  events: readonly MeetingEvent[],
): Promise<void> {
  const actorPersonId = actor.kind === 'person' ? actor.person.id : null;
  for (const event of events) {
    await registry.recordAudit({
      stream: meetingAuditStream(event.meetingId),
      actorPersonId,
      action: event.type,
      subjectId: 'proposalId' in event ? event.proposalId : event.meetingId,
      details: detailsOf(event),
    });
  }
}

function detailsOf(event: MeetingEvent): Record<string, unknown> {
  switch (event.type) {
    case 'meeting.gewijzigd':
      // Which parts changed (field names such as agenda or thirdParties), not what they say.
      return { sequence: event.sequence, changed: event.changed };
    case 'meeting.geannuleerd':
      return { sequence: event.sequence };
    case 'agendapunt.besloten':
      return { accepted: event.accepted, proposerPersonId: event.proposerPersonId };
    case 'aanwezigheid.gemeld':
      return { organisationId: event.organisationId, attending: event.attending };
    case 'meeting.gepland':
    case 'agendapunt.voorgesteld':
    case 'aanwezigheid.vastgelegd':
      return {};
  }
}
