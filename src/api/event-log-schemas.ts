import { z } from 'zod';
import { RECOVERY_JOB_STATUSES } from '../contract/statuses';
import { parseDuration } from '../lib/duration';
import { deliveryStatus, eventTypeFilter, fanOutPendingSchema, resourceId, tenantId } from './schemas';

/** Schemas of the event log (lists, stats) and of recovery: validation and /openapi.json. */

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time such as 2026-01-31T12:00:00Z' });
const listLimit = z.coerce.number().int().min(1).max(250).optional();
const listCursor = z.string().max(400).optional();

export const listEventsQuery = z.strictObject({
  type: eventTypeFilter.optional(),
  status: deliveryStatus.optional(),
  endpointId: resourceId.optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  test: z.enum(['true', 'false']).optional(),
  limit: listLimit,
  cursor: listCursor,
});
export const listDeliveriesQuery = z.strictObject({
  status: deliveryStatus.optional(),
  endpointId: resourceId.optional(),
  eventType: eventTypeFilter.optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: listLimit,
  cursor: listCursor,
});
export const statsQuery = z.strictObject({
  window: z
    .string()
    .refine((value) => {
      const ms = parseDuration(value);
      return ms !== undefined && ms > 0 && ms <= 90 * 86_400_000;
    }, 'must be a duration such as 1h, 24h or 7d, at most 90d')
    .optional(),
});

const statusCountsSchema = z.object({ new: z.number(), retrying: z.number(), finished: z.number(), failed: z.number() });
export const eventSummarySchema = z.object({
  id: z.string(),
  type: z.string(),
  test: z.boolean(),
  createdAt: z.iso.datetime(),
  fanOutPending: fanOutPendingSchema,
  deliveries: statusCountsSchema,
});
export const endpointStatsSchema = z.object({
  endpointId: z.string(),
  window: z.string(),
  attempts: z.number(),
  successRate: z.number().nullable(),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastFailureAt: z.iso.datetime().nullable(),
});

export const recoverBody = z.strictObject({ since: isoTime, until: isoTime.optional() });
export const recoveryJobParams = z.strictObject({ tenantId, endpointId: resourceId, jobId: resourceId });
export const recoveryJobSchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  since: z.iso.datetime(),
  until: z.iso.datetime(),
  status: z.enum(RECOVERY_JOB_STATUSES),
  resent: z.number(),
  workflowId: z.string(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  joined: z.boolean().optional(),
});
