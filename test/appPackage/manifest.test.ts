import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  APP_PACKAGE_DIR,
  checkAppPackage,
  checkDeveloperUrls,
  checkIcons,
  decodePng,
  pngInfo,
  shippedManifestVersions,
  substitutePlaceholders,
  validateLocalization,
  validateManifest,
  type TeamsManifestShape,
} from '../../src/cli/manifestValidation';
import { buildAppPackage, loadEnvironment, parseEnvFile } from '../../src/cli/packageApp';
import { MANIFEST_COMMANDS, parseCommand } from '../../src/bot/commands';
import { createZip, readZip } from '../../src/cli/zip';

/**
 * appPackage/ validated offline against the schemas in @microsoft/app-manifest, the icon rules,
 * the command list against src/bot/commands.ts, and the zip that `npm run package` writes.
 */

const SAMPLE_VALUES = {
  TEAMS_APP_ID: '3f1c2a9e-7b4d-4e8a-9c21-5d6e7f8a9b0c',
  BOT_ID: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  BOT_DOMAIN: 'app-tafelbotdev-abc123.azurewebsites.net',
};

const template = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');
const manifestText = substitutePlaceholders(template, SAMPLE_VALUES);
const manifest = JSON.parse(manifestText) as TeamsManifestShape & Record<string, unknown>;
const readFile = (name: string): Buffer => readFileSync(join(APP_PACKAGE_DIR, name));
const english = JSON.parse(readFile('en.json').toString('utf8')) as Record<string, string>;

type Command = { title: string; description: string };
const personalCommands = (): Command[] => {
  const lists = manifest.bots?.[0]?.commandLists ?? [];
  const personal = lists.filter((l) => l.scopes.includes('personal'));
  expect(personal).toHaveLength(1);
  return (personal[0]?.commands ?? []) as Command[];
};

// The suggestions Teams shows in the personal chat (at most ten). The demo-only `rol` is not one:
// production users cannot switch roles; `signalen` has its slot.
const EXPECTED_COMMANDS: Command[] = [
  { title: 'help', description: 'Wat kan ik hier doen?' },
  { title: 'profiel', description: 'Mijn organisatie en rollen' },
  { title: 'organisaties', description: 'Organisaties en contactpersonen beheren (gemeente)' },
  { title: 'signalen', description: 'Signalen afgeven en volgen, pilots aanvragen' },
  { title: 'taal', description: 'Taal wijzigen: taal nl of taal en' },
  { title: 'ronde', description: 'Inschrijfronde en loting Overlegtafel (gemeente)' },
  { title: 'inschrijven', description: 'Inschrijven voor de Overlegtafel (aanbieders)' },
  { title: 'voorstellen', description: 'Voorstellen: indienen, reageren en stemmen' },
  { title: 'tafels', description: 'Ontwikkeltafels: portfolio en voortgangsrapportages' },
  { title: 'vergaderingen', description: 'Vergaderingen: agenda, aanwezigheid en verslag' },
];
const DEMO_ONLY_COMMANDS = ['rol'];

