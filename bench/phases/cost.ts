import { setTimeout as sleep } from 'node:timers/promises';
import { fanOutWorkflowId } from '../../src/contract';
import { deliveryStatusCounts, floorClient, publish, theReceiver, theStack } from '../lib/context';
import { type HistoryCost, historyCost } from '../lib/history';

/** Cost: history events and actions of a first-try delivery, of deliveries retried once and twice, of a fan-out and of the floor. */

export async function costs(tenant: string, throughputTenant: string, firstEventId: string | undefined) {
  const r = theReceiver();
  const s = theStack();
  r.reset((p, _id, seen) => ((p === '/cost/r1' && seen < 1) || (p === '/cost/r2' && seen < 2) ? 500 : 200));
  const ids: Record<string, string> = {};
  for (const type of ['cost.ok', 'cost.retry1', 'cost.retry2']) {
    const { json } = await publish(tenant, type, { type });
    ids[type] = json.deliveries[0]!.id;
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const counts = await deliveryStatusCounts(tenant);
    if ((counts.finished ?? 0) >= 3) break;
    await sleep(100);
  }
  await sleep(500); // the workflows complete just after the last attempt is recorded
  const wf = (deliveryId: string) => `delivery-${deliveryId}`;
  const ok = await historyCost(floorClient(), wf(ids['cost.ok']!));
  const r1 = await historyCost(floorClient(), wf(ids['cost.retry1']!));
  const r2 = await historyCost(floorClient(), wf(ids['cost.retry2']!));
  // With more endpoints per event than the API starts itself, each event has a fan-out workflow.
  let fanOut: HistoryCost | undefined;
  if (firstEventId) fanOut = await historyCost(floorClient(), fanOutWorkflowId(throughputTenant, firstEventId)).catch(() => undefined);
  const floor = await historyCost(floorClient(), 'floor-1-0');
  void s;
  return { firstTry: ok, oneRetry: r1, twoRetries: r2, fanOutPerEvent: fanOut, floor };
}
