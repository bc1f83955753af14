/**
 * Builds the Teams app package: appPackage/build/appPackage.<env>.zip with manifest.json,
 * the icons and the localization files, after filling in ${{TEAMS_APP_ID}}, ${{BOT_ID}}, ...
 * and validating everything offline (src/cli/manifestValidation.ts).
 *
 *   npm run package                   # env "dev": env/.env.dev (+ env/.env.dev.user)
 *   npm run package -- --env prod     # env/.env.prod
 *   TEAMSFX_ENV=prod npm run package  # same
 *
 * Values set in the process environment win over the env files, so CI can pass them directly.
 * Upload the zip in the Teams admin center (Manage apps > Upload new app) or with `atk provision`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  APP_PACKAGE_DIR,
  checkAppPackage,
  packageFileNames,
  placeholdersIn,
  substitutePlaceholders,
  type TeamsManifestShape,
} from './manifestValidation';
import { createZip, type ZipEntry } from './zip';

const ROOT = join(__dirname, '..', '..');

/** Parses a dotenv-style file: KEY=VALUE lines, # comments, optional quotes around the value. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      value = value.slice(1, -1);
    }
    values[key] = value;
  }
  return values;
}

/** Values for an environment: env/.env.<env>, then env/.env.<env>.user, then non-empty process variables. */
export function loadEnvironment(
  envName: string,
  processEnv: NodeJS.ProcessEnv = process.env,
  envDir: string = join(ROOT, 'env'),
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const file of [`.env.${envName}`, `.env.${envName}.user`]) {
    const path = join(envDir, file);
    if (existsSync(path)) Object.assign(values, parseEnvFile(readFileSync(path, 'utf8')));
  }
  for (const [key, value] of Object.entries(processEnv)) {
    if (value) values[key] = value;
  }
  return values;
}

export interface BuildOptions {
  readonly envName: string;
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly sourceDir?: string;
  readonly outDir?: string;
}

export interface BuildResult {
  readonly zipPath: string;
  readonly entries: readonly string[];
}

/** Substitutes, validates and zips the package; throws with every problem found. */
export function buildAppPackage(options: BuildOptions): BuildResult {
  const sourceDir = options.sourceDir ?? APP_PACKAGE_DIR;
  const outDir = options.outDir ?? join(sourceDir, 'build');
  if (!/^[A-Za-z0-9_-]+$/.test(options.envName))
    throw new Error(`Invalid environment name "${options.envName}"`);

  const template = readFileSync(join(sourceDir, 'manifest.json'), 'utf8');
  const missing = placeholdersIn(template).filter((name) => !options.values[name]);
  if (missing.length > 0) {
    throw new Error(
      `No value for ${missing.join(', ')} in environment "${options.envName}". ` +
        `Run \`atk provision --env ${options.envName}\` or set them in env/.env.${options.envName} or the process environment.`,
    );
  }
  const manifestText = substitutePlaceholders(template, options.values);
  const readFile = (name: string): Buffer => readFileSync(join(sourceDir, name));
  const problems = checkAppPackage(manifestText, readFile);
  if (problems.length > 0) throw new Error(`The app package is not valid:\n  ${problems.join('\n  ')}`);

  const manifest = JSON.parse(manifestText) as TeamsManifestShape;
  const entries: ZipEntry[] = packageFileNames(manifest).map((name) => ({
    name,
    data: name === 'manifest.json' ? Buffer.from(manifestText, 'utf8') : readFile(name),
  }));
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${options.envName}.zip`);
  writeFileSync(zipPath, createZip(entries));
  return { zipPath, entries: entries.map((e) => e.name) };
}

function envNameFromArgs(argv: readonly string[], processEnv: NodeJS.ProcessEnv): string {
  const flag = argv.findIndex((a) => a === '--env' || a.startsWith('--env='));
  if (flag >= 0) {
    const arg = argv[flag] as string;
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[flag + 1];
    if (!value) throw new Error('--env needs a name, e.g. --env dev');
    return value;
  }
  return processEnv.TEAMSFX_ENV || processEnv.ENV || 'dev';
}

function main(): void {
  try {
    const envName = envNameFromArgs(process.argv.slice(2), process.env);
    const result = buildAppPackage({ envName, values: loadEnvironment(envName) });
    console.log(`Wrote ${relative(process.cwd(), result.zipPath)} (${result.entries.join(', ')})`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
