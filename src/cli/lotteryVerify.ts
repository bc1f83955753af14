/**
 * `npm run lottery:verify -- <lotingsverslag.json> [--lang nl|en]`: re-runs a published draw from its record and
 * says whether the record holds, in the terminal's language (see cliLanguage). Exit code 0 = confirmed,
 * 1 = refuted, 2 = the file could not be read, is not JSON, is not a lotingsverslag at all (no `algorithmVersion`
 * of the form `tafelbot-loting/<n>`), or is one of a version this verifier does not know.
 */
import { readFile } from 'node:fs/promises';
import {
  ALGORITHM_VERSION,
  COMMIT_REVEAL_VERSION,
  describeReasonEn,
  unmetRuleMessages,
  verifyDrawRecord,
  type DrawRecord,
} from '../domain/lottery';
import { cliLanguage, type CliEnvironment, type CliLocale } from './cliLanguage';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

export const EXIT_CONFIRMED = 0;
export const EXIT_REFUTED = 1;
export const EXIT_UNREADABLE = 2;

const KNOWN_VERSIONS: readonly string[] = [COMMIT_REVEAL_VERSION, ALGORITHM_VERSION];

/** Everything the tool says, per language; the record's own fields (title, names, reasons) are shown as recorded. */
const TEXT = {
  nl: {
    usage: 'Gebruik: npm run lottery:verify -- <lotingsverslag.json> [--lang nl|en]',
    oneFile: 'Geef precies één bestand op.',
    cannotRead: (path: string, why: string) => `Kan het bestand '${path}' niet lezen: ${why}`,
    missing: 'het bestaat niet',
    directory: 'het is een map',
    noAccess: 'geen leesrechten',
    notJson: (path: string, why: string) => `Het bestand '${path}' is geen geldige JSON: ${why}`,
    notARecord: (path: string) =>
      `Het bestand '${path}' is geen lotingsverslag: verwacht een JSON-object met onder meer 'algorithmVersion' (bijvoorbeeld '${COMMIT_REVEAL_VERSION}'), 'seed' en 'registrations'`,
    unknownVersion: (path: string, version: string) =>
      `Het lotingsverslag '${path}' heeft versie '${version}'; deze controle kent alleen ${KNOWN_VERSIONS.map((v) => `'${v}'`).join(' en ')}. Gebruik een nieuwere versie van Tafelbot.`,
    refuted: (path: string, committed: boolean) =>
      `Weerlegd: het lotingsverslag '${path}' klopt niet${committed ? '' : ' (verslag zonder toezegging)'}.`,
    confirmed: (title: string) =>
      `Bevestigd: het lotingsverslag '${title}' klopt; de herberekening geeft dezelfde uitkomst.`,
    algorithm: '  Algoritme:      ',
    seed: '  Seed:           ',
    seedSource: '  Herkomst seed:  ',
    noCommitment:
      '  Toezegging:     zonder toezegging (verslag van het oudere soort: niets bewijst dat de seed pas na de sluitingstermijn bekend was)',
    commitment: (at: string, deadline: string) =>
      `  Toezegging:     met toezegging, gepubliceerd ${at}, vóór de sluitingstermijn ${deadline}`,
    secretHash: (hash: string) => `    SHA-256 van het geheim: ${hash} (klopt met het onthulde geheim)`,
    publicValue: '    Openbare waarde: ',
    deviations: '  Afwijkingen van Bijlage 9:',
    noDeviations: '  Afwijkingen van Bijlage 9: geen',
    deviation: (rule: string, chosen: string, prescribed: string, reason: string) =>
      `    - ${rule}: ${chosen} in plaats van ${prescribed}; reden: ${reason}`,
    registrations: (count: number, hash: string) => `  Inschrijvingen: ${count} (SHA-256 ${hash})`,
    seats: (filled: number, seats: number) => `  Zetels:         ${filled} van ${seats} gevuld`,
    selected: '  Gekozen, in lotingsvolgorde:',
    reserve: (count: number) => `  Reservelijst:   ${count} ${count === 1 ? 'aanbieder' : 'aanbieders'}`,
    noUnmet: '  Niet-gehaalde regels: geen',
    unmet: '  Niet-gehaalde regels:',
    exact: '  Kansen:         exact berekend, opnieuw berekend en gelijk',
    simulated: (runs: number | undefined) =>
      `  Kansen:         geschat met ${runs} simulaties, opnieuw gesimuleerd en gelijk`,
  },
  en: {
    usage: 'Usage: npm run lottery:verify -- <draw-record.json> [--lang nl|en]',
    oneFile: 'Give exactly one file.',
    cannotRead: (path: string, why: string) => `Cannot read the file '${path}': ${why}`,
    missing: 'it does not exist',
    directory: 'it is a directory',
    noAccess: 'no permission to read it',
    notJson: (path: string, why: string) => `The file '${path}' is not valid JSON: ${why}`,
    notARecord: (path: string) =>
      `The file '${path}' is not a draw record (lotingsverslag): expected a JSON object with among others 'algorithmVersion' (for example '${COMMIT_REVEAL_VERSION}'), 'seed' and 'registrations'`,
    unknownVersion: (path: string, version: string) =>
      `The draw record '${path}' has version '${version}'; this check only knows ${KNOWN_VERSIONS.map((v) => `'${v}'`).join(' and ')}. Use a newer version of Tafelbot.`,
    refuted: (path: string, committed: boolean) =>
      `Refuted: the draw record '${path}' does not hold${committed ? '' : ' (record without commitment)'}.`,
    confirmed: (title: string) =>
      `Confirmed: the draw record '${title}' holds; re-running the draw gives the same outcome.`,
    algorithm: '  Algorithm:      ',
    seed: '  Seed:           ',
    seedSource: '  Seed source:    ',
    noCommitment:
      '  Commitment:     none (a record of the older kind: nothing proves the seed became known only after the registration deadline)',
    commitment: (at: string, deadline: string) =>
      `  Commitment:     published ${at}, before the registration deadline ${deadline}`,
    secretHash: (hash: string) => `    SHA-256 of the secret: ${hash} (matches the revealed secret)`,
    publicValue: '    Public value: ',
    deviations: '  Deviations from Bijlage 9:',
    noDeviations: '  Deviations from Bijlage 9: none',
    deviation: (rule: string, chosen: string, prescribed: string, reason: string) =>
      `    - ${rule}: ${chosen} instead of ${prescribed}; reason: ${reason}`,
    registrations: (count: number, hash: string) => `  Registrations:  ${count} (SHA-256 ${hash})`,
    seats: (filled: number, seats: number) => `  Seats:          ${filled} of ${seats} filled`,
    selected: '  Selected, in draw order:',
    reserve: (count: number) => `  Reserve list:   ${count} ${count === 1 ? 'provider' : 'providers'}`,
    noUnmet: '  Rules not met:  none',
    unmet: '  Rules not met:',
    exact: '  Probabilities:  computed exactly, recomputed and equal',
    simulated: (runs: number | undefined) =>
      `  Probabilities:  estimated with ${runs} simulations, simulated again and equal`,
  },
} as const;

