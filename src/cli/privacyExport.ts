/**
 * AVG/GDPR for one person, from the command line (the gemeente's functioneel beheerder):
 *
 *   npm run privacy:export -- <e-mailadres> [bestand.json]
 *       every stored record that refers to the person, as JSON (standard output without a file);
 *   npm run privacy:remove -- <e-mailadres> --door <e-mailadres beheerder>   (or --by)
 *       removes a person who left: person, identity, Teams link and turn state deleted; name, e-mail address and
 *       phone number replaced everywhere else; votes, registrations, reports and the audit trail stay.
 *
 * Uses the bot's configuration (COSMOS_ENDPOINT, or the local store in LOCAL_DATA_DIR). Exit code 0 = done,
 * 1 = nobody with that address, 2 = usage, configuration or I/O problem. Speaks the terminal's language, or
 * `--lang nl|en` (src/cli/cliLanguage.ts).
 */
import { withCliStore } from './cliStore';
import { writeFile } from 'node:fs/promises';
import { ConfigError } from '../config/config';
import { personIdFor } from '../domain/registry/registry';
import { exportPersonalData, removePerson } from '../privacy/personalData';
import { cliLanguage, type CliLocale } from './cliLanguage';
import type { TafelbotDatabase } from '../storage/cosmosClient';

export const USAGE: Readonly<Record<CliLocale, string>> = {
  nl: [
    'Gebruik: npm run privacy:export -- <e-mailadres> [bestand.json]',
    '         npm run privacy:remove -- <e-mailadres> --door <e-mailadres beheerder>',
  ].join('\n'),
  en: [
    'Usage: npm run privacy:export -- <e-mail address> [file.json]',
    '       npm run privacy:remove -- <e-mail address> --by <e-mail address of an admin>',
  ].join('\n'),
};

/** What the tool says, in the terminal's language. */
const SAY = {
  nl: {
    notAdmin: (by: string) =>
      `${by} is geen beheerder van de gemeente: alleen een beheerder kan iemand verwijderen.`,
    nobody: (email: string, personId: string) =>
      `Er staat niemand met ${email} in het register. Gegevens die alleen naar ${personId} verwezen zijn wel opgeschoond.`,
    removed: (personId: string, deleted: string, redacted: string) =>
      `${personId} is verwijderd. Verwijderd: ${deleted}; naam, e-mailadres en telefoonnummer vervangen in: ${redacted}. ` +
      'Stemmen, inschrijvingen, rapportages en de audittrail blijven bestaan.',
    nothingStored: (email: string) => `Er zijn geen gegevens over ${email} opgeslagen.`,
    cannotWrite: (file: string, reason: string) => `Kan '${file}' niet schrijven: ${reason}`,
    written: (total: number, personId: string, file: string) =>
      `${total} ${total === 1 ? 'record' : 'records'} over ${personId} geschreven naar ${file}.`,
    failed: 'Mislukt',
  },
  en: {
    notAdmin: (by: string) => `${by} is not an admin of the municipality: only an admin can remove someone.`,
    nobody: (email: string, personId: string) =>
      `There is nobody with ${email} in the registry. Data that referred only to ${personId} has been cleaned up anyway.`,
    removed: (personId: string, deleted: string, redacted: string) =>
      `${personId} has been removed. Deleted: ${deleted}; name, e-mail address and phone number replaced in: ${redacted}. ` +
      'Votes, registrations, reports and the audit trail remain.',
    nothingStored: (email: string) => `No data about ${email} is stored.`,
    cannotWrite: (file: string, reason: string) => `Cannot write '${file}': ${reason}`,
    written: (total: number, personId: string, file: string) =>
      `${total} ${total === 1 ? 'record' : 'records'} about ${personId} written to ${file}.`,
    failed: 'Failed',
  },
} as const;

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
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const language = cliLanguage(args, env);
  const say = SAY[language.locale];
  if (language.error) {
    output.err(language.error);
    return 2;
  }
  const words = language.args.filter((a) => a !== '--');
  const positional: string[] = [];
  let remove = false;
  let by: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--remove') remove = true;
    else if (word === '--door' || word === '--by') by = words[++i] ?? '';
    else positional.push(word);
  }
  const [email, file, ...rest] = positional;
  if (!email || !EMAIL.test(email) || rest.length > 0 || (remove && (!by || !EMAIL.test(by) || file))) {
    output.err(USAGE[language.locale]);
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
      output.err(say.notAdmin(by ?? ''));
      return 2;
    }
    const report = await removePerson(db, email, personIdFor(by ?? ''), now);
    if (!report.found) {
      output.err(say.nobody(email, report.personId));
      return 1;
    }
    output.err(say.removed(report.personId, JSON.stringify(report.deleted), JSON.stringify(report.redacted)));
    return 0;
  }

  const exported = await exportPersonalData(db, email, now());
  const json = `${JSON.stringify(exported, null, 2)}\n`;
  const total = Object.values(exported.records).reduce((sum, docs) => sum + docs.length, 0);
  if (!exported.person && total === 0) {
    output.err(say.nothingStored(email));
    return 1;
  }
  if (!file) {
    output.out(json);
    return 0;
  }
  try {
    await writeFile(file, json, { encoding: 'utf8', mode: 0o600 });
  } catch (error) {
    output.err(say.cannotWrite(file, (error as Error).message));
    return 2;
  }
  output.err(say.written(total, exported.subject.personId, file));
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
      const failed = SAY[cliLanguage(process.argv.slice(2), process.env).locale].failed;
      console.error(error instanceof ConfigError ? error.message : `${failed}: ${(error as Error).message}`);
      process.exit(2);
    },
  );
}
