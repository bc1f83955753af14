/**
 * AVG/GDPR for one person, from the command line (the gemeente's functioneel beheerder):
 *
 *   npm run privacy:export -- <e-mailadres> [bestand.json]
 *       every stored record that refers to the person, as JSON (standard output without a file);
 *   npm run privacy:remove -- <e-mailadres> --door <e-mailadres beheerder>
 *       removes a person who left: person, identity, Teams link and turn state deleted; name, e-mail address and
 *       phone number replaced everywhere else; votes, registrations, reports and the audit trail stay.
 *
 * Uses the bot's configuration (COSMOS_ENDPOINT, or the local store in LOCAL_DATA_DIR). Exit code 0 = done,
 * 1 = nobody with that address, 2 = usage, configuration or I/O problem.
 */
import { withCliStore } from './cliStore';
import { writeFile } from 'node:fs/promises';
import { ConfigError } from '../config/config';
import { personIdFor } from '../domain/registry/registry';
import { exportPersonalData, removePerson } from '../privacy/personalData';
import type { TafelbotDatabase } from '../storage/cosmosClient';

export const USAGE = [
  'Gebruik: npm run privacy:export -- <e-mailadres> [bestand.json]',
  '         npm run privacy:remove -- <e-mailadres> --door <e-mailadres beheerder>',
].join('\n');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PrivacyOutput {
  out(text: string): void;
  err(line: string): void;
}

export async function runPrivacy(
  args: readonly string[],
  db: TafelbotDatabase,
  output: PrivacyOutput,
  now: () => Date = () => new Date(),
): Promise<number> {
  const words = args.filter((a) => a !== '--');
  const positional: string[] = [];
  let remove = false;
  let by: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--remove') remove = true;
    else if (word === '--door') by = words[++i] ?? '';
    else positional.push(word);
  }
  const [email, file, ...rest] = positional;
  if (!email || !EMAIL.test(email) || rest.length > 0 || (remove && (!by || !EMAIL.test(by) || file))) {
    output.err(USAGE);
    return 2;
  }

  if (remove) {
    const admin = (
      await db
        .container('people')
        .item(personIdFor(by ?? ''), personIdFor(by ?? ''))
        .read()
    ).resource as { isAdmin?: boolean } | undefined;
    if (!admin?.isAdmin) {
      output.err(`${by} is geen beheerder van de gemeente: alleen een beheerder kan iemand verwijderen.`);
      return 2;
    }
    const report = await removePerson(db, email, personIdFor(by ?? ''), now);
    if (!report.found) {
      output.err(
        `Er staat niemand met ${email} in het register. Gegevens die alleen naar ${report.personId} verwezen zijn wel opgeschoond.`,
      );
      return 1;
    }
    output.err(
      `${report.personId} is verwijderd. Verwijderd: ${JSON.stringify(report.deleted)}; ` +
        `naam, e-mailadres en telefoonnummer vervangen in: ${JSON.stringify(report.redacted)}. ` +
        'Stemmen, inschrijvingen, rapportages en de audittrail blijven bestaan.',
    );
    return 0;
  }

  const exported = await exportPersonalData(db, email, now());
  const json = `${JSON.stringify(exported, null, 2)}\n`;
  const total = Object.values(exported.records).reduce((sum, docs) => sum + docs.length, 0);
  if (!exported.person && total === 0) {
    output.err(`Er zijn geen gegevens over ${email} opgeslagen.`);
    return 1;
  }
  if (!file) {
    output.out(json);
    return 0;
  }
  try {
    await writeFile(file, json, { encoding: 'utf8', mode: 0o600 });
  } catch (error) {
    output.err(`Kan '${file}' niet schrijven: ${(error as Error).message}`);
    return 2;
  }
  output.err(`${total} records over ${exported.subject.personId} geschreven naar ${file}.`);
  return 0;
}

async function main(): Promise<number> {
  return withCliStore((db) =>
    runPrivacy(process.argv.slice(2), db, {
      out: (text) => process.stdout.write(text),
      err: (line) => console.error(line),
    }),
  );
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : `Mislukt: ${(error as Error).message}`);
      process.exit(2);
    },
  );
}
