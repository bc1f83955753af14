import type { Locale, RenderInput } from '../../src/cards/renderCard';
import { messageView, profileView, unknownUserView, welcomeView } from '../../src/cards/views/welcomeViews';
import {
  organisationFormValues,
  organisationFormView,
  personFormValues,
  personFormView,
  registryOverviewView,
} from '../../src/cards/views/registryViews';
import type { Actor } from '../../src/domain/registry/actor';
import type { Organisation, Person } from '../../src/domain/registry/registry';
import { deliveryReportView } from '../../src/cards/views/deliveryViews';
import type { BroadcastJobDocument } from '../../src/delivery/deliveryRepository';
import { inschrijvingCardSamples } from './inschrijvingSamples';
import { voorstellenCardSamples } from './voorstellenSamples';
import { meetingsCardSamples } from './meetingsSamples';
import { signalenCardSamples } from './signalenSamples';
import { ontwikkeltafelsCardSamples } from './ontwikkeltafelsSamples';
import { publicatiesCardSamples } from './publicatiesSamples';
import { auditCardSamples } from './auditSamples';
import { reachCardSamples } from './reachSamples';

/**
 * Sample data for every card template, built through the same view functions the bot uses.
 * The card tests require a sample for each template in src/cards/templates: a new template without one fails.
 */

export const HOSTILE =
  '[klik hier](https://evil.example) **vet** <at>Iedereen</at> _x_ `code` ${strings.title}';

export const sampleOrganisations: Organisation[] = [
  {
    id: 'org-a',
    name: 'Zorggroep Maas en Waal',
    type: 'aanbieder',
    percelen: [2, 3, 4],
    grootte: 'groot',
    herkomst: 'regionaal',
    kvkNumber: '12345678',
    contracted: true,
  },
  {
    id: 'org-b',
    name: HOSTILE,
    type: 'aanbieder',
    percelen: [1],
    grootte: 'klein',
    herkomst: 'lokaal',
    kvkNumber: null,
    contracted: true,
  },
  {
    id: 'org-g',
    name: 'Gemeente Rivierstad',
    type: 'gemeente',
    percelen: [],
    grootte: null,
    herkomst: null,
    kvkNumber: null,
    contracted: true,
  },
];

export const samplePerson: Person = {
  id: 'person-1',
  name: 'Karim Contact',
  email: 'karim@example.org',
  phone: null,
  aadObjectId: 'aad-1',
  memberships: [{ organisationId: 'org-a', role: 'contactpersoon' }],
  isAdmin: true,
};

export const sampleActor: Actor & { kind: 'person' } = {
  kind: 'person',
  person: samplePerson,
  roles: [{ organisation: sampleOrganisations[0]!, role: 'contactpersoon' }],
  trekkerOf: [{ ontwikkeltafelId: 't1', name: 'Wachttijden Jeugd-GGZ' }],
};

const sampleJob: BroadcastJobDocument = {
  id: 'job',
  broadcastId: 'ronde-2027-uitnodiging',
  kind: 'job',
  title: HOSTILE,
  topic: 'test',
  message: { card: { type: 'AdaptiveCard' }, text: 'x' },
  mode: 'send',
  status: 'active',
  createdAt: '2027-01-01T10:00:00.000Z',
  createdByPersonId: null,
  report: null,
  finishedAt: null,
};

/**
 * Every template's samples with the views run in one language (a few samples stay in the other one on purpose,
 * so both are exercised in every run); `cardSamples` is the Dutch set.
 */
export function cardSamplesIn(locale: Locale): Record<string, RenderInput[]> {
  const inLocale = (nl: string, en: string) => (locale === 'en' ? en : nl);
  return {
    deliveryReport: [
      deliveryReportView(
        {
          job: sampleJob,
          counts: { total: 40, pending: 5, sending: 2, sent: 30, failed: 3 },
          sentBy: { teams: 28, email: 2 },
          possiblyTwice: 2,
          failures: Array.from({ length: 30 }, (_, i) => ({
            name: `Persoon ${i}`,
            organisations: 'Zorg BV',
            status: 'failed' as const,
            channel: i % 2 === 0 ? ('teams' as const) : ('email' as const),
            reason: 'Geen toegang (403)',
            reasonEn: 'No access (403)',
            failureCode: i % 2 === 0 ? null : 'email.rejected',
            failureStatus: i % 2 === 0 ? null : 550,
            failureDetail: i % 2 === 0 ? '' : HOSTILE,
            interrupted: false,
          })),
          recipients: Array.from({ length: 2 }, (_, i) => ({
            name: `${HOSTILE} ${i}`,
            organisations: 'Zorg BV',
            status: 'sent' as const,
            channel: 'email' as const,
            reason: '',
            failureCode: null,
            failureStatus: null,
            failureDetail: '',
            interrupted: i === 0,
          })),
        },
        locale,
      ),
      deliveryReportView(
        {
          job: { ...sampleJob, status: 'done' },
          counts: { total: 1, pending: 0, sending: 0, sent: 1, failed: 0 },
          sentBy: { teams: 1, email: 0 },
          possiblyTwice: 1,
          failures: [],
          recipients: [],
        },
        locale,
      ),
    ],
    welcome: [
      welcomeView(sampleActor, { demoMode: true }, locale, true),
      welcomeView(
        { ...sampleActor, roles: [], trekkerOf: [], person: { ...samplePerson, isAdmin: false } },
        { demoMode: false },
        locale,
        false,
      ),
    ],
    unknownUser: [unknownUserView('iemand@example.org', true), unknownUserView('', false)],
    message: [
      messageView(
        inLocale('Opgeslagen', 'Saved'),
        [inLocale('Het is gelukt.', 'It worked.')],
        'good',
        'help.show',
      ),
      messageView(inLocale('Fout', 'Error'), [], 'attention'),
    ],
    profile: [profileView(sampleActor, locale)],
    registryOverview: [
      registryOverviewView(sampleOrganisations, [samplePerson], '', locale),
      registryOverviewView([], [], 'niets', locale),
    ],
    organisationForm: [
      organisationFormView(organisationFormValues(), []),
      organisationFormView(organisationFormValues(sampleOrganisations[0], 'etag-1'), [
        inLocale('Vul de naam in.', 'Fill in the name.'),
      ]),
    ],
    personForm: [
      personFormView(personFormValues(), sampleOrganisations, []),
      personFormView(personFormValues(samplePerson, 'etag-2'), sampleOrganisations, [
        inLocale('Vul een geldig e-mailadres in.', 'Enter a valid e-mail address.'),
      ]),
    ],
    demoRoles: [
      {
        view: {
          current: inLocale('Gemeente', 'Municipality'),
          roles: [
            {
              key: 'gemeente',
              title: inLocale('Gemeente (beheerder)', 'Municipality (admin)'),
              description: inLocale('Beheer', 'Administration'),
            },
          ],
        },
      },
    ],
    ...inschrijvingCardSamples(locale),
    ...voorstellenCardSamples(locale),
    ...meetingsCardSamples(locale),
    ...signalenCardSamples(locale),
    ...ontwikkeltafelsCardSamples(locale),
    ...publicatiesCardSamples(locale),
    ...auditCardSamples(locale),
    ...reachCardSamples(locale),
  };
}

export const cardSamples: Record<string, RenderInput[]> = cardSamplesIn('nl');
