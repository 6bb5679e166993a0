// Runs before `npm run dev` and `npm test` (predev/pretest): on a fresh clone, or after the
// lockfile changed, it installs the dependencies first with `npm ci`, so the README's two
// commands are all the set-up there is and never rewrite package-lock.json. Plain CommonJS
// with no dependencies: it runs on whatever Node started npm, before Node 24 from
// node_modules exists.
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const lockfile = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
// The lockfile's hash at the last install this script saw; content, not mtimes, decides,
// so a fresh checkout of the same lockfile (or a copied node_modules) installs nothing.
const stamp = path.join(root, 'node_modules', '.hookflow-lockfile-sha256');

const lockHash = createHash('sha256').update(readFileSync(lockfile)).digest('hex');

function isFresh() {
  if (!existsSync(installed)) return false;
  if (existsSync(stamp)) return readFileSync(stamp, 'utf8').trim() === lockHash;
  // Installed by hand (`npm ci` / `npm install`) before this script ever ran.
  return statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs;
}

if (!isFresh()) {
  // `npm ci` installs exactly what the lockfile pins (it lists every platform's optional
  // binaries) and never writes it, so `git status` stays clean.
  process.stderr.write('[hookflow] installing dependencies (npm ci)...\n');
  const args = ['ci', '--no-audit', '--no-fund'];
  const npm = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath, ...args]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', args];
  const result = spawnSync(npm[0], npm[1], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// Only when it changes, and as a new file: a node_modules copied with hard links (the e2e
// test's private clone) must never write through to the original's stamp.
if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== lockHash) {
  rmSync(stamp, { force: true });
  writeFileSync(stamp, `${lockHash}\n`);
}
