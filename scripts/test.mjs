// `npm test`: type check, lint, then every jest suite (unit, integration against the embedded store, HTTP e2e,
// templates, manifest, infra, playground). Stops at the first failing step and exits non-zero.
import { spawnSync } from 'node:child_process';

const steps = [
  ['Type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  // The browser script apart, so DOM types never leak into the server's type check.
  ['Type check (browser)', 'npx', ['tsc', '-p', 'src/public/browser/tsconfig.json']],
  ['Lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['Tests', 'npx', ['jest', '--ci', ...process.argv.slice(2)]],
];

for (const [name, command, args] of steps) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '--no-deprecation' },
  });
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ${name} passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