describe('appPackage/manifest.json', () => {
  test('uses a manifest version (1.19 or later) whose schema @microsoft/app-manifest ships', () => {
    // 1.30 was the newest the pinned @microsoft/app-manifest shipped when this was written. A newer
    // package may ship newer schemas; move up only once Teams accepts that version.
    expect(shippedManifestVersions()).toContain(manifest.manifestVersion);
    const [major, minor] = manifest.manifestVersion.split('.').map(Number) as [number, number];
    expect(major * 100 + minor).toBeGreaterThanOrEqual(119);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
  });

  test('has exactly the placeholders the Agents Toolkit fills in', () => {
    expect([...new Set([...template.matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort()).toEqual([
      'BOT_DOMAIN',
      'BOT_ID',
      'TEAMS_APP_ID',
    ]);
    expect(manifest.id).toBe(SAMPLE_VALUES.TEAMS_APP_ID);
    expect(manifest.bots?.[0]).toMatchObject({ botId: SAMPLE_VALUES.BOT_ID });
  });

  test('validates against the JSON schema, offline', () => {
    expect(validateManifest(manifest)).toEqual([]);
  });

  test('the validator rejects broken manifests', () => {
    const { name: _name, ...withoutName } = manifest;
    expect(validateManifest(withoutName).join('\n')).toMatch(/name/);
    const badBot = JSON.parse(
      substitutePlaceholders(template, { ...SAMPLE_VALUES, BOT_ID: 'not-a-guid' }),
    ) as unknown;
    expect(validateManifest(badBot).join('\n')).toMatch(/botId/);
    expect(() => substitutePlaceholders(template, { TEAMS_APP_ID: SAMPLE_VALUES.TEAMS_APP_ID })).toThrow(
      /BOT_ID/,
    );
  });

  test('is a bot for the personal chat only, without files, in Dutch', () => {
    // Product decision: no feature serves a team or group chat, and confidential information
    // (art. 5.7) must not be posted where others read along.
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots?.[0]).toMatchObject({ scopes: ['personal'], supportsFiles: false });
    expect(manifest.bots?.[0]?.commandLists?.map((l) => l.scopes)).toEqual([['personal']]);
    expect(manifest).toMatchObject({
      name: { short: 'Tafelbot' },
      developer: { name: 'Tafelbot' },
      localizationInfo: {
        defaultLanguageTag: 'nl-NL',
        additionalLanguages: [{ languageTag: 'en', file: 'en.json' }],
      },
      validDomains: [],
    });
    const description = manifest.description as { short: string; full: string };
    expect(description.short.length).toBeLessThanOrEqual(80);
    expect(description.full.length).toBeLessThanOrEqual(4000);
  });

  test("the developer links are the bot's own public pages: overview, privacy and accessibility statements", () => {
    expect(JSON.parse(template)).toMatchObject({
      developer: {
        websiteUrl: 'https://${{BOT_DOMAIN}}/openbaar',
        privacyUrl: 'https://${{BOT_DOMAIN}}/openbaar/privacy',
        termsOfUseUrl: 'https://${{BOT_DOMAIN}}/openbaar/toegankelijkheid',
      },
    });
    expect(manifest.developer).toMatchObject({
      websiteUrl: `https://${SAMPLE_VALUES.BOT_DOMAIN}/openbaar`,
      privacyUrl: `https://${SAMPLE_VALUES.BOT_DOMAIN}/openbaar/privacy`,
    });
    expect(checkDeveloperUrls(manifest)).toEqual([]);
    // A BOT_DOMAIN given as a URL is caught, though the schema would accept the result.
    const withUrl = JSON.parse(
      substitutePlaceholders(template, { ...SAMPLE_VALUES, BOT_DOMAIN: 'https://app.example.net' }),
    ) as TeamsManifestShape;
    expect(validateManifest(withUrl)).toEqual([]);
    expect(checkDeveloperUrls(withUrl)).toHaveLength(3);
    expect(checkDeveloperUrls(withUrl)[0]).toMatch(/BOT_DOMAIN must be a host name/);
  });

  test('the command list: commands the bot understands, without the demo-only ones', () => {
    expect(personalCommands()).toEqual(EXPECTED_COMMANDS);
    for (const command of personalCommands()) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      // Each suggestion is the Dutch name of a command, so tapping it runs that command.
      expect({ title: command.title, parsed: parseCommand(command.title).name }).toEqual({
        title: command.title,
        parsed: command.title,
      });
      expect(DEMO_ONLY_COMMANDS).not.toContain(command.title);
    }
    // The manifest's list is the bot's own list (src/bot/commands.ts), title and description alike.
    expect(personalCommands()).toEqual(MANIFEST_COMMANDS);
  });
});

describe('appPackage/en.json', () => {
  test('validates against the localization schema of the same manifest version', () => {
    expect(validateLocalization(english, manifest.manifestVersion)).toEqual([]);
    expect(validateLocalization({ 'name.short': 'x' }, manifest.manifestVersion).join('\n')).toMatch(
      /description/,
    );
  });

  test('translates the name, the descriptions and every command', () => {
    const keys = personalCommands().flatMap((_c, i) => [
      `bots[0].commandLists[0].commands[${i}].title`,
      `bots[0].commandLists[0].commands[${i}].description`,
    ]);
    expect(Object.keys(english).sort()).toEqual(
      ['$schema', 'name.short', 'name.full', 'description.short', 'description.full', ...keys].sort(),
    );
    expect(english['description.short']!.length).toBeLessThanOrEqual(80);
  });

  test('every English command title is a word the bot understands as the same command', () => {
    personalCommands().forEach((command, i) => {
      const title = english[`bots[0].commandLists[0].commands[${i}].title`] as string;
      expect({ title, command: parseCommand(title).name }).toEqual({
        title,
        command: parseCommand(command.title).name,
      });
    });
  });
});

describe('appPackage icons', () => {
  test('color.png is 192x192 and opaque', () => {
    const color = decodePng(readFile('color.png'));
    expect({ width: color.width, height: color.height }).toEqual({ width: 192, height: 192 });
    const alphas = new Set<number>();
    for (let i = 3; i < color.rgba.length; i += 4) alphas.add(color.rgba[i] as number);
    expect([...alphas]).toEqual([255]);
  });

  test('outline.png is 32x32, white on a transparent background', () => {
    const png = readFile('outline.png');
    const outline = pngInfo(png);
    expect({ width: outline.width, height: outline.height, hasAlpha: outline.hasAlpha }).toEqual({
      width: 32,
      height: 32,
      hasAlpha: true,
    });
    const { rgba } = decodePng(png);
    const colours = new Set<string>();
    let transparent = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] === 0) transparent++;
      else colours.add(rgba.subarray(i, i + 3).toString('hex'));
    }
    expect([...colours]).toEqual(['ffffff']);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
  });

  test('the icon checks catch a wrong size, a transparent color icon and a coloured outline', () => {
    const png = (width: number, height: number, rgba: number[]): Buffer => {
      const raw = Buffer.alloc((width * 4 + 1) * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) raw.set(rgba, y * (width * 4 + 1) + 1 + x * 4);
      }
      const chunk = (type: string, data: Buffer): Buffer => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(data.length);
        return Buffer.concat([length, Buffer.from(type), data, Buffer.alloc(4)]);
      };
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(width, 0);
      ihdr.writeUInt32BE(height, 4);
      ihdr.set([8, 6, 0, 0, 0], 8);
      return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr),
        chunk('IDAT', deflateSync(raw)),
        chunk('IEND', Buffer.alloc(0)),
      ]);
    };
    const files: Record<string, Buffer> = {
      'color.png': png(192, 192, [10, 120, 130, 128]),
      'outline.png': png(32, 32, [255, 0, 0, 255]),
    };
    const problems = checkIcons(manifest, (name) => files[name] as Buffer).join('\n');
    expect(problems).toMatch(/color\.png has 36864 \(partly\) transparent pixels/);
    expect(problems).toMatch(/outline\.png must be a white figure on a transparent background/);
    expect(problems).toMatch(/outline\.png has 1024 visible pixels that are not white/);
    files['outline.png'] = png(48, 48, [255, 255, 255, 0]);
    expect(checkIcons(manifest, (name) => files[name] as Buffer).join('\n')).toMatch(/outline\.png is 48x48/);
  });

  test('the PNG decoder undoes every row filter (as image editors write them)', () => {
    const width = 5;
    const height = 5;
    const pixels = Buffer.from(
      Array.from({ length: width * height * 4 }, (_, i) => (i * 37 + (i >> 3) * 11) & 0xff),
    );
    const stride = width * 4;
    const at = (x: number, y: number): number => (x < 0 || y < 0 ? 0 : (pixels[y * stride + x] as number));
    const raw = Buffer.alloc((stride + 1) * height);
    for (let y = 0; y < height; y++) {
      const filter = y % 5; // none, sub, up, average, paeth
      raw[y * (stride + 1)] = filter;
      for (let x = 0; x < stride; x++) {
        const a = at(x - 4, y);
        const b = at(x, y - 1);
        const c = at(x - 4, y - 1);
        const p = a + b - c;
        const paeth =
          Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
            ? a
            : Math.abs(p - b) <= Math.abs(p - c)
              ? b
              : c;
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter] as number;
        raw[y * (stride + 1) + 1 + x] = (at(x, y) - predictor) & 0xff;
      }
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([8, 6, 0, 0, 0], 8);
    const chunk = (type: string, data: Buffer): Buffer => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      return Buffer.concat([length, Buffer.from(type), data, Buffer.alloc(4)]);
    };
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(decodePng(png).rgba.equals(pixels)).toBe(true);
  });

  test('the package checks pass as a whole', () => {
    expect(checkAppPackage(manifestText, readFile)).toEqual([]);
  });
});

