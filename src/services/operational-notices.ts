import { RawJson } from '../lib/raw-json';
import { findSubscribedEndpoints } from '../db/queries/endpoints';
import { isSystemTenant, type OperationalNotice, SYSTEM_TENANT_ID } from '../domain/operational-events';
import { AppError } from '../lib/app-error';
import { type PublishContext, publishEvent } from './publish';

/** Sends hookflow's own events to the operational endpoints. */
export interface Notifier {
  /**
   * Publishes a notice as an event of the system tenant, after the state change it
   * reports has committed. Best effort: a failure is logged, never thrown (the change
   * stands; a process dying between the commit and this publish loses the notice).
   * `id` makes it idempotent: a notice derived from a delivery or a failing streak is
   * published once however often the step that emits it runs.
   */
  emit(notice: OperationalNotice, options?: { id?: string }): Promise<void>;
}

export function createNotifier(ctx: PublishContext): Notifier {
  return {
    async emit(notice, options = {}) {
      // The one place that stops recursion: what happens to the operational endpoints
      // themselves (created, failing, their deliveries exhausted) emits nothing.
      if (isSystemTenant(notice.data.tenantId)) return;
      try {
        // No operational endpoint wants it: no event row, no transaction (the common case on a platform without any).
        if ((await findSubscribedEndpoints(ctx.db, SYSTEM_TENANT_ID, notice.type, { limit: 1 })).length === 0) return;
        await publishEvent(ctx, { tenantId: SYSTEM_TENANT_ID, type: notice.type, data: RawJson.of(notice.data), id: options.id });
      } catch (error) {
        // The same id published again with other data (two emitters racing): the first one went out.
        if (error instanceof AppError && error.code === 'idempotency_conflict') return;
        ctx.logger.warn({ err: error, notice: notice.type, endpointId: notice.data.endpointId }, 'could not publish an operational notice');
      }
    },
  };
}
