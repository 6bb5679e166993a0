import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench:profile -- <dir>`: summarises the V8 CPU profiles a bench run wrote with
 * BENCH_CPU_PROF=<dir>. For each process: self time by area (our code, each dependency,
 * Node internals, garbage collection, idle) and the functions with the most self time.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function area(url: string, functionName: string): string {
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(garbage collector)';
  if (functionName === '(program)') return '(program: native, outside JS)';
  const modules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  if (modules) return (modules.at(-1) as string).replace('node_modules/', '');
  if (url.includes('/src/'))
    return `hookflow ${url
      .slice(url.indexOf('/src/') + 1)
      .split('/')
      .slice(0, 2)
      .join('/')}`;
  if (url.includes('/bench/')) return 'bench probe / floor';
  if (url.startsWith('node:') || url === '') return 'node internals';
  return url;
}

function summarise(file: string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''} [${a}]`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const busy = total - (areas.get('(idle)') ?? 0);
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n);
  const lines = [
    `### ${path.relative(dir, file)}: ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s profiled`,
    '',
    '| area | share of busy time |',
    '|---|---|',
  ];
  for (const [k, us] of top(areas, 14)) lines.push(`| ${k} | ${pct(us)} |`);
  lines.push('', '| function (self time) | share |', '|---|---|');
  for (const [k, us] of top(functions, 15)) lines.push(`| \`${k.replace(/\|/g, '\\|')}\` | ${pct(us)} |`);
  return lines.join('\n');
}

const dir = process.argv[2] ?? '';
if (!dir) {
  process.stderr.write('usage: npm run bench:profile -- <dir written by BENCH_CPU_PROF=<dir> npm run bench>\n');
  process.exit(2);
}
// One folder per process, one profile per thread (Node names them CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile).
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no .cpuprofile in ${dir}\n`);
  process.exit(1);
}
process.stdout.write(`${files.map((f) => summarise(path.join(dir, f))).join('\n\n')}\n`);
