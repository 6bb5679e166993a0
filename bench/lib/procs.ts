import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/**
 * A `/proc/.../stat` line (of a process or of one of its threads): its name, its parent's
 * pid and its utime+stime in ms. The name is between the first `(` and the last `)`, and
 * may hold spaces; the fields after it are counted from `state`.
 */
function readStat(file: string): { comm: string; ppid: number; cpuMs: number } {
  const stat = readFileSync(file, 'utf8');
  const end = stat.lastIndexOf(')');
  const fields = stat.slice(end + 2).split(' ');
  return {
    comm: stat.slice(stat.indexOf('(') + 1, end),
    ppid: Number(fields[1]),
    cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND,
  };
}

/** utime+stime of one process in ms, from /proc (undefined if gone). */
export function processCpuMs(pid: number): number | undefined {
  try {
    return readStat(`/proc/${pid}/stat`).cpuMs;
  } catch {
    return undefined;
  }
}

export function processRssBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** pids whose parent is `pid` (PostgreSQL's backends are children of the postmaster). */
export function childPids(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readStat(`/proc/${entry}/stat`).ppid === pid) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Whole-machine busy and total CPU time in ms (all cores), from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, total: (total * 1000) / TICKS_PER_SECOND };
}

/**
 * What a Node process's threads do, by the name Linux gives each (`/proc/<pid>/task/<tid>/comm`):
 * the main thread runs the event loop (the API, the activities, the SDK's JS side); the
 * SDK runs workflow code in worker threads; V8's platform threads do concurrent GC and
 * compilation; the Temporal core (Rust) runs on tokio threads; libuv's pool does crypto,
 * DNS and files.
 */
export const THREAD_KINDS = [
  'main thread',
  'workflow threads',
  'V8 GC and compiler',
  'Temporal core (Rust)',
  'libuv pool',
  'other',
] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

function threadKind(pid: number, tid: number, comm: string): ThreadKind {
  if (tid === pid) return 'main thread';
  if (comm === 'WorkerThread') return 'workflow threads';
  if (comm.startsWith('V8')) return 'V8 GC and compiler';
  if (comm.startsWith('tokio')) return 'Temporal core (Rust)';
  if (comm.startsWith('libuv')) return 'libuv pool';
  return 'other';
}

/** utime+stime in ms of each live thread of `pid`, with its kind (empty if the process is gone). */
export function threadCpuMs(pid: number): Map<number, { kind: ThreadKind; ms: number }> {
  const threads = new Map<number, { kind: ThreadKind; ms: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const { comm, cpuMs } = readStat(`/proc/${pid}/task/${tid}/stat`);
      threads.set(Number(tid), { kind: threadKind(pid, Number(tid), comm), ms: cpuMs });
    } catch {
      // exited meanwhile
    }
  }
  return threads;
}

export interface CpuReading {
  wallMs: number;
  machineBusyPercent: number;
  processes: Record<string, { cpuMs: number; coresUsed: number }>;
  /** For the processes asked for (`threadsOf`): CPU ms by thread kind, of the threads alive at the end. */
  threads?: Record<string, Partial<Record<ThreadKind, number>>>;
}

/**
 * CPU used per named process group between `start()` and `stop()`; exited PostgreSQL
 * backends are not counted (the pools keep theirs open, so this is close). For the
 * processes `threadsOf` names (one pid each), also by thread kind.
 */
export class CpuMeter {
  private startAt = 0;
  private startMachine = { busy: 0, total: 0 };
  private startTimes = new Map<number, number>();
  private startThreads = new Map<string, Map<number, { kind: ThreadKind; ms: number }>>();
  constructor(
    private readonly groups: () => Record<string, number[]>,
    private readonly threadsOf: () => Record<string, number> = () => ({}),
  ) {}

  start(): void {
    this.startAt = performance.now();
    this.startMachine = machineCpuMs();
    this.startTimes.clear();
    for (const pids of Object.values(this.groups())) for (const pid of pids) this.startTimes.set(pid, processCpuMs(pid) ?? 0);
    this.startThreads = new Map(Object.entries(this.threadsOf()).map(([name, pid]) => [name, threadCpuMs(pid)]));
  }

  /** Per group: CPU ms and the share of one core used over the interval; plus the machine's busy share of all cores. */
  stop(): CpuReading {
    const wallMs = performance.now() - this.startAt;
    const machine = machineCpuMs();
    const processes: Record<string, { cpuMs: number; coresUsed: number }> = {};
    for (const [name, pids] of Object.entries(this.groups())) {
      let cpuMs = 0;
      for (const pid of pids) cpuMs += (processCpuMs(pid) ?? 0) - (this.startTimes.get(pid) ?? 0);
      processes[name] = { cpuMs: Math.round(cpuMs), coresUsed: Number((cpuMs / wallMs).toFixed(2)) };
    }
    const threads: NonNullable<CpuReading['threads']> = {};
    for (const [name, pid] of Object.entries(this.threadsOf())) {
      const before = this.startThreads.get(name) ?? new Map();
      const byKind: Partial<Record<ThreadKind, number>> = {};
      for (const [tid, now] of threadCpuMs(pid)) byKind[now.kind] = (byKind[now.kind] ?? 0) + now.ms - (before.get(tid)?.ms ?? 0);
      threads[name] = byKind;
    }
    const totalDelta = machine.total - this.startMachine.total;
    return {
      wallMs: Math.round(wallMs),
      machineBusyPercent: totalDelta > 0 ? Math.round(((machine.busy - this.startMachine.busy) / totalDelta) * 100) : 0,
      processes,
      ...(Object.keys(threads).length > 0 ? { threads } : {}),
    };
  }
}
