// Runs before `npm run dev` and `npm test` (predev/pretest): on a fresh clone, or after the
// lockfile changed, it installs the dependencies first, so the README's two commands are
// all the set-up there is. Plain CommonJS with no dependencies: it runs on whatever Node
// started npm, before Node 24 from node_modules exists.
const { existsSync, statSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lockfile = path.join(root, 'package-lock.json');

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lockfile).mtimeMs) {
  // `npm install` rather than `npm ci`: see .ci/run (the lockfile lacks other platforms'
  // optional binaries); it keeps every version the lockfile pins.
  process.stderr.write('[hookflow] installing dependencies (npm install)...\n');
  const args = ['install', '--no-audit', '--no-fund'];
  const npm = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath, ...args]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', args];
  const result = spawnSync(npm[0], npm[1], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
