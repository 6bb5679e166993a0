import type { operations } from '@hookflow/client';
import { eventually } from './receiver';
import { type TestStack, uniqueName } from './stack';

/**
 * Small API conveniences for tests, through the typed client; each asserts the status it
 * expects. Bodies and results stay loosely typed, as before the client, so that tests can
 * pass readonly literals and index results freely; the client's response check still holds
 * every response to /openapi.json.
 */

type JsonBody<Op extends keyof operations> = operations[Op] extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;
export type CreateEndpointBody = JsonBody<'createEndpoint'>;
export type PublishEventBody = JsonBody<'publishEvent'>;

const failed = (what: string, response: Response, error: unknown) => new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);

export async function createTenant(stack: TestStack, prefix = 'tenant'): Promise<string> {
  const id = uniqueName(prefix);
  const { data, error, response } = await stack.client.POST('/v1/tenants', { body: { id, name: id } });
  if (response.status !== 201 || !data) throw failed('create tenant', response, error);
  return id;
}

export async function createEndpoint(
  stack: TestStack,
  tenantId: string,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string } & Record<string, any>> {
  const { data, error, response } = await stack.client.POST('/v1/tenants/{tenantId}/endpoints', {
    params: { path: { tenantId } },
    body: body as CreateEndpointBody,
  });
  if (response.status !== 201 || !data) throw failed('create endpoint', response, error);
  // `secret` for hmac-sha256 endpoints (the default), `publicKey` for ed25519 ones.
  return data as { id: string; secret: string } & Record<string, any>;
}

export async function publish(
  stack: TestStack,
  tenantId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ id: string; deliveries: { id: string; endpointId: string; status: string }[] } & Record<string, any>> {
  const { data, error, response } = await stack.client.POST('/v1/tenants/{tenantId}/events', {
    params: { path: { tenantId } },
    body: body as PublishEventBody,
    headers,
  });
  if (response.status !== 202 || !data) throw failed('publish', response, error);
  return data;
}

export async function getDelivery(stack: TestStack, tenantId: string, deliveryId: string): Promise<any> {
  const { data, error, response } = await stack.client.GET('/v1/tenants/{tenantId}/deliveries/{deliveryId}', {
    params: { path: { tenantId, deliveryId } },
  });
  if (response.status !== 200 || !data) throw failed('get delivery', response, error);
  return data;
}

/** Waits until the delivery reaches `status` and returns it with its attempts. */
export function waitForDeliveryStatus(
  stack: TestStack,
  tenantId: string,
  deliveryId: string,
  status: string,
  timeoutMs = 20_000,
): Promise<any> {
  return eventually(
    async () => {
      const delivery = await getDelivery(stack, tenantId, deliveryId);
      return delivery.status === status ? delivery : undefined;
    },
    timeoutMs,
    `delivery ${deliveryId} to be ${status}`,
  );
}

/**
 * A typed-client result in the shape tests assert on: the status, and the body (the data
 * on a 2xx, the `{ error }` body otherwise), as `stack.api` gives them.
 */
export function answer(result: { data?: unknown; error?: unknown; response: Response }): { status: number; body: any; headers: Headers } {
  return { status: result.response.status, body: result.data ?? result.error, headers: result.response.headers };
}
