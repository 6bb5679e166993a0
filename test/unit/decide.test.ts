import { decide } from '../../src/activities/deliver';
import type { SendResult } from '../../src/delivery/send';
import type { AttemptDeliveryInput } from '../../src/contract';

const input = (overrides: Partial<AttemptDeliveryInput> = {}): AttemptDeliveryInput => ({
  deliveryId: 'dlv_1',
  attemptNumber: 1,
  trigger: 'scheduled',
  retriesSoFar: 0,
  retryScheduleMs: [1_000, 2_000],
  timeoutMs: 3_000,
  finalAttempt: false,
  ...overrides,
});
const response = (statusCode: number, headers: Record<string, string> = {}): SendResult => ({
  kind: 'response',
  statusCode,
  headers,
  bodyExcerpt: '',
  durationMs: 5,
});
const noJitter = () => 0.5;

describe('what follows an attempt', () => {
  it('2xx finishes', () => {
    for (const status of [200, 201, 204, 299]) {
      expect(decide(input(), response(status)).outcome).toEqual({ result: 'finished', statusCode: status });
    }
  });

  it('non-2xx, 3xx included, retries on the schedule', () => {
    for (const status of [301, 302, 400, 404, 500, 502]) {
      const decision = decide(input(), response(status), noJitter);
      expect(decision.status).toBe('retrying');
      expect(decision.outcome).toMatchObject({ result: 'retry', delayMs: 1_000, retriesSoFar: 1 });
    }
  });

  it('timeouts, connection and DNS errors retry', () => {
    for (const errorKind of ['timeout', 'connection', 'dns'] as const) {
      const decision = decide(
        input({ retriesSoFar: 1, attemptNumber: 2 }),
        { kind: 'error', errorKind, message: 'x', durationMs: 1 },
        noJitter,
      );
      expect(decision.outcome).toMatchObject({ result: 'retry', delayMs: 2_000, retriesSoFar: 2 });
    }
  });

  it('fails once the schedule is exhausted', () => {
    const decision = decide(input({ retriesSoFar: 2, attemptNumber: 3 }), response(500));
    expect(decision.status).toBe('failed');
    expect(decision.outcome).toMatchObject({
      result: 'failed',
      reason: expect.stringContaining('retry schedule exhausted after 3 attempts'),
    });
  });

  it('410 Gone fails and disables the endpoint', () => {
    const decision = decide(input(), response(410));
    expect(decision.status).toBe('failed');
    expect(decision.disableEndpoint).toMatch(/410/);
  });

  it('a blocked target fails without retry', () => {
    expect(decide(input(), { kind: 'error', errorKind: 'blocked', message: 'blocked', durationMs: 0 }).status).toBe('failed');
  });

  it('honours Retry-After on 429 and 503 only', () => {
    expect(decide(input(), response(429, { 'retry-after': '7' })).outcome).toMatchObject({ result: 'retry', delayMs: 7_000 });
    expect(decide(input(), response(503, { 'retry-after': '3' })).outcome).toMatchObject({ result: 'retry', delayMs: 3_000 });
    expect(decide(input(), response(500, { 'retry-after': '7' }), noJitter).outcome).toMatchObject({ result: 'retry', delayMs: 1_000 });
  });

  it('a final (resend) attempt fails instead of retrying', () => {
    const decision = decide(input({ finalAttempt: true }), response(500));
    expect(decision.outcome).toMatchObject({ result: 'failed', reason: 'resend failed: HTTP 500' });
  });

  it('a failed manual attempt during a wait keeps the pending scheduled attempt', () => {
    const now = 1_000_000;
    const decision = decide(input({ trigger: 'manual', retriesSoFar: 1, pendingScheduledAt: now + 40_000 }), response(500), noJitter, now);
    expect(decision.status).toBe('retrying');
    expect(decision.outcome).toEqual({
      result: 'retry',
      delayMs: 40_000,
      retriesSoFar: 1,
      nextAttemptAt: now + 40_000,
      answer: 'HTTP 500 · 5 ms',
    });
    expect(decide(input({ trigger: 'manual', pendingScheduledAt: now - 5 }), response(500), noJitter, now).outcome).toMatchObject({
      delayMs: 0,
    });
  });
});
