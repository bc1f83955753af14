/**
 * `npm run lottery:export -- <roundId|year> [file] [--lang nl|en]`: writes the stored draw record (lotingsverslag) of a round as
 * JSON, exactly as the lottery produced it, so anyone can check it with `npm run lottery:verify -- <file>`.
 * Without a file the record goes to standard output. Uses the bot's configuration (COSMOS_ENDPOINT, or the local
 * store in LOCAL_DATA_DIR). Exit code 0 = written, 1 = no record for that round, 2 = usage or I/O problem.
 * Speaks the terminal's language, or --lang's (see cliLanguage).
 */
import { withCliStore } from './cliStore';
import { writeFile } from 'node:fs/promises';
import { roundIdFor } from '../domain/inschrijving';
import type { DrawRecord } from '../domain/lottery';
import { ConfigError } from '../config/config';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { InschrijvingRepository } from '../storage/inschrijvingRepository';
import { cliLanguage, type CliEnvironment } from './cliLanguage';

const TEXT = {
  nl: {
    usage:
      'Gebruik: npm run lottery:export -- <ronde-id of jaar, bijv. ronde-2027 of 2027> [bestand.json] [--lang nl|en]',
    noRecord: (roundId: string) =>
      `Er is geen lotingsverslag voor ${roundId}: de loting is (nog) niet uitgevoerd.`,
    cannotWrite: (file: string, why: string) => `Kan '${file}' niet schrijven: ${why}`,
    written: (roundId: string, file: string, hash: string) =>
      `Lotingsverslag ${roundId} geschreven naar ${file} (SHA-256 ${hash}).`,
    check: (file: string) => `Controleer het met: npm run lottery:verify -- ${file}`,
    failed: (why: string) => `Export mislukt: ${why}`,
  },
  en: {
    usage:
      'Usage: npm run lottery:export -- <round id or year, e.g. ronde-2027 or 2027> [file.json] [--lang nl|en]',
    noRecord: (roundId: string) => `There is no draw record for ${roundId}: the draw has not been run (yet).`,
    cannotWrite: (file: string, why: string) => `Cannot write '${file}': ${why}`,
    written: (roundId: string, file: string, hash: string) =>
      `Draw record ${roundId} written to ${file} (SHA-256 ${hash}).`,
    check: (file: string) => `Check it with: npm run lottery:verify -- ${file}`,
    failed: (why: string) => `Export failed: ${why}`,
  },
} as const;

/** "2027" or "ronde-2027"; undefined for anything else. */
export function roundIdFromArgument(argument: string): string | undefined {
  if (/^\d{4}$/.test(argument)) return roundIdFor(Number(argument));
  return /^ronde-\d{4}$/.test(argument) ? argument : undefined;
}

/** The record as published: pretty-printed JSON of the stored record, nothing added or left out. */
export function recordJson(record: DrawRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

export interface ExportOutput {
  out(text: string): void;
  err(line: string): void;
}

export async function runLotteryExport(
  args: readonly string[],
  db: TafelbotDatabase,
  output: ExportOutput,
  env: CliEnvironment = process.env,
): Promise<number> {
  const language = cliLanguage(args, env);
  const text = TEXT[language.locale];
  const [argument, file, ...rest] = language.args.filter((a) => a !== '--');
  const roundId = argument ? roundIdFromArgument(argument) : undefined;
  if (language.error || !roundId || rest.length > 0) {
    output.err(language.error ? `${language.error}. ${text.usage}` : text.usage);
    return 2;
  }
  const record = await new InschrijvingRepository(db).getDrawRecord(roundId);
  if (!record) {
    output.err(text.noRecord(roundId));
    return 1;
  }
  if (!file) {
    output.out(recordJson(record));
    return 0;
  }
  try {
    await writeFile(file, recordJson(record), 'utf8');
  } catch (error) {
    output.err(text.cannotWrite(file, (error as Error).message));
    return 2;
  }
  output.err(text.written(roundId, file, record.recordSha256));
  output.err(text.check(file));
  return 0;
}

async function main(): Promise<number> {
  return withCliStore((db) =>
    runLotteryExport(process.argv.slice(2), db, {
      out: (text) => process.stdout.write(text),
      err: (line) => console.error(line),
    }),
  );
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const text = TEXT[cliLanguage(process.argv.slice(2), process.env).locale];
      console.error(error instanceof ConfigError ? error.message : text.failed((error as Error).message));
      process.exit(2);
    },
  );
}
