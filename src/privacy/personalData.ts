import type { ItemDefinition } from '@azure/cosmos';
import { personIdFor } from '../domain/registry/registry';
import { AuditLog } from '../storage/auditLog';
import { CONTAINERS, type ContainerName } from '../storage/containers';
import { emailClaimId } from '../storage/emailClaims';
import type { TafelbotDatabase } from '../storage/cosmosClient';

/**
 * AVG/GDPR for one person: an export of every stored record that refers to them, and their removal when they
 * leave an organisation.
 *
 * A record refers to a person when it holds their person id, their e-mail address or the id of their Teams
 * account (turn state and conversation references are keyed by it). Every container is searched, so records of
 * features added later are found without changes here.
 *
 * Removal deletes the person, their e-mail identity, their Teams account link with its conversation reference and
 * their turn state; elsewhere their name, e-mail address and phone number are replaced, and the records stay:
 * the organisation's votes, registrations, reactions and reports remain what they were. The audit trail is never
 * touched (it holds ids only) and gets an entry that the person was removed.
 */

export const EXPORT_FORMAT = 'tafelbot-persoonsgegevens/1';
export const REMOVED_NAME = 'verwijderde persoon';
export const REMOVED_EMAIL = 'verwijderd@verwijderd.invalid';

type Doc = ItemDefinition & Record<string, unknown>;

export interface PersonalDataExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly exportedAt: string;
  readonly subject: { readonly email: string; readonly personId: string };
  /** The registry record, or null when there is none (never registered, or removed). */
  readonly person: Record<string, unknown> | null;
  /** The organisations the person acts for, with the role. */
  readonly memberships: ReadonlyArray<{
    organisationId: string;
    organisationName: string | null;
    role: string;
  }>;
  /** Every record that refers to the person, per container, without the store's system fields. */
  readonly records: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>;
}

export interface RemovalReport {
  readonly personId: string;
  readonly found: boolean;
  /** Documents deleted, per container. */
  readonly deleted: Readonly<Record<string, number>>;
  /** Documents in which name, e-mail address or phone number were replaced, per container. */
  readonly redacted: Readonly<Record<string, number>>;
}

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];

function withoutSystemFields(doc: Doc): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...doc };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return copy;
}

/** The partition key value of a document, from the container's declared path (e.g. /roundId). */
function partitionKeyOf(container: ContainerName, doc: Doc): string {
  const declaration = CONTAINERS.find((c) => c.id === container);
  const field = declaration?.partitionKeyPath.replace(/^\//, '') ?? 'id';
  return String(doc[field]);
}

async function allDocuments(db: TafelbotDatabase, container: ContainerName): Promise<Doc[]> {
  const { resources } = await db.container(container).items.readAll<Doc>().fetchAll();
  return resources;
}

interface Subject {
  readonly email: string;
  readonly personId: string;
  readonly person: Doc | undefined;
  /** Strings that identify the person in any record. */
  readonly markers: readonly string[];
  /** Teams account ids (Entra object ids) linked to the person. */
  readonly aadObjectIds: readonly string[];
}

async function findSubject(db: TafelbotDatabase, emailInput: string): Promise<Subject> {
  const email = emailInput.trim().toLowerCase();
  const claimId = emailClaimId(email);
  const identity = (await db.container('identities').item(claimId, claimId).read<Doc>()).resource;
  const personId = typeof identity?.personId === 'string' ? identity.personId : personIdFor(email);
  const person = (await db.container('people').item(personId, personId).read<Doc>()).resource;
  const teamsUsers = (await allDocuments(db, 'teamsUsers')).filter((u) => u.personId === personId);
  const aadObjectIds = [
    ...new Set(
      [
        typeof person?.aadObjectId === 'string' ? person.aadObjectId : '',
        ...teamsUsers.map((u) => String(u.id)),
      ].filter((id) => id.length >= 8),
    ),
  ];
  return { email, personId, person, markers: [personId, email, ...aadObjectIds], aadObjectIds };
}

function refersTo(doc: Doc, markers: readonly string[]): boolean {
  const json = JSON.stringify(doc).toLowerCase();
  return markers.some((marker) => json.includes(marker.toLowerCase()));
}

/** Every record of one person, by e-mail address (also of someone removed earlier: then ids only remain). */
export async function exportPersonalData(
  db: TafelbotDatabase,
  email: string,
  now: Date = new Date(),
): Promise<PersonalDataExport> {
  const subject = await findSubject(db, email);
  const records: Record<string, Array<Record<string, unknown>>> = {};
  for (const { id } of CONTAINERS) {
    const container = id as ContainerName;
    const found = (await allDocuments(db, container)).filter((doc) => refersTo(doc, subject.markers));
    if (found.length > 0) records[container] = found.map(withoutSystemFields);
  }
  const memberships: Array<{ organisationId: string; organisationName: string | null; role: string }> = [];
  const personMemberships = (subject.person?.memberships ?? []) as Array<{
    organisationId: string;
    role: string;
  }>;
  for (const membership of personMemberships) {
    const organisation = (
      await db
        .container('organisations')
        .item(membership.organisationId, membership.organisationId)
        .read<Doc>()
    ).resource;
    memberships.push({
      organisationId: membership.organisationId,
      organisationName: typeof organisation?.name === 'string' ? organisation.name : null,
      role: membership.role,
    });
  }
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    subject: { email: subject.email, personId: subject.personId },
    person: subject.person ? withoutSystemFields(subject.person) : null,
    memberships,
    records,
  };
}

