import { z } from 'zod';
import type { RouteSpec } from './route';
import { errorSchema } from './schemas';

/** The API version in `info.version`; the typed client (clients/typescript) is generated from this document. */
export const API_VERSION = '0.1.0';

/** `npm run dev` listens here (PORT defaults to 3000). */
export const DEFAULT_SERVER_URL = 'http://localhost:3000';

/** Tag order and descriptions; every route's `tag` must be one of these. */
const TAGS: Record<string, string> = {
  Tenants: 'A tenant owns endpoints, events, deliveries and API keys. Creating, listing and deleting tenants needs the admin key.',
  'API keys': "Keys that reach only their own tenant's routes. Created with the admin key; shown once.",
  Endpoints: 'Where webhooks go: URL, event type filters, custom headers, retry schedule and signing secret.',
  Events: 'Publishing: one event fans out into one delivery per subscribed endpoint.',
  Deliveries: 'One event to one endpoint: status, every attempt, and a link to its Temporal workflow.',
  'Operational endpoints':
    "Where hookflow sends its own signed notices (endpoint.created, endpoint.disabled, endpoint.failing, delivery.exhausted, ...) to the platform's operators. Admin key only.",
  'Event log': 'Listing events and deliveries with filters, endpoint statistics, and recovery of failed deliveries.',
  'Event types': 'The event type catalog: names, descriptions, an optional JSON Schema that published data must match, examples.',
  Portal: "Customer-portal sessions: short-lived links that open hookflow's portal for one tenant.",
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  // The document declares the dialect once (jsonSchemaDialect); a `$schema` inside would repeat it.
  delete json.$schema;
  return json;
};

const errorContent = (example?: unknown) => ({ 'application/json': { schema: ERROR_REF, ...(example === undefined ? {} : { example }) } });

/** Builds the OpenAPI 3.1 document from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(routes: RouteSpec[], options: { version?: string; serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (!(route.tag in TAGS))
      throw new Error(`route ${route.operationId}: unknown tag ${JSON.stringify(route.tag)}; add it to TAGS in openapi.ts`);
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
    const responses: Record<string, unknown> = Object.fromEntries(
      Object.entries(route.responses).map(([status, response]) => {
        if (!response.schema) return [status, { description: response.description }];
        const content =
          response.schema === errorSchema
            ? errorContent(response.example)
            : {
                'application/json': {
                  schema: toJsonSchema(response.schema, 'output'),
                  ...(response.example === undefined ? {} : { example: response.example }),
                },
              };
        return [status, { description: response.description, content }];
      }),
    );
    if (route.auth) {
      responses['401'] = { description: 'Missing or invalid API key', content: errorContent() };
      // Tenant keys reach only routes under /v1/tenants/{tenantId} that are not admin-only (auth.ts).
      if (route.adminOnly || !route.path.includes('/:tenantId')) {
        responses['403'] = { description: 'A tenant API key: this route needs the admin key', content: errorContent() };
      } else {
        responses['429'] = { description: 'Rate limit of this tenant API key exceeded; see Retry-After', content: errorContent() };
      }
    }
    if (route.body || route.params || route.query) {
      responses['400'] ??= { description: 'Invalid input; details name each field', content: errorContent() };
    }
    // Any route can also answer 413 or 415 (body), or 503 (database down): always the error shape.
    responses['4XX'] = { description: 'Any other client error', content: errorContent() };
    responses['5XX'] = {
      description: 'Server error; 503 with Retry-After while the database is unavailable, or (publish) while workflow starts lag behind',
      content: errorContent(),
    };
    (paths[path] ??= {})[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.auth ? { security: [{ bearerAuth: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              // A body schema that accepts `undefined` (POST …/api-keys) makes the body optional.
              required: !route.body.safeParse(undefined).success,
              content: {
                'application/json': {
                  schema: toJsonSchema(route.body, 'input'),
                  ...(route.requestExample === undefined ? {} : { example: route.requestExample }),
                },
              },
            },
          }
        : {}),
      responses,
    };
  }
  const usedTags = new Set(routes.map((route) => route.tag));
  return {
    openapi: '3.1.0',
    info: {
      title: 'hookflow',
      version: options.version ?? API_VERSION,
      description:
        'Durable outbound webhooks on Temporal. Every /v1 route needs `Authorization: Bearer <key>`: the admin key, or an API key ' +
        'of the tenant in the path (tenant keys reach only their own tenant; routes marked admin-only answer them 403). ' +
        'Every error has the same body: `{"error": {"code", "message", "details": [{"field", "message"}]}}`.',
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    // hookflow is self-hosted: there is no one server to name, so the URL is a variable
    // whose default is where `npm run dev` listens.
    servers: [
      {
        url: '{baseUrl}',
        description: 'Your hookflow API',
        variables: {
          baseUrl: { default: options.serverUrl ?? DEFAULT_SERVER_URL, description: 'Scheme, host and port of your hookflow API' },
        },
      },
    ],
    tags: Object.entries(TAGS)
      .filter(([name]) => usedTags.has(name))
      .map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'The admin key (ADMIN_API_KEY) or a tenant API key' } },
      schemas: {
        Error: {
          ...toJsonSchema(errorSchema, 'output'),
          examples: [
            {
              error: {
                code: 'validation_failed',
                message: 'Invalid body: url: must be an absolute http(s) URL',
                details: [{ field: 'url', message: 'must be an absolute http(s) URL' }],
              },
            },
          ],
        },
      },
    },
    paths,
  };
}
