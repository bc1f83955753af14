import type { Round } from '../domain/inschrijving';
import type { Meeting } from '../domain/meetings';
import {
  currentPublishedVersion,
  type Ontwikkeltafel,
  type Voortgangsrapportage,
} from '../domain/ontwikkeltafels';
import type { Perceel } from '../domain/registry/registry';
import { publicView, type Stemverhouding, type Voorstel } from '../domain/voorstellen';

import {
  PublicViewError,
  type PublicAgenda,
  type PublicBesluit,
  type PublicComposition,
  type PublicOntwikkeltafel,
  type PublicVerslag,
} from './publicViewTypes';
import { withoutNames } from './redaction';

/**
 * What the virtuele overlegtafel may show [002 art. 6.1]: one public view per kind of publication, built here
 * field by field from the feature's data. A field that is not listed here cannot reach a public page, whatever
 * the feature adds to its documents later. Left out on purpose: people (names, e-mail addresses, phone numbers,
 * person ids), confidential parts of voorstellen [002 art. 5.7], reactions and individual ballots, RSVPs and
 * reasons for absence, drafts of reports. Free text the gemeente or an aanbieder wrote is published, but e-mail
 * addresses and phone numbers in it are removed, and so are the names of the people the builder knows about.
 */

export * from './publicViewTypes';
export * from './redaction';
export * from './publicBoundary';

// Builders from the features' data -------------------------------------------------------------------------------

function byPerceelThenName<T extends { perceel: Perceel; organisationName: string }>(a: T, b: T): number {
  return a.perceel - b.perceel || a.organisationName.localeCompare(b.organisationName, 'nl');
}

/** The Overlegtafel of a round, as the gemeente last changed it [002 art. 7.4: published on the website]. */
export function compositionPublicView(round: Round): PublicComposition {
  if (!round.composition) throw new PublicViewError(`De ronde ${round.year} heeft nog geen samenstelling.`);
  return {
    year: round.year,
    version: round.composition.version,
    members: round.composition.members
      .map((m) => ({ organisationName: m.organisationName, perceel: m.perceel, via: m.via }))
      .sort(byPerceelThenName),
    changes: round.composition.changes.map((c) => ({
      at: c.at,
      removed: c.removed?.organisationName ?? null,
      added: c.added?.organisationName ?? null,
      reason: c.reason,
    })),
    drawRecordId: round.draw ? round.id : null,
  };
}

function tableNameOf(meeting: Meeting): string {
  if (meeting.table === 'overlegtafel') return 'Overlegtafel';
  const name = meeting.table.name;
  return /^ontwikkeltafel\b/i.test(name) ? name : `Ontwikkeltafel ${name}`;
}

/** Everyone the meeting document names as a person: their names never appear on a public page. */
function personNamesIn(meeting: Meeting): string[] {
  return [
    meeting.createdBy.personName,
    ...meeting.proposals.flatMap((p) => [p.proposedBy.personName, p.decidedBy?.personName ?? '']),
    ...meeting.rsvps.map((r) => r.by.personName),
    meeting.attendance?.recordedBy.personName ?? '',
  ].filter(Boolean);
}

/** Agenda owners that are neither the gemeente nor an organisation at the table: people. */
function ownersWhoArePeople(meeting: Meeting): string[] {
  const organisations = new Set(meeting.members.map((m) => m.name.toLowerCase()));
  return meeting.agenda
    .map((i) => i.owner.trim())
    .filter((o) => o.toLowerCase() !== 'gemeente' && !organisations.has(o.toLowerCase()));
}

/**
 * Who introduces an agenda item, as far as it may be published: the organisation of the aanbieder whose
 * proposal it was, an organisation at the table named as owner, else the gemeente (which sets the agenda).
 */
function introducedBy(meeting: Meeting, item: Meeting['agenda'][number]): string {
  const proposal = item.proposalId ? meeting.proposals.find((p) => p.id === item.proposalId) : undefined;
  if (proposal?.proposedBy.organisationName) return proposal.proposedBy.organisationName;
  const member = meeting.members.find((m) => m.name.toLowerCase() === item.owner.trim().toLowerCase());
  return member?.name ?? 'gemeente';
}

/** The agenda shared beforehand with all providers [000 §1]: no proposals, RSVPs or attendance. */
export function agendaPublicView(meeting: Meeting): PublicAgenda {
  const names = [...personNamesIn(meeting), ...ownersWhoArePeople(meeting)];
  return {
    meetingId: meeting.id,
    tableName: tableNameOf(meeting),
    title: meeting.title,
    start: meeting.start,
    end: meeting.end,
    location: meeting.location,
    cancelled: meeting.status === 'geannuleerd',
    cancellationReason: meeting.cancellationReason ? withoutNames(meeting.cancellationReason, names) : null,
    sequence: meeting.sequence,
    items: meeting.agenda.map((item) => ({
      title: withoutNames(item.title, names),
      description: withoutNames(item.description, names),
      introducedBy: introducedBy(meeting, item),
    })),
  };
}

