import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type AjvCore from 'ajv/dist/core';
import type { ValidateFunction } from 'ajv/dist/core';
import type Ajv from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Offline checks of the Teams app package in appPackage/: the manifest and its localization
 * files against the JSON schemas that @microsoft/app-manifest ships, plus the icon rules
 * (color 192x192, outline 32x32 with transparency). Used by `npm run package` and by
 * test/appPackage/manifest.test.ts, so both judge the package the same way.
 */

export const APP_PACKAGE_DIR = join(__dirname, '..', '..', 'appPackage');

/** ${{NAME}} placeholders, as the Agents Toolkit writes them. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/** Replaces every ${{NAME}}; throws naming each placeholder that has no non-empty value. */
export function substitutePlaceholders(
  text: string,
  values: Readonly<Record<string, string | undefined>>,
): string {
  const missing = placeholdersIn(text).filter((name) => !values[name]);
  if (missing.length > 0) throw new Error(`No value for ${missing.map((n) => `\${{${n}}}`).join(', ')}`);
  return text.replace(PLACEHOLDER, (_m, name: string) => values[name] as string);
}

// The schemas are draft-04; @microsoft/app-manifest validates them with ajv-draft-04 (Ajv 8 with
// the draft-04 meta-schema). It is that package's dependency, so resolve it from there.
const appManifestMain = require.resolve('@microsoft/app-manifest');
const requireFromAppManifest = createRequire(appManifestMain);
const SCHEMA_ROOT = join(dirname(appManifestMain), 'json-schemas', 'teams');

type AjvConstructor = new (options: Record<string, unknown>) => AjvCore;
let ajvInstance: AjvCore | undefined;
function ajv(): AjvCore {
  if (!ajvInstance) {
    const AjvDraft04 = (requireFromAppManifest('ajv-draft-04') as { default: AjvConstructor }).default;
    // unicodeRegExp off: the localization schema has patterns such as '\b]' that the u flag rejects.
    ajvInstance = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajvInstance as unknown as Ajv, ['uri', 'email', 'regex', 'uuid']);
  }
  return ajvInstance;
}

export type SchemaKind = 'manifest' | 'localization';

export function schemaPath(kind: SchemaKind, manifestVersion: string): string {
  const file = kind === 'manifest' ? 'MicrosoftTeams.schema.json' : 'MicrosoftTeams.Localization.schema.json';
  return join(SCHEMA_ROOT, `v${manifestVersion}`, file);
}

