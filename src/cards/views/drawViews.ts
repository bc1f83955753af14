import { activeRegistrations, type Round, type RoundRegistration } from '../../domain/inschrijving';
import { describeReasonEn, unmetRuleMessages, type DrawRecord } from '../../domain/lottery';
import { PERCELEN } from '../../domain/registry/registry';
import { formatDateTime } from '../../domain/time';
import { format, type Locale, type RenderInput } from '../renderCard';
import { categoryLabel, classificationLabel, perceelWord } from './classificationLabels';
import {
  MAX_PROBABILITIES_SHOWN,
  MAX_RESERVE_SHOWN,
  percent,
  perceelLabel,
  roundFrameworkLines,
  strings,
} from './inschrijvingViews';

/**
 * View models of the draw's cards (the gemeente's draw form, the outcome, the composition form) and of the
 * publications that follow it (to everyone, and the personal messages). User text always goes through `view`.
 */

// The draw ---------------------------------------------------------------------------------------------------

export function drawFormView(
  round: Round,
  registrations: number,
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  const text = strings('inschrijvingLoting', locale);
  return {
    view: {
      title: `${text.title} ${round.year}`,
      registrations: String(registrations),
      announced: round.seed.mode !== 'gegenereerd',
      seedLabel: round.seed.mode === 'gegenereerd' ? text.generated : text.announced,
      seedValue:
        round.seed.mode === 'gegenereerd'
          ? (round.seed.seed ?? '')
          : round.seed.mode === 'toezegging'
            ? `${round.seed.source} (${round.seed.publicValueDate})`
            : round.seed.source,
      framework: roundFrameworkLines(round, locale),
      errors: [...errors],
    },
    form: { roundId: round.id },
  };
}

/** Where the record's seed came from; for a commit–reveal draw also what was revealed. */
function recordSeedSource(record: DrawRecord, locale: Locale): string {
  const c = record.seedCommitment;
  if (!c) {
    return locale === 'en'
      ? `${record.seedSource} (without commitment)`
      : `${record.seedSource} (zonder toezegging)`;
  }
  return locale === 'en'
    ? `Public value ${c.publicValue} (${c.publicValueSource}, ${c.publicValueDate}); revealed secret ${c.secret}, matching the commitment ${c.commitment} published ${c.committedAt}.`
    : `Openbare waarde ${c.publicValue} (${c.publicValueSource}, ${c.publicValueDate}); onthuld geheim ${c.secret}, passend bij de toezegging ${c.commitment} van ${c.committedAt}.`;
}

function chanceText(entry: DrawRecord['probabilities']['entries'][number], locale: Locale): string {
  if (entry.method === 'exact') return percent(entry.probability, locale);
  return `≈ ${percent(entry.probability, locale)} ± ${percent(entry.halfWidth95 ?? 0, locale)}`;
}

/** The gemeente's outcome card: composition per perceel, members with reasons, changes, reserves, unmet rules, chances. */
export function outcomeView(round: Round, record: DrawRecord, locale: Locale): RenderInput {
  const text = strings('inschrijvingUitkomst', locale);
  const composition = round.composition ?? { version: 1, members: [], changes: [] };
  const byId = new Map(record.registrations.map((r) => [r.organisationId, r]));
  const registrationsById = new Map(record.registrations.map((r) => [r.registrationId, r]));
  const drawn = new Map(record.outcome.selected.map((s) => [s.organisationId, s]));
  const memberIds = new Set(composition.members.map((m) => m.organisationId));
  const label = (organisationId: string, name: string): string => {
    const r = byId.get(organisationId);
    return r ? `${name} (${classificationLabel(r, locale)})` : name;
  };
  const lastPublication = round.publications[round.publications.length - 1];
  const unmetPercelen = new Set(record.unmetRules.map((u) => u.perceel).filter((p) => p !== undefined));
  const entries = record.probabilities.entries;
  const method =
    record.probabilities.method === 'exact'
      ? locale === 'en'
        ? 'Computed exactly.'
        : 'Exact berekend.'
      : locale === 'en'
        ? `Estimated with ${record.probabilities.runs} simulated draws (± = 95% interval).`
        : `Geschat met ${record.probabilities.runs} gesimuleerde lotingen (± = 95%-interval).`;
  return {
    view: {
      title: `${text.title} ${round.year}`,
      seatsFilled: `${composition.members.length} / ${round.framework.seats}`,
      seed: record.seed,
      seedSource: recordSeedSource(record, locale),
      algorithm: record.algorithmVersion,
      recordSha256: record.recordSha256,
      verify: format(text.verify ?? '', { roundId: round.id }),
      publication: lastPublication
        ? lastPublication.version === composition.version
          ? format(text.publishedVersion ?? '', { version: lastPublication.version })
          : `${text.changedSincePublication} ${format(text.publishedVersion ?? '', { version: lastPublication.version })}`
        : text.notPublished,
      canPublish: !lastPublication || lastPublication.version !== composition.version,
      perceelRows: PERCELEN.map((p) => {
        const members = composition.members.filter((m) => m.perceel === p);
        const minimum = round.framework.minimumPerPerceel[p];
        return {
          perceel: perceelLabel(p),
          minimum: String(minimum),
          organisations:
            members.length > 0
              ? members.map((m) => label(m.organisationId, m.organisationName)).join(' · ')
              : '-',
          style: members.length < minimum || unmetPercelen.has(p) ? 'attention' : 'good',
        };
      }),
      members: composition.members.map((m) => {
        const pick = drawn.get(m.organisationId);
        const change = [...composition.changes]
          .reverse()
          .find((c) => c.added?.organisationId === m.organisationId);
        return {
          rank: pick ? String(pick.rank) : '+',
          name: label(m.organisationId, m.organisationName),
          reason: pick
            ? locale === 'en'
              ? describeReasonEn(pick.reason, pick.perceel)
              : pick.reasonDescription
            : `${locale === 'en' ? 'Added by the municipality' : 'Toegevoegd door de gemeente'}: ${change?.reason ?? ''}`,
        };
      }),
      changes: composition.changes.map((c) => ({
        at: formatDateTime(new Date(c.at), locale),
        what: [
          c.removed ? `− ${c.removed.organisationName}` : '',
          c.added ? `+ ${c.added.organisationName} (${perceelWord(c.added.perceel, locale)})` : '',
        ]
          .filter(Boolean)
          .join('  '),
        reason: c.reason,
      })),
      reserve: record.outcome.reserve
        .filter((r) => !memberIds.has(r.organisationId))
        .slice(0, MAX_RESERVE_SHOWN)
        .map((r) => ({
          rank: String(r.rank),
          name: label(r.organisationId, r.organisationName),
          perceel: String(r.perceel),
        })),
      hasReserve: record.outcome.reserve.some((r) => !memberIds.has(r.organisationId)),
      unmet: unmetRuleMessages(record).map((message) => message[locale]),
      probabilities: entries.slice(0, MAX_PROBABILITIES_SHOWN).map((e) => ({
        name: e.organisationName,
        category: categoryLabel(e, registrationsById.get(e.registrationId), locale),
        chance: chanceText(e, locale),
        color: drawn.has(e.registrationId) ? 'Good' : 'Default',
      })),
      probabilityNote:
        entries.length > MAX_PROBABILITIES_SHOWN
          ? `${method} ${locale === 'en' ? `First ${MAX_PROBABILITIES_SHOWN} of ${entries.length}; the record has all.` : `Eerste ${MAX_PROBABILITIES_SHOWN} van ${entries.length}; het verslag bevat ze allemaal.`}`
          : method,
    },
    form: { roundId: round.id },
  };
}

