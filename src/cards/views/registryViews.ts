import { PERCEEL_NAMES, PERCELEN, type Organisation, type Person } from '../../domain/registry/registry';
import { composition, searchOrganisations } from '../../domain/registry/composition';
import { format, stringsFor, type Locale, type RenderInput } from '../renderCard';
import { grootteLabel, herkomstLabel, mixLabel, percelenWord } from './classificationLabels';

/** View models of the gemeente's registry cards: the overview with the composition per perceel, and the forms. */

const BAR_UNITS = 20;
const MAX_RESULTS = 15;

export function registryOverviewView(
  organisations: readonly Organisation[],
  people: readonly Person[],
  query: string,
  locale: Locale,
): RenderInput {
  const text = stringsFor('feedback', locale) as Record<string, string>;
  const roleText = stringsFor('roles', locale) as Record<string, string>;
  const typeText = stringsFor('organisationTypes', locale) as Record<string, string>;
  const rows = composition(organisations);
  const largest = Math.max(1, ...rows.map((r) => r.count));
  const matches = searchOrganisations(organisations, query);
  const shown = matches.slice(0, MAX_RESULTS);
  const contactsByOrganisation = new Map<string, string[]>();
  for (const person of people) {
    for (const m of person.memberships) {
      const list = contactsByOrganisation.get(m.organisationId) ?? [];
      list.push(`${person.name} (${roleText[m.role] ?? m.role})`);
      contactsByOrganisation.set(m.organisationId, list);
    }
  }
  const aanbieders = organisations.filter((o) => o.type === 'aanbieder' && o.contracted).length;
  return {
    view: {
      totals: [
        { value: String(aanbieders), label: text.totalAanbieders },
        {
          value: String(organisations.filter((o) => o.type !== 'aanbieder').length),
          label: text.totalGemeenten,
        },
        { value: String(people.length), label: text.totalPeople },
        { value: String(people.filter((p) => p.aadObjectId).length), label: text.totalLinked },
      ],
      perceelRows: rows.map((r) => {
        const filled = r.count === 0 ? 0 : Math.max(1, Math.round((r.count / largest) * BAR_UNITS));
        return {
          perceel: r.perceel,
          name: PERCEEL_NAMES[r.perceel],
          count: String(r.count),
          barFilled: filled,
          barEmpty: BAR_UNITS - filled,
          mix: mixLabel(r, locale),
        };
      }),
      resultsNote:
        matches.length === 0
          ? text.resultsNone
          : format(text.resultsSome ?? '', { shown: shown.length, total: matches.length }),
      results: shown.map((o) => ({
        id: o.id,
        name: o.contracted
          ? o.name
          : `${o.name} (${locale === 'en' ? 'not contracted' : 'niet gecontracteerd'})`,
        summary: [
          typeText[o.type] ?? o.type,
          o.percelen.length ? percelenWord(o.percelen, locale) : '',
          o.grootte ? grootteLabel(o.grootte, locale) : '',
          o.herkomst ? herkomstLabel(o.herkomst, locale) : '',
          o.kvkNumber ? `KvK ${o.kvkNumber}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
        contacts: (contactsByOrganisation.get(o.id) ?? [text.contactsNone]).join(', '),
      })),
    },
    form: { query },
  };
}

export interface OrganisationFormValues {
  readonly organisationId: string;
  readonly etag: string;
  readonly name: string;
  readonly type: string;
  readonly percelen: string;
  readonly grootte: string;
  readonly herkomst: string;
  readonly kvkNumber: string;
  readonly contracted: string;
}

export function organisationFormValues(organisation?: Organisation, etag = ''): OrganisationFormValues {
  return {
    organisationId: organisation?.id ?? '',
    etag,
    name: organisation?.name ?? '',
    type: organisation?.type ?? 'aanbieder',
    percelen: organisation?.percelen.join(',') ?? '',
    grootte: organisation?.grootte ?? '',
    herkomst: organisation?.herkomst ?? '',
    kvkNumber: organisation?.kvkNumber ?? '',
    contracted: organisation && !organisation.contracted ? 'nee' : 'ja',
  };
}

export function organisationFormView(values: OrganisationFormValues, errors: readonly string[]): RenderInput {
  return {
    view: {
      isNew: values.organisationId === '',
      errors: [...errors],
      perceelChoices: PERCELEN.map((p) => ({ title: `${p}. ${PERCEEL_NAMES[p]}`, value: String(p) })),
    },
    form: { ...values },
  };
}

export interface PersonFormValues {
  readonly personId: string;
  readonly etag: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly organisationId: string;
  readonly role: string;
  readonly isAdmin: string;
}

export function personFormValues(person?: Person, etag = '', organisationId = ''): PersonFormValues {
  const membership =
    person?.memberships.find((m) => !organisationId || m.organisationId === organisationId) ??
    person?.memberships[0];
  return {
    personId: person?.id ?? '',
    etag,
    name: person?.name ?? '',
    email: person?.email ?? '',
    phone: person?.phone ?? '',
    organisationId: organisationId || membership?.organisationId || '',
    role: membership?.role ?? 'contactpersoon',
    isAdmin: person?.isAdmin ? 'ja' : 'nee',
  };
}

export function personFormView(
  values: PersonFormValues,
  organisations: readonly Organisation[],
  errors: readonly string[],
): RenderInput {
  return {
    view: {
      isNew: values.personId === '',
      errors: [...errors],
    },
    // Choice titles are plain text in Teams (no markdown), so names go unescaped.
    form: { ...values, organisationChoices: organisations.map((o) => ({ title: o.name, value: o.id })) },
  };
}
