import { eventually } from './receiver';
import { type TestStack, uniqueName } from './stack';

/** Small API conveniences for tests; each asserts the status it expects. */

export async function createTenant(stack: TestStack, prefix = 'tenant'): Promise<string> {
  const id = uniqueName(prefix);
  const response = await stack.api('POST', '/v1/tenants', { id, name: id });
  if (response.status !== 201) throw new Error(`create tenant: ${response.status} ${JSON.stringify(response.body)}`);
  return id;
}

export async function createEndpoint(stack: TestStack, tenantId: string, body: Record<string, unknown>): Promise<{ id: string; secret: string } & Record<string, any>> {
  const response = await stack.api('POST', `/v1/tenants/${tenantId}/endpoints`, body);
  if (response.status !== 201) throw new Error(`create endpoint: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function publish(
  stack: TestStack,
  tenantId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ id: string; deliveries: { id: string; endpointId: string; status: string }[] } & Record<string, any>> {
  const response = await stack.api('POST', `/v1/tenants/${tenantId}/events`, body, headers);
  if (response.status !== 202) throw new Error(`publish: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function getDelivery(stack: TestStack, tenantId: string, deliveryId: string): Promise<any> {
  const response = await stack.api('GET', `/v1/tenants/${tenantId}/deliveries/${deliveryId}`);
  if (response.status !== 200) throw new Error(`get delivery: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Waits until the delivery reaches `status` and returns it with its attempts. */
export function waitForDeliveryStatus(stack: TestStack, tenantId: string, deliveryId: string, status: string, timeoutMs = 20_000): Promise<any> {
  return eventually(
    async () => {
      const delivery = await getDelivery(stack, tenantId, deliveryId);
      return delivery.status === status ? delivery : undefined;
    },
    timeoutMs,
    `delivery ${deliveryId} to be ${status}`,
  );
}