describe('npm run package (src/cli/packageApp.ts)', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'tafelbot-apppackage-'));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test('writes a valid zip with the manifest, the icons and en.json', () => {
    const result = buildAppPackage({ envName: 'test', values: SAMPLE_VALUES, outDir });
    expect(result.zipPath).toBe(join(outDir, 'appPackage.test.zip'));
    const entries = readZip(readFileSync(result.zipPath));
    expect(entries.map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png', 'en.json']);
    const packaged = JSON.parse(entries[0]!.data.toString('utf8')) as { id: string };
    expect(packaged.id).toBe(SAMPLE_VALUES.TEAMS_APP_ID);
    expect(entries[1]!.data.equals(readFile('color.png'))).toBe(true);

    // A second opinion from Info-ZIP, where it is installed.
    const unzip = spawnSync('unzip', ['-t', result.zipPath], { encoding: 'utf8' });
    if (unzip.error) console.warn('unzip is not installed: the zip was checked with src/cli/zip.ts only');
    else expect(unzip.stdout).toMatch(/No errors detected/);
  });

  test('refuses to package without TEAMS_APP_ID, BOT_DOMAIN and BOT_ID', () => {
    expect(() => buildAppPackage({ envName: 'test', values: {}, outDir })).toThrow(
      /TEAMS_APP_ID, BOT_DOMAIN, BOT_ID/,
    );
  });

  test('reads env files like the Agents Toolkit, with process variables winning', () => {
    expect(parseEnvFile('# comment\nA=1\nB="two"\n\nC=\nbad line\n')).toEqual({ A: '1', B: 'two', C: '' });
    const values = loadEnvironment('dev', { BOT_ID: SAMPLE_VALUES.BOT_ID, EMPTY: '' });
    expect(values.TEAMSFX_ENV).toBe('dev');
    expect(values.BOT_ID).toBe(SAMPLE_VALUES.BOT_ID);
    expect(values.EMPTY).toBeUndefined();
  });

  test('the zip writer round-trips stored and deflated entries', () => {
    const entries = [
      { name: 'empty.txt', data: Buffer.alloc(0) },
      { name: 'text.txt', data: Buffer.from('tafel '.repeat(100)) },
      { name: 'map/é.bin', data: Buffer.from([0, 255, 1, 254]) },
    ];
    expect(readZip(createZip(entries))).toEqual(entries);
    expect(() => createZip([entries[0]!, entries[0]!])).toThrow(/Duplicate/);
  });
});
