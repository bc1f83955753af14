/**
 * The words people type to the bot. Dutch first; English aliases for an en locale. The manifest's command list
 * is generated from MANIFEST_COMMANDS, and a test checks that both stay equal.
 */

export type CommandName =
  | 'help'
  | 'profiel'
  | 'organisaties'
  | 'rol'
  | 'taal'
  | 'ronde'
  | 'inschrijven'
  | 'voorstellen'
  | 'signalen'
  | 'tafels'
  | 'vergaderingen'
  | 'publicaties'
  | 'audit'
  | 'bereik';

const ALIASES: Readonly<Record<string, CommandName>> = {
  help: 'help',
  hulp: 'help',
  '?': 'help',
  menu: 'help',
  start: 'help',
  hallo: 'help',
  hoi: 'help',
  hi: 'help',
  hello: 'help',
  profiel: 'profiel',
  profile: 'profiel',
  organisaties: 'organisaties',
  organisations: 'organisaties',
  samenstelling: 'organisaties',
  voorstellen: 'voorstellen',
  voorstel: 'voorstellen',
  stemmen: 'voorstellen',
  proposals: 'voorstellen',
  proposal: 'voorstellen',
  signalen: 'signalen',
  signaal: 'signalen',
  signals: 'signalen',
  pilot: 'signalen',
  pilots: 'signalen',
  tafels: 'tafels',
  ontwikkeltafels: 'tafels',
  rapportage: 'tafels',
  tables: 'tafels',
  vergaderingen: 'vergaderingen',
  vergadering: 'vergaderingen',
  agenda: 'vergaderingen',
  meetings: 'vergaderingen',
  publicaties: 'publicaties',
  openbaar: 'publicaties',
  publications: 'publicaties',
  // Typed only (the manifest holds ten commands); also an action on the gemeente's help card.
  audit: 'audit',
  audittrail: 'audit',
  // Typed only too; also a button on the gemeente's help card (reach per contact, issue 15).
  bereik: 'bereik',
  reach: 'bereik',
  bereikbaarheid: 'bereik',
  rol: 'rol',
  role: 'rol',
  taal: 'taal',
  language: 'taal',
  ronde: 'ronde',
  inschrijfronde: 'ronde',
  loting: 'ronde',
  round: 'ronde',
  inschrijven: 'inschrijven',
  inschrijving: 'inschrijven',
  register: 'inschrijven',
  registration: 'inschrijven',
};

export interface ParsedCommand {
  readonly name: CommandName | undefined;
  /** The first word as typed (lower case), to echo in an "unknown command" answer. */
  readonly word: string;
  readonly argument: string;
}

export const MAX_MESSAGE_LENGTH = 2000;

export function parseCommand(text: string | undefined): ParsedCommand {
  const trimmed = (text ?? '').replace(/<[^>]*>/g, ' ').trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase().replace(/^\//, '');
  return { name: ALIASES[word], word, argument: rest.join(' ') };
}

/**
 * Personal-scope commands for appPackage/manifest.json (Teams shows them as suggestions). Teams allows ten, so
 * the gemeente-only `publicaties` and `audit` are typed (and listed on the gemeente's help card) but not suggested,
 * and the demo-only `rol` is never suggested: a production tenant has no demo.
 */
export const MANIFEST_COMMANDS: ReadonlyArray<{ readonly title: string; readonly description: string }> = [
  { title: 'help', description: 'Wat kan ik hier doen?' },
  { title: 'profiel', description: 'Mijn organisatie en rollen' },
  { title: 'organisaties', description: 'Organisaties en contactpersonen beheren (gemeente)' },
  { title: 'signalen', description: 'Signalen afgeven en volgen, pilots aanvragen' },
  { title: 'taal', description: 'Taal wijzigen: taal nl of taal en' },
  { title: 'ronde', description: 'Inschrijfronde en loting Overlegtafel (gemeente)' },
  { title: 'inschrijven', description: 'Inschrijven voor de Overlegtafel (aanbieders)' },
  { title: 'voorstellen', description: 'Voorstellen: indienen, reageren en stemmen' },
  { title: 'tafels', description: 'Ontwikkeltafels: portfolio en voortgangsrapportages' },
  { title: 'vergaderingen', description: 'Vergaderingen: agenda, aanwezigheid en verslag' },
];
