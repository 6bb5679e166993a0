import {
  type FlowStore,
  flowAfterAnswer,
  type GateRequest,
  inFlightWaitMs,
  MAX_THROTTLE_PAUSE_MS,
  passGate,
  slotGraceMs,
  THROTTLE_AFTER,
  throttlePauseMs,
} from '../../src/delivery/gate';
import type { SendResult } from '../../src/delivery/send';

/** A store that answers as told and records what it was asked (the SQL is tested in integration). */
function store(answers: { slotWaitMs?: number; leased?: boolean } = {}) {
  const calls: string[] = [];
  const s: FlowStore = {
    async reserveSendSlot(_endpointId, intervalMs) {
      calls.push(`slot ${intervalMs}`);
      return answers.slotWaitMs ?? 0;
    },
    async acquireLease(_e, _d, max) {
      calls.push(`lease ${max}`);
      return answers.leased ?? true;
    },
  };
  return { store: s, calls };
}

const NOW = 1_000_000;
const request = (overrides: Partial<GateRequest> = {}): GateRequest => ({
  endpointId: 'ep_1',
  deliveryId: 'dlv_1',
  limits: { rateLimit: null, maxInFlight: null },
  flow: { pausedForMs: null },
  rateHolds: 0,
  inFlightHolds: 0,
  leaseTtlMs: 30_000,
  now: () => NOW,
  random: () => 0.5,
  ...overrides,
});
const response = (statusCode: number, headers: Record<string, string> = {}): SendResult => ({
  kind: 'response',
  statusCode,
  headers,
  bodyExcerpt: '',
  durationMs: 5,
});

describe('the flow-control gate', () => {
  it('with no limit and no pause it passes without asking the store', async () => {
    const s = store();
    expect(await passGate(s.store, request())).toEqual({ pass: true, leased: false });
    expect(s.calls).toEqual([]);
  });

  it('a pause holds the delivery until it ends, before any limit is asked', async () => {
    const s = store();
    const decision = await passGate(s.store, request({ flow: { pausedForMs: 3_000 }, limits: { rateLimit: 5, maxInFlight: 1 } }));
    // Its end spread by up to a second (here half of it), so the held deliveries do not all send at once.
    expect(decision).toEqual({ pass: false, reason: 'endpoint_backoff', untilMs: NOW + 3_500 });
    expect(s.calls).toEqual([]);
  });

  it('a rate limit reserves a slot; a future slot holds the delivery until it', async () => {
    const s = store({ slotWaitMs: 400 });
    expect(await passGate(s.store, request({ limits: { rateLimit: 5, maxInFlight: null } }))).toEqual({
      pass: false,
      reason: 'rate_limit',
      untilMs: NOW + 400,
    });
    expect(s.calls).toEqual(['slot 200']);
  });

  it('a slot reserved before is used, not reserved again; one missed by too much is replaced', async () => {
    const s = store({ slotWaitMs: 600 });
    const limits = { rateLimit: 5, maxInFlight: null };
    expect(await passGate(s.store, request({ limits, rateSlotAt: NOW - 10, rateHolds: 1 }))).toEqual({ pass: true, leased: false });
    expect(s.calls).toEqual([]);
    const late = await passGate(s.store, request({ limits, rateSlotAt: NOW - 5_000, rateHolds: 1 }));
    expect(late).toEqual({ pass: false, reason: 'rate_limit', untilMs: NOW + 600 });
    expect(s.calls).toEqual(['slot 200']);
  });

  it('the grace for a late slot is an interval at least, and widens with each slot missed', () => {
    expect(slotGraceMs(200, 1)).toBe(1_000);
    expect(slotGraceMs(5_000, 1)).toBe(5_000);
    expect(slotGraceMs(200, 2)).toBe(2_000);
    expect(slotGraceMs(200, 40)).toBe(30_000);
  });

  it('maxInFlight takes a lease; none free holds the delivery, waiting longer each time', async () => {
    const limits = { rateLimit: null, maxInFlight: 2 };
    expect(await passGate(store().store, request({ limits }))).toEqual({ pass: true, leased: true });
    const full = await passGate(store({ leased: false }).store, request({ limits }));
    expect(full).toEqual({ pass: false, reason: 'in_flight_limit', untilMs: NOW + 100 });
    expect(inFlightWaitMs(3, () => 0.5)).toBe(800);
    expect(inFlightWaitMs(30, () => 0.5)).toBe(2_000);
  });

  it('the lease is asked for only once the rate allows the send', async () => {
    const s = store({ slotWaitMs: 400 });
    await passGate(s.store, request({ limits: { rateLimit: 5, maxInFlight: 1 } }));
    expect(s.calls).toEqual(['slot 200']);
  });
});

describe('what an answer does to the endpoint', () => {
  it('429 / 503 with Retry-After pause it (capped at 1 h); without, only their delivery retries (the run ends)', () => {
    expect(flowAfterAnswer(response(429, { 'retry-after': '3' }))).toEqual({ kind: 'pause', pauseMs: 3_000 });
    expect(flowAfterAnswer(response(503, { 'retry-after': '99999' }))).toEqual({ kind: 'pause', pauseMs: 3_600_000 });
    expect(flowAfterAnswer(response(429))).toEqual({ kind: 'answered' });
    expect(flowAfterAnswer(response(503))).toEqual({ kind: 'answered' });
  });

  it('502, 504 and timeouts count as throttling; any other answer ends such a run', () => {
    expect(flowAfterAnswer(response(502))).toEqual({ kind: 'throttled' });
    expect(flowAfterAnswer(response(504))).toEqual({ kind: 'throttled' });
    expect(flowAfterAnswer({ kind: 'error', errorKind: 'timeout', message: 't', durationMs: 1 })).toEqual({ kind: 'throttled' });
    expect(flowAfterAnswer({ kind: 'error', errorKind: 'connection', message: 'c', durationMs: 1 })).toEqual({ kind: 'answered' });
    expect(flowAfterAnswer(response(500))).toEqual({ kind: 'answered' });
    expect(flowAfterAnswer(response(200))).toEqual({ kind: 'answered' });
  });

  it('the throttling pause starts at THROTTLE_AFTER in a row and doubles, capped', () => {
    expect(throttlePauseMs(THROTTLE_AFTER - 1)).toBe(0);
    expect(throttlePauseMs(THROTTLE_AFTER)).toBe(2_000);
    expect(throttlePauseMs(THROTTLE_AFTER + 1)).toBe(4_000);
    expect(throttlePauseMs(THROTTLE_AFTER + 50)).toBe(MAX_THROTTLE_PAUSE_MS);
  });
});
