import type { Actor } from '../registry/actor';
import type { Organisation } from '../registry/registry';
import { refuse, succeed, type Result } from '../shared/result';
import { toIsoInstant } from '../time/amsterdam';
import { gemeenteRecord, requireGemeente } from '../voorstellen/acting';
import type { Ontwikkeltafel } from './ontwikkeltafel';

/**
 * Guests of an ontwikkeltafel [000 §2]: partners from the voorliggend veld, organisations in the registry without
 * a contract, may take part in a table's work. The gemeente adds them. They read the table and its reports; they
 * are no party at the Overlegtafel (the vote's parties come from the published composition, which only contracted
 * aanbieders reach), and they cannot react to or submit voorstellen (those need a contract).
 */

/** A partner from the voorliggend veld: an organisation in the registry that is not contracted. */
export function isVoorliggendVeld(organisation: Organisation): boolean {
  return organisation.type === 'aanbieder' && !organisation.contracted;
}

export function guestOrganisationIds(tafel: Ontwikkeltafel): string[] {
  return (tafel.guests ?? []).map((g) => g.organisationId);
}

/** Whether the person is a contact of a guest organisation of the table. */
export function isGuestOf(actor: Actor, tafel: Ontwikkeltafel): boolean {
  if (actor.kind !== 'person') return false;
  const guests = new Set(guestOrganisationIds(tafel));
  return actor.roles.some((r) => guests.has(r.organisation.id));
}

/** The gemeente adds a partner from the voorliggend veld as a guest; adding it twice changes nothing. */
export function addGuest(
  tafel: Ontwikkeltafel,
  organisation: Organisation,
  actor: Actor,
  now: Date,
): Result<{ tafel: Ontwikkeltafel; events: readonly { type: 'ontwikkeltafel.gast-toegevoegd' }[] }> {
  const gemeente = requireGemeente(actor, {
    nl: 'een gast aan een ontwikkeltafel toevoegen',
    en: 'add a guest to an ontwikkeltafel',
  });
  if (!gemeente.ok) return gemeente;
  if (tafel.status !== 'actief') {
    return refuse('ontwikkeltafel.ended', {
      nl: `${tafel.name} is beëindigd.`,
      en: `${tafel.name} has ended.`,
    });
  }
  if (!isVoorliggendVeld(organisation)) {
    return refuse('ontwikkeltafel.guest-contracted', {
      nl: `${organisation.name} is geen partner uit het voorliggend veld: gecontracteerde aanbieders nemen deel via de uitnodiging, gemeenten en de lokale toegang zitten al aan de Overlegtafel.`,
      en: `${organisation.name} is not a partner from the voorliggend veld: contracted providers take part through the invitation, gemeenten and the lokale toegang already sit at the Overlegtafel.`,
    });
  }
  if ((tafel.guests ?? []).some((g) => g.organisationId === organisation.id))
    return succeed({ tafel, events: [] });
  const at = toIsoInstant(now);
  return succeed({
    tafel: {
      ...tafel,
      guests: [
        ...(tafel.guests ?? []),
        {
          organisationId: organisation.id,
          name: organisation.name,
          addedAt: at,
          addedBy: gemeenteRecord(gemeente.value),
        },
      ],
      updatedAt: at,
    },
    events: [{ type: 'ontwikkeltafel.gast-toegevoegd' }],
  });
}
