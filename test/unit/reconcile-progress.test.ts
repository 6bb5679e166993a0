import type { DeliveryToReconcile } from '../../src/db/queries/reconcile';
import { progressOf } from '../../src/services/reconcile';
import { deliverInput } from '../../src/temporal/deliver';

/** What reconcile starts for a delivery whose workflow Temporal lost: it goes on from PostgreSQL's state. */

const defaults = { taskQueue: 'hookflow', retryScheduleMs: [5_000, 300_000, 1_800_000], timeoutMs: 10_000 };
const nextAttemptAt = new Date('2026-11-28T12:00:00.000Z');

const row = (overrides: Partial<DeliveryToReconcile> = {}): DeliveryToReconcile => ({
  deliveryId: 'dlv_1',
  tenantId: 'acme',
  eventId: 'evt_1',
  endpointId: 'ep_1',
  eventType: 'order.created',
  endpointUrl: 'https://example.com/hooks',
  workflowId: 'delivery-dlv_1',
  retryScheduleMs: null,
  timeoutMs: null,
  test: false,
  orderingSeq: null,
  predecessorId: null,
  status: 'retrying',
  attemptCount: 2,
  scheduledAttempts: 2,
  nextAttemptAt,
  waitingFor: 'retry',
  createdAt: new Date('2026-11-28T11:00:00.000Z'),
  ...overrides,
});

describe('reconcile: the restarted workflow goes on from PostgreSQL', () => {
  it('a retrying delivery: the next attempt number, the schedule where it was, and its recorded time', () => {
    expect(deliverInput(row(), defaults, progressOf(row()))).toEqual({
      deliveryId: 'dlv_1',
      retryScheduleMs: defaults.retryScheduleMs,
      timeoutMs: 10_000,
      mode: 'schedule',
      firstTrigger: 'scheduled',
      firstAttemptNumber: 3,
      retriesSoFar: 2,
      notBefore: nextAttemptAt.getTime(),
    });
  });

  it("resends made during waits do not advance the schedule; the endpoint's own schedule and timeout are kept", () => {
    const delivery = row({ attemptCount: 4, scheduledAttempts: 2, retryScheduleMs: [1_000, 2_000, 3_000], timeoutMs: 3_000 });
    expect(deliverInput(delivery, defaults, progressOf(delivery))).toMatchObject({
      firstAttemptNumber: 5,
      retriesSoFar: 2,
      retryScheduleMs: [1_000, 2_000, 3_000],
      timeoutMs: 3_000,
    });
  });

  it('a delivery never attempted starts as a first start would (a test event keeps its trigger)', () => {
    const fresh = row({ status: 'new', attemptCount: 0, scheduledAttempts: 0, nextAttemptAt: null, waitingFor: null, test: true });
    expect(deliverInput(fresh, defaults, progressOf(fresh))).toEqual(deliverInput(fresh, defaults));
    expect(deliverInput(fresh, defaults, progressOf(fresh))).toMatchObject({
      firstTrigger: 'test',
      firstAttemptNumber: 1,
      retriesSoFar: 0,
    });
  });

  it('a test delivery that already failed once retries as scheduled', () => {
    const testRetry = row({ test: true, attemptCount: 1, scheduledAttempts: 1 });
    expect(deliverInput(testRetry, defaults, progressOf(testRetry))).toMatchObject({ firstTrigger: 'scheduled', firstAttemptNumber: 2 });
  });

  it('a flow-control hold is not kept as notBefore: the restarted workflow asks the gate again', () => {
    const held = row({ status: 'new', attemptCount: 0, scheduledAttempts: 0, waitingFor: 'rate_limit' });
    expect(deliverInput(held, defaults, progressOf(held))).not.toHaveProperty('notBefore');
  });
});
