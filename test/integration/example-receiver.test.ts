import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { generateSecret } from '../../src/delivery/sign';
import { createEndpoint, createTenant, getDelivery, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { eventually } from '../helpers/receiver';
import { freePort } from '../helpers/ports';
import { startTestStack, type TestStack } from '../helpers/stack';

/** The README's receiver, run as a user would, against real deliveries. */
describe('examples/receiver.mjs', () => {
  let stack: TestStack;
  let receiver: ChildProcess;
  let output = '';
  let url: string;
  const secret = generateSecret();

  beforeAll(async () => {
    stack = await startTestStack();
    const port = await freePort();
    receiver = spawn(process.execPath, [path.resolve(__dirname, '../../examples/receiver.mjs')], {
      env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    receiver.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    receiver.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(async () => output.includes('receiver listening'), 10_000, 'receiver start');
    url = `http://127.0.0.1:${port}/webhooks`;
  });
  afterAll(async () => {
    receiver?.kill();
    await stack?.stop();
  });

  it('accepts signed deliveries, ignores a resent duplicate, and rejects a wrong signature', async () => {
    const tenant = await createTenant(stack);
    await createEndpoint(stack, tenant, { url, secret, eventTypes: ['order.*'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: { orderId: 1 } });
    const deliveryId = event.deliveries[0]!.id;
    await waitForDeliveryStatus(stack, tenant, deliveryId, 'finished');
    expect(output).toContain(`received order.created ${event.id}`);

    expect((await stack.api('POST', `/v1/tenants/${tenant}/deliveries/${deliveryId}/resend`)).status).toBe(202);
    await eventually(async () => output.includes(`duplicate order.created ${event.id}, ignored`), 10_000, 'duplicate');
    // The receiver logs before hookflow has recorded the attempt: wait for the row.
    const resent = await eventually(
      async () => {
        const delivery = await getDelivery(stack, tenant, deliveryId);
        return delivery.attempts.length === 2 ? delivery : undefined;
      },
      10_000,
      'second attempt recorded',
    );
    expect(resent.attempts.map((a: any) => a.statusCode)).toEqual([204, 204]);

    // Same receiver, endpoint signing with another secret: the receiver answers 400.
    await createEndpoint(stack, tenant, { url, secret: generateSecret(), eventTypes: ['invoice.*'], retrySchedule: [] });
    const forged = await publish(stack, tenant, { type: 'invoice.paid', data: {} });
    const failed = await waitForDeliveryStatus(stack, tenant, forged.deliveries[0]!.id, 'failed');
    expect(failed.attempts[0].statusCode).toBe(400);
    expect(output).toMatch(/rejected: /);
  });
});