/** Replaces every occurrence of the person's identifying texts in the string values of a document. */
function redact(value: unknown, replacements: ReadonlyArray<[RegExp, string]>): unknown {
  if (typeof value === 'string') {
    return replacements.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, replacements));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value))
      out[key] = SYSTEM_FIELDS.includes(key) ? v : redact(v, replacements);
    return out;
  }
  return value;
}

/** Objects in a document that hold this e-mail address: contact details (name, e-mail, phone) of the person. */
function contactsWithEmail(value: unknown, email: string): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap((v) => contactsWithEmail(v, email));
  if (!value || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const own = typeof object.email === 'string' && object.email.trim().toLowerCase() === email ? [object] : [];
  return [...own, ...Object.values(object).flatMap((v) => contactsWithEmail(v, email))];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes a person who left (see the module comment). Idempotent: running it again finds nothing left to do.
 * `byPersonId` is the gemeente admin who asked for it, for the audit trail.
 */
export async function removePerson(
  db: TafelbotDatabase,
  email: string,
  byPersonId: string | null,
  now: () => Date = () => new Date(),
): Promise<RemovalReport> {
  const subject = await findSubject(db, email);
  const deleted: Record<string, number> = {};
  const redacted: Record<string, number> = {};
  const count = (tally: Record<string, number>, container: string) =>
    (tally[container] = (tally[container] ?? 0) + 1);

  const person = subject.person;
  const names = [typeof person?.name === 'string' ? person.name : ''];
  // The name Teams knows them by, as saved in their conversation references.
  for (const user of (await allDocuments(db, 'teamsUsers')).filter((u) => u.personId === subject.personId)) {
    const reference = user.reference as { user?: { name?: unknown } } | null | undefined;
    if (typeof reference?.user?.name === 'string') names.push(reference.user.name);
  }
  const phones = [typeof person?.phone === 'string' ? person.phone : ''];
  // Contact details entered with their e-mail address (a registration's contactpersoon, for instance).
  for (const { id } of CONTAINERS) {
    if (id === 'audit') continue;
    for (const doc of await allDocuments(db, id as ContainerName)) {
      if (!refersTo(doc, subject.markers)) continue;
      for (const contact of contactsWithEmail(doc, subject.email)) {
        if (typeof contact.name === 'string') names.push(contact.name);
        if (typeof contact.phone === 'string') phones.push(contact.phone);
      }
    }
  }
  const replacements: Array<[RegExp, string]> = [
    [new RegExp(escapeRegExp(subject.email), 'gi'), REMOVED_EMAIL],
    ...[...new Set(names)]
      .filter((name) => name.trim().length >= 3)
      .sort((a, b) => b.length - a.length)
      .map((name): [RegExp, string] => [new RegExp(escapeRegExp(name), 'g'), REMOVED_NAME]),
    ...[...new Set(phones)]
      .filter((phone) => phone.trim().length >= 6)
      .map((phone): [RegExp, string] => [new RegExp(escapeRegExp(phone), 'g'), '']),
  ];

  for (const { id } of CONTAINERS) {
    const container = id as ContainerName;
    // The audit trail is append-only and holds ids only: it stays exactly as it is.
    if (container === 'audit') continue;
    for (const doc of await allDocuments(db, container)) {
      if (!refersTo(doc, subject.markers)) continue;
      const item = db.container(container).item(String(doc.id), partitionKeyOf(container, doc));
      const ifMatch = { accessCondition: { type: 'IfMatch', condition: String(doc._etag) } };
      const isTheirs =
        (container === 'people' && doc.id === subject.personId) ||
        (container === 'identities' && doc.personId === subject.personId) ||
        (container === 'teamsUsers' && doc.personId === subject.personId) ||
        // Turn state (language, conversation state) is keyed by their Teams account.
        (container === 'botState' && subject.aadObjectIds.some((aad) => String(doc.key ?? '').includes(aad)));
      if (isTheirs) {
        await item.delete(ifMatch);
        count(deleted, container);
        continue;
      }
      const changed = redact(doc, replacements) as Doc;
      if (JSON.stringify(changed) === JSON.stringify(doc)) continue;
      await item.replace(changed, ifMatch);
      count(redacted, container);
    }
  }

  if (person) {
    const memberships = (person.memberships ?? []) as Array<{ organisationId: string }>;
    await new AuditLog(db, now).append({
      stream: 'registry',
      actorPersonId: byPersonId,
      action: 'person.removed',
      subjectId: subject.personId,
      details: { organisationIds: memberships.map((m) => m.organisationId) },
    });
  }
  return { personId: subject.personId, found: Boolean(person), deleted, redacted };
}
