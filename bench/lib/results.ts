import os from 'node:os';
import { P, type ThroughputResult, quick, started, sum } from './context';
import type { HistoryCost } from './history';
import type { BenchStack } from './stack';
import { percentile, round } from './stats';
import type { ComparisonResult } from '../phases/comparison';
import type { costs } from '../phases/cost';
import type { logAndPurge } from '../phases/event-log';
import type { fanOut } from '../phases/fan-out';
import type { flowControl } from '../phases/flow-control';
import type { latency } from '../phases/latency';
import type { OrderedResult } from '../phases/ordered';
import type { retries } from '../phases/retries';
import type { hookflowThroughput } from '../phases/throughput';

const upserts = (c: HistoryCost) => c.actionKinds['search attribute upsert'] ?? 0;
const withoutUpserts = (c: HistoryCost) => c.actions - upserts(c);

/** The phases' results as one object: what bench/results/latest*.json holds and bench/report.ts renders. */
export function assembleResults(
  s: BenchStack,
  hook: Awaited<ReturnType<typeof hookflowThroughput>>,
  physical: ThroughputResult,
  floor: ThroughputResult,
  rounds: { floorPerSecond: number[]; hookflowPerSecond: number[]; visibleFloorPerSecond: number[] },
  visible: ThroughputResult | undefined,
  lat: Awaited<ReturnType<typeof latency>>,
  steady: Awaited<ReturnType<typeof latency>>,
  retry: Awaited<ReturnType<typeof retries>>,
  cost: Awaited<ReturnType<typeof costs>>,
  fan: Awaited<ReturnType<typeof fanOut>>,
  logResult: Awaited<ReturnType<typeof logAndPurge>>,
  comparison: ComparisonResult,
  orderedDelivery: OrderedResult,
  flow?: Awaited<ReturnType<typeof flowControl>>,
) {
  const total = P.events * P.endpoints;
  // In `all` mode API and worker are one process: its counts are all under `api`, none under `worker`.
  const apiSql = hook.probes.api.sql;
  const workerSql = s.role === 'all' ? {} : hook.probes.worker.sql;
  const rssSorted = [...hook.rss].sort((a, b) => a - b);
  return {
    mode: quick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    durationSeconds: round((Date.now() - started) / 1000, 0),
    machine: {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      postgres: s.versions.postgres + (s.postgresPid ? ' (embedded)' : ' (DATABASE_URL)'),
      temporal: s.versions.temporal + ' dev server, in memory, headless',
    },
    parameters: P,
    /** How hookflow ran: `all` (one HOOKFLOW_ROLE=all process, as `npm run dev`) or `split` (API + worker). */
    role: s.role,
    comparison,
    throughput: {
      concurrency: P.concurrency,
      rounds,
      visibleFloor: visible,
      ratioToVisibleFloor: visible ? round(hook.result.perSecond / visible.perSecond, 2) : undefined,
      hookflow: hook.result,
      physical,
      floor,
      ratioToFloor: round(hook.result.perSecond / floor.perSecond, 2),
      ratioToPhysical: round(hook.result.perSecond / physical.perSecond, 3),
    },
    latency: lat,
    steadyLatency: steady,
    orderedDelivery,
    retries: retry,
    cost: {
      ...cost,
      firstRetryExtraActions: cost.oneRetry.actions - cost.firstTry.actions,
      laterRetryExtraActions: cost.twoRetries.actions - cost.oneRetry.actions,
      // A retry's own actions (its timer and its attempt), apart from the DeliveryStatus
      // upserts that issue 13 item 5 asks for once per delivery that retries.
      firstRetryOwnActions: withoutUpserts(cost.oneRetry) - withoutUpserts(cost.firstTry),
      laterRetryOwnActions: withoutUpserts(cost.twoRetries) - withoutUpserts(cost.oneRetry),
      statusUpsertsOfRetriedDelivery: upserts(cost.oneRetry),
      firstRetryExtraEvents: cost.oneRetry.events - cost.firstTry.events,
      laterRetryExtraEvents: cost.twoRetries.events - cost.oneRetry.events,
      sql: {
        events: P.events,
        deliveries: total,
        api: apiSql,
        worker: workerSql,
        apiPerEvent: round(sum(apiSql) / P.events, 2),
        workerPerDelivery: round(sum(workerSql) / total, 2),
        totalPerDelivery: round((sum(apiSql) + sum(workerSql)) / total, 2),
      },
      workerRssMiB: {
        p50: round((percentile(rssSorted, 50) ?? 0) / 2 ** 20, 0),
        max: round((rssSorted.at(-1) ?? 0) / 2 ** 20, 0),
        samples: rssSorted.length,
      },
      workerEventLoopUtilization: round(hook.probes.worker.eventLoopUtilization, 2),
      apiEventLoopUtilization: round(hook.probes.api.eventLoopUtilization, 2),
    },
    fanOut: fan,
    eventLog: logResult,
    flowControl: flow,
  };
}

export type BenchResults = ReturnType<typeof assembleResults>;
