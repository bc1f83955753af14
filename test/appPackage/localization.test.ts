import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_PACKAGE_DIR, schemaPath } from '../../src/cli/manifestValidation';
import { DUTCH_WORDS, ENGLISH_WORDS, wordsFound } from '../unit/i18n/stopWords';

/**
 * Bilingual throughout (issue 21) for the Teams app package: the manifest's own strings are the default language
 * (Dutch, localizationInfo.defaultLanguageTag nl-NL), and every string Teams can localize has its English in en.json
 * under the JSON-path key the localization schema names (e.g. "bots[0].commandLists[0].commands[3].title"). The
 * localizable paths come from the schema of the manifest's own version, so a new command list, static tab or
 * message-extension command is covered the day it is added.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;
const manifest = readJson(join(APP_PACKAGE_DIR, 'manifest.json')) as { [key: string]: Json };
const english = readJson(join(APP_PACKAGE_DIR, 'en.json')) as Record<string, string>;
const manifestVersion = manifest.manifestVersion as string;
const localizationSchema = readJson(schemaPath('localization', manifestVersion)) as {
  properties: Record<string, unknown>;
  patternProperties: Record<string, unknown>;
};

/** Every string in a JSON value with its path as the localization file writes it: a.b[0].c */
function stringPaths(value: Json, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringPaths(item, path ? `${path}.${key}` : key));
  return [];
}

const NOT_TEXT = new Set(['$schema', 'localizationKeys']);
const fixedKeys = Object.keys(localizationSchema.properties).filter((k) => !NOT_TEXT.has(k));
const keyPatterns = Object.keys(localizationSchema.patternProperties).map((p) => new RegExp(p));

function isLocalizable(path: string): boolean {
  return fixedKeys.includes(path) || keyPatterns.some((pattern) => pattern.test(path));
}

/** The manifest's localizable strings, by path. */
function localizableStrings(of: { [key: string]: Json }): Map<string, string> {
  return new Map(stringPaths(of).filter(([path]) => isLocalizable(path)));
}

/** Localizable manifest strings without an English entry, and English entries for no manifest string. */
function translationGaps(of: { [key: string]: Json }, translation: Record<string, string>) {
  const localizable = localizableStrings(of);
  const keys = Object.keys(translation).filter((k) => !NOT_TEXT.has(k));
  return {
    untranslated: [...localizable.keys()].filter((path) => !(path in translation)),
    stale: keys.filter((key) => !localizable.has(key)),
    empty: keys.filter((key) => typeof translation[key] !== 'string' || translation[key]!.trim() === ''),
  };
}

describe('appPackage localization', () => {
  it('reads the localizable paths from the schema of the manifest version', () => {
    expect(fixedKeys).toEqual(
      expect.arrayContaining(['name.short', 'name.full', 'description.short', 'description.full']),
    );
    expect(keyPatterns.some((p) => p.test('bots[0].commandLists[0].commands[0].title'))).toBe(true);
    expect(keyPatterns.some((p) => p.test('staticTabs[0].name'))).toBe(true);
    expect(keyPatterns.some((p) => p.test('composeExtensions[0].commands[0].description'))).toBe(true);
  });

  it('has Dutch as the default language and English in en.json', () => {
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'nl-NL',
      additionalLanguages: [{ languageTag: 'en', file: 'en.json' }],
    });
  });

  it('translates every localizable manifest string, and nothing else', () => {
    const localizable = localizableStrings(manifest);
    // Name, both descriptions and a title and description per command at the least.
    expect(localizable.size).toBeGreaterThanOrEqual(4 + 2 * 10);
    expect(translationGaps(manifest, english)).toEqual({ untranslated: [], stale: [], empty: [] });
  });

  it('finds a localizable string that has no English (the check above can fail)', () => {
    const withTab = {
      ...manifest,
      staticTabs: [{ entityId: 'over', name: 'Over Tafelbot', scopes: ['personal'] }],
    };
    const withoutOneCommand = { ...english };
    delete withoutOneCommand['bots[0].commandLists[0].commands[2].description'];
    expect(translationGaps(withTab, withoutOneCommand)).toEqual({
      untranslated: ['bots[0].commandLists[0].commands[2].description', 'staticTabs[0].name'],
      stale: [],
      empty: [],
    });
    expect(translationGaps(manifest, { ...english, 'staticTabs[0].name': 'About' }).stale).toEqual([
      'staticTabs[0].name',
    ]);
  });

  it('says the defaults in Dutch and the translations in English', () => {
    const dutchDefaults = [...localizableStrings(manifest)].map(([path, text]) => ({
      path,
      words: wordsFound(text, ENGLISH_WORDS),
    }));
    expect(dutchDefaults.filter((d) => d.words.length > 0)).toEqual([]);
    const translations = Object.entries(english)
      .filter(([key]) => !NOT_TEXT.has(key))
      .map(([key, text]) => ({ key, words: wordsFound(text, DUTCH_WORDS) }));
    expect(translations.filter((t) => t.words.length > 0)).toEqual([]);
    // The long description is a sentence or more in both languages, and not the same one.
    expect(english['description.full']).not.toBe((manifest.description as Record<string, string>).full);
  });
});