/**
 * The verslag as the gemeente completed it. People the meeting knows by name (who planned it, proposed or
 * decided agendapunten, answered the invitation, recorded attendance) and agenda owners that are not an
 * organisation at the table are removed from the text.
 */
export function verslagPublicView(meeting: Meeting, markdown: string): PublicVerslag {
  return {
    meetingId: meeting.id,
    tableName: tableNameOf(meeting),
    title: meeting.title,
    start: meeting.start,
    markdown: withoutNames(markdown, [...personNamesIn(meeting), ...ownersWhoArePeople(meeting)]),
  };
}

function stemverhoudingView(verhouding: Stemverhouding | null): PublicBesluit['stemverhouding'] {
  if (!verhouding) return null;
  const names = (parties: readonly { readonly name: string }[]) => parties.map((p) => p.name);
  return {
    counts: {
      voor: verhouding.voor,
      tegen: verhouding.tegen,
      onthouding: verhouding.onthouding,
      nietGestemd: verhouding.nietGestemd,
    },
    parties: {
      voor: names(verhouding.partijen.voor),
      tegen: names(verhouding.partijen.tegen),
      onthouding: names(verhouding.partijen.onthouding),
      nietGestemd: names(verhouding.partijen.nietGestemd),
    },
  };
}

/**
 * A decided voorstel with its stemverhouding and outcome. Starts from the voorstellen feature's own public view
 * (which already leaves out the confidential parts and the reactions) and narrows it further.
 */
export function besluitPublicView(voorstel: Voorstel): PublicBesluit {
  const decided = ['uitgewerkt', 'vastgesteld', 'afgewezen'].includes(voorstel.status);
  if (!voorstel.decision || !decided)
    throw new PublicViewError(
      'Alleen een voorstel waarover besloten is, kan als besluit worden gepubliceerd.',
    );
  const view = publicView(voorstel);
  const names = [voorstel.submittedBy.personName, voorstel.decision.by?.personName ?? ''].filter(Boolean);
  return {
    voorstelId: view.id,
    title: view.title,
    summary: withoutNames(view.summary, names),
    text: view.text === null ? null : withoutNames(view.text, names),
    link: view.link && /^https:\/\//.test(view.link) ? view.link : null,
    type: view.type,
    percelen: [...view.percelen],
    submittedByOrganisation: view.submittedByOrganisation,
    submittedAt: view.submittedAt,
    decidedAt: voorstel.decision.at,
    outcome: voorstel.decision.kind,
    reason: voorstel.decision.reason === null ? null : withoutNames(voorstel.decision.reason, names),
    stemverhouding: stemverhoudingView(view.stemverhouding),
  };
}

/**
 * A table with its latest published report. Trekkers are shown by organisation; the names of the trekkers and of
 * whoever wrote the reports are removed from the report text. Problems and requested decisions stay with the
 * Overlegtafel; the public sees status, progress, results, next steps and pilots.
 */
export function ontwikkeltafelPublicView(
  tafel: Ontwikkeltafel,
  reports: readonly Voortgangsrapportage[],
  organisationNames: ReadonlyMap<string, string>,
): PublicOntwikkeltafel {
  const latest = reports
    .filter((r) => r.tafelId === tafel.id && currentPublishedVersion(r) !== null)
    .sort((a, b) => (a.periodEnd < b.periodEnd ? 1 : a.periodEnd > b.periodEnd ? -1 : 0))[0];
  const version = latest ? currentPublishedVersion(latest) : null;
  const names = [
    ...tafel.trekkers.map((t) => t.name),
    tafel.createdBy.personName,
    ...(latest ? [latest.createdBy.personName, latest.updatedBy.personName] : []),
    ...(latest?.versions.map((v) => v.publishedBy.personName) ?? []),
  ];
  const clean = (text: string) => withoutNames(text, names);
  const trekkerOrganisations = [
    ...new Set(
      tafel.trekkers
        .map((t) => (t.organisationId ? organisationNames.get(t.organisationId) : undefined))
        .filter((n): n is string => Boolean(n)),
    ),
  ];
  return {
    tafelId: tafel.id,
    name: tafel.name,
    opdracht: clean(tafel.opdracht),
    doel: clean(tafel.doel),
    percelen: [...tafel.percelen],
    status: tafel.status,
    start: tafel.start,
    expectedEnd: tafel.expectedEnd,
    endedOn: tafel.endedOn,
    trekkerOrganisations,
    participants: tafel.participants.map((p) => p.name),
    latestReport:
      latest && version
        ? {
            kind: latest.kind,
            periodStart: latest.periodStart,
            periodEnd: latest.periodEnd,
            status: version.content.status,
            progress: clean(version.content.progress),
            results: clean(version.content.results),
            nextSteps: clean(version.content.nextSteps),
            pilots: version.content.pilots.map((p) => ({
              name: clean(p.name),
              start: p.start,
              end: p.end,
              status: p.status,
            })),
            publishedAt: version.publishedAt,
            version: version.version,
          }
        : null,
  };
}
