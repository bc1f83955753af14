/**
 * Imports contracted organisations from a CSV file into the registry:
 *   npm run import:organisations -- <file.csv> [--dry-run] [--lang nl|en]
 * Uses the same configuration as the bot (COSMOS_ENDPOINT, or the local store in LOCAL_DATA_DIR when unset).
 * Re-running is safe: existing organisations (same KvK number or name) are updated, never duplicated.
 * Speaks the terminal's language (LC_ALL, LC_MESSAGES or LANG starting with nl: Dutch; else English) or --lang's.
 */
import { withCliStore } from './cliStore';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/config';
import { parseOrganisationsCsv } from '../domain/registry/csvImport';
import { RegistryRepository } from '../storage/registryRepository';
import { importOrganisations } from './importOrganisationsCore';
import { cliLanguage } from './cliLanguage';
import { dryRunSummary, IMPORT_TEXT, importSummary, lineErrorText } from './importSummary';

const language = cliLanguage(process.argv.slice(2), process.env);
const text = IMPORT_TEXT[language.locale];

async function main(): Promise<number> {
  const file = language.args.find((a) => !a.startsWith('--'));
  const dryRun = language.args.includes('--dry-run');
  if (language.error || !file) {
    console.error(language.error ? `${language.error}. ${text.usage}` : text.usage);
    return 2;
  }
  let csv: string;
  try {
    csv = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(text.cannotRead(file, (error as Error).message));
    return 2;
  }
  const parsed = parseOrganisationsCsv(csv);
  for (const e of parsed.errors) console.error(lineErrorText(e, language.locale));
  if (dryRun) {
    console.log(dryRunSummary(parsed.organisations.length, parsed.errors.length, language.locale));
    return parsed.errors.length > 0 ? 1 : 0;
  }

  return withCliStore(async (db) => {
    const summary = await importOrganisations(new RegistryRepository(db), parsed.organisations);
    console.log(importSummary(summary, parsed.errors.length, language.locale));
    return parsed.errors.length > 0 ? 1 : 0;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : text.failed((error as Error).message));
    process.exit(1);
  },
);
