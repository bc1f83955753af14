import type { Organisation, Person } from '../domain/registry/registry';
import type { TenantLookup } from '../domain/reach/reach';
import { personIdFor } from '../domain/registry/registry';
import type { TafelbotDatabase } from './cosmosClient';
import { AuditLog, type AuditEntry } from './auditLog';
import { emailClaimId, emailClaims, type EmailClaimDocument } from './emailClaims';
import {
  DocumentConflictError,
  DocumentStore,
  StaleDocumentError,
  updateWithRetry,
  type Versioned,
} from './documentStore';

/** Organisations, people and their Teams accounts. */

interface Timestamps {
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type OrganisationDocument = Organisation & Timestamps;
export type PersonDocument = Person &
  Timestamps & {
    /**
     * The ids of the active ontwikkeltafels this person may be trekker of: a hint kept as a SUPERSET of the
     * truth, so the help and profile cards can read those tables by id instead of querying every table. The
     * table documents (`trekkerPersonIds`, `status`) stay authoritative: readers check each table. An id is
     * added before a table lists the person and removed after it stops listing them (or ends), so a crash in
     * between leaves at most an extra id, never a missing one. Undefined on people stored before the hint
     * existed: then it is built once from the query (ledTableIdsOf).
     */
    readonly ledTableIds?: readonly string[];
    /** The last Graph lookup of the person's address in the tenant (reach overview, proactive installation). */
    readonly tenantLookup?: TenantLookup;
  };

/** Minimal shape of a stored Teams conversation reference (botbuilder's ConversationReference, JSON). */
export interface StoredConversationReference {
  readonly activityId?: string;
  readonly user?: { id: string; name?: string; aadObjectId?: string };
  readonly bot?: { id: string; name?: string };
  readonly conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly locale?: string;
}

/** One per Teams user (by Entra object id): whom they are linked to and how to reach them proactively. */
export interface TeamsUserDocument {
  readonly id: string;
  readonly personId: string | null;
  readonly tenantId: string | null;
  readonly reference: StoredConversationReference | null;
  readonly locale: string | null;
  /**
   * The user scope of teams-ai turn state (the language preference). It lives here because every turn reads this
   * document anyway to find out who acts; absent on documents written before it moved here (see UserTurnState).
   */
  readonly turnState?: TeamsUserTurnState;
  readonly firstSeenAt: string;
  readonly updatedAt: string;
}

export interface TeamsUserTurnState {
  /** Counts the writes of `user`: the eTag teams-ai holds, so a write based on an older state is refused. */
  readonly revision: number;
  readonly user: Readonly<Record<string, unknown>>;
}

/** The part of an ontwikkeltafel the registry needs to know who is a trekker. */
export interface OntwikkeltafelMembershipDocument {
  readonly id: string;
  readonly name: string;
  readonly percelen: readonly number[];
  readonly trekkerPersonIds: readonly string[];
  readonly participantOrganisationIds: readonly string[];
  readonly status: 'actief' | 'beeindigd';
}

export type { AuditEntry } from './auditLog';

/** The led-tables hint is written by few writers at once (a table change, a first turn): a few retries suffice. */
const HINT_ATTEMPTS = 8;

export class RegistryRepository {
  readonly organisations: DocumentStore<OrganisationDocument>;
  readonly people: DocumentStore<PersonDocument>;
  private readonly emails: DocumentStore<EmailClaimDocument>;
  readonly teamsUsers: DocumentStore<TeamsUserDocument>;
  readonly ontwikkeltafels: DocumentStore<OntwikkeltafelMembershipDocument>;
  /** Append-only: the registry can add to the trail and read it, never change it. */
  readonly audit: AuditLog;