// The gemeente changes the composition -----------------------------------------------------------------------

export interface CompositionFormValues {
  readonly remove: string;
  readonly add: string;
  readonly reason: string;
}

export function compositionFormView(
  round: Round,
  registrations: readonly RoundRegistration[],
  values: CompositionFormValues,
  etag: string,
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  const members = round.composition?.members ?? [];
  const seated = new Set(members.map((m) => m.organisationId));
  return {
    view: { title: String(round.year), errors: [...errors] },
    form: {
      ...values,
      roundId: round.id,
      etag,
      removeChoices: members.map((m) => ({
        title: `${m.organisationName} (${perceelWord(m.perceel, locale)})`,
        value: m.organisationId,
      })),
      addChoices: activeRegistrations(registrations)
        .filter((r) => !seated.has(r.organisationId))
        .map((r) => ({
          title: `${r.organisationName} (${perceelWord(r.perceel, locale)}, ${classificationLabel(r, locale)})`,
          value: r.organisationId,
        })),
    },
  };
}

// Publications (broadcasts, Dutch) ---------------------------------------------------------------------------

function compositionRows(round: Round): Array<{ perceel: string; organisations: string }> {
  const members = round.composition?.members ?? [];
  return PERCELEN.map((p) => ({
    perceel: perceelLabel(p),
    organisations:
      members
        .filter((m) => m.perceel === p)
        .map((m) => m.organisationName)
        .join(' · ') || '-',
  }));
}

/** To every contracted aanbieder: the composition, the changes with reasons, and the record's summary. */
export function publicationView(round: Round, record: DrawRecord, locale: Locale): RenderInput {
  const text = strings('inschrijvingPublicatie', locale);
  return {
    view: {
      title: `${text.title} ${round.year}`,
      rows: compositionRows(round),
      changes: (round.composition?.changes ?? []).map((c) => ({
        what: [
          c.removed ? `− ${c.removed.organisationName}` : '',
          c.added ? `+ ${c.added.organisationName}` : '',
        ]
          .filter(Boolean)
          .join('  '),
        reason: c.reason,
      })),
      unmet: unmetRuleMessages(record).map((message) => message[locale]),
      registrations: String(record.registrations.length),
      seed: record.seed,
      seedSource: recordSeedSource(record, locale),
      algorithm: record.algorithmVersion,
      hash: record.recordSha256,
    },
  };
}

export type PersonalMessageKind = 'selected' | 'notSelected' | 'removed';

/** To the selected, the not selected, or the removed organisations: one card per group (one broadcast each). */
export function personalMessageView(
  kind: PersonalMessageKind,
  round: Round,
  record: DrawRecord,
  locale: Locale,
  sincePublishedVersion = 0,
): RenderInput {
  const text = strings('inschrijvingBericht', locale);
  const year = round.year;
  const members = round.composition?.members ?? [];
  const seated = new Set(members.map((m) => m.organisationId));
  const reasons =
    kind === 'removed'
      ? (round.composition?.changes ?? [])
          .filter((c) => c.version > sincePublishedVersion && c.removed)
          .map((c) => c.reason)
      : [];
  return {
    view: {
      title: format(text[`${kind}Title`] ?? '', { year }),
      body: format(text[kind] ?? '', { year }),
      reasons,
      members: members.map((m) => `${m.organisationName} (${perceelWord(m.perceel, locale)})`),
      reserve:
        kind === 'notSelected'
          ? record.outcome.reserve
              .filter((r) => !seated.has(r.organisationId))
              .slice(0, MAX_RESERVE_SHOWN)
              .map((r) => `${r.rank}. ${r.organisationName} (${perceelWord(r.perceel, locale)})`)
          : [],
    },
  };
}
