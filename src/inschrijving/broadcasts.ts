import { renderCard, type Locale } from '../cards/renderCard';
import { personalMessageView, publicationView } from '../cards/views/drawViews';
import { invitationView } from '../cards/views/inschrijvingViews';
import {
  broadcastIds,
  deadlineText,
  registrationReminderId,
  type PublicationPlan,
  type Round,
} from '../domain/inschrijving';
import type { BroadcastMessage } from '../domain/delivery/broadcast';
import type { DrawRecord } from '../domain/lottery';
import type { EnqueueRequest } from '../delivery/deliveryService';
import type { BroadcastTitle } from '../domain/delivery/broadcast';
import { inBothLanguages } from '../delivery/recipientLocale';

/**
 * The messages of a round, in Dutch and English (each recipient reads their own language, whoever pressed the button):
 * the invitation, and per publication of the composition the message to all aanbieders and the personal ones
 * to the selected and the not (or no longer) selected. Broadcast ids are deterministic, so sending again sends
 * once.
 */

/** Which message of a publication: to every aanbieder, to the selected, to those not (or no longer) selected. */
export type PublicationPart = 'all' | 'selected' | 'notSelected';

export interface PublicationBroadcast {
  readonly part: PublicationPart;
  readonly request: EnqueueRequest;
}

export function invitationBroadcast(
  round: Round,
  organisationIds: readonly string[],
  personId: string | null,
): EnqueueRequest {
  return {
    broadcastId: broadcastIds.invitation(round),
    title: {
      nl: `Uitnodiging Overlegtafel ${round.year}`,
      en: `Invitation to the Overlegtafel ${round.year}`,
    },
    topic: 'inschrijving.uitnodiging',
    message: inBothLanguages((locale) => ({
      card: renderCard('inschrijvingUitnodiging', locale, invitationView(round, locale)),
      text:
        locale === 'en'
          ? `Register your organisation for the Overlegtafel ${round.year}: you can until ${deadlineText(round, locale)}.`
          : `Schrijf uw organisatie in voor de Overlegtafel ${round.year}: dat kan tot ${deadlineText(round)}.`,
    })),
    audience: { organisationIds },
    requestedByPersonId: personId,
    reportToPersonId: personId,
  };
}

/** The reminder before the deadline, to the organisations that have not registered (one id per moment). */
export function reminderBroadcast(
  round: Round,
  days: number,
  organisationIds: readonly string[],
): EnqueueRequest {
  return {
    broadcastId: registrationReminderId(round, days),
    title: {
      nl: `Herinnering: inschrijven Overlegtafel ${round.year}`,
      en: `Reminder: register for the Overlegtafel ${round.year}`,
    },
    topic: 'inschrijving.herinnering',
    message: inBothLanguages((locale) => ({
      card: renderCard('inschrijvingUitnodiging', locale, invitationView(round, locale, true)),
      text:
        locale === 'en'
          ? `Reminder: your organisation has not yet registered for the Overlegtafel ${round.year}. You can until ${deadlineText(round, locale)}.`
          : `Herinnering: uw organisatie heeft zich nog niet ingeschreven voor de Overlegtafel ${round.year}. Dat kan tot ${deadlineText(round)}.`,
    })),
    audience: { organisationIds },
    requestedByPersonId: null,
  };
}

export function publicationBroadcasts(
  round: Round,
  record: DrawRecord,
  plan: PublicationPlan,
  aanbiederIds: readonly string[],
  personId: string | null,
): PublicationBroadcast[] {
  const { version } = plan;
  const year = round.year;
  const previousVersion = round.publications[round.publications.length - 1]?.version ?? 0;
  const request = (
    broadcastId: string,
    title: BroadcastTitle,
    topic: string,
    build: (locale: Locale) => { card: Record<string, unknown>; text: string },
    organisationIds: readonly string[],
    // The personal messages link the lotingsverslag: whoever was (not) chosen can check the draw themselves.
    publication: BroadcastMessage['publication'] = { kind: 'loting', sourceId: round.id },
  ): EnqueueRequest => ({
    broadcastId,
    title,
    topic,
    message: { ...inBothLanguages(build), publication },
    audience: { organisationIds },
    requestedByPersonId: personId,
    reportToPersonId: personId,
  });
  const toAll = request(
    broadcastIds.composition(round, version),
    { nl: `Samenstelling Overlegtafel ${year}`, en: `Composition of the Overlegtafel ${year}` },
    'inschrijving.samenstelling',
    (locale) => ({
      card: renderCard('inschrijvingPublicatie', locale, publicationView(round, record, locale)),
      text:
        locale === 'en'
          ? `The composition of the Overlegtafel ${year} is known.`
          : `De samenstelling van de Overlegtafel ${year} is bekend.`,
    }),
    aanbiederIds,
    // An e-mail links the public samenstelling once the gemeente has published it.
    { kind: 'samenstelling', sourceId: round.id },
  );
  const broadcasts: PublicationBroadcast[] = [{ part: 'all', request: toAll }];
  if (plan.selectedIds.length > 0) {
    broadcasts.push({
      part: 'selected',
      request: request(
        broadcastIds.selected(round, version),
        { nl: `Gekozen voor de Overlegtafel ${year}`, en: `Chosen for the Overlegtafel ${year}` },
        'inschrijving.gekozen',
        (locale) => ({
          card: renderCard(
            'inschrijvingBericht',
            locale,
            personalMessageView('selected', round, record, locale),
          ),
          text:
            locale === 'en'
              ? `Your organisation has a seat at the Overlegtafel ${year}.`
              : `Uw organisatie zit aan de Overlegtafel ${year}.`,
        }),
        plan.selectedIds,
      ),
    });
  }
  if (plan.notSelectedIds.length > 0) {
    const kind = plan.firstPublication ? 'notSelected' : 'removed';
    broadcasts.push({
      part: 'notSelected',
      request: request(
        broadcastIds.notSelected(round, version),
        { nl: `Uitkomst Overlegtafel ${year}`, en: `Outcome of the Overlegtafel ${year}` },
        'inschrijving.niet-gekozen',
        (locale) => ({
          card: renderCard(
            'inschrijvingBericht',
            locale,
            personalMessageView(kind, round, record, locale, previousVersion),
          ),
          text:
            locale === 'en'
              ? plan.firstPublication
                ? `Your organisation was not chosen for the Overlegtafel ${year}.`
                : `The composition of the Overlegtafel ${year} has changed.`
              : plan.firstPublication
                ? `Uw organisatie is niet gekozen voor de Overlegtafel ${year}.`
                : `De samenstelling van de Overlegtafel ${year} is gewijzigd.`,
        }),
        plan.notSelectedIds,
      ),
    });
  }
  return broadcasts;
}
