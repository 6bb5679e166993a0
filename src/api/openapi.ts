import { z } from 'zod';
import type { RouteSpec } from './route';

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

/** Builds the OpenAPI 3.1 document from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(routes: RouteSpec[], options: { version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    const addParameters = (schema: z.ZodType | undefined, location: 'path' | 'query' | 'header') => {
      if (!schema) return;
      const json = toJsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: property });
      }
    };
    addParameters(route.params, 'path');
    addParameters(route.query, 'query');
    addParameters(route.headers, 'header');
    const responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, response]) => [
        status,
        response.schema
          ? { description: response.description, content: { 'application/json': { schema: toJsonSchema(response.schema, 'output') } } }
          : { description: response.description },
      ]),
    );
    if (route.auth) {
      responses['401'] = { description: 'Missing or invalid API key' };
      // Tenant keys reach only routes under /v1/tenants/{tenantId} that are not admin-only (auth.ts).
      if (route.adminOnly || !route.path.includes('/:tenantId')) responses['403'] = { description: 'A tenant API key: this route needs the admin key' };
      else responses['429'] = { description: 'Rate limit of this tenant API key exceeded; see Retry-After' };
    }
    if (route.body || route.params || route.query) responses['400'] ??= { description: 'Invalid input; details name each field' };
    (paths[path] ??= {})[route.method] = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth ? { security: [{ bearerAuth: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'hookflow',
      version: options.version,
      description:
        'Durable outbound webhooks on Temporal. Every /v1 route needs `Authorization: Bearer <key>`: the admin key, or an API key ' +
        'of the tenant in the path (tenant keys reach only their own tenant; routes marked admin-only answer them 403).',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
