import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The real Bicep CLI for the infra tests: BICEP_PATH, else tools/bicep/bicep (scripts/fetch-bicep.sh), else
 * `bicep` on PATH; and its diagnostics read as errors and warnings.
 */

export const ROOT = join(__dirname, '..', '..');
export const INFRA = join(ROOT, 'infra');

export function findBicep(): { path?: string; reason: string } {
  if (process.env.BICEP_PATH) {
    return existsSync(process.env.BICEP_PATH)
      ? { path: process.env.BICEP_PATH, reason: 'BICEP_PATH' }
      : { reason: `BICEP_PATH=${process.env.BICEP_PATH} does not exist` };
  }
  const local = join(ROOT, 'tools', 'bicep', 'bicep');
  if (existsSync(local)) return { path: local, reason: 'tools/bicep/bicep' };
  const onPath = spawnSync('bicep', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0) return { path: 'bicep', reason: 'PATH' };
  return { reason: 'not in BICEP_PATH, tools/bicep/bicep or PATH' };
}

// Sample values for the parameters main.bicepparam reads from the environment.
export const PARAM_ENV = {
  ALLOWED_TENANT_IDS: '11111111-1111-4111-8111-111111111111',
  ADMIN_EMAILS: 'beheer@gemeente.example.nl',
  ALERT_EMAIL: 'azure-beheer@gemeente.example.nl',
};

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(bicep: string, args: string[]): Run {
  const result = spawnSync(bicep, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...PARAM_ENV, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const DIAGNOSTIC = /^(.*)\((\d+),(\d+)\) : (Error|Warning|Info) ([A-Za-z0-9-]+): (.*)$/;

function diagnostics(output: string): { level: string; code: string; line: string }[] {
  return output
    .split(/\r?\n/)
    .map((line) => ({ line, match: DIAGNOSTIC.exec(line.trim()) }))
    .filter((d) => d.match)
    .map((d) => ({ level: d.match![4] as string, code: d.match![5] as string, line: d.line }));
}

export function expectClean(what: string, result: Run): void {
  const all = diagnostics(`${result.stdout}\n${result.stderr}`);
  const errors = all.filter((d) => d.level === 'Error');
  const warnings = all.filter((d) => d.level === 'Warning');
  if (warnings.length > 0)
    console.warn(`${what}: ${warnings.length} warning(s)\n${warnings.map((w) => w.line).join('\n')}`);
  expect({ what, errors: errors.map((e) => e.line) }).toEqual({ what, errors: [] });
  if (result.status !== 0) throw new Error(`${what} exited with ${result.status}:\n${result.stderr}`);
}
