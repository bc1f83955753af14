import type { Actor } from '../../../src/domain/registry/actor';
import {
  planMeeting,
  type Meeting,
  type MeetingInput,
  type MeetingMember,
} from '../../../src/domain/meetings/meeting';
import { at, contact, gemeenteAdmin, GEMEENTE_ORG, must, organisation } from '../voorstellen/fixtures';

export const AANBIEDERS = ['A', 'B', 'C', 'D', 'E'].map((x) =>
  organisation(`org-${x.toLowerCase()}`, `Zorg ${x}`),
);
export const LOKALE_TOEGANG = organisation('org-lt', 'Sociaal Team', 'lokale-toegang');

export const MEMBERS: MeetingMember[] = [
  { organisationId: GEMEENTE_ORG.id, name: GEMEENTE_ORG.name, type: 'gemeente' },
  { organisationId: LOKALE_TOEGANG.id, name: LOKALE_TOEGANG.name, type: 'lokale-toegang' },
  ...AANBIEDERS.map((o) => ({ organisationId: o.id, name: o.name, type: o.type })),
];

export function contactOf(letter: string, role: 'contactpersoon' | 'vervanger' = 'contactpersoon'): Actor {
  const org = AANBIEDERS.find((o) => o.id === `org-${letter.toLowerCase()}`);
  if (!org) throw new Error(`no aanbieder ${letter}`);
  return contact(`p-${letter.toLowerCase()}-${role}`, org, role);
}

export const PLANNED_AT = at('2027-01-05 10:00');

export const MEETING_INPUT: MeetingInput = {
  table: 'overlegtafel',
  start: '2027-03-30 14:00',
  end: '2027-03-30 16:00',
  location: 'Stadhuis Zaltbommel, Raadzaal',
  proposalCutoff: '2027-03-16 17:00',
  members: MEMBERS,
  agenda: [
    { title: 'Opening en mededelingen', owner: 'Gemeente' },
    { title: 'Verlengen overeenkomst', owner: 'Gemeente', description: 'Kostprijsonderzoek, ja of nee?' },
  ],
};

export function meeting(input: Partial<MeetingInput> = {}, id = 'm-1', now = PLANNED_AT): Meeting {
  return must(planMeeting({ id, input: { ...MEETING_INPUT, ...input } }, gemeenteAdmin(), now)).meeting;
}
