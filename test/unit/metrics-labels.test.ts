import pino from 'pino';
import { ATTEMPT_ERROR_KINDS } from '../../src/contract';
import { deliveryLogger } from '../../src/lib/delivery-logger';
import { traceIdMixin } from '../../src/lib/logger';
import { ATTEMPT_OUTCOMES, attemptOutcome } from '../../src/metrics/delivery-metrics';

describe('attempt outcome label', () => {
  it('maps every recorded error kind to one of the documented outcomes', () => {
    expect(attemptOutcome(null)).toBe('success');
    expect(Object.fromEntries(ATTEMPT_ERROR_KINDS.map((kind) => [kind, attemptOutcome(kind)]))).toEqual({
      timeout: 'timeout',
      connection: 'connection',
      dns: 'dns',
      http_status: 'http_error',
      blocked: 'blocked',
      invalid_response: 'connection',
    });
    for (const kind of [null, ...ATTEMPT_ERROR_KINDS]) expect(ATTEMPT_OUTCOMES).toContain(attemptOutcome(kind));
  });
});

describe('delivery log lines', () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ mixin: traceIdMixin }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    return { logger, lines };
  };
  const delivery = { id: 'dlv_1', event_id: 'evt_1', endpoint_id: 'ep_1', tenant_id: 'acme' };

  it('carry the delivery, event, endpoint and tenant ids, and no traceId without tracing', () => {
    const { logger, lines } = capture();
    deliveryLogger(logger, delivery).info({ attempt: 1 }, 'delivery attempt');
    expect(lines[0]).toMatchObject({ deliveryId: 'dlv_1', eventId: 'evt_1', endpointId: 'ep_1', tenantId: 'acme', attempt: 1 });
    expect(lines[0]).not.toHaveProperty('traceId');
  });
  // With tracing on, the same lines carry traceId: test/integration/tracing.test.ts.
});
