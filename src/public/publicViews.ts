import type { Round } from '../domain/inschrijving';
import type { Meeting, VerslagVersion } from '../domain/meetings';
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
  type PublicReport,
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

/** A table reports twice a year: 40 earlier reports are twenty years. */
export const EARLIER_REPORTS_KEPT = 40;

// Builders from the features' data -------------------------------------------------------------------------------

function byPerceelThenName<T extends { perceel: Perceel; organisationName: string }>(a: T, b: T): number {
  return a.perceel - b.perceel || a.organisationName.localeCompare(b.organisationName, 'nl');
}

/** Organisations the registry knows, for naming them and for telling them apart from people. */
export interface KnownOrganisations {
  /** Every organisation's name: named on public pages, never redacted as if it were a person. */
  readonly organisations?: ReadonlyArray<{ readonly name: string; readonly type?: string }>;
  /** A person's name (lowercase) to their one organisation's name: who brought an item in, by organisation. */
  readonly organisationOfPerson?: ReadonlyMap<string, string>;
}

function organisationNames(known: KnownOrganisations): string[] {
  return (known.organisations ?? []).map((o) => o.name);
}

/**
 * The Overlegtafel of a round, as the gemeente last changed it [002 art. 7.4: published on the website], with
 * the gemeenten and the lokale toegang that sit at the table besides the aanbieders.
 */