/** Manifest versions whose schema the installed @microsoft/app-manifest ships, oldest first. */
export function shippedManifestVersions(): string[] {
  const versions = readdirSync(SCHEMA_ROOT)
    .filter((d) => /^v\d+\.\d+$/.test(d))
    .map((d) => d.slice(1));
  return versions.sort((a, b) => {
    const [aMajor, aMinor] = a.split('.').map(Number) as [number, number];
    const [bMajor, bMinor] = b.split('.').map(Number) as [number, number];
    return aMajor - bMajor || aMinor - bMinor;
  });
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(kind: SchemaKind, manifestVersion: string): ValidateFunction {
  const path = schemaPath(kind, manifestVersion);
  let validate = validators.get(path);
  if (!validate) {
    if (!existsSync(path)) {
      throw new Error(
        `@microsoft/app-manifest ships no ${kind} schema for manifest version ${manifestVersion}`,
      );
    }
    // The published schemas once held "\a" in a regex, which JavaScript rejects; the package's
    // own loader makes the same replacement.
    const schema = JSON.parse(readFileSync(path, 'utf8').replace(/\\a/g, '\\x07')) as Record<string, unknown>;
    delete schema.$id;
    delete schema.id;
    validate = ajv().compile(schema);
    validators.set(path, validate);
  }
  return validate;
}

function runSchema(kind: SchemaKind, manifestVersion: string, document: unknown): string[] {
  const validate = validatorFor(kind, manifestVersion);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (e) => `${kind}${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
  );
}

export function manifestVersionOf(manifest: unknown): string {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string') throw new Error('manifest.json has no manifestVersion');
  return version;
}

/** Schema errors of a manifest whose placeholders were already substituted; [] when valid. */
export function validateManifest(manifest: unknown): string[] {
  return runSchema('manifest', manifestVersionOf(manifest), manifest);
}

/** Schema errors of a localization file (e.g. en.json) for the given manifest version. */
export function validateLocalization(localization: unknown, manifestVersion: string): string[] {
  return runSchema('localization', manifestVersion, localization);
}

export interface PngInfo {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  /** Colour type with alpha (4, 6) or a tRNS chunk. */
  readonly hasAlpha: boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the IHDR (size, colour type) of a PNG and whether it carries transparency. */
export function pngInfo(png: Buffer): PngInfo {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('Not a PNG file');
  if (png.toString('ascii', 12, 16) !== 'IHDR') throw new Error('PNG does not start with IHDR');
  const colorType = png[25] as number;
  let hasAlpha = colorType === 4 || colorType === 6;
  for (let pos = 8; pos + 8 <= png.length && !hasAlpha; ) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    if (type === 'tRNS') hasAlpha = true;
    if (type === 'IDAT' || type === 'IEND') break;
    pos += 12 + length;
  }
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png[24] as number,
    colorType,
    hasAlpha,
  };
}

/**
 * Decodes an 8-bit, non-interlaced greyscale/RGB/RGBA PNG (what image tools write for icons) to RGBA
 * pixels, undoing the row filters. Other formats (palette, 16-bit, interlaced) throw.
 */
export function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const info = pngInfo(png);
  const channelsByType: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
  const channels = channelsByType[info.colorType];
  if (info.bitDepth !== 8 || channels === undefined || png[28] !== 0) {
    throw new Error(
      `Unsupported PNG (bit depth ${info.bitDepth}, colour type ${info.colorType}, interlace ${png[28]})`,
    );
  }
  const idat: Buffer[] = [];
  for (let pos = 8; pos + 8 <= png.length; ) {
    const length = png.readUInt32BE(pos);
    if (png.toString('ascii', pos + 4, pos + 8) === 'IDAT')
      idat.push(png.subarray(pos + 8, pos + 8 + length));
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = info.width * channels;
  const pixels = Buffer.alloc(stride * info.height);
  for (let y = 0; y < info.height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= channels ? (pixels[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] as number) : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`Bad PNG filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgba = Buffer.alloc(info.width * info.height * 4);
  for (let i = 0; i < info.width * info.height; i++) {
    const px = pixels.subarray(i * channels, (i + 1) * channels);
    const [r, g, b, alpha] =
      channels === 1
        ? [px[0], px[0], px[0], 255]
        : channels === 2
          ? [px[0], px[0], px[0], px[1]]
          : channels === 3
            ? [px[0], px[1], px[2], 255]
            : [px[0], px[1], px[2], px[3]];
    rgba.set([r as number, g as number, b as number, alpha as number], i * 4);
  }
  return { width: info.width, height: info.height, rgba };
}

export interface TeamsManifestShape {
  manifestVersion: string;
  icons: { color: string; outline: string };
  developer?: { websiteUrl?: string; privacyUrl?: string; termsOfUseUrl?: string };
  localizationInfo?: { additionalLanguages?: { languageTag: string; file: string }[] };
  bots?: { commandLists?: { scopes: string[]; commands: { title: string; description?: string }[] }[] }[];
}

/**
 * Icon rules from the Teams app guidelines: color 192x192 with a full (opaque) background;
 * outline 32x32, white on a transparent background.
 */
export function checkIcons(manifest: TeamsManifestShape, readFile: (name: string) => Buffer): string[] {
  const problems: string[] = [];
  const colorPng = readFile(manifest.icons.color);
  const color = pngInfo(colorPng);
  if (color.width !== 192 || color.height !== 192) {
    problems.push(`${manifest.icons.color} is ${color.width}x${color.height}, must be 192x192`);
  } else if (color.bitDepth === 8 && color.colorType !== 3) {
    const { rgba } = decodePng(colorPng);
    let transparent = 0;
    for (let i = 3; i < rgba.length; i += 4) if ((rgba[i] as number) < 255) transparent++;
    if (transparent > 0) {
      problems.push(
        `${manifest.icons.color} has ${transparent} (partly) transparent pixels; use a full background`,
      );
    }
  }
  const outlinePng = readFile(manifest.icons.outline);
  const outline = pngInfo(outlinePng);
  if (outline.width !== 32 || outline.height !== 32) {
    problems.push(`${manifest.icons.outline} is ${outline.width}x${outline.height}, must be 32x32`);
  }
  if (!outline.hasAlpha) {
    problems.push(`${manifest.icons.outline} must have a transparent background (alpha channel)`);
  } else if (outline.bitDepth === 8 && outline.colorType !== 3) {
    const { rgba } = decodePng(outlinePng);
    let visible = 0;
    let coloured = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] === 0) continue;
      visible++;
      if (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255) coloured++;
    }
    if (visible === 0 || visible === rgba.length / 4) {
      problems.push(`${manifest.icons.outline} must be a white figure on a transparent background`);
    }
    if (coloured > 0)
      problems.push(`${manifest.icons.outline} has ${coloured} visible pixels that are not white`);
  }
  return problems;
}

/**
 * The developer links point at the bot's own public pages (https://${{BOT_DOMAIN}}/openbaar/...). The schema
 * only checks that they start with https://, so a BOT_DOMAIN given as a URL ("https://host") would yield
 * "https://https://host/openbaar" and pass; these links must have a real host name.
 */
export function checkDeveloperUrls(manifest: TeamsManifestShape): string[] {
  const problems: string[] = [];
  for (const field of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'] as const) {
    const value = manifest.developer?.[field];
    if (value === undefined) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || !url.hostname.includes('.') || url.pathname.startsWith('//')) {
      problems.push(
        `developer.${field} "${value}" is not an https link to a host name; BOT_DOMAIN must be a host name such as app-tafelbot.azurewebsites.net, without https://`,
      );
    }
  }
  return problems;
}

/** Names of the files an app package holds: manifest.json, the icons and the localization files. */
export function packageFileNames(manifest: TeamsManifestShape): string[] {
  const languages = manifest.localizationInfo?.additionalLanguages ?? [];
  return ['manifest.json', manifest.icons.color, manifest.icons.outline, ...languages.map((l) => l.file)];
}

/**
 * Every check on an app package: manifest schema, developer links, localization schemas and icons.
 * `manifestText` must already have its placeholders substituted. Returns [] when all pass.
 */
export function checkAppPackage(manifestText: string, readFile: (name: string) => Buffer): string[] {
  const manifest = JSON.parse(manifestText) as TeamsManifestShape;
  const problems = [...validateManifest(manifest), ...checkDeveloperUrls(manifest)];
  for (const language of manifest.localizationInfo?.additionalLanguages ?? []) {
    const localization = JSON.parse(readFile(language.file).toString('utf8')) as unknown;
    problems.push(
      ...validateLocalization(localization, manifest.manifestVersion).map((p) => `${language.file}: ${p}`),
    );
  }
  problems.push(...checkIcons(manifest, readFile));
  return problems;
}
