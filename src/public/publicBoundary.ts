import { verifyDrawRecord, type DrawRecord } from '../domain/lottery';
import { PERCELEN, type Perceel } from '../domain/registry/registry';
import { containsEmail, nameRedactor, withoutContactDetails } from './redaction';
import {
  PUBLIC_ID,
  PublicViewError,
  type PublicDrawRecord,
  type PublicReport,
  type PublicationKind,
  type PublicViewOf,
} from './publicViewTypes';

// A draw record is published as it is (its digest must still verify), so it is checked here, not rebuilt.
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
  'seedCommitment',
  'classifications',
  'deviations',
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
    throw new PublicViewError({ nl: 'Dit is geen lotingsverslag.', en: 'This is not a draw record.' });
  const extra = Object.keys(record).filter((k) => !(DRAW_RECORD_FIELDS as readonly string[]).includes(k));
  if (extra.length > 0)
    throw new PublicViewError({
      nl: `Het lotingsverslag bevat velden die niet openbaar horen: ${extra.join(', ')}.`,
      en: `The draw record has fields that do not belong in public: ${extra.join(', ')}.`,
    });
  const verification = verifyDrawRecord(record);
  if (!verification.valid)
    throw new PublicViewError({
      nl: `Het lotingsverslag klopt niet: ${verification.problems.map((p) => p.nl).join(' ')}`,
      en: `The draw record does not hold: ${verification.problems.map((p) => p.en).join(' ')}`,
    });
  if (stringsIn(record).some(containsEmail))
    throw new PublicViewError({
      nl: 'Het lotingsverslag bevat een e-mailadres en wordt daarom niet gepubliceerd.',
      en: 'The draw record contains an e-mail address and is therefore not published.',
    });
  return { roundId, year, record: record as DrawRecord };
}

/** The boundary: whatever a caller passes, only these fields, checked, are stored. */

type Obj = Readonly<Record<string, unknown>>;

function obj(value: unknown, field: string): Obj {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(field);
  return value as Obj;
}

function invalid(field: string): PublicViewError {
  return new PublicViewError({
    nl: `Het veld ${field} ontbreekt of is ongeldig.`,
    en: `The field ${field} is missing or invalid.`,
  });
}

function checkedString(o: Obj, field: string, max: number): string {
  const value = o[field];
  if (typeof value !== 'string') throw invalid(field);
  if (value.length > max) {
    throw new PublicViewError({
      nl: `Het veld ${field} is langer dan ${max} tekens.`,
      en: `The field ${field} is longer than ${max} characters.`,
    });
  }
  return value;
}

/**
 * How text is cleaned: free text loses contact details and the names of known people; an organisation name only
 * loses contact details (organisations are named on purpose, and a name like "Zorg Jan Jansen" is the
 * organisation's).
 */
class TextRules {
  private readonly redactNames: (text: string) => string;

  constructor(personNames: readonly string[], organisationNames: readonly string[]) {
    this.redactNames = nameRedactor(personNames, organisationNames);
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
    throw new PublicViewError({
      nl: `Het veld ${field} ontbreekt of heeft te veel onderdelen.`,
      en: `The field ${field} is missing or has too many parts.`,
    });
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

function reportOf(report: Obj, t: TextRules): PublicReport {
  return {
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
  };
}

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
    ...(v.otherMembers === undefined
      ? {}
      : {
          otherMembers: list(v, 'otherMembers', 100, (m) => {
            const o = obj(m, 'otherMembers');
            return {
              organisationName: t.organisation(o, 'organisationName'),
              type: choice(o, 'type', ['gemeente', 'lokale-toegang'] as const),
            };
          }),
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
        introducedBy: t.nullableOrganisation(o, 'introducedBy'),
      };
    }),
    thirdParties:
      v.thirdParties === undefined
        ? []
        : list(v, 'thirdParties', 10, (item) => {
            const o = obj(item, 'thirdParties');
            return { name: t.free(o, 'name', 200), role: t.free(o, 'role', 300) };
          }),
  }),
  verslag: (v, t) => ({
    meetingId: token(v, 'meetingId', PUBLIC_ID),
    tableName: t.organisation(v, 'tableName'),
    title: t.free(v, 'title', TITLE_MAX),
    start: token(v, 'start', INSTANT),
    markdown: t.free(v, 'markdown', 60_000),
    versions:
      v.versions === undefined
        ? []
        : list(v, 'versions', 50, (item) => {
            const o = obj(item, 'versions');
            return {
              number: integer(o, 'number', 1, 50),
              at: token(o, 'at', INSTANT),
              reason: t.nullableFree(o, 'reason', 2000),
            };
          }),
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
      latestReport: report ? reportOf(report, t) : null,
      ...(v.earlierReports === undefined
        ? {}
        : { earlierReports: list(v, 'earlierReports', 50, (r) => reportOf(obj(r, 'earlierReports'), t)) }),
    };
  },
};

export interface SanitizeOptions {
  /** Names of people (e.g. everyone in the registry): removed from every free text of the view. */
  readonly personNames?: readonly string[];
  /** Names of organisations: kept whole in free text even when they contain a person's name. */
  readonly organisationNames?: readonly string[];
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
  return sanitizer(
    obj(value, kind),
    new TextRules(options.personNames ?? [], options.organisationNames ?? []),
  );
}
