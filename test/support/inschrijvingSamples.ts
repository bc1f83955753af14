import { escapeCardText, type RenderInput, type Locale } from '../../src/cards/renderCard';
import {
  compositionFormView,
  drawFormView,
  outcomeView,
  personalMessageView,
  publicationView,
} from '../../src/cards/views/drawViews';
import {
  defaultOpenRoundInput,
  invitationView,
  overviewView,
  registrationFormView,
  roundFormView,
  statusView,
} from '../../src/cards/views/inschrijvingViews';
import {
  applyDraw,
  applyPublication,
  changeComposition,
  drawRegistrations,
  publicationPlan,
  registrationDefaults,
  validateOpenRound,
  validateRegistration,
  type Round,
  type RoundRegistration,
} from '../../src/domain/inschrijving';
import { buildDrawRecord, type DrawRecord } from '../../src/domain/lottery';
import type { Grootte, Herkomst, Organisation, Perceel } from '../../src/domain/registry/registry';

/**
 * A complete registration round built through the domain functions the bot uses: opened, twelve registrations
 * (one with a hostile name) for nine seats, drawn, changed once and published. Used for the card samples and the unit tests.
 */

export const HOSTILE_NAME =
  '[klik hier](https://evil.example) **vet** <at>Iedereen</at> _x_ `code` ${strings.title}';
export const OPENED_AT = new Date('2026-11-02T09:00:00Z');
export const AFTER_DEADLINE = new Date('2027-01-15T12:00:01+01:00');

export function sampleAanbieder(
  n: number,
  percelen: Perceel[],
  grootte: Grootte,
  herkomst: Herkomst,
  name = `Aanbieder ${n}`,
): Organisation {
  return {
    id: `org-aanbieder-${n}`,
    name,
    type: 'aanbieder',
    percelen,
    grootte,
    herkomst,
    kvkNumber: null,
    contracted: true,
  };
}

export const SAMPLE_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

/**
 * A round opened on the card: commit–reveal ('toezegging'). The older kinds ('aangekondigd', 'gegenereerd') can no
 * longer be opened but must still load and render, so they are made by rewriting the seed plan as stored rounds
 * from before the change have it.
 */
