import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';

/**
 * Every card is a JSON template in ./templates, expanded with adaptivecards-templating.
 *
 * The data root of a template is:
 * - `strings`: the template's strings in the user's language (trusted, may contain markdown);
 * - every key of the view model, with all strings escaped so user text cannot inject markdown links,
 *   formatting or mentions into a TextBlock;
 * - `form`: raw values for Input.* `value` fields and Action data, which Teams shows verbatim.
 *
 * Parsed templates are cached: parsing the template is most of the cost of an expansion.
 */

export type Locale = 'nl' | 'en';
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

const TEMPLATE_FOLDER = path.join(__dirname, 'templates');
const STRINGS_FOLDER = path.join(__dirname, 'strings');

/**
 * Strings per locale: every JSON file in strings/<locale>/ (one per feature) holds sections keyed by template or
 * topic; they are merged once at start-up. A section defined twice is an error, so features cannot clash.
 */
export function loadStrings(locale: Locale): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = {};
  const folder = path.join(STRINGS_FOLDER, locale);
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const sections = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    for (const [name, values] of Object.entries(sections)) {
      if (merged[name]) throw new Error(`String section ${name} is defined twice (${locale}/${file})`);
      merged[name] = values;
    }
  }
  return merged;
}

const STRINGS: Readonly<Record<Locale, Readonly<Record<string, unknown>>>> = {
  nl: loadStrings('nl'),
  en: loadStrings('en'),
};
const templates = new Map<string, Template>();

export function localeOf(teamsLocale: string | undefined | null): Locale {
  return teamsLocale && /^en\b/i.test(teamsLocale) ? 'en' : 'nl';
}

export function templateNames(): string[] {
  return readdirSync(TEMPLATE_FOLDER)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

function templateFor(name: string): Template {
  let template = templates.get(name);
  if (!template) {
    if (!/^[a-zA-Z0-9-]+$/.test(name)) throw new Error(`Invalid card template name ${name}`);
    const payload: unknown = JSON.parse(readFileSync(path.join(TEMPLATE_FOLDER, `${name}.json`), 'utf8'));
    template = new Template(payload);
    templates.set(name, template);
  }
  return template;
}

/** Strings of one template, Dutch as the fallback for anything missing in English. */
const mergedStrings = new Map<string, Readonly<Record<string, unknown>>>();

export function stringsFor(name: string, locale: Locale): Record<string, unknown> {
  // Strings never change after start-up; merging them once per section and language saves work on every card.
  const key = `${locale}:${name}`;
  const cached = mergedStrings.get(key);
  if (cached) return cached as Record<string, unknown>;
  const common = { ...(STRINGS.nl.common as object), ...(STRINGS[locale].common as object | undefined) };
  const own = {
    ...(STRINGS.nl[name] as object | undefined),
    ...(STRINGS[locale][name] as object | undefined),
  };
  const merged = Object.freeze({ ...common, ...own });
  mergedStrings.set(key, merged);
  return merged as Record<string, unknown>;
}

// Only what starts markdown in Teams: emphasis, code, links and <at>/HTML tags. Parentheses alone are inert.
const MARKDOWN_SPECIALS = /[\\`*_[\]<>]/g;

/** Escapes text for an Adaptive Card TextBlock: no markdown, no links, no <at> mentions. */
export function escapeCardText(text: string): string {
  return text
    .replace(MARKDOWN_SPECIALS, '\\$&')
    .replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3')
    .replace(/^(\s*\d+)\.(\s)/gm, '$1\\.$2');
}

function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return escapeCardText(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeDeep(v);
    return out;
  }
  return value;
}

export interface RenderInput {
  /** Data shown in TextBlocks; every string is escaped. */
  readonly view?: Readonly<Record<string, unknown>>;
  /** Text Tafelbot composed itself (may carry markdown); user text inside it must already be escaped. */
  readonly trusted?: Readonly<Record<string, unknown>>;
  /** Raw values for Input.* values and Action data. */
  readonly form?: Readonly<Record<string, unknown>>;
}

export function renderCard(name: string, locale: Locale, input: RenderInput = {}): AdaptiveCard {
  const root = {
    ...(escapeDeep(input.view ?? {}) as Record<string, unknown>),
    ...input.trusted,
    strings: stringsFor(name, locale),
    form: input.form ?? {},
  };
  const card = templateFor(name).expand({ $root: root }) as AdaptiveCard;
  return card;
}

/** Fills {placeholders} in a trusted string from the strings bundle; the values are escaped. */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? escapeCardText(String(values[key])) : whole,
  );
}