export function compositionPublicView(round: Round, known: KnownOrganisations = {}): PublicComposition {
  if (!round.composition) {
    throw new PublicViewError({
      nl: `De ronde ${round.year} heeft nog geen samenstelling.`,
      en: `The round ${round.year} has no composition yet.`,
    });
  }
  const others = (known.organisations ?? [])
    .filter(
      (o): o is { name: string; type: 'gemeente' | 'lokale-toegang' } =>
        o.type === 'gemeente' || o.type === 'lokale-toegang',
    )
    .map((o) => ({ organisationName: o.name, type: o.type }))
    .sort(
      (a, b) => a.type.localeCompare(b.type) || a.organisationName.localeCompare(b.organisationName, 'nl'),
    );
  return {
    year: round.year,
    version: round.composition.version,
    members: round.composition.members
      .map((m) => ({ organisationName: m.organisationName, perceel: m.perceel, via: m.via }))
      .sort(byPerceelThenName),
    otherMembers: others,
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

/** Organisations the meeting or the registry knows: named, never redacted. */
function organisationsIn(meeting: Meeting, known: KnownOrganisations): string[] {
  return [
    ...meeting.members.map((m) => m.name),
    ...meeting.proposals.flatMap((p) =>
      p.proposedBy.organisationName ? [p.proposedBy.organisationName] : [],
    ),
    ...organisationNames(known),
  ];
}

/** Agenda owners that are neither the gemeente nor an organisation: people. */
function ownersWhoArePeople(meeting: Meeting, known: KnownOrganisations): string[] {
  const organisations = new Set(organisationsIn(meeting, known).map((n) => n.toLowerCase()));
  return meeting.agenda
    .map((i) => i.owner.trim())
    .filter((o) => o.toLowerCase() !== 'gemeente' && !organisations.has(o.toLowerCase()));
}

/**
 * Who introduces an agenda item, as far as it may be published: the organisation of the aanbieder whose
 * proposal it was, an organisation named as owner (at the table or not), the organisation of a person named as
 * owner, the gemeente when it says so; null when the owner is a person without a known organisation.
 */
function introducedBy(
  meeting: Meeting,
  item: Meeting['agenda'][number],
  known: KnownOrganisations,
): string | null {
  const proposal = item.proposalId ? meeting.proposals.find((p) => p.id === item.proposalId) : undefined;
  if (proposal?.proposedBy.organisationName) return proposal.proposedBy.organisationName;
  const owner = item.owner.trim().replace(/\s+/g, ' ').toLowerCase();
  if (owner === '' || owner === 'gemeente') return 'gemeente';
  const organisation = organisationsIn(meeting, known).find((n) => n.toLowerCase() === owner);
  return organisation ?? known.organisationOfPerson?.get(owner) ?? null;
}

/** The agenda shared beforehand with all providers [000 §1]: no proposals, RSVPs or attendance. */
export function agendaPublicView(meeting: Meeting, known: KnownOrganisations = {}): PublicAgenda {
  const names = [...personNamesIn(meeting), ...ownersWhoArePeople(meeting, known)];
  const keep = organisationsIn(meeting, known);
  const clean = (text: string) => withoutNames(text, names, keep);
  return {
    meetingId: meeting.id,
    tableName: tableNameOf(meeting),
    title: meeting.title,
    start: meeting.start,
    end: meeting.end,
    location: meeting.location,
    cancelled: meeting.status === 'geannuleerd',
    cancellationReason: meeting.cancellationReason ? clean(meeting.cancellationReason) : null,
    sequence: meeting.sequence,
    items: meeting.agenda.map((item) => ({
      title: clean(item.title),
      description: clean(item.description),
      introducedBy: introducedBy(meeting, item, known),
    })),
    // Invited third parties with their role [002 art. 7.7]; names of people the meeting knows are removed.
    thirdParties: (meeting.thirdParties ?? []).map((p) => ({
      name: withoutNames(p.name, names, keep),
      role: withoutNames(p.role, names, keep),
    })),
  };
}

/**
 * The verslag as the gemeente completed it. People the meeting knows by name (who planned it, proposed or
 * decided agendapunten, answered the invitation, recorded attendance) and agenda owners that are not an
 * organisation are removed from the text; organisations stay named.
 */
export function verslagPublicView(
  meeting: Meeting,
  markdown: string,
  versions: readonly VerslagVersion[] = [],
  known: KnownOrganisations = {},
): PublicVerslag {
  const names = [...personNamesIn(meeting), ...ownersWhoArePeople(meeting, known)];
  const keep = organisationsIn(meeting, known);
  return {
    meetingId: meeting.id,
    tableName: tableNameOf(meeting),
    title: meeting.title,
    start: meeting.start,
    markdown: withoutNames(markdown, names, keep),
    // The history says when and why each version came, not who made it.
    versions: versions.map((v) => ({
      number: v.number,
      at: v.at,
      reason: v.reason === null ? null : withoutNames(v.reason, names, keep),
    })),
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
    throw new PublicViewError({
      nl: 'Alleen een voorstel waarover besloten is, kan als besluit worden gepubliceerd.',
      en: 'Only a proposal that has been decided can be published as a decision.',
    });
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
  const publishedReports = reports
    .filter((r) => r.tafelId === tafel.id && currentPublishedVersion(r) !== null)
    .sort((a, b) => (a.periodEnd < b.periodEnd ? 1 : a.periodEnd > b.periodEnd ? -1 : 0));
  const latest = publishedReports[0];
  const names = [
    ...tafel.trekkers.map((t) => t.name),
    tafel.createdBy.personName,
    ...publishedReports.flatMap((r) => [
      r.createdBy.personName,
      r.updatedBy.personName,
      ...r.versions.map((v) => v.publishedBy.personName),
    ]),
  ];
  const clean = (text: string) => withoutNames(text, names);
  const reportView = (report: Voortgangsrapportage): PublicReport | null => {
    const version = currentPublishedVersion(report);
    if (!version) return null;
    return {
      kind: report.kind,
      periodStart: report.periodStart,
      periodEnd: report.periodEnd,
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
    };
  };
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
    latestReport: latest ? reportView(latest) : null,
    /** Every published report, newest first: the public page shows them all (issue 20). */
    earlierReports: publishedReports
      .slice(1, EARLIER_REPORTS_KEPT + 1)
      .map(reportView)
      .filter((r): r is PublicReport => r !== null),
  };
}
