import { replacePhoneNumbers } from './phoneNumbers';
import type { Round } from '../domain/inschrijving';
import { verifyDrawRecord, type DrawRecord } from '../domain/lottery';
import type { Meeting } from '../domain/meetings';
import {
  currentPublishedVersion,
  type Ontwikkeltafel,
  type Voortgangsrapportage,
} from '../domain/ontwikkeltafels';
import { PERCELEN, type Perceel } from '../domain/registry/registry';
import type { IsoInstant } from '../domain/time/amsterdam';
import { publicView, type Stemverhouding, type Voorstel } from '../domain/voorstellen';

/**
 * What the virtuele overlegtafel may show [002 art. 6.1]: one public view per kind of publication, built here
 * field by field from the feature's data. A field that is not listed here cannot reach a public page, whatever
 * the feature adds to its documents later. Left out on purpose: people (names, e-mail addresses, phone numbers,
 * person ids), confidential parts of voorstellen [002 art. 5.7], reactions and individual ballots, RSVPs and
 * reasons for absence, drafts of reports. Free text the gemeente or an aanbieder wrote is published, but e-mail
 * addresses and phone numbers in it are removed, and so are the names of the people the builder knows about.
 */

export const PUBLICATION_KINDS = [
  'samenstelling',
  'loting',
  'agenda',
  'verslag',
  'besluit',
  'ontwikkeltafel',
] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export function isPublicationKind(value: unknown): value is PublicationKind {
  return typeof value === 'string' && (PUBLICATION_KINDS as readonly string[]).includes(value);
}

/** Ids in public URLs: what the features generate (ronde-2027, vs-1a2b3c, ...), nothing that needs encoding. */
export const PUBLIC_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export interface PublicComposition {
  readonly year: number;
  readonly version: number;
  readonly members: ReadonlyArray<{
    readonly organisationName: string;
    readonly perceel: Perceel;
    readonly via: 'loting' | 'wijziging';
  }>;
  readonly changes: ReadonlyArray<{
    readonly at: IsoInstant;
    readonly removed: string | null;
    readonly added: string | null;
    readonly reason: string;
  }>;
  /** The round id of the draw record when the composition came from a draw. */
  readonly drawRecordId: string | null;
}

export interface PublicDrawRecord {
  readonly roundId: string;
  readonly year: number;
  /** Exactly as the lottery produced it: anyone can re-run it with `npm run lottery:verify`. */
  readonly record: DrawRecord;
}

export interface PublicAgendaItem {
  readonly title: string;
  readonly description: string;
  /** The organisation that brought the item in, or 'gemeente'; never a person. */
  readonly introducedBy: string;
}

export interface PublicAgenda {
  readonly meetingId: string;
  /** 'Overlegtafel' or 'Ontwikkeltafel <name>'. */
  readonly tableName: string;
  readonly title: string;
  readonly start: IsoInstant;
  readonly end: IsoInstant;
  readonly location: string;
  readonly cancelled: boolean;
  readonly cancellationReason: string | null;
  /** RFC 5545 SEQUENCE, so a calendar subscriber picks up changes. */
  readonly sequence: number;
  readonly items: readonly PublicAgendaItem[];
}

export interface PublicVerslag {
  readonly meetingId: string;
  readonly tableName: string;
  readonly title: string;
  readonly start: IsoInstant;
  /** The verslag as the gemeente completed it, in Markdown (rendered with a small safe subset). */
  readonly markdown: string;
}

export type PublicStemCategorie = 'voor' | 'tegen' | 'onthouding' | 'nietGestemd';

export interface PublicBesluit {
  readonly voorstelId: string;
  readonly title: string;
  readonly summary: string;
  readonly text: string | null;
  /** An https link given with the voorstel (a document of the gemeente). */
  readonly link: string | null;
  readonly type: string;
  readonly percelen: readonly Perceel[];
  readonly submittedByOrganisation: string | null;
  readonly submittedAt: IsoInstant;
  readonly decidedAt: IsoInstant | null;
  /** unaniem: every party voted voor; aangenomen / afgewezen: decided by the gemeente with a reason. */
  readonly outcome: 'unaniem' | 'aangenomen' | 'afgewezen';
  readonly reason: string | null;
  /** Counts and the parties (organisations) per category [002 art. 9.1]. */
  readonly stemverhouding: {
    readonly counts: Readonly<Record<PublicStemCategorie, number>>;
    readonly parties: Readonly<Record<PublicStemCategorie, readonly string[]>>;
  } | null;
}

export interface PublicReport {
  readonly kind: 'voortgang' | 'eindevaluatie';
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly status: 'op schema' | 'aandacht nodig' | 'achter' | null;
  readonly progress: string;
  readonly results: string;
  readonly nextSteps: string;
  readonly pilots: ReadonlyArray<{
    readonly name: string;
    readonly start: string;
    readonly end: string;
    readonly status: string;
  }>;
  readonly publishedAt: IsoInstant;
  readonly version: number;
}