type Text = (typeof TEXT)[CliLocale];

function readError(text: Text, path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return text.cannotRead(path, text.missing);
  if (code === 'EISDIR') return text.cannotRead(path, text.directory);
  if (code === 'EACCES') return text.cannotRead(path, text.noAccess);
  return text.cannotRead(path, (error as Error).message);
}

/** Whether the seed was committed before the deadline: the first thing a sceptical reader wants to know. */
function commitmentLines(text: Text, record: DrawRecord): string[] {
  const c = record.seedCommitment;
  if (record.algorithmVersion !== COMMIT_REVEAL_VERSION || !c) return [text.noCommitment];
  return [
    text.commitment(c.committedAt, c.registrationDeadline),
    text.secretHash(c.commitment),
    `${text.publicValue}${c.publicValue} (${c.publicValueSource}, ${c.publicValueDate})`,
    ...(record.deviations && record.deviations.length > 0
      ? [
          text.deviations,
          ...record.deviations.map((d) =>
            text.deviation(d.rule, String(d.chosen), String(d.bijlage9), d.reason),
          ),
        ]
      : [text.noDeviations]),
  ];
}

function summary(locale: CliLocale, record: DrawRecord): string[] {
  const text = TEXT[locale];
  const { outcome, framework, probabilities } = record;
  const unmet = unmetRuleMessages(record).map((message) => message[locale]);
  return [
    text.confirmed(record.title),
    `${text.algorithm}${record.algorithmVersion}`,
    `${text.seed}${record.seed}`,
    `${text.seedSource}${record.seedSource}`,
    ...commitmentLines(text, record),
    text.registrations(record.registrations.length, record.registrationsSha256),
    text.seats(outcome.seatsFilled, framework.seats),
    text.selected,
    ...outcome.selected.map(
      (entry) =>
        `    ${entry.rank}. ${entry.organisationName}: ${
          locale === 'en' ? describeReasonEn(entry.reason, entry.perceel) : entry.reasonDescription
        }`,
    ),
    text.reserve(outcome.reserve.length),
    ...(unmet.length === 0 ? [text.noUnmet] : [text.unmet, ...unmet.map((line) => `    - ${line}`)]),
    probabilities.method === 'exact' ? text.exact : text.simulated(probabilities.runs),
  ];
}

export async function runLotteryVerify(
  args: readonly string[],
  output: CliOutput = consoleOutput,
  env: CliEnvironment = process.env,
): Promise<number> {
  const language = cliLanguage(args, env);
  const text = TEXT[language.locale];
  if (language.error) {
    output.err(`${language.error}. ${text.usage}`);
    return EXIT_UNREADABLE;
  }
  const files = language.args.filter((arg) => arg !== '--');
  if (files.length !== 1) {
    output.err(files.length === 0 ? text.usage : `${text.oneFile} ${text.usage}`);
    return EXIT_UNREADABLE;
  }
  const path = files[0] as string;

  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    output.err(readError(text, path, error));
    return EXIT_UNREADABLE;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    output.err(text.notJson(path, (error as Error).message));
    return EXIT_UNREADABLE;
  }
  const version =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>).algorithmVersion
      : undefined;
  if (typeof version !== 'string' || !/^tafelbot-loting\/\d+$/.test(version)) {
    output.err(text.notARecord(path));
    return EXIT_UNREADABLE;
  }
  if (!KNOWN_VERSIONS.includes(version)) {
    output.err(text.unknownVersion(path, version));
    return EXIT_UNREADABLE;
  }

  const result = verifyDrawRecord(parsed);
  if (result.valid) {
    for (const line of summary(language.locale, parsed as DrawRecord)) output.out(line);
    return EXIT_CONFIRMED;
  }
  output.out(text.refuted(path, result.committed));
  for (const problem of result.problems) output.out(`  - ${problem[language.locale]}`);
  return EXIT_REFUTED;
}

if (require.main === module) {
  void runLotteryVerify(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
