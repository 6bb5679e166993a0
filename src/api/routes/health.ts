import type { Router } from 'express';
import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { listWorkerHealth } from '../../db/queries/worker-health';
import { WORKER_HEALTH_FRESH_MS } from '../../temporal/worker-health';

export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Readiness is computed at most once a second however often it is asked (it is unauthenticated). */
const READINESS_CACHE_MS = 1_000;

interface Readiness {
  status: number;
  /** `checkedAt`: when these checks ran (answers within a second of it reuse them). */
  body: { status: 'ok' | 'unavailable'; down: string[]; checks: Record<string, ReadinessCheck>; checkedAt: string };
}

/**
 * `/healthz`: the process is alive. `/readyz`: Postgres answers, Temporal answers, a
 * worker polls our task queue (seen by Temporal within the last minute), and no worker
 * reports itself stalled (attempts in flight, none finishing; see temporal/worker-health.ts).
 * 503 names what is down.
 */
export function mountHealthRoutes(router: Router, ctx: AppContext): void {
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  let cached: { at: number; readiness: Promise<Readiness> } | undefined;
  router.get('/readyz', async (_req, res) => {
    const now = Date.now();
    if (!cached || now - cached.at >= READINESS_CACHE_MS) cached = { at: now, readiness: checkReadiness(ctx) };
    const { status, body } = await cached.readiness;
    res.status(status).json(body);
  });
}

async function checkReadiness(ctx: AppContext): Promise<Readiness> {
  const checkedAt = new Date().toISOString();
  const checks: Record<string, ReadinessCheck> = {};
  const run = async (name: string, probe: () => Promise<string | undefined>) => {
    try {
      const detail = await withTimeout(probe(), 2_000);
      checks[name] = detail ? { ok: true, detail } : { ok: true };
    } catch (error) {
      checks[name] = { ok: false, detail: (error as Error).message };
    }
  };
  const { taskQueue } = ctx.deliveryDefaults;
  await Promise.all([
    run('postgres', async () => {
      await sql`select 1`.execute(ctx.db);
      return undefined;
    }),
    run('temporal', async () => {
      await ctx.temporal.workflowService.getSystemInfo({});
      return undefined;
    }),
    run('worker', async () => {
      const response = await ctx.temporal.workflowService.describeTaskQueue({
        namespace: ctx.config.temporal.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: 1, // workflow task queue
      });
      const pollers = response.pollers ?? [];
      if (pollers.length === 0) throw new Error(`no worker is polling task queue "${taskQueue}"`);
      return `${pollers.length} poller(s) on "${taskQueue}"`;
    }),
    run('workerStall', async () => {
      // Unknown while Postgres is down: the postgres check already says so.
      const reports = await listWorkerHealth(ctx.db, taskQueue, WORKER_HEALTH_FRESH_MS).catch(() => undefined);
      if (reports === undefined) return 'unknown: the worker reports are in PostgreSQL';
      const stalled = reports.filter((w) => w.stalled_since !== null);
      if (stalled.length === 0) return undefined;
      const now = Date.now();
      const names = stalled.map(
        (w) =>
          `worker ${w.worker_id} stalled: ${w.in_flight} attempt(s) in flight, none finished for ${Math.round((now - w.last_finished_at.getTime()) / 1000)} s`,
      );
      throw new Error(names.join('; '));
    }),
  ]);
  const down = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name);
  return { status: down.length ? 503 : 200, body: { status: down.length ? 'unavailable' : 'ok', down, checks, checkedAt } };
}
