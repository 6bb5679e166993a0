import type { Kysely } from 'kysely';
import { Gauge } from 'prom-client';
import { type Backlog, readBacklog } from '../db/queries/backlog';
import type { Database } from '../db/schema';
import { listWorkerHealth, type WorkerHealthRow } from '../db/queries/worker-health';
import { WORKER_HEALTH_FRESH_MS } from '../temporal/worker-health';
import { registry } from './registry';

/**
 * Gauges read from PostgreSQL, as the API's /metrics serves them: the deliveries backlog
 * (cached for BACKLOG_CACHE_MS, so scrapes from several Prometheus servers cost one
 * read) and what the workers of this task queue last reported (read at every scrape: a
 * stall must show at once; one indexed query on a table of one row per worker).
 */
export const BACKLOG_CACHE_MS = 5_000;

interface Store {
  db: Kysely<Database>;
  taskQueue: string;
}

let store: Store | undefined;

/** Registered on the process registry by the first watchStore: a worker-only process serves none of them. */
export const STORE_GAUGES: Gauge[] = [];
let backlog: { at: number; value: Promise<Backlog> } | undefined;

/** Backlog values at most BACKLOG_CACHE_MS old; concurrent scrapes share one read; a failed read is not cached. */
function cachedBacklog(db: Kysely<Database>): Promise<Backlog> {
  const now = Date.now();
  if (!backlog || now - backlog.at > BACKLOG_CACHE_MS) {
    const value = readBacklog(db);
    const entry = { at: now, value };
    backlog = entry;
    value.catch(() => {
      if (backlog === entry) backlog = undefined;
    });
  }
  return backlog.value;
}

STORE_GAUGES.push(
  new Gauge({
    name: 'hookflow_deliveries_backlog',
    help: `Deliveries waiting to be delivered, by status (read from PostgreSQL, at most ${BACKLOG_CACHE_MS / 1000} s old)`,
    labelNames: ['status'],
    registers: [],
    async collect() {
      if (!store) return;
      // A database that cannot answer leaves the last values: the scrape still succeeds.
      const value = await cachedBacklog(store.db).catch(() => undefined);
      if (!value) return;
      this.set({ status: 'new' }, value.new);
      this.set({ status: 'retrying' }, value.retrying);
    },
  }),
);

STORE_GAUGES.push(
  new Gauge({
    name: 'hookflow_oldest_new_delivery_age_seconds',
    help: 'Age of the oldest delivery still new (never attempted, or held back by flow control); 0 when none',
    registers: [],
    async collect() {
      if (!store) return;
      const value = await cachedBacklog(store.db).catch(() => undefined);
      if (value) this.set(value.oldestNewAgeSeconds);
    },
  }),
);

/** The workers' reports, read once per scrape: the three gauges below collect at once and share the read. */
let reading: Promise<WorkerHealthRow[]> | undefined;
function workerReports(current: Store): Promise<WorkerHealthRow[]> {
  reading ??= listWorkerHealth(current.db, current.taskQueue, WORKER_HEALTH_FRESH_MS)
    .catch(() => [])
    .finally(() => {
      reading = undefined;
    });
  return reading;
}

STORE_GAUGES.push(
  new Gauge({
    name: 'hookflow_worker_attempts_in_flight',
    help: 'Delivery attempts a worker has in flight',
    labelNames: ['worker_id'],
    registers: [],
    async collect() {
      this.reset();
      if (!store) return;
      for (const report of await workerReports(store)) this.set({ worker_id: report.worker_id }, report.in_flight);
    },
  }),
);

STORE_GAUGES.push(
  new Gauge({
    name: 'hookflow_worker_stalled',
    help: '1 while a worker is stalled (attempts in flight, none finishing)',
    labelNames: ['worker_id'],
    registers: [],
    async collect() {
      this.reset();
      if (!store) return;
      for (const report of await workerReports(store)) this.set({ worker_id: report.worker_id }, report.stalled_since === null ? 0 : 1);
    },
  }),
);

STORE_GAUGES.push(
  new Gauge({
    name: 'hookflow_workers_stalled',
    help: 'Workers of this task queue that are stalled',
    registers: [],
    async collect() {
      if (!store) return;
      this.set((await workerReports(store)).filter((r) => r.stalled_since !== null).length);
    },
  }),
);

/**
 * Turns these gauges on, reading `db` (the API does, once per app it builds; the last
 * one wins: a process has one database). Until then they stay empty.
 */
export function watchStore(db: Kysely<Database>, taskQueue: string): void {
  if (!store) for (const gauge of STORE_GAUGES) registry.registerMetric(gauge);
  store = { db, taskQueue };
  backlog = undefined;
}
