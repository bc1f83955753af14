/**
 * `npm run lottery:verify -- <lotingsverslag.json>`: re-runs a published draw from its record and says whether
 * the record holds. Exit code 0 = bevestigd, 1 = weerlegd, 2 = the file could not be read, is not JSON, is not a
 * lotingsverslag at all (no `algorithmVersion` of the form `tafelbot-loting/<n>`), or is one of a version this
 * verifier does not know.
 */
import { readFile } from 'node:fs/promises';
import {
  ALGORITHM_VERSION,
  COMMIT_REVEAL_VERSION,
  verifyDrawRecord,
  type DrawRecord,
} from '../domain/lottery';

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

const USAGE = 'Gebruik: npm run lottery:verify -- <lotingsverslag.json>';

function readError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `Kan het bestand '${path}' niet lezen: het bestaat niet`;
  if (code === 'EISDIR') return `Kan het bestand '${path}' niet lezen: het is een map`;
  if (code === 'EACCES') return `Kan het bestand '${path}' niet lezen: geen leesrechten`;
  return `Kan het bestand '${path}' niet lezen: ${(error as Error).message}`;
}

/** Whether the seed was committed before the deadline: the first thing a sceptical reader wants to know. */
function commitmentLines(record: DrawRecord): string[] {
  const c = record.seedCommitment;
  if (record.algorithmVersion !== COMMIT_REVEAL_VERSION || !c) {
    return [
      '  Toezegging:     zonder toezegging (verslag van het oudere soort: niets bewijst dat de seed pas na de sluitingstermijn bekend was)',
    ];
  }
  return [
    `  Toezegging:     met toezegging, gepubliceerd ${c.committedAt}, vóór de sluitingstermijn ${c.registrationDeadline}`,
    `    SHA-256 van het geheim: ${c.commitment} (klopt met het onthulde geheim)`,
    `    Openbare waarde: ${c.publicValue} (${c.publicValueSource}, ${c.publicValueDate})`,
    ...(record.deviations && record.deviations.length > 0
      ? [
          '  Afwijkingen van Bijlage 9:',
          ...record.deviations.map(
            (d) =>
              `    - ${d.rule}: ${String(d.chosen)} in plaats van ${String(d.bijlage9)}; reden: ${d.reason}`,
          ),
        ]
      : ['  Afwijkingen van Bijlage 9: geen']),
  ];
}

const KNOWN_VERSIONS: readonly string[] = [COMMIT_REVEAL_VERSION, ALGORITHM_VERSION];

function summary(record: DrawRecord): string[] {
  const { outcome, framework, probabilities } = record;
  const lines = [
    `Bevestigd: het lotingsverslag '${record.title}' klopt; de herberekening geeft dezelfde uitkomst.`,
    `  Algoritme:      ${record.algorithmVersion}`,
    `  Seed:           ${record.seed}`,
    `  Herkomst seed:  ${record.seedSource}`,
    ...commitmentLines(record),
    `  Inschrijvingen: ${record.registrations.length} (SHA-256 ${record.registrationsSha256})`,
    `  Zetels:         ${outcome.seatsFilled} van ${framework.seats} gevuld`,
    '  Gekozen, in lotingsvolgorde:',
    ...outcome.selected.map(
      (entry) => `    ${entry.rank}. ${entry.organisationName}: ${entry.reasonDescription}`,
    ),
    `  Reservelijst:   ${outcome.reserve.length} aanbieder(s)`,
  ];
  if (record.unmetRules.length === 0) {
    lines.push('  Niet-gehaalde regels: geen');
  } else {
    lines.push('  Niet-gehaalde regels:', ...record.unmetRules.map((rule) => `    - ${rule.message}`));
  }
  lines.push(
    probabilities.method === 'exact'
      ? '  Kansen:         exact berekend, opnieuw berekend en gelijk'
      : `  Kansen:         geschat met ${probabilities.runs} simulaties, opnieuw gesimuleerd en gelijk`,
  );
  return lines;
}

export async function runLotteryVerify(
  args: readonly string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  const files = args.filter((arg) => arg !== '--');
  if (files.length !== 1) {
    output.err(files.length === 0 ? USAGE : `Geef precies één bestand op. ${USAGE}`);
    return EXIT_UNREADABLE;
  }
  const path = files[0] as string;

  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    output.err(readError(path, error));
    return EXIT_UNREADABLE;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    output.err(`Het bestand '${path}' is geen geldige JSON: ${(error as Error).message}`);
    return EXIT_UNREADABLE;
  }
  const version =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>).algorithmVersion
      : undefined;
  if (typeof version !== 'string' || !/^tafelbot-loting\/\d+$/.test(version)) {
    output.err(
      `Het bestand '${path}' is geen lotingsverslag: verwacht een JSON-object met onder meer 'algorithmVersion' (bijvoorbeeld '${COMMIT_REVEAL_VERSION}'), 'seed' en 'registrations'`,
    );
    return EXIT_UNREADABLE;
  }
  if (!KNOWN_VERSIONS.includes(version)) {
    output.err(
      `Het lotingsverslag '${path}' heeft versie '${version}'; deze controle kent alleen ${KNOWN_VERSIONS.map((v) => `'${v}'`).join(' en ')}. Gebruik een nieuwere versie van Tafelbot.`,
    );
    return EXIT_UNREADABLE;
  }

  const result = verifyDrawRecord(parsed);
  if (result.valid) {
    for (const line of summary(parsed as DrawRecord)) output.out(line);
    return EXIT_CONFIRMED;
  }
  output.out(
    `Weerlegd: het lotingsverslag '${path}' klopt niet${result.committed ? '' : ' (verslag zonder toezegging)'}.`,
  );
  for (const problem of result.problems) output.out(`  - ${problem}`);
  return EXIT_REFUTED;
}

if (require.main === module) {
  void runLotteryVerify(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
