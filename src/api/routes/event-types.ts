import type { AppContext } from '../../context';
import { deleteEventType, findEventType, insertEventType, listEventTypes, updateEventType } from '../../db/queries/event-types';
import { AppError, notFound } from '../../lib/app-error';
import { forgetEventType, schemaMismatches, schemaProblem } from '../../services/event-types';
import { requireTenant } from '../../services/require-tenant';
import { pageOf } from '../paging';
import { createEventTypeBody, eventTypeParams, eventTypeSchema, tenantEventTypeParams, updateEventTypeBody } from '../portal-schemas';
import { defineRoute } from '../route';
import { errorSchema, listOf, pageQuery, tenantParams } from '../schemas';
import { toEventType } from '../views/event-types';

/** A schema that cannot compile, or an example that does not match it, is a 400 naming the field. */
function checkSchemaAndExample(schema: Record<string, unknown> | null | undefined, example: unknown): void {
  if (schema) {
    const problem = schemaProblem(schema);
    if (problem) throw new AppError('validation_failed', `Invalid body: schema: ${problem}`, [{ field: 'schema', message: problem }]);
  }
  if (schema && example !== undefined && example !== null) {
    const mismatches = schemaMismatches(schema, example, 'example');
    if (mismatches.length > 0) {
      throw new AppError('validation_failed', 'Invalid body: example does not match the schema', mismatches);
    }
  }
}

/**
 * The event type catalog: platform-wide, managed with the admin key; every tenant (its
 * keys and portal sessions) may read it under its own path, e.g. to offer the types in
 * an endpoint's subscription list.
 */
export function eventTypeRoutes(ctx: AppContext) {
  const list = async (query: { limit?: number | undefined; cursor?: string | undefined }) => {
    const limit = query.limit ?? 50;
    const { page, nextCursor } = pageOf(
      await listEventTypes(ctx.db, { limit: limit + 1, after: query.cursor }),
      limit,
      (last) => last.name,
    );
    return { status: 200, body: { data: page.map(toEventType), nextCursor } };
  };
  const get = async (name: string) => {
    const row = await findEventType(ctx.db, name);
    if (!row) throw notFound('event type', 'name', name);
    return { status: 200, body: toEventType(row) };
  };
  return [
    defineRoute({
      method: 'post',
      path: '/v1/event-types',
      operationId: 'createEventType',
      summary: 'Add an event type to the catalog (admin key only)',
      description:
        'With a `schema`, published `data` of this type must match it (422 naming the failing path); `example` is what test events send.',
      tag: 'Event types',
      auth: true,
      adminOnly: true,
      body: createEventTypeBody,
      responses: {
        201: { description: 'Created', schema: eventTypeSchema },
        409: { description: 'A type of this name exists', schema: errorSchema },
      },
      async handle({ body }) {
        checkSchemaAndExample(body.schema, body.example);
        const row = await insertEventType(ctx.db, body.name, body);
        if (!row)
          throw new AppError('conflict', `event type ${JSON.stringify(body.name)} already exists`, [
            { field: 'name', message: 'already exists' },
          ]);
        forgetEventType(body.name);
        return { status: 201, body: toEventType(row) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/event-types',
      operationId: 'listEventTypes',
      summary: 'List the event type catalog by name (admin key only)',
      tag: 'Event types',
      auth: true,
      adminOnly: true,
      query: pageQuery,
      responses: { 200: { description: 'Event types by name', schema: listOf(eventTypeSchema) } },
      handle: ({ query }) => list(query),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/event-types/:name',
      operationId: 'getEventType',
      summary: 'Get an event type (admin key only)',
      tag: 'Event types',
      auth: true,
      adminOnly: true,
      params: eventTypeParams,
      responses: {
        200: { description: 'The event type', schema: eventTypeSchema },
        404: { description: 'Not found', schema: errorSchema },
      },
      handle: ({ params }) => get(params.name),
    }),
    defineRoute({
      method: 'patch',
      path: '/v1/event-types/:name',
      operationId: 'updateEventType',
      summary: "Change an event type's description, schema, example or deprecation (admin key only)",
      tag: 'Event types',
      auth: true,
      adminOnly: true,
      params: eventTypeParams,
      body: updateEventTypeBody,
      responses: { 200: { description: 'Changed', schema: eventTypeSchema }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params, body }) {
        const current = await findEventType(ctx.db, params.name);
        if (!current) throw notFound('event type', 'name', params.name);
        checkSchemaAndExample(
          body.schema === undefined ? current.schema : body.schema,
          body.example === undefined ? current.example : body.example,
        );
        const row = await updateEventType(ctx.db, params.name, body);
        if (!row) throw notFound('event type', 'name', params.name);
        forgetEventType(params.name);
        return { status: 200, body: toEventType(row) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/event-types/:name',
      operationId: 'deleteEventType',
      summary: 'Remove an event type from the catalog (admin key only); events of that type stay',
      tag: 'Event types',
      auth: true,
      adminOnly: true,
      params: eventTypeParams,
      responses: { 204: { description: 'Removed' }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params }) {
        if (!(await deleteEventType(ctx.db, params.name))) throw notFound('event type', 'name', params.name);
        forgetEventType(params.name);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId/event-types',
      operationId: 'listTenantEventTypes',
      summary: 'List the event type catalog, as this tenant sees it (its keys and portal sessions may)',
      tag: 'Event types',
      auth: true,
      params: tenantParams,
      query: pageQuery,
      responses: {
        200: { description: 'Event types by name', schema: listOf(eventTypeSchema) },
        404: { description: 'Unknown tenant', schema: errorSchema },
      },
      async handle({ params, query }) {
        await requireTenant(ctx.db, params.tenantId);
        return list(query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId/event-types/:name',
      operationId: 'getTenantEventType',
      summary: 'Get an event type, as this tenant sees it',
      tag: 'Event types',
      auth: true,
      params: tenantEventTypeParams,
      responses: {
        200: { description: 'The event type', schema: eventTypeSchema },
        404: { description: 'Not found', schema: errorSchema },
      },
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        return get(params.name);
      },
    }),
  ];
}
