import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Meeting, MeetingEvent, MeetingTable, Verslag } from '../domain/meetings';
import type { Result } from '../domain/shared/result';
import { fromIsoInstant, localYearOf, type IsoInstant } from '../domain/time/amsterdam';
import type { TafelbotDatabase } from './cosmosClient';
import { DocumentStore, StaleDocumentError, type Versioned } from './documentStore';

/**
 * Meetings in one container, `meetings` (pk /id), one document per meeting with everything that belongs to it:
 * the agenda, the agendapunt proposals, the RSVPs and the recorded attendance, plus the bookkeeping below.
 *
 * Why one document and not a second container per meeting: the domain treats a meeting as one aggregate (a
 * decision on a proposal changes the agenda and the calendar sequence together, attendance is judged against the
 * member snapshot), and the numbers are small and bounded: at most MEETING_LIMITS.members (100) RSVPs, 5 proposals
 * per organisation and MAX_PROPOSALS_PER_MEETING in all, so a document stays far below Cosmos' 2 MB. Concurrent
 * writers (members answering at the same moment) are serialised by If-Match: `mutate` re-reads and re-applies the
 * pure domain step on a conflict, so nobody's answer is lost and nothing is overwritten blindly.
 *
 * Reads across meetings (the list, the year's attendance, due verslagen) are small cross-partition queries: a
 * region plans a handful of meetings per table per year.
 */

/** Keeps a meeting document bounded whatever the number of aanbieders (5 per organisation is the domain's rule). */
export const MAX_PROPOSALS_PER_MEETING = 200;

/** Broadcasts still to enqueue, written together with the change that caused them (transactional outbox). */
export type MeetingOutboxEntry =
  /** The agenda card already sent goes out again, updated in place, with the new calendar sequence. */
  | { readonly id: string; readonly kind: 'agenda-update'; readonly sequence: number }
  /** The proposer of an agendapunt hears the gemeente's decision. */
  | { readonly id: string; readonly kind: 'agendapunt-besluit'; readonly proposalId: string }
  /** The gemeente hears that an agendapunt was proposed. */
  | { readonly id: string; readonly kind: 'agendapunt-ontvangen'; readonly proposalId: string }
  /** The gemeente that planned the meeting hears that the concept verslag is ready. */
  | { readonly id: string; readonly kind: 'verslag-concept' }
  /** The attendees get the concept verslag to comment on. */
  | { readonly id: string; readonly kind: 'verslag-inzage' }
  /** Every provider gets the vastgestelde verslag. */
  | { readonly id: string; readonly kind: 'verslag-gedeeld' }
  /** Every provider gets a corrected version, with its reason. */
  | { readonly id: string; readonly kind: 'verslag-correctie'; readonly version: number };

export interface AgendaBroadcast {
  readonly broadcastId: string;
  /** The meeting's calendar sequence the first broadcast carried. */
  readonly sequence: number;
  readonly at: IsoInstant;
  readonly byPersonId: string;
}

/** The verslag as stored (see the domain's Verslag: older documents lack the review and versions). */
export type VerslagState = Verslag;

export interface MeetingDocument extends Meeting {
  readonly kind: 'meeting';
  /** The Dutch calendar year of the start: the attendance rule counts per calendar year. */
  readonly year: number;
  /** 'overlegtafel' or the ontwikkeltafel id, for queries. */
  readonly tableKey: string;
  /** Opaque secret in the .ics link on the agenda card; without it the calendar file is not served. */
  readonly icsToken: string;
  readonly agendaBroadcast: AgendaBroadcast | null;
  readonly verslag: VerslagState | null;
  readonly outbox: readonly MeetingOutboxEntry[];
}

export function tableKeyOf(table: MeetingTable): string {
  return table === 'overlegtafel' ? 'overlegtafel' : table.ontwikkeltafelId;
}