export interface PublicOntwikkeltafel {
  readonly tafelId: string;
  readonly name: string;
  readonly opdracht: string;
  readonly doel: string;
  readonly percelen: readonly Perceel[];
  readonly status: 'actief' | 'beeindigd';
  readonly start: string;
  readonly expectedEnd: string;
  readonly endedOn: string | null;
  /** Organisations only: the trekkers' organisations and the participating organisations. */
  readonly trekkerOrganisations: readonly string[];
  readonly participants: readonly string[];
  readonly latestReport: PublicReport | null;
}

export interface PublicViews {
  readonly samenstelling: PublicComposition;
  readonly loting: PublicDrawRecord;
  readonly agenda: PublicAgenda;
  readonly verslag: PublicVerslag;
  readonly besluit: PublicBesluit;
  readonly ontwikkeltafel: PublicOntwikkeltafel;
}
export type PublicViewOf<K extends PublicationKind> = PublicViews[K];

/** A view that may not be published as it is; the message is Dutch, for the gemeente. */
export class PublicViewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublicViewError';
  }
}

// Personal data in free text ------------------------------------------------------------------------------------

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

export const REDACTED_EMAIL = '[e-mailadres verwijderd]';
export const REDACTED_PHONE = '[telefoonnummer verwijderd]';
export const REDACTED_NAME = '[naam verwijderd]';

export function containsEmail(text: string): boolean {
  return new RegExp(EMAIL_IN_TEXT.source).test(text);
}

