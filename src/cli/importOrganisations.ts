/**
 * Imports contracted organisations from a CSV file into the registry:
 *   npm run import:organisations -- <file.csv> [--dry-run]
 * Uses the same configuration as the bot (COSMOS_ENDPOINT, or the local store in LOCAL_DATA_DIR when unset).
 * Re-running is safe: existing organisations (same KvK number or name) are updated, never duplicated.
 */
import { withCliStore } from './cliStore';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/config';
import { parseOrganisationsCsv } from '../domain/registry/csvImport';
import { RegistryRepository } from '../storage/registryRepository';
import { importOrganisations } from './importOrganisationsCore';
import { dryRunSummary, importSummary } from './importSummary';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const dryRun = args.includes('--dry-run');
  if (!file) {
    console.error('Gebruik: npm run import:organisations -- <bestand.csv> [--dry-run]');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`Kan ${file} niet lezen: ${(error as Error).message}`);
    return 2;
  }
  const parsed = parseOrganisationsCsv(text);
  for (const e of parsed.errors) console.error(`Regel ${e.line}: ${e.messages.join(' ')}`);
  if (dryRun) {
    console.log(dryRunSummary(parsed.organisations.length, parsed.errors.length));
    return parsed.errors.length > 0 ? 1 : 0;
  }

  return withCliStore(async (db) => {
    const summary = await importOrganisations(new RegistryRepository(db), parsed.organisations);
    console.log(importSummary(summary, parsed.errors.length));
    return parsed.errors.length > 0 ? 1 : 0;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError ? error.message : `Import mislukt: ${(error as Error).message}`,
    );
    process.exit(1);
  },
);
