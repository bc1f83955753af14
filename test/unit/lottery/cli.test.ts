import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDrawRecord } from '../../../src/domain/lottery';
import { runLotteryVerify } from '../../../src/cli/lotteryVerify';
import { framework, registration } from './support';

const directory = mkdtempSync(join(tmpdir(), 'loting-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content, 'utf8');
  return path;
}

const record = buildDrawRecord({
  title: 'Overlegtafel 2027',
  registrations: [
    registration('a', 1, 'klein', 'lokaal'),
    registration('b', 1, 'groot'),
    registration('c', 2, 'middel', 'lokaal', true),
    registration('d', 3, 'klein'),
  ],
  framework: framework(),
  seed: 'gepubliceerd-2027',
  seedSource: 'gegenereerd en gepubliceerd',
  createdAt: new Date('2027-01-20T10:00:00Z'),
});

/** A Dutch terminal, unless the test says otherwise. */
async function run(args: string[], env: Record<string, string> = { LANG: 'nl_NL.UTF-8' }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runLotteryVerify(
    args,
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    env,
  );
  return { code, out, err };
}

describe('lottery:verify', () => {
  it('confirms a true record with exit code 0 and a Dutch summary', async () => {
    const result = await run(['--', write('echt.json', JSON.stringify(record, null, 2))]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toBe(
      "Bevestigd: het lotingsverslag 'Overlegtafel 2027' klopt; de herberekening geeft dezelfde uitkomst.",
    );
    expect(result.out).toContain('  Zetels:         4 van 12 gevuld');
    expect(result.out.join('\n')).toContain('Toezegging:     zonder toezegging');
    expect(result.out).toContain(
      '    - Perceel 5: minimaal 1 aanbieder vereist, maar er is geen inschrijving voor dit perceel',
    );
    expect(result.err).toEqual([]);
  });

  it('refutes a tampered record with exit code 1, listing the problems', async () => {
    const tampered = { ...record, seed: 'ander-zaad' };
    const path = write('vals.json', JSON.stringify(tampered));
    const result = await run([path]);
    expect(result.code).toBe(1);
    expect(result.out[0]).toBe(
      `Weerlegd: het lotingsverslag '${path}' klopt niet (verslag zonder toezegging).`,
    );
    expect(result.out).toContain(
      '  - Het controlegetal van het verslag (recordSha256) klopt niet: het verslag is na het opstellen gewijzigd',
    );
  });

  it('exits 2 with a clear message for a missing argument, a missing file, bad JSON or a non-record', async () => {
    expect(await run([])).toEqual({
      code: 2,
      out: [],
      err: ['Gebruik: npm run lottery:verify -- <lotingsverslag.json> [--lang nl|en]'],
    });
    const missing = join(directory, 'bestaat-niet.json');
    expect((await run([missing])).err).toEqual([`Kan het bestand '${missing}' niet lezen: het bestaat niet`]);
    expect((await run([directory])).err).toEqual([
      `Kan het bestand '${directory}' niet lezen: het is een map`,
    ]);
    const broken = write('kapot.json', '{ "seed": ');
    const brokenResult = await run([broken]);
    expect(brokenResult.code).toBe(2);
    expect(brokenResult.err[0]).toMatch(new RegExp(`^Het bestand '${broken}' is geen geldige JSON: `));
    const notARecord = (file: string) => [
      `Het bestand '${file}' is geen lotingsverslag: verwacht een JSON-object met onder meer 'algorithmVersion' (bijvoorbeeld 'tafelbot-loting/2'), 'seed' en 'registrations'`,
    ];
    for (const [name, content] of [
      ['lijst.json', '[1, 2]'],
      ['object.json', '{"naam": "geen verslag", "seed": "x"}'],
      ['getal.json', '42'],
      ['null.json', 'null'],
      ['andere-versie.json', '{"algorithmVersion": 7}'],
    ]) {
      const file = write(name as string, content as string);
      expect(await run([file])).toEqual({ code: 2, out: [], err: notARecord(file) });
    }
    const future = write(
      'toekomst.json',
      JSON.stringify({ ...record, algorithmVersion: 'tafelbot-loting/9' }),
    );
    const futureResult = await run([future]);
    expect(futureResult.code).toBe(2);
    expect(futureResult.err[0]).toContain("heeft versie 'tafelbot-loting/9'; deze controle kent alleen");
    expect((await run(['een.json', 'twee.json'])).code).toBe(2);
  });

  it("speaks the terminal's language: English unless LC_ALL, LC_MESSAGES or LANG starts with nl, or --lang says", async () => {
    const path = write('taal.json', JSON.stringify(record));
    const english = await run([path], { LANG: 'en_GB.UTF-8' });
    expect(english.code).toBe(0);
    expect(english.out[0]).toBe(
      "Confirmed: the draw record 'Overlegtafel 2027' holds; re-running the draw gives the same outcome.",
    );
    expect(english.out).toContain('  Seats:          4 of 12 filled');
    expect(english.out).toContain(
      '    - Lot 5: at least 1 provider required, but there is no registration for this lot',
    );
    expect((await run([path], {})).out[0]).toMatch(/^Confirmed: /);
    expect((await run([path], { LANG: 'C.UTF-8' })).out[0]).toMatch(/^Confirmed: /);
    expect((await run([path], { LANG: 'en_US.UTF-8', LC_ALL: 'nl_BE.UTF-8' })).out[0]).toMatch(
      /^Bevestigd: /,
    );
    expect((await run([path], { LANG: 'nl_NL.UTF-8', LC_MESSAGES: 'en_US.UTF-8' })).out[0]).toMatch(
      /^Confirmed: /,
    );
    expect((await run(['--lang', 'en', path])).out[0]).toMatch(/^Confirmed: /);
    expect((await run([`--lang=nl`, path], { LANG: 'en_US.UTF-8' })).out[0]).toMatch(/^Bevestigd: /);

    const tampered = write('taal-vals.json', JSON.stringify({ ...record, seed: 'ander-zaad' }));
    const refuted = await run([tampered, '--lang', 'en']);
    expect(refuted.code).toBe(1);
    expect(refuted.out[0]).toBe(
      `Refuted: the draw record '${tampered}' does not hold (record without commitment).`,
    );
    expect(refuted.out).toContain(
      "  - The record's checksum (recordSha256) does not match: the record was changed after it was drawn up",
    );

    const badFlag = await run([path, '--lang', 'fr'], { LANG: 'en_US.UTF-8' });
    expect(badFlag).toEqual({
      code: 2,
      out: [],
      err: [
        "--lang expects nl or en; got 'fr'. Usage: npm run lottery:verify -- <draw-record.json> [--lang nl|en]",
      ],
    });
    expect((await run([path, '--lang'])).err[0]).toMatch(/^--lang verwacht nl of en; nu: niets\. Gebruik: /);
    expect((await run([join(directory, 'weg.json')], { LANG: 'en_US' })).err).toEqual([
      `Cannot read the file '${join(directory, 'weg.json')}': it does not exist`,
    ]);
  });

  it('sets the process exit code when run as a program', () => {
    const tsx = join(__dirname, '../../../node_modules/.bin/tsx');
    const cli = join(__dirname, '../../../src/cli/lotteryVerify.ts');
    const dutchTerminal = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'nl_NL.UTF-8' };
    const confirmed = spawnSync(tsx, [cli, write('proces.json', JSON.stringify(record))], {
      encoding: 'utf8',
      env: dutchTerminal,
    });
    expect(confirmed.status).toBe(0);
    expect(confirmed.stdout).toContain('Bevestigd: ');
    const refuted = spawnSync(
      tsx,
      [cli, write('proces-vals.json', JSON.stringify({ ...record, title: 'X' }))],
      { encoding: 'utf8', env: dutchTerminal },
    );
    expect(refuted.status).toBe(1);
    expect(refuted.stdout).toContain('Weerlegd: ');
    const notARecord = spawnSync(tsx, [cli, write('proces-geen.json', '{"hallo": "wereld"}')], {
      encoding: 'utf8',
      env: dutchTerminal,
    });
    expect(notARecord.status).toBe(2);
    expect(notARecord.stderr).toContain('is geen lotingsverslag');
    expect(notARecord.stdout).not.toContain('Weerlegd');
  }, 60_000);
});
