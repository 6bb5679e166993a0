/**
 * Preloaded into the real hookflow worker and API processes by the bench
 * (`node --import tsx --import ./bench/probe.ts src/worker.ts`). It changes nothing they do:
 * it counts the SQL statements their pg pools send (by first keyword) and answers the
 * bench's IPC requests with those counts, RSS, CPU time and event-loop utilisation.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';

type Counts = Record<string, number>;
let counts: Counts = {};

const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = clientPrototype.query;
clientPrototype.query = function patchedQuery(this: unknown, ...args: unknown[]) {
  const config = args[0];
  const text = typeof config === 'string' ? config : (config as { text?: unknown } | undefined)?.text;
  if (typeof text === 'string') {
    const keyword = (/^\s*(\w+)/.exec(text)?.[1] ?? 'other').toLowerCase();
    counts[keyword] = (counts[keyword] ?? 0) + 1;
  }
  return originalQuery.apply(this, args);
};

let elu = performance.eventLoopUtilization();
let cpu = process.cpuUsage();

export interface ProbeStats {
  pid: number;
  sql: Counts;
  rssBytes: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  eventLoopUtilization: number;
}

if (process.send) {
  process.on('message', (message: { type?: string; id?: number }) => {
    if (message?.type === 'reset') {
      counts = {};
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
      process.send?.({ type: 'reset-done', id: message.id });
    } else if (message?.type === 'stats') {
      const usage = process.cpuUsage(cpu);
      const stats: ProbeStats = {
        pid: process.pid,
        sql: { ...counts },
        rssBytes: process.memoryUsage().rss,
        cpuUserMs: usage.user / 1000,
        cpuSystemMs: usage.system / 1000,
        eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
      };
      process.send?.({ type: 'stats', id: message.id, stats });
    }
  });
  // The IPC channel must not keep a process alive that would otherwise exit.
  (process.channel as unknown as { unref?: () => void } | undefined)?.unref?.();
}
