import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The layer rules in eslint.config.mjs refuse what they are meant to refuse: handlers do not import storage,
 * application services do not import the Teams or HTTP frameworks or src/bot/. Each snippet is linted as if it
 * were a file at that path. ESLint loads its ESM config with a dynamic import, which Jest's module sandbox
 * cannot run, so its Node API runs in a child Node process.
 */

const ROOT = resolve(__dirname, '../../..');

interface Snippet {
  readonly filePath: string;
  readonly code: string;
}

/** Runs `new ESLint({ overrideConfigFile }).lintText()` on each snippet; the messages' rule ids per snippet. */
function lint(snippets: readonly Snippet[]): Array<Array<{ ruleId: string | null; message: string }>> {
  const script = `
    import { ESLint } from 'eslint';
    const snippets = JSON.parse(process.env.SNIPPETS);
    const eslint = new ESLint({ overrideConfigFile: 'eslint.config.mjs' });
    const results = [];
    for (const { filePath, code } of snippets) {
      const [result] = await eslint.lintText(code, { filePath });
      results.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
    }
    process.stdout.write(JSON.stringify(results));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, SNIPPETS: JSON.stringify(snippets) },
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

const HANDLER = 'src/bot/handlers/example.ts';
const SERVICE = 'src/inschrijving/example.ts';

const snippet = (filePath: string, from: string): Snippet => ({
  filePath,
  code: `import * as imported from '${from}';\n\nexport const used = imported;\n`,
});

const VIOLATIONS: ReadonlyArray<readonly [string, Snippet]> = [
  ['a handler importing a repository', snippet(HANDLER, '../../storage/inschrijvingRepository')],
  ['a handler importing the document store', snippet(HANDLER, '../../storage/documentStore')],
  ['a handler importing the local store', snippet(HANDLER, '../../storage/local/embeddedStore')],
  ['a service importing botbuilder', snippet(SERVICE, 'botbuilder')],
  ['a service importing teams-ai', snippet(SERVICE, '@microsoft/teams-ai')],
  ['a service importing restify', snippet(SERVICE, 'restify')],
  ['a service importing src/bot/', snippet(SERVICE, '../bot/turn')],
  ['a demo service importing src/bot/', snippet('src/demo/example.ts', '../bot/turn')],
];

const ALLOWED: ReadonlyArray<readonly [string, Snippet]> = [
  ['a handler importing its service', snippet(HANDLER, '../../inschrijving/inschrijvingService')],
  ['a handler importing the SDK', snippet(HANDLER, '@microsoft/teams-ai')],
  ['a service importing storage', snippet(SERVICE, '../storage/inschrijvingRepository')],
  ['a service importing the domain', snippet(SERVICE, '../domain/inschrijving')],
];

describe('the layer rules of eslint.config.mjs', () => {
  const results = lint([...VIOLATIONS, ...ALLOWED].map(([, s]) => s));

  it.each(VIOLATIONS.map(([name], i) => [name, i] as const))('refuse %s', (_name, i) => {
    const messages = results[i] ?? [];
    expect(messages.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
    expect(messages[0]?.message).toMatch(
      /Handlers do not use storage|Application services stay framework-neutral/,
    );
  });

  it.each(ALLOWED.map(([name], i) => [name, VIOLATIONS.length + i] as const))('allow %s', (_name, i) => {
    expect(results[i]).toEqual([]);
  });
});
