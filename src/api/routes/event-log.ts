import type { AppContext } from '../../context';
import { findEndpoint } from '../../db/queries/endpoints';
import { countDeliveriesByStatus, endpointStats, listDeliveries, listEvents, parseTypeFilter } from '../../db/queries/event-log';
import { decodeCursor, encodeCursor, type Position } from '../../lib/cursor';
import { parseDuration } from '../../lib/duration';
import { AppError, notFound } from '../../lib/app-error';
import { requireTenant } from '../../services/require-tenant';
import { toDelivery } from '../views/deliveries';
import { pageOf } from '../paging';
import { defineRoute } from '../route';
import { endpointStatsSchema, eventSummarySchema, listDeliveriesQuery, listEventsQuery, statsQuery } from '../event-log-schemas';
import { deliverySchema, endpointParams, errorSchema, listOf, tenantParams } from '../schemas';

const DEFAULT_LIMIT = 50;

function cursorPosition(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor);
  if (!position)
    throw new AppError('validation_failed', 'Invalid query: cursor: not a cursor from this API', [
      { field: 'cursor', message: 'not a cursor from this API' },
    ]);
  return position;
}

function timeRange(since: string | undefined, until: string | undefined) {
  const range = { since: since ? new Date(since) : undefined, until: until ? new Date(until) : undefined };
  if (range.since && range.until && range.since >= range.until) {
    throw new AppError('validation_failed', 'Invalid query: until: must be after since', [
      { field: 'until', message: 'must be after since' },
    ]);
  }
  return range;
}

/** The cursor after a row of the event log: its position (created_at, microseconds) and id. */
const cursorAfter = (last: { position: string; id: string }) => encodeCursor({ createdAt: last.position, id: last.id });

export function eventLogRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId/events',
      operationId: 'listEvents',
      summary: 'List events, newest first',
      description:
        'Filters combine: type (exact or prefix.*), status (events having a delivery in it), ' +
        'endpointId, since/until, test. Keyset pagination: pass nextCursor as cursor.',
      tag: 'Event log',
      auth: true,
      params: tenantParams,
      query: listEventsQuery,
      responses: { 200: { description: 'A page of events with per-status delivery counts', schema: listOf(eventSummarySchema) } },
      async handle({ params, query }) {
        await requireTenant(ctx.db, params.tenantId);
        const limit = query.limit ?? DEFAULT_LIMIT;
        const rows = await listEvents(
          ctx.db,
          params.tenantId,
          {
            type: parseTypeFilter(query.type),
            status: query.status,
            endpointId: query.endpointId,
            test: query.test === undefined ? undefined : query.test === 'true',
            ...timeRange(query.since, query.until),
          },
          { limit: limit + 1, after: cursorPosition(query.cursor) },
        );
        const { page, nextCursor } = pageOf(rows, limit, cursorAfter);
        const counts = await countDeliveriesByStatus(
          ctx.db,
          params.tenantId,
          page.map((e) => e.id),
        );
        return {
          status: 200,
          body: {
            data: page.map((e) => ({
              id: e.id,
              type: e.type,
              test: e.test,
              createdAt: e.created_at.toISOString(),
              fanOutPending: e.fan_out_pending,
              deliveries: counts.get(e.id),
            })),
            nextCursor,
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId/deliveries',
      operationId: 'listDeliveries',
      summary: 'List deliveries, newest first',
      description:
        'Filters combine: status, endpointId, eventType (exact or prefix.*), since/until. Keyset pagination: pass nextCursor as cursor.',
      tag: 'Event log',
      auth: true,
      params: tenantParams,
      query: listDeliveriesQuery,
      responses: { 200: { description: 'A page of deliveries', schema: listOf(deliverySchema) } },
      async handle({ params, query }) {
        await requireTenant(ctx.db, params.tenantId);
        const limit = query.limit ?? DEFAULT_LIMIT;
        const rows = await listDeliveries(
          ctx.db,
          params.tenantId,
          {
            status: query.status,
            endpointId: query.endpointId,
            eventType: parseTypeFilter(query.eventType),
            ...timeRange(query.since, query.until),
          },
          { limit: limit + 1, after: cursorPosition(query.cursor) },
        );
        const { page, nextCursor } = pageOf(rows, limit, cursorAfter);
        return { status: 200, body: { data: page.map(toDelivery), nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId/endpoints/:endpointId/stats',
      operationId: 'getEndpointStats',
      summary: 'Attempts, success rate and latency p50/p95 over a window (default 24h); last success and failure at any time',
      tag: 'Event log',
      auth: true,
      params: endpointParams,
      query: statsQuery,
      responses: { 200: { description: 'Stats', schema: endpointStatsSchema }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params, query }) {
        await requireTenant(ctx.db, params.tenantId);
        const endpoint = await findEndpoint(ctx.db, params.tenantId, params.endpointId);
        if (!endpoint) throw notFound('endpoint', 'endpointId', params.endpointId);
        const window = query.window ?? '24h';
        const stats = await endpointStats(ctx.db, endpoint.id, parseDuration(window) as number);
        return {
          status: 200,
          body: {
            endpointId: endpoint.id,
            window,
            attempts: stats.attempts,
            successRate: stats.attempts === 0 ? null : stats.successes / stats.attempts,
            latencyMs: { p50: stats.latencyP50Ms, p95: stats.latencyP95Ms },
            lastSuccessAt: stats.lastSuccessAt?.toISOString() ?? null,
            lastFailureAt: stats.lastFailureAt?.toISOString() ?? null,
          },
        };
      },
    }),
  ];
}