export function openSampleRound(
  seedMode: 'toezegging' | 'aangekondigd' | 'gegenereerd' = 'toezegging',
): Round {
  const opened = validateOpenRound(
    {
      ...defaultOpenRoundInput(OPENED_AT),
      year: '2027',
      deadlineDate: '2027-01-15',
      deadlineTime: '12:00',
      seedSource: 'slotkoers AEX op 16 januari 2027',
      publicValueDate: '2027-01-16',
    },
    { now: OPENED_AT, personId: 'person-admin', secret: SAMPLE_SECRET },
  );
  if (!opened.ok) throw new Error(opened.messages.join(' '));
  const round = opened.value;
  const announcedAt = round.seed.announcedAt;
  if (seedMode === 'aangekondigd') {
    return {
      ...round,
      seed: { mode: seedMode, source: 'slotkoers AEX op 15 januari 2027', seed: null, announcedAt },
    };
  }
  if (seedMode === 'gegenereerd') {
    return {
      ...round,
      seed: { mode: seedMode, source: '', seed: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', announcedAt },
    };
  }
  return round;
}

export function sampleRegistration(
  round: Round,
  organisation: Organisation,
  perceel: Perceel,
): RoundRegistration {
  const registered = validateRegistration(
    {
      ...registrationDefaults(organisation, []),
      perceel: String(perceel),
      contactpersoonName: `Contact ${organisation.id}`,
      contactpersoonEmail: `contact@${organisation.id}.example`,
      vervangerName: `Vervanger ${organisation.id}`,
      vervangerEmail: `vervanger@${organisation.id}.example`,
      motivation: `Wij willen bijdragen: ${organisation.name}`,
    },
    { round, organisation, personId: 'person-contact', now: new Date('2026-12-01T10:00:00Z') },
  );
  if (!registered.ok) throw new Error(registered.messages.join(' '));
  return registered.value;
}

export interface SampleRound {
  readonly open: Round;
  readonly drawn: Round;
  readonly changed: Round;
  readonly published: Round;
  readonly organisations: Organisation[];
  readonly registrations: RoundRegistration[];
  readonly record: DrawRecord;
}

export function buildSampleRound(): SampleRound {
  const open = openSampleRound();
  const organisations = [
    sampleAanbieder(1, [1], 'klein', 'lokaal', HOSTILE_NAME),
    sampleAanbieder(2, [1, 2], 'groot', 'regionaal'),
    sampleAanbieder(3, [2], 'middel', 'lokaal'),
    sampleAanbieder(4, [3], 'klein', 'regionaal'),
    sampleAanbieder(5, [3, 4], 'groot', 'lokaal'),
    sampleAanbieder(6, [4], 'middel', 'regionaal'),
    sampleAanbieder(7, [5], 'klein', 'lokaal'),
    sampleAanbieder(8, [2], 'klein', 'regionaal'),
    sampleAanbieder(9, [1], 'middel', 'regionaal'),
    sampleAanbieder(10, [3], 'middel', 'lokaal'),
    sampleAanbieder(11, [4], 'klein', 'lokaal'),
    sampleAanbieder(12, [5], 'groot', 'regionaal'),
  ];
  const registrations = organisations.map((o) => sampleRegistration(open, o, o.percelen[0] as Perceel));
  const record = buildDrawRecord({
    registrations: drawRegistrations(registrations, new Set(['org-aanbieder-2'])),
    framework: {
      ...open.framework,
      seats: 9,
      continuity: { minimumReturning: 1 },
      inflow: { minimumNewcomers: 1 },
    },
    seed: '912,37',
    seedSource: 'aangekondigd: slotkoers AEX op 15 januari 2027',
    createdAt: AFTER_DEADLINE,
  });
  const framed = { ...open, framework: record.framework };
  const drawn = applyDraw(framed, record, 'person-admin', AFTER_DEADLINE);
  if (!drawn.ok) throw new Error(drawn.messages.join(' '));
  const first = drawn.value.composition!.members[0]!;
  const outsider = registrations.find(
    (r) => !drawn.value.composition!.members.some((m) => m.organisationId === r.organisationId),
  );
  const changed = changeComposition(
    drawn.value,
    registrations,
    {
      remove: first.organisationId,
      add: outsider?.organisationId ?? '',
      reason: `Teruggetrokken: ${HOSTILE_NAME}`,
    },
    'person-admin',
    new Date('2027-01-20T10:00:00Z'),
  );
  if (!changed.ok) throw new Error(changed.messages.join(' '));
  const plan = publicationPlan(drawn.value, registrations);
  if (!plan.ok) throw new Error(plan.messages.join(' '));
  const published = applyPublication(
    drawn.value,
    plan.value,
    ['ronde-2027-samenstelling-v1'],
    'person-admin',
    AFTER_DEADLINE,
  );
  return {
    open: framed,
    drawn: drawn.value,
    changed: changed.value,
    published,
    organisations,
    registrations,
    record,
  };
}

export function inschrijvingCardSamples(locale: Locale = 'nl'): Record<string, RenderInput[]> {
  const s = buildSampleRound();
  const withdrawn: RoundRegistration = { ...s.registrations[1]!, status: 'ingetrokken' };
  return {
    inschrijvingRondeForm: [
      roundFormView(defaultOpenRoundInput(OPENED_AT), []),
      roundFormView({ ...defaultOpenRoundInput(OPENED_AT), seats: 'x', seedSource: HOSTILE_NAME }, [
        HOSTILE_NAME,
      ]),
    ],
    inschrijvingOverzicht: [
      overviewView(s.open, s.registrations, 12, OPENED_AT, locale, {
        title: 'Inschrijfronde geopend',
        messages: [
          locale === 'en' ? 'The invitation goes to 16 people.' : 'De uitnodiging gaat naar 16 personen.',
        ],
        style: 'good',
      }),
      overviewView(s.open, [], 0, AFTER_DEADLINE, locale),
      overviewView(s.open, s.registrations, 12, AFTER_DEADLINE, locale, undefined, [
        {
          organisationId: 'org-vijandig',
          organisationName: HOSTILE_NAME,
          declared: { grootte: 'klein', herkomst: 'lokaal' },
          registry: { grootte: 'groot', herkomst: 'regionaal' },
        },
        {
          organisationId: 'org-leeg',
          organisationName: 'Leeg Register',
          declared: { grootte: 'middel', herkomst: 'lokaal' },
          registry: { grootte: null, herkomst: null },
        },
      ]),
      overviewView(s.changed, [...s.registrations, withdrawn], 9, AFTER_DEADLINE, locale),
    ],
    inschrijvingUitnodiging: [
      invitationView(s.open, locale),
      invitationView(openSampleRound('gegenereerd'), locale),
      invitationView(openSampleRound('aangekondigd'), locale),
      invitationView(
        { ...s.open, framework: { ...s.open.framework, seats: 10 }, deviationReason: HOSTILE_NAME },
        locale,
      ),
      invitationView(s.open, locale, true),
    ],
    inschrijvingForm: [
      registrationFormView(
        s.open,
        s.organisations[1]!,
        registrationDefaults(s.organisations[1]!, []),
        '',
        false,
        [],
        locale,
      ),
      registrationFormView(
        s.open,
        s.organisations[0]!,
        { ...registrationDefaults(s.organisations[0]!, []), motivation: HOSTILE_NAME },
        '"etag-1"',
        true,
        [HOSTILE_NAME],
        locale,
      ),
    ],
    inschrijvingStatus: [
      statusView(
        s.open,
        [
          {
            organisation: s.organisations[0]!,
            registration: { value: s.registrations[0]!, etag: '"etag-1"' },
          },
          { organisation: s.organisations[1]!, registration: { value: withdrawn, etag: '"etag-2"' } },
          { organisation: s.organisations[2]! },
        ],
        OPENED_AT,
        locale,
        { title: 'Inschrijving ontvangen', messages: [escapeCardText(HOSTILE_NAME)], style: 'good' },
      ),
      statusView(s.open, [{ organisation: s.organisations[2]! }], AFTER_DEADLINE, locale),
    ],
    inschrijvingLoting: [
      drawFormView(s.open, 8, [], locale),
      drawFormView(
        openSampleRound('gegenereerd'),
        0,
        [locale === 'en' ? 'The seed is missing' : 'De seed ontbreekt'],
        locale,
      ),
    ],
    inschrijvingUitkomst: [outcomeView(s.drawn, s.record, locale), outcomeView(s.changed, s.record, locale)],
    inschrijvingSamenstelling: [
      compositionFormView(
        s.drawn,
        s.registrations,
        { remove: '', add: '', reason: '' },
        '"etag-3"',
        [],
        locale,
      ),
      compositionFormView(
        s.changed,
        s.registrations,
        { remove: 'org-aanbieder-2', add: '', reason: HOSTILE_NAME },
        '"etag-4"',
        [HOSTILE_NAME],
        locale,
      ),
    ],
    inschrijvingPublicatie: [
      publicationView(s.drawn, s.record, locale),
      publicationView(s.changed, s.record, locale),
    ],
    inschrijvingBericht: [
      personalMessageView('selected', s.drawn, s.record, locale),
      personalMessageView('notSelected', s.drawn, s.record, locale),
      personalMessageView('removed', s.changed, s.record, locale, 1),
    ],
  };
}
