import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * scripts/grant-graph-permissions.sh against a fake `az` on the PATH that plays Microsoft Graph's service
 * principals: it grants both permissions once, and a second run changes nothing (idempotent).
 */

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'grant-graph-permissions.sh');
const CLIENT_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
const ROLES = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'TeamsAppInstallation.ReadWriteSelfForUser.All': '9f67436c-5415-4e7f-8ac1-3014a7132630',
};

/** The fake az: answers exactly the calls the script makes (URL and --query), and records POSTs in a state file. */
const FAKE_AZ = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
const arg = (name) => args[args.indexOf(name) + 1] ?? '';
const state = JSON.parse(fs.readFileSync(process.env.FAKE_AZ_STATE, 'utf8'));
const url = decodeURIComponent(arg('--url'));
const query = arg('--query');
state.calls.push(arg('--method') + ' ' + url);
const out = (v) => { fs.writeFileSync(process.env.FAKE_AZ_STATE, JSON.stringify(state)); if (v !== undefined) console.log(v); };
let m;
if (arg('--method') === 'POST') {
  state.assignments.push(JSON.parse(arg('--body')));
  out();
} else if ((m = /servicePrincipals\\?\\$filter=appId eq '([^']+)'/.exec(url))) {
  out({ [${JSON.stringify(CLIENT_ID)}]: 'sp-identity', '00000003-0000-0000-c000-000000000000': 'sp-graph' }[m[1]] ?? '');
} else if (/servicePrincipals\\/sp-graph\\?\\$select=appRoles/.test(url)) {
  const value = /value=='([^']+)'/.exec(query)[1];
  out(${JSON.stringify(ROLES)}[value] ?? '');
} else if (/servicePrincipals\\/sp-identity\\/appRoleAssignments/.test(url)) {
  const role = /appRoleId=='([^']+)'/.exec(query)[1];
  out(state.assignments.filter((a) => a.appRoleId === role && a.resourceId === 'sp-graph').length);
} else {
  process.stderr.write('fake az: unexpected call ' + args.join(' '));
  process.exit(3);
}
`;

describe('scripts/grant-graph-permissions.sh', () => {
  let dir: string;
  let statePath: string;
  const run = (...args: string[]) =>
    execFileSync('bash', [SCRIPT, ...args], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, FAKE_AZ_STATE: statePath },
      encoding: 'utf8',
      stdio: 'pipe',
    });
  const state = () =>
    JSON.parse(readFileSync(statePath, 'utf8')) as {
      calls: string[];
      assignments: Array<Record<string, string>>;
    };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fake-az-'));
    writeFileSync(join(dir, 'az'), FAKE_AZ);
    chmodSync(join(dir, 'az'), 0o755);
    statePath = join(dir, 'state.json');
    writeFileSync(statePath, JSON.stringify({ calls: [], assignments: [] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says what it would do in a dry run, and grants nothing', () => {
    const output = run(CLIENT_ID, '--dry-run');
    expect(output).toContain('User.Read.All: would be granted (dry run)');
    expect(state().assignments).toEqual([]);
  });

  it('grants both application permissions to the managed identity, found by their value', () => {
    const output = run(CLIENT_ID);
    expect(output).toContain('User.Read.All: granted');
    expect(output).toContain('TeamsAppInstallation.ReadWriteSelfForUser.All: granted');
    expect(state().assignments).toEqual([
      { principalId: 'sp-identity', resourceId: 'sp-graph', appRoleId: ROLES['User.Read.All'] },
      {
        principalId: 'sp-identity',
        resourceId: 'sp-graph',
        appRoleId: ROLES['TeamsAppInstallation.ReadWriteSelfForUser.All'],
      },
    ]);
  });

  it('changes nothing when run again', () => {
    const before = state().calls.length;
    const output = run(CLIENT_ID);
    expect(output).toContain('User.Read.All: already granted');
    expect(output).toContain('done: 0 permission(s) granted now');
    expect(state().assignments).toHaveLength(2);
    expect(
      state()
        .calls.slice(before)
        .filter((c) => c.startsWith('POST')),
    ).toEqual([]);
  });

  it('refuses an argument that is not a client id, and an identity the tenant does not know', () => {
    expect(() => run('tafelbot')).toThrow();
    expect(() => run('11111111-2222-3333-4444-555555555555')).toThrow();
  });
});