/** Removes e-mail addresses and phone numbers from free text. */
export function withoutContactDetails(text: string): string {
  return replacePhoneNumbers(text.replace(EMAIL_IN_TEXT, REDACTED_EMAIL), REDACTED_PHONE);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes the names of known people (any case, whole words). Only full names of at least two words are used:
 * a single word ("Ander", "Bos") is too often an ordinary word to remove safely.
 */
export function nameRedactor(names: readonly string[]): (text: string) => string {
  const usable = [
    ...new Set(
      names.map((n) => n.trim().replace(/\s+/g, ' ')).filter((n) => n.length >= 5 && n.includes(' ')),
    ),
  ].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return (text) => text;
  const alternatives = usable.map((n) => escapeRegExp(n).replace(/ /g, '\\s+')).join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
  return (text) => text.replace(pattern, REDACTED_NAME);
}

export function withoutNames(text: string, names: readonly string[]): string {
  return nameRedactor(names)(text);
}

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

const DRAW_RECORD_FIELDS: ReadonlyArray<keyof DrawRecord> = [
  'algorithmVersion',
  'title',
  'seed',
  'seedSource',
  'framework',
  'registrations',
  'registrationsSha256',
  'outcome',
  'unmetRules',
  'probabilities',
  'createdAt',
  'recordSha256',
];

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

/**
 * A draw record is public by design (registrations carry no contact data), but it is published only when it
 * has exactly the fields of a record, re-runs to the same outcome and contains no e-mail address: what people
 * download must verify, and it cannot be redacted without breaking its digest.
 */
export function drawRecordPublicView(roundId: string, year: number, record: unknown): PublicDrawRecord {
  if (!record || typeof record !== 'object' || Array.isArray(record))
    throw new PublicViewError('Dit is geen lotingsverslag.');
  const extra = Object.keys(record).filter((k) => !(DRAW_RECORD_FIELDS as readonly string[]).includes(k));
  if (extra.length > 0)
    throw new PublicViewError(
      `Het lotingsverslag bevat velden die niet openbaar horen: ${extra.join(', ')}.`,
    );
  const verification = verifyDrawRecord(record);
  if (!verification.valid)
    throw new PublicViewError(`Het lotingsverslag klopt niet: ${verification.problems.join(' ')}`);
  if (stringsIn(record).some(containsEmail))
    throw new PublicViewError('Het lotingsverslag bevat een e-mailadres en wordt daarom niet gepubliceerd.');
  return { roundId, year, record: record as DrawRecord };
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
  if (!voorstel.decision || (voorstel.status !== 'uitgewerkt' && voorstel.status !== 'afgewezen'))
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

// The boundary: whatever a caller passes, only these fields, checked, are stored --------------------------------

type Obj = Readonly<Record<string, unknown>>;

function obj(value: unknown, field: string): Obj {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new PublicViewError(`Het veld ${field} ontbreekt of is ongeldig.`);
  return value as Obj;
}

function invalid(field: string): PublicViewError {
  return new PublicViewError(`Het veld ${field} ontbreekt of is ongeldig.`);
}

function checkedString(o: Obj, field: string, max: number): string {
  const value = o[field];
  if (typeof value !== 'string') throw invalid(field);
  if (value.length > max) throw new PublicViewError(`Het veld ${field} is langer dan ${max} tekens.`);
  return value;
}

/**
 * How text is cleaned: free text loses contact details and the names of known people; an organisation name only
 * loses contact details (organisations are named on purpose, and a name like "Zorg Jan Jansen" is the
 * organisation's).
 */
class TextRules {
  private readonly redactNames: (text: string) => string;

  constructor(personNames: readonly string[]) {
    this.redactNames = nameRedactor(personNames);
  }

  free(o: Obj, field: string, max: number): string {
    return this.redactNames(withoutContactDetails(checkedString(o, field, max)));
  }

  nullableFree(o: Obj, field: string, max: number): string | null {
    return o[field] === null || o[field] === undefined ? null : this.free(o, field, max);
  }

  organisation(o: Obj, field: string): string {
    return withoutContactDetails(checkedString(o, field, NAME_MAX));
  }

  nullableOrganisation(o: Obj, field: string): string | null {
    return o[field] === null || o[field] === undefined ? null : this.organisation(o, field);
  }

  organisations(o: Obj, field: string): string[] {
    return list(o, field, 500, (name) => this.organisation({ [field]: name }, field));
  }
}

/** A machine value (a date, an id): checked against a pattern, never changed. */
function token(o: Obj, field: string, pattern: RegExp): string {
  const value = o[field];
  if (typeof value !== 'string' || !pattern.test(value)) throw invalid(field);
  return value;
}

function nullableToken(o: Obj, field: string, pattern: RegExp): string | null {
  return o[field] === null || o[field] === undefined ? null : token(o, field, pattern);
}

function integer(o: Obj, field: string, min = 0, max = 1_000_000): number {
  const value = o[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalid(field);
  return value;
}

function list<T>(o: Obj, field: string, max: number, item: (value: unknown) => T): T[] {
  const value = o[field];
  if (!Array.isArray(value) || value.length > max)
    throw new PublicViewError(`Het veld ${field} ontbreekt of heeft te veel onderdelen.`);
  return value.map((v) => item(v));
}

function choice<T extends string>(o: Obj, field: string, choices: readonly T[]): T {
  const value = o[field];
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) throw invalid(field);
  return value as T;
}

function perceel(value: unknown): Perceel {
  if (!(PERCELEN as readonly unknown[]).includes(value)) throw invalid('perceel');
  return value as Perceel;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NAME_MAX = 300;
const TITLE_MAX = 300;

type Sanitizers = { readonly [K in PublicationKind]: (value: Obj, t: TextRules) => PublicViewOf<K> };

const SANITIZERS: Sanitizers = {
  samenstelling: (v, t) => ({
    year: integer(v, 'year', 2000, 2200),
    version: integer(v, 'version', 1),
    members: list(v, 'members', 100, (m) => {
      const o = obj(m, 'members');
      return {
        organisationName: t.organisation(o, 'organisationName'),
        perceel: perceel(o.perceel),
        via: choice(o, 'via', ['loting', 'wijziging'] as const),
      };
    }),
    changes: list(v, 'changes', 500, (c) => {
      const o = obj(c, 'changes');
      return {
        at: token(o, 'at', INSTANT),
        removed: t.nullableOrganisation(o, 'removed'),
        added: t.nullableOrganisation(o, 'added'),
        reason: t.free(o, 'reason', 2000),
      };
    }),
    drawRecordId: nullableToken(v, 'drawRecordId', PUBLIC_ID),
  }),
  // The record is checked whole (fields, verification, no e-mail address); it cannot be edited.
  loting: (v) =>
    drawRecordPublicView(token(v, 'roundId', PUBLIC_ID), integer(v, 'year', 2000, 2200), v.record),
  agenda: (v, t) => ({
    meetingId: token(v, 'meetingId', PUBLIC_ID),
    tableName: t.organisation(v, 'tableName'),
    title: t.free(v, 'title', TITLE_MAX),
    start: token(v, 'start', INSTANT),
    end: token(v, 'end', INSTANT),
    location: t.free(v, 'location', 500),
    cancelled: v.cancelled === true,
    cancellationReason: t.nullableFree(v, 'cancellationReason', 2000),
    sequence: integer(v, 'sequence'),
    items: list(v, 'items', 100, (item) => {
      const o = obj(item, 'items');
      return {
        title: t.free(o, 'title', TITLE_MAX),
        description: t.free(o, 'description', 5000),
        introducedBy: t.organisation(o, 'introducedBy'),
      };
    }),
  }),
  verslag: (v, t) => ({
    meetingId: token(v, 'meetingId', PUBLIC_ID),
    tableName: t.organisation(v, 'tableName'),
    title: t.free(v, 'title', TITLE_MAX),
    start: token(v, 'start', INSTANT),
    markdown: t.free(v, 'markdown', 60_000),
  }),
  besluit: (v, t) => {
    const link = t.nullableFree(v, 'link', 2000);
    const stem =
      v.stemverhouding === null || v.stemverhouding === undefined
        ? null
        : obj(v.stemverhouding, 'stemverhouding');
    const counts = stem ? obj(stem.counts, 'counts') : null;
    const parties = stem ? obj(stem.parties, 'parties') : null;
    return {
      voorstelId: token(v, 'voorstelId', PUBLIC_ID),
      title: t.free(v, 'title', TITLE_MAX),
      summary: t.free(v, 'summary', 2000),
      text: t.nullableFree(v, 'text', 20_000),
      link: link && /^https:\/\/[^\s"'<>]+$/.test(link) ? link : null,
      type: t.free(v, 'type', 40),
      percelen: list(v, 'percelen', 5, perceel),
      submittedByOrganisation: t.nullableOrganisation(v, 'submittedByOrganisation'),
      submittedAt: token(v, 'submittedAt', INSTANT),
      decidedAt: nullableToken(v, 'decidedAt', INSTANT),
      outcome: choice(v, 'outcome', ['unaniem', 'aangenomen', 'afgewezen'] as const),
      reason: t.nullableFree(v, 'reason', 2000),
      stemverhouding:
        counts && parties
          ? {
              counts: {
                voor: integer(counts, 'voor'),
                tegen: integer(counts, 'tegen'),
                onthouding: integer(counts, 'onthouding'),
                nietGestemd: integer(counts, 'nietGestemd'),
              },
              parties: {
                voor: t.organisations(parties, 'voor'),
                tegen: t.organisations(parties, 'tegen'),
                onthouding: t.organisations(parties, 'onthouding'),
                nietGestemd: t.organisations(parties, 'nietGestemd'),
              },
            }
          : null,
    };
  },
  ontwikkeltafel: (v, t) => {
    const report =
      v.latestReport === null || v.latestReport === undefined ? null : obj(v.latestReport, 'latestReport');
    return {
      tafelId: token(v, 'tafelId', PUBLIC_ID),
      name: t.free(v, 'name', TITLE_MAX),
      opdracht: t.free(v, 'opdracht', 5000),
      doel: t.free(v, 'doel', 5000),
      percelen: list(v, 'percelen', 5, perceel),
      status: choice(v, 'status', ['actief', 'beeindigd'] as const),
      start: token(v, 'start', DATE),
      expectedEnd: token(v, 'expectedEnd', DATE),
      endedOn: nullableToken(v, 'endedOn', DATE),
      trekkerOrganisations: t.organisations(v, 'trekkerOrganisations'),
      participants: t.organisations(v, 'participants'),
      latestReport: report
        ? {
            kind: choice(report, 'kind', ['voortgang', 'eindevaluatie'] as const),
            periodStart: token(report, 'periodStart', DATE),
            periodEnd: token(report, 'periodEnd', DATE),
            status:
              report.status === null
                ? null
                : choice(report, 'status', ['op schema', 'aandacht nodig', 'achter'] as const),
            progress: t.free(report, 'progress', 5000),
            results: t.free(report, 'results', 5000),
            nextSteps: t.free(report, 'nextSteps', 5000),
            pilots: list(report, 'pilots', 20, (p) => {
              const o = obj(p, 'pilots');
              return {
                name: t.free(o, 'name', TITLE_MAX),
                start: token(o, 'start', DATE),
                end: token(o, 'end', DATE),
                status: choice(o, 'status', ['gepland', 'lopend', 'afgerond', 'gestopt'] as const),
              };
            }),
            publishedAt: token(report, 'publishedAt', INSTANT),
            version: integer(report, 'version', 1),
          }
        : null,
    };
  },
};

export interface SanitizeOptions {
  /** Names of people (e.g. everyone in the registry): removed from every free text of the view. */
  readonly personNames?: readonly string[];
}

/**
 * The one gate into the publications container: copies only the fields of the kind's public view, checks
 * types and sizes, and removes e-mail addresses, phone numbers and the names of known people from every free
 * text. Throws PublicViewError (a Dutch message) when the view cannot be published.
 */
export function sanitizePublicView<K extends PublicationKind>(
  kind: K,
  value: unknown,
  options: SanitizeOptions = {},
): PublicViewOf<K> {
  const sanitizer = SANITIZERS[kind] as (v: Obj, t: TextRules) => PublicViewOf<K>;
  return sanitizer(obj(value, kind), new TextRules(options.personNames ?? []));
}