export function newIcsToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares without leaking through timing how much of a guessed token was right. */
export function icsTokenMatches(doc: Pick<MeetingDocument, 'icsToken'>, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const expected = Buffer.from(doc.icsToken);
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A new document for a freshly planned meeting. */
export function newMeetingDocument(
  meeting: Meeting,
  outbox: readonly MeetingOutboxEntry[] = [],
): MeetingDocument {
  return {
    ...meeting,
    kind: 'meeting',
    year: localYearOf(fromIsoInstant(meeting.start)),
    tableKey: tableKeyOf(meeting.table),
    icsToken: newIcsToken(),
    agendaBroadcast: null,
    verslag: null,
    outbox: [...outbox],
  };
}

/** The domain's meeting with the bookkeeping fields kept; derived fields follow a changed start or table. */
export function withMeeting(doc: MeetingDocument, meeting: Meeting): MeetingDocument {
  return {
    ...doc,
    ...meeting,
    year: localYearOf(fromIsoInstant(meeting.start)),
    tableKey: tableKeyOf(meeting.table),
  };
}

/** What a mutation step returns: the new document and the domain events it caused (for the caller's replies). */
export interface MeetingMutation {
  readonly doc: MeetingDocument;
  readonly events: readonly MeetingEvent[];
}

/**
 * Enough for every member of a table answering in the same instant: each conflict means another writer got
 * through, and the random wait (up to 200 ms) spreads the retries. Measured: 40 simultaneous answers all land.
 */
export const MUTATE_ATTEMPTS = 40;

export class MeetingsRepository {
  readonly meetings: DocumentStore<MeetingDocument>;

  constructor(db: TafelbotDatabase) {
    this.meetings = new DocumentStore<MeetingDocument>(db.container('meetings'), (d) => d.id);
  }

  get(id: string): Promise<Versioned<MeetingDocument> | undefined> {
    return this.meetings.read(id);
  }

  /** Fails with DocumentConflictError when a meeting with this id exists (a redelivered plan invoke). */
  create(doc: MeetingDocument): Promise<Versioned<MeetingDocument>> {
    return this.meetings.create(doc);
  }

  /**
   * Read, apply a pure step, replace with If-Match; on a conflict read again and re-apply, so concurrent changes
   * (members answering at the same moment) all land. The retries wait a little, at random, so writers that
   * collided do not collide again in lockstep. A refusal of the step is returned as is and nothing is written;
   * a step may throw StaleDocumentError itself when the form it was given is outdated.
   */
  async mutate(
    id: string,
    step: (current: MeetingDocument) => Result<MeetingMutation>,
    options: { attempts?: number } = {},
  ): Promise<Result<Versioned<MeetingDocument> & { events: readonly MeetingEvent[] }> | undefined> {
    const attempts = options.attempts ?? MUTATE_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(id);
      if (!current) return undefined;
      const result = step(current.value);
      if (!result.ok) return result;
      if (result.value.doc === current.value) return { ok: true, value: { ...current, events: [] } };
      try {
        const saved = await this.meetings.replace(result.value.doc, current.etag);
        return { ok: true, value: { ...saved, events: result.value.events } };
      } catch (error) {
        if (!(error instanceof StaleDocumentError) || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * Math.min(attempt, 10)));
      }
    }
  }

  /** Every meeting, the latest first. */
  async list(): Promise<MeetingDocument[]> {
    const found = await this.meetings.query("SELECT * FROM c WHERE c.kind = 'meeting'");
    return found.sort((a, b) => b.start.localeCompare(a.start));
  }

  /** The meetings of one table that began in one Dutch calendar year (the attendance rule's window). */
  async ofYear(year: number, tableKey: string): Promise<MeetingDocument[]> {
    const found = await this.meetings.query(
      "SELECT * FROM c WHERE c.kind = 'meeting' AND c.year = @y AND c.tableKey = @t",
      [
        { name: '@y', value: year },
        { name: '@t', value: tableKey },
      ],
    );
    return found.sort((a, b) => a.start.localeCompare(b.start));
  }

  /** The meeting of the same table held before this one (not cancelled), for "since the previous meeting". */
  async previousOf(meeting: MeetingDocument): Promise<MeetingDocument | null> {
    const found = await this.meetings.query(
      "SELECT * FROM c WHERE c.kind = 'meeting' AND c.tableKey = @t AND c.start < @s AND c.status = 'gepland'",
      [
        { name: '@t', value: meeting.tableKey },
        { name: '@s', value: meeting.start },
      ],
    );
    return found.sort((a, b) => b.start.localeCompare(a.start))[0] ?? null;
  }

  /** Meetings that ended and have no verslag yet: the scheduler drafts one. */
  async endedWithoutVerslag(now: Date): Promise<MeetingDocument[]> {
    const found = await this.meetings.query(
      "SELECT * FROM c WHERE c.kind = 'meeting' AND c.status = 'gepland' AND c['end'] <= @now",
      [{ name: '@now', value: now.toISOString() }],
    );
    return found.filter((m) => m.verslag === null);
  }

  /** Meetings with broadcasts still to enqueue (a turn that crashed after writing its change). */
  async withPendingOutbox(): Promise<MeetingDocument[]> {
    return this.meetings.query("SELECT * FROM c WHERE c.kind = 'meeting' AND ARRAY_LENGTH(c.outbox) > 0");
  }
}
