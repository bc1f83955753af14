#!/usr/bin/env node
// Stages the bot for App Service zip deploy in tools/deploy/app (git-ignored):
// the compiled dist/, package.json, package-lock.json and .npmrc, with production
// dependencies only. Run after `npm run build`; m365agents.yml runs it in its deploy stage.
// The web app runs from the package (WEBSITE_RUN_FROM_PACKAGE=1) and does not build on the server.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'tools', 'deploy', 'app');

if (!existsSync(join(root, 'dist', 'src', 'index.js'))) {
  console.error('stage-deploy: dist/src/index.js is missing; run `npm run build` first.');
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'dist'), join(out, 'dist'), { recursive: true });
for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
  if (existsSync(join(root, file))) cpSync(join(root, file), join(out, file));
}

const npm = spawnSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
  cwd: out,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (npm.status !== 0) {
  console.error(`stage-deploy: npm ci failed (exit ${npm.status ?? npm.signal})`);
  process.exit(1);
}
console.warn(`stage-deploy: staged ${out}`);