  constructor(
    db: TafelbotDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.organisations = new DocumentStore(db.container('organisations'), (d) => d.id);
    this.people = new DocumentStore(db.container('people'), (d) => d.id);
    this.emails = emailClaims(db);
    this.teamsUsers = new DocumentStore(db.container('teamsUsers'), (d) => d.id);
    this.ontwikkeltafels = new DocumentStore(db.container('ontwikkeltafels'), (d) => d.id);
    this.audit = new AuditLog(db, now);
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  async recordAudit(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.audit.append(entry);
  }

  async listAudit(stream: string): Promise<AuditEntry[]> {
    return this.audit.stream(stream);
  }

  // Organisations ---------------------------------------------------------------------------------------------

  getOrganisation(id: string): Promise<Versioned<OrganisationDocument> | undefined> {
    return this.organisations.read(id);
  }

  /** Every organisation; a cross-partition query, fine for the few hundred organisations of a region. */
  listOrganisations(): Promise<OrganisationDocument[]> {
    return this.organisations.query('SELECT * FROM c ORDER BY c.name');
  }

  async createOrganisation(
    organisation: Organisation,
    actorPersonId: string | null,
  ): Promise<Versioned<OrganisationDocument>> {
    const at = this.stamp();
    const created = await this.organisations.create({ ...organisation, createdAt: at, updatedAt: at });
    await this.recordAudit({
      stream: 'registry',
      actorPersonId,
      action: 'organisation.created',
      subjectId: organisation.id,
      details: { name: organisation.name },
    });
    return created;
  }

  async replaceOrganisation(
    current: Versioned<OrganisationDocument>,
    organisation: Organisation,
    actorPersonId: string | null,
  ): Promise<Versioned<OrganisationDocument>> {
    const saved = await this.organisations.replace(
      { ...current.value, ...organisation, updatedAt: this.stamp() },
      current.etag,
    );
    await this.recordAudit({
      stream: 'registry',
      actorPersonId,
      action: 'organisation.updated',
      subjectId: organisation.id,
      details: { name: organisation.name },
    });
    return saved;
  }

  // People ----------------------------------------------------------------------------------------------------

  getPerson(id: string): Promise<Versioned<PersonDocument> | undefined> {
    return this.people.read(id);
  }

  listPeople(): Promise<PersonDocument[]> {
    return this.people.query('SELECT * FROM c ORDER BY c.name');
  }

  peopleOfOrganisation(organisationId: string): Promise<PersonDocument[]> {
    return this.people.query(
      'SELECT * FROM c WHERE ARRAY_CONTAINS(c.memberships, { "organisationId": @o }, true)',
      [{ name: '@o', value: organisationId }],
    );
  }

  async findPersonByEmail(email: string): Promise<Versioned<PersonDocument> | undefined> {
    const identity = await this.emails.read(emailClaimId(email));
    return identity ? this.people.read(identity.value.personId) : undefined;
  }

  /**
   * Creates a person and claims the e-mail address. The e-mail claim is a document with a deterministic id (a hash
   * of the address, see emailClaims), so a second person with the same address is refused even with many
   * instances (no unique keys needed).
   * Idempotent: re-running after a crash between the two writes completes the person.
   */
  async createPerson(
    person: Omit<Person, 'id'> & { id?: string },
    actorPersonId: string | null,
  ): Promise<Versioned<PersonDocument>> {
    const email = person.email.toLowerCase();
    const id = person.id ?? personIdFor(email);
    const at = this.stamp();
    try {
      await this.emails.create({ id: emailClaimId(email), personId: id });
    } catch (error) {
      if (!(error instanceof DocumentConflictError)) throw error;
      const existing = await this.emails.read(emailClaimId(email));
      if (existing?.value.personId !== id || (await this.people.read(id))) throw error;
    }
    // The led-tables hint from the start, so the person's first help turn writes nothing. Usually empty, but the
    // id comes from the e-mail address: tables may still list someone removed earlier and registered again.
    const ledTableIds = await this.activeTableIdsLedBy(id);
    const created = await this.people.create({
      ...person,
      id,
      email,
      ledTableIds,
      createdAt: at,
      updatedAt: at,
    });
    await this.recordAudit({
      stream: 'registry',
      actorPersonId,
      action: 'person.created',
      subjectId: id,
      details: {},
    });
    return created;
  }

  async replacePerson(
    current: Versioned<PersonDocument>,
    person: Person,
    actorPersonId: string | null,
  ): Promise<Versioned<PersonDocument>> {
    const newEmail = person.email.toLowerCase();
    if (newEmail !== current.value.email) {
      await this.emails.create({ id: emailClaimId(newEmail), personId: person.id });
    }
    // The led-tables hint is kept by addLedTable/removeLedTable only: a person passed in (an actor, a form's
    // copy) may carry an older one, so the stored document's hint is kept as it is.
    const { ledTableIds: _passed, ...details } = person as PersonDocument;
    const saved = await this.people.replace(
      { ...current.value, ...details, email: newEmail, updatedAt: this.stamp() },
      current.etag,
    );
    if (newEmail !== current.value.email) await this.emails.delete(emailClaimId(current.value.email));
    await this.recordAudit({
      stream: 'registry',
      actorPersonId,
      action: 'person.updated',
      subjectId: person.id,
      details: { memberships: person.memberships, isAdmin: person.isAdmin },
    });
    return saved;
  }

  /** Caches what Graph said about the person's address; nothing happens when the person no longer exists. */
  async recordTenantLookup(personId: string, lookup: TenantLookup): Promise<void> {
    await updateWithRetry(this.people, personId, (person) => ({ ...person, tenantLookup: lookup }));
  }

  // Teams users -----------------------------------------------------------------------------------------------

  getTeamsUser(aadObjectId: string): Promise<Versioned<TeamsUserDocument> | undefined> {
    return this.teamsUsers.read(aadObjectId);
  }

  /**
   * Saves what changed about a Teams user (link, conversation reference, locale). Writes nothing when nothing
   * changed, so an ordinary turn costs one read. Concurrent turns of one user are retried on ETag conflicts.
   */
  async saveTeamsUser(
    aadObjectId: string,
    current: Versioned<TeamsUserDocument> | undefined,
    change: Partial<Pick<TeamsUserDocument, 'personId' | 'tenantId' | 'reference' | 'locale'>>,
  ): Promise<Versioned<TeamsUserDocument>> {
    for (let attempt = 1; ; attempt++) {
      const at = this.stamp();
      const base: TeamsUserDocument = current?.value ?? {
        id: aadObjectId,
        personId: null,
        tenantId: null,
        reference: null,
        locale: null,
        turnState: { revision: 0, user: {} },
        firstSeenAt: at,
        updatedAt: at,
      };
      const next: TeamsUserDocument = { ...base, ...change, updatedAt: at };
      if (current && sameTeamsUser(current.value, next)) return current;
      try {
        return current
          ? await this.teamsUsers.replace(next, current.etag)
          : await this.teamsUsers.create(next);
      } catch (error) {
        const retriable = error instanceof StaleDocumentError || error instanceof DocumentConflictError;
        if (!retriable || attempt >= 5) throw error;
        current = await this.teamsUsers.read(aadObjectId);
      }
    }
  }

  /**
   * Writes the teams-ai user scope onto the Teams user document. With `expectedRevision` the write is refused
   * (StaleTurnStateError) when another turn changed the state since it was read, as botbuilder storages refuse a
   * stale eTag; other changes to the document meanwhile (a new conversation reference) are retried, not refused.
   */
  async saveTurnState(
    aadObjectId: string,
    expectedRevision: number | undefined,
    user: Readonly<Record<string, unknown>>,
  ): Promise<Versioned<TeamsUserDocument>> {
    for (let attempt = 1; ; attempt++) {
      const current =
        (await this.teamsUsers.read(aadObjectId)) ?? (await this.saveTeamsUser(aadObjectId, undefined, {}));
      const revision = current.value.turnState?.revision ?? 0;
      if (expectedRevision !== undefined && expectedRevision !== revision) {
        throw new StaleTurnStateError(aadObjectId);
      }
      try {
        return await this.teamsUsers.replace(
          { ...current.value, turnState: { revision: revision + 1, user }, updatedAt: this.stamp() },
          current.etag,
        );
      } catch (error) {
        if (!(error instanceof StaleDocumentError) || attempt >= 5) throw error;
      }
    }
  }

  /**
   * Links a Teams user to a person; the person remembers the object id so audiences can be resolved. Two links of
   * the same person can race (a proactive installation and the installationUpdate Teams sends right after it):
   * a stale write is applied again to the current version instead of failing the turn.
   */
  async linkTeamsUser(
    aadObjectId: string,
    person: Versioned<PersonDocument>,
  ): Promise<Versioned<PersonDocument>> {
    if (person.value.aadObjectId === aadObjectId) return person;
    try {
      return await this.people.replace(
        { ...person.value, aadObjectId, updatedAt: this.stamp() },
        person.etag,
      );
    } catch (error) {
      if (!(error instanceof StaleDocumentError)) throw error;
      const current = await updateWithRetry(this.people, person.value.id, (p) =>
        p.aadObjectId === aadObjectId ? undefined : { ...p, aadObjectId, updatedAt: this.stamp() },
      );
      if (!current) throw error;
      return current;
    }
  }

  /** Takes the Teams account off the person (when it was theirs); If-Match with retries, like linkTeamsUser. */
  async unlinkTeamsUser(aadObjectId: string, personId: string): Promise<void> {
    await updateWithRetry(this.people, personId, (p) =>
      p.aadObjectId === aadObjectId ? { ...p, aadObjectId: null, updatedAt: this.stamp() } : undefined,
    );
  }

  // Ontwikkeltafels (membership view) -------------------------------------------------------------------------

  /**
   * Every table that lists the person as trekker, in any status: a cross-partition query (two requests: the
   * query plan and the query). Turns read the led-tables hint instead (ledTableIdsOf); this builds the hint.
   */
  tablesLedBy(personId: string): Promise<OntwikkeltafelMembershipDocument[]> {
    return this.ontwikkeltafels.query('SELECT * FROM c WHERE ARRAY_CONTAINS(c.trekkerPersonIds, @p)', [
      { name: '@p', value: personId },
    ]);
  }

  getOntwikkeltafel(id: string): Promise<Versioned<OntwikkeltafelMembershipDocument> | undefined> {
    return this.ontwikkeltafels.read(id);
  }

  /**
   * The person's led-tables hint (see PersonDocument.ledTableIds): possibly more tables than they lead, never
   * fewer. A person stored before the hint existed gets it built once from the query and saved (If-Match, so a
   * concurrent addLedTable is never overwritten); every later call costs nothing beyond the person's read.
   */
  async ledTableIdsOf(person: Versioned<PersonDocument>): Promise<readonly string[]> {
    let current: Versioned<PersonDocument> | undefined = person;
    for (let attempt = 1; ; attempt++) {
      if (!current) return [];
      if (current.value.ledTableIds) return current.value.ledTableIds;
      const ids = await this.activeTableIdsLedBy(current.value.id);
      try {
        await this.people.replace({ ...current.value, ledTableIds: ids }, current.etag);
        return ids;
      } catch (error) {
        // Someone else changed the person meanwhile (maybe adding a table): start again from their version.
        if (!(error instanceof StaleDocumentError) || attempt >= HINT_ATTEMPTS) throw error;
        current = await this.people.read(current.value.id);
      }
    }
  }

  /**
   * Adds a table to the person's led-tables hint. Call it BEFORE writing a table that lists the person as
   * trekker. Idempotent; nothing happens when the person does not exist. A person without the hint yet gets it
   * built from the query first, so the hint never starts out incomplete.
   */
  async addLedTable(personId: string, tableId: string): Promise<void> {
    await this.changeLedTables(personId, async (ids) =>
      ids === undefined
        ? [...new Set([...(await this.activeTableIdsLedBy(personId)), tableId])]
        : ids.includes(tableId)
          ? undefined
          : [...ids, tableId],
    );
  }

  /**
   * Removes a table from the person's led-tables hint. Call it AFTER the table stopped listing the person (or
   * ended). Idempotent; nothing happens when the person does not exist or has no hint yet (it is built from the
   * tables as they are then).
   */
  async removeLedTable(personId: string, tableId: string): Promise<void> {
    await this.changeLedTables(personId, (ids) =>
      ids?.includes(tableId) ? ids.filter((id) => id !== tableId) : undefined,
    );
  }

  /** Read-modify-write of the hint with If-Match; `change` returns undefined for "nothing to write". */
  private async changeLedTables(
    personId: string,
    change: (
      ids: readonly string[] | undefined,
    ) => readonly string[] | undefined | Promise<readonly string[] | undefined>,
  ): Promise<void> {
    await updateWithRetry(
      this.people,
      personId,
      async (person) => {
        const next = await change(person.ledTableIds);
        return next === undefined ? undefined : { ...person, ledTableIds: next };
      },
      { attempts: HINT_ATTEMPTS },
    );
  }

  /** The hint as built from the authoritative query: the active tables that list the person. */
  private async activeTableIdsLedBy(personId: string): Promise<string[]> {
    return (await this.tablesLedBy(personId)).filter((t) => t.status === 'actief').map((t) => t.id);
  }
}

/** A turn-state write based on a state another turn has changed since (botbuilder's eTag conflict). */
export class StaleTurnStateError extends StaleDocumentError {
  constructor(aadObjectId: string) {
    super(`turn state of ${aadObjectId}`);
  }
}

function sameTeamsUser(a: TeamsUserDocument, b: TeamsUserDocument): boolean {
  return (
    a.personId === b.personId &&
    a.tenantId === b.tenantId &&
    a.locale === b.locale &&
    JSON.stringify(a.reference) === JSON.stringify(b.reference)
  );
}
