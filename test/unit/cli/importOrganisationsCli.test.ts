import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `import:organisations --dry-run` as a program: it needs no store, so it runs here in both languages. */

const directory = mkdtempSync(join(tmpdir(), 'import-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const csv = join(directory, 'contracten.csv');
writeFileSync(
  csv,
  [
    'naam;soort;percelen;grootte;herkomst;kvk',
    'Alfa Zorg;aanbieder;1;klein;lokaal;',
    'Kapot;aanbieder;7;reus;lokaal;',
  ].join('\n'),
  'utf8',
);

function run(args: string[], locale: Record<string, string>) {
  const tsx = join(__dirname, '../../../node_modules/.bin/tsx');
  const cli = join(__dirname, '../../../src/cli/importOrganisations.ts');
  const env = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: '', ...locale };
  const result = spawnSync(tsx, [cli, ...args], { encoding: 'utf8', env });
  return { code: result.status, out: result.stdout.trim(), err: result.stderr.trim() };
}

describe('import:organisations speaks the terminal language', () => {
  it('Dutch for a Dutch terminal, English otherwise, --lang over both', () => {
    expect(run([csv, '--dry-run'], { LANG: 'nl_NL.UTF-8' })).toEqual({
      code: 1,
      out: 'Proefrun: 1 organisatie geldig, 1 regel met fouten. Er is niets opgeslagen.',
      err: 'Regel 3: Percelen moeten nummers van 1 tot en met 5 zijn. Kies de grootte van de aanbieder: klein, middel of groot.',
    });
    const english = run([csv, '--dry-run'], { LANG: 'en_GB.UTF-8' });
    expect(english.code).toBe(1);
    expect(english.out).toBe('Dry run: 1 valid organisation, 1 line with errors. Nothing was saved.');
    expect(english.err).toMatch(/^Line 3: Lots must be numbers from 1 to 5\. /);
    expect(run(['--lang', 'en', csv, '--dry-run'], { LC_ALL: 'nl_NL.UTF-8' }).out).toMatch(/^Dry run: /);
    expect(run([csv, '--dry-run', '--lang=nl'], {}).out).toMatch(/^Proefrun: /);
  }, 60_000);

  it('explains its usage and a bad --lang in the terminal language, exit code 2', () => {
    expect(run([], { LANG: 'nl_NL.UTF-8' })).toEqual({
      code: 2,
      out: '',
      err: 'Gebruik: npm run import:organisations -- <bestand.csv> [--dry-run] [--lang nl|en]',
    });
    expect(run([csv, '--lang', 'de'], { LANG: 'C.UTF-8' })).toEqual({
      code: 2,
      out: '',
      err: "--lang expects nl or en; got 'de'. Usage: npm run import:organisations -- <file.csv> [--dry-run] [--lang nl|en]",
    });
    expect(run([join(directory, 'weg.csv')], { LANG: 'en_US.UTF-8' }).err).toMatch(
      /^Cannot read .*weg\.csv: /,
    );
  }, 60_000);
});
