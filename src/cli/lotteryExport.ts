/**
 * `npm run lottery:export -- <roundId|year> [file]`: writes the stored draw record (lotingsverslag) of a round as
 * JSON, exactly as the lottery produced it, so anyone can check it with `npm run lottery:verify -- <file>`.
 * Without a file the record goes to standard output. Uses the bot's configuration (COSMOS_ENDPOINT, or the local
 * store in LOCAL_DATA_DIR). Exit code 0 = written, 1 = no record for that round, 2 = usage or I/O problem.
 */
import { withCliStore } from './cliStore';
import { writeFile } from 'node:fs/promises';
import { roundIdFor } from '../domain/inschrijving';
import type { DrawRecord } from '../domain/lottery';
import { ConfigError } from '../config/config';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { InschrijvingRepository } from '../storage/inschrijvingRepository';

export const USAGE =
  'Gebruik: npm run lottery:export -- <ronde-id of jaar, bijv. ronde-2027 of 2027> [bestand.json]';

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
): Promise<number> {
  const [argument, file, ...rest] = args.filter((a) => a !== '--');
  const roundId = argument ? roundIdFromArgument(argument) : undefined;
  if (!roundId || rest.length > 0) {
    output.err(USAGE);
    return 2;
  }
  const record = await new InschrijvingRepository(db).getDrawRecord(roundId);
  if (!record) {
    output.err(`Er is geen lotingsverslag voor ${roundId}: de loting is (nog) niet uitgevoerd.`);
    return 1;
  }
  if (!file) {
    output.out(recordJson(record));
    return 0;
  }
  try {
    await writeFile(file, recordJson(record), 'utf8');
  } catch (error) {
    output.err(`Kan '${file}' niet schrijven: ${(error as Error).message}`);
    return 2;
  }
  output.err(`Lotingsverslag ${roundId} geschreven naar ${file} (SHA-256 ${record.recordSha256}).`);
  output.err(`Controleer het met: npm run lottery:verify -- ${file}`);
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
      console.error(
        error instanceof ConfigError ? error.message : `Export mislukt: ${(error as Error).message}`,
      );
      process.exit(2);
    },
  );
}
