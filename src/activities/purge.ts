import { heartbeat } from '@temporalio/activity';
import type { PurgeInput, PurgeResult } from '../contract';
import { type PurgeCounts, purgeEventsBatch } from '../db/queries/purge';
import type { StartDeps } from './deps';

/**
 * Deletes events older than the retention, batch after batch, heartbeating between
 * them, until a batch comes back short. Safe to retry: every batch is a transaction of
 * its own, and what is gone stays gone.
 */
export async function purgeEvents(deps: Pick<StartDeps, 'db' | 'logger'>, input: PurgeInput): Promise<PurgeResult> {
  const started = Date.now();
  const cutoff = new Date(started - input.retentionMs);
  const total: PurgeCounts = { events: 0, deliveries: 0, attempts: 0 };
  let batches = 0;
  for (;;) {
    const counts = await purgeEventsBatch(deps.db, cutoff, input.batchSize);
    batches++;
    total.events += counts.events;
    total.deliveries += counts.deliveries;
    total.attempts += counts.attempts;
    heartbeat(total);
    if (counts.events < input.batchSize) break;
  }
  const result = { ...total, cutoff: cutoff.toISOString(), batches, durationMs: Date.now() - started };
  deps.logger.info(result, 'purged old events');
  return result;
}
