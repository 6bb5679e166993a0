import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
export type { Middleware };

/** A client whose paths, parameters, bodies and responses are typed from hookflow's OpenAPI document. */
export type HookflowClient = Client<paths>;

/** Every error response of the API: `{ error: { code, message, details: [{ field, message }] } }`. */
export type HookflowError = components['schemas']['Error'];

export interface HookflowClientOptions {
  /** Scheme, host and port of the API, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** The admin key or a tenant API key; sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: (request: Request) => Promise<Response>;
  /** openapi-fetch middleware, run in order on every request and response. */
  middleware?: Middleware[];
}

/**
 * A typed client for the hookflow API.
 *
 * @example
 * const hookflow = createHookflowClient({ baseUrl: 'http://localhost:3000', apiKey: process.env.HOOKFLOW_API_KEY! });
 * const { data, error } = await hookflow.POST('/v1/tenants/{tenantId}/events', {
 *   params: { path: { tenantId: 'acme' } },
 *   body: { type: 'order.created', data: { orderId: 'ord_42' } },
 * });
 */
export function createHookflowClient(options: HookflowClientOptions): HookflowClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  for (const middleware of options.middleware ?? []) client.use(middleware);
  return client;
}
