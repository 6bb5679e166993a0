import type { Router } from 'express';
import { sql } from 'kysely';
import type { AppContext } from '../../context';

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

/**
 * `/healthz`: the process is alive. `/readyz`: Postgres answers, Temporal answers, and a
 * worker polls our task queue (seen by Temporal within the last minute). 503 names what is down.
 */
export function mountHealthRoutes(router: Router, ctx: AppContext): void {
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, ReadinessCheck> = {};
    const run = async (name: string, probe: () => Promise<string | undefined>) => {
      try {
        const detail = await withTimeout(probe(), 2_000);
        checks[name] = detail ? { ok: true, detail } : { ok: true };
      } catch (error) {
        checks[name] = { ok: false, detail: (error as Error).message };
      }
    };
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
        const { taskQueue } = ctx.deliveryDefaults;
        const response = await ctx.temporal.workflowService.describeTaskQueue({
          namespace: ctx.config.temporal.namespace,
          taskQueue: { name: taskQueue },
          taskQueueType: 1, // workflow task queue
        });
        const pollers = response.pollers ?? [];
        if (pollers.length === 0) throw new Error(`no worker is polling task queue "${taskQueue}"`);
        return `${pollers.length} poller(s) on "${taskQueue}"`;
      }),
    ]);
    const down = Object.entries(checks).filter(([, check]) => !check.ok).map(([name]) => name);
    res.status(down.length ? 503 : 200).json({ status: down.length ? 'unavailable' : 'ok', down, checks });
  });
}
