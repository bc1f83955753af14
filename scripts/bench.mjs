// npm run bench [-- options]: compiles the bench with tsc (the compiler options of `npm run build`, into
// dist/bench-build so it never races a build of dist/src), copies the run-time assets of src/ beside it, and runs
// bench/run.ts compiled, then the feature benches (--no-features skips them). `npm run bench -- --help` lists the options; docs/bench.md explains the numbers.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const out = path.join(root, 'dist', 'bench-build');
const entry = path.join(out, 'bench', 'run.js');

if (!args.includes('--no-build') && !args.includes('--help') && !args.includes('-h')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = Date.now();
  const build = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'bench', 'tsconfig.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  // Others may be editing src/ meanwhile: tsc still emits, so a type error elsewhere need not stop the bench.
  if (build.status !== 0) console.warn('bench: tsc reported errors (above); running with what it emitted');
  // Whatever src/ reads at run time (card templates, strings, JSON) goes beside the output, as copy-assets does.
  cpSync(path.join(root, 'src'), path.join(out, 'src'), {
    recursive: true,
    filter: (from) => !from.endsWith('.ts') || statSync(from).isDirectory(),
  });
  console.log(`bench: compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
if (!existsSync(entry)) {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      'Run `npm run bench` once to compile the bench; then `npm run bench -- --help` lists the options.',
    );
    process.exit(0);
  }
  console.error(`bench: ${path.relative(root, entry)} is missing; run without --no-build`);
  process.exit(1);
}
const featureFlags = ['--no-build', '--no-features'];
const run = spawnSync(process.execPath, [entry, ...args.filter((a) => !featureFlags.includes(a))], {
  cwd: root,
  stdio: 'inherit',
});
if (run.status !== 0) process.exit(run.status ?? 1);

// The feature benches (issue 3: delivery to 1,000 recipients; issue 15: the same with Teams and e-mail; issue 5: the vote storm) run after the HTTP
// bench, each in its own process group under tsx, since they fork TypeScript children of their own.
const quickOrPartial =
  args.includes('--profile') || args.includes('--help') || args.includes('-h') || args.includes('--scenario');
if (!args.includes('--no-features') && !quickOrPartial) {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  for (const [title, file] of [
    ['Delivery bench (issue 3): 1,000 recipients, 5% 429, and a crash at 50%', 'bench/deliveryBench.ts'],
    [
      'Delivery with Teams and e-mail (issue 15): 1,000 recipients, 60 % Teams after installation, 40 % e-mail, and a crash at 50%',
      'bench/deliveryMixBench.ts',
    ],
    [
      'Vote storm (issue 5): every party votes and 500 organisations react within one second',
      'bench/voteStorm.ts',
    ],
  ]) {
    console.log(`\n${title}:`);
    const feature = spawnSync(tsx, [file], { cwd: root, stdio: 'inherit' });
    if (feature.status !== 0) process.exit(feature.status ?? 1);
  }
}
process.exit(0);
