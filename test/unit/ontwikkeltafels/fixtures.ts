import type { Actor } from '../../../src/domain/registry/actor';
import {
  createOntwikkeltafel,
  type Ontwikkeltafel,
  type OntwikkeltafelInput,
} from '../../../src/domain/ontwikkeltafels/ontwikkeltafel';
import { at, contact, gemeenteAdmin, must, organisation } from '../voorstellen/fixtures';

export const TREKKER_ORG = organisation('org-trek', 'Zorg Trek');
export const trekker: Actor = contact('p-trekker', TREKKER_ORG);
export const otherTrekker: Actor = contact('p-other-trekker', organisation('org-other', 'Zorg Ander'));

export const TAFEL_INPUT: OntwikkeltafelInput = {
  name: 'Ontwikkeltafel Wachtlijsten Jeugd',
  opdracht: 'Breng de wachtlijsten in perceel 3 en 4 in kaart.',
  doel: 'Binnen 14 werkdagen na toewijzing starten.',
  percelen: [3, 4],
  trekkers: [{ personId: 'p-trekker', name: 'Tineke Trekker', organisationId: 'org-trek' }],
  start: '2026-11-15',
  expectedEnd: '2028-06-30',
};

export function tafel(input: Partial<OntwikkeltafelInput> = {}, id = 'ot-1'): Ontwikkeltafel {
  return must(
    createOntwikkeltafel(
      { id, input: { ...TAFEL_INPUT, ...input } },
      gemeenteAdmin(),
      at('2026-11-01 10:00'),
    ),
  ).tafel;
}

export function otherTafel(): Ontwikkeltafel {
  return tafel(
    {
      name: 'Ontwikkeltafel Huishoudelijke Hulp',
      trekkers: [{ personId: 'p-other-trekker', name: 'Ander', organisationId: 'org-other' }],
      percelen: [1],
    },
    'ot-2',
  );
}
