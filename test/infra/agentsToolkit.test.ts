import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvFile } from '../../src/cli/packageApp';

/**
 * m365agents.yml, env/.env.dev, infra/azure.parameters.json, infra/main.bicep and the app
 * manifest agree with each other. Text checks only, so they run without the Bicep CLI.
 */

const ROOT = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

const yml = read('m365agents.yml');
const env = parseEnvFile(read('env/.env.dev'));
const mainBicep = read('infra/main.bicep');
const placeholders = (text: string): string[] => [
  ...new Set([...text.matchAll(/\$\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string)),
];
const bicepOutputs = [...mainBicep.matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1] as string);

describe('Agents Toolkit project (m365agents.yml, env/.env.dev)', () => {
  test('uses the v1.13 project schema (the newest the released toolkit CLI validates)', () => {
    // @microsoft/m365agentstoolkit-cli 1.1.17 validates v1.0 to v1.13; its templates link the schema
    // as aka.ms/m365-agents-toolkits/<version>/yaml.schema.json.
    expect(yml).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/v1\.13\/yaml\.schema\.json$/m,
    );
    expect(yml).toMatch(/^version: v1\.13$/m);
    expect(yml).toMatch(/^environmentFolderPath: \.\/env$/m);
  });

  /** The text of one top-level stage (provision, deploy, publish). */
  const stageText = (name: string): string => {
    const start = yml.indexOf(`\n${name}:\n`);
    expect(start).toBeGreaterThanOrEqual(0);
    const rest = yml.slice(start + name.length + 3);
    const end = rest.search(/\n[a-z]\w*:/);
    return end < 0 ? rest : rest.slice(0, end);
  };
  const stage = (name: string): string[] =>
    [...stageText(name).matchAll(/^ {2}- uses: (\S+)/gm)].map((m) => m[1] as string);

  test('provision and deploy run the expected actions in order', () => {
    expect(stage('provision')).toEqual([
      'teamsApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(stage('deploy')).toEqual([
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'script',
      'azureAppService/zipDeploy',
    ]);
  });

  test('publish validates, packages, updates and submits the app package to the Teams admin center', () => {
    expect(stage('publish')).toEqual([
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
      'teamsApp/publishAppPackage',
    ]);
    const publish = stageText('publish');
    // Every step works on the package of this environment, the one zipAppPackage just wrote.
    const zip = './appPackage/build/appPackage.${{TEAMSFX_ENV}}.zip';
    expect(publish).toContain(`outputZipPath: ${zip}`);
    expect([...publish.matchAll(/appPackagePath: (\S+)/g)].map((m) => m[1])).toEqual([zip, zip, zip]);
    expect(publish).toContain('manifestPath: ./appPackage/manifest.json');
    // publishAppPackage must write the id the admin center gives the submission.
    const published = /publishedAppId: (\w+)/.exec(publish)?.[1];
    expect(published).toBe('TEAMS_APP_PUBLISHED_APP_ID');
    expect(env).toHaveProperty(published as string);
  });

  test('every file the project file names exists', () => {
    for (const [, path] of yml.matchAll(/(?:path|parameters|manifestPath): (\.\/\S+)/g)) {
      expect({ path, exists: existsSync(join(ROOT, path as string)) }).toEqual({ path, exists: true });
    }
    expect(yml).toContain('run: node infra/stage-deploy.mjs');
    expect(existsSync(join(ROOT, 'infra', 'stage-deploy.mjs'))).toBe(true);
  });

  test('every ${{VAR}} in the project file, the parameters and the manifest is declared in env/.env.dev', () => {
    const used = [
      ...placeholders(yml),
      ...placeholders(read('infra/azure.parameters.json')),
      ...placeholders(read('appPackage/manifest.json')),
    ];
    expect(used.filter((name) => !(name in env))).toEqual([]);
  });

  test('the outputs the toolkit writes back are outputs of infra/main.bicep', () => {
    // zipDeploy targets the web app that arm/deploy wrote to the env file; the manifest needs BOT_ID.
    for (const name of ['BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_ID', 'BOT_DOMAIN']) {
      expect(bicepOutputs).toContain(name);
      expect(env).toHaveProperty(name);
    }
    expect(yml).toContain('resourceId: ${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
  });

  test('env/.env.dev holds no secrets', () => {
    expect(env.TEAMSFX_ENV).toBe('dev');
    expect(env.APP_NAME_SUFFIX).toBe('dev');
    for (const [name, value] of Object.entries(env)) {
      expect({
        name,
        secretLike: /^SECRET_|PASSWORD|KEY$|CONNECTION_STRING/.test(name) && value !== '',
      }).toEqual({
        name,
        secretLike: false,
      });
    }
  });

  test('the toolkit, the fetch script and the restore project use the same Bicep CLI version', () => {
    const toolkit = /bicepCliVersion: v(\d+\.\d+\.\d+)/.exec(yml)?.[1];
    const script = /BICEP_VERSION="\$\{BICEP_VERSION:-(\d+\.\d+\.\d+)\}"/.exec(
      read('scripts/fetch-bicep.sh'),
    )?.[1];
    const csproj = /<BicepVersion[^>]*>(\d+\.\d+\.\d+)<\/BicepVersion>/.exec(
      read('scripts/bicep-restore/bicep-restore.csproj'),
    )?.[1];
    expect(toolkit).toBeDefined();
    expect({ script, csproj }).toEqual({ script: toolkit, csproj: toolkit });
  });
});
