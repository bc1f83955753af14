import { DEFAULT_SCHEMA, type Ontwikkeltafel } from '../domain/ontwikkeltafels';
import { toTafelDocument, type OntwikkeltafelDocument } from '../storage/ontwikkeltafelsRepository';

/**
 * The demo's ontwikkeltafel (local trial only): started in January 2026 with the half-yearly schedule, so in the
 * demo a report is overdue, the next one is running, and the trekker can write, publish and correct them.
 */
export function demoOntwikkeltafelDocument(ids: {
  readonly trekkerPersonId: string;
  readonly gemeentePersonId: string;
  readonly organisationId: (name: string) => string;
}): OntwikkeltafelDocument {
  const at = '2026-01-15T09:00:00.000Z';
  const tafel: Ontwikkeltafel = {
    id: 'ontwikkeltafel-wachttijden-jeugd',
    name: 'Wachttijden Jeugd-GGZ',
    opdracht:
      'Breng de wachttijden in de percelen Jeugd - Algemeen en Jeugd - GGZ in kaart, zoek de oorzaken en stel verbeteringen voor aan de Overlegtafel.',
    doel: 'Jeugdigen starten binnen 14 werkdagen na de toewijzing met hun hulp.',
    percelen: [3, 4],
    trekkers: [
      {
        personId: ids.trekkerPersonId,
        name: 'Tom Trekker',
        organisationId: ids.organisationId('Jeugdhulp De Brug'),
      },
    ],
    participants: ['Jeugdhulp De Brug', 'Praktijk Kompas GGZ'].map((name) => ({
      organisationId: ids.organisationId(name),
      name,
      joinedAt: at,
    })),
    start: '2026-01-15',
    expectedEnd: '2027-12-31',
    status: 'actief',
    endedOn: null,
    schedule: DEFAULT_SCHEMA,
    createdAt: at,
    createdBy: {
      personId: ids.gemeentePersonId,
      personName: 'Femke de Gemeente',
      organisationId: ids.organisationId('Gemeente Rivierstad'),
      organisationName: 'Gemeente Rivierstad',
      capacity: 'gemeente',
    },
    updatedAt: at,
  };
  return toTafelDocument(tafel);
}
