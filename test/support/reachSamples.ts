import { type RenderInput, type Locale } from '../../src/cards/renderCard';
import { reachCsvView, reachOverviewView } from '../../src/cards/views/reachViews';
import { reachCsv, reachOf, summariseReach, type ReachContact } from '../../src/domain/reach/reach';
import type { ReachOverview } from '../../src/reach/reachService';
import { HOSTILE } from './cardSamples';

/** Reach overview and CSV samples for the card template tests (through the bot's own view functions). */
export function reachCardSamples(locale: Locale = 'nl'): Record<string, RenderInput[]> {
  const organisations = [
    { id: 'org-a', name: 'Zorggroep Maas en Waal' },
    { id: 'org-b', name: HOSTILE },
    { id: 'org-c', name: 'Stichting Zonder Contacten' },
  ];
  const contact = (
    i: number,
    organisationId: string,
    conversation: boolean,
    email: string,
  ): ReachContact => ({
    personId: `p-${i}`,
    name: i === 3 ? HOSTILE : `Contact ${i}`,
    email,
    organisationId,
    role: 'contactpersoon',
    reach: reachOf({
      email,
      hasConversation: conversation,
      aadObjectId: null,
      installEnabled: true,
      lookup: i === 2 ? { result: 'guest', objectId: 'x', checkedAt: '2026-12-01T10:00:00Z' } : undefined,
    }),
  });
  const contacts = [
    contact(1, 'org-a', true, 'a@zorg.example'),
    contact(2, 'org-a', false, 'b@zorg.example'),
    contact(3, 'org-b', false, 'c@klein.example'),
    contact(4, 'org-b', false, 'geen adres'),
  ];
  const overview = (installEnabled: boolean, many: boolean): ReachOverview => {
    const orgs = many
      ? Array.from({ length: 40 }, (_, i) => ({ id: `org-${i}`, name: `Aanbieder ${i}` }))
      : organisations;
    return {
      installEnabled,
      organisations: orgs,
      contacts,
      summary: summariseReach(orgs, contacts),
      lookedUp: installEnabled ? 2 : 0,
      lookupProblem: installEnabled ? 'throttled' : null,
    };
  };
  const csv = reachCsv(organisations, contacts, { separator: ';', byteOrderMark: true });
  return {
    reachOverview: [
      reachOverviewView(overview(true, false), locale),
      reachOverviewView(overview(false, true), locale),
      reachOverviewView(
        { ...overview(false, false), organisations: [], contacts: [], summary: summariseReach([], []) },
        locale,
      ),
    ],
    reachCsv: [reachCsvView(csv, 1, locale), reachCsvView(csv.repeat(200), 2, locale)],
  };
}
