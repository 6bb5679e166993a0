/**
 * Examples shown in /openapi.json. The linter (`npm run openapi:lint`) checks each one
 * against its schema, so they cannot go stale unnoticed.
 */

const at = '2026-01-31T12:00:00.000Z';
const tenantId = 'acme';
const endpointId = 'ep_01KB0ZQ7V4J8XG3M2N5P6R7S8T';
const eventId = 'evt_01KB0ZR2C9D0E1F2G3H4J5K6M7';
const deliveryId = 'dlv_01KB0ZR2CAD0E1F2G3H4J5K6M8';

export const createTenantExample = { id: tenantId, name: 'Acme Inc.' };
export const tenantExample = { id: tenantId, name: 'Acme Inc.', createdAt: at, updatedAt: at };

export const createEndpointExample = {
  url: 'https://webhooks.acme.dev/hookflow',
  description: 'Order events for billing',
  eventTypes: ['order.*'],
  headers: { 'X-Team': 'billing' },
  retrySchedule: ['5s', '1m', '10m', '1h'],
  rateLimit: 20,
  maxInFlight: 5,
};
export const createOperationalEndpointExample = {
  url: 'https://ops.platform.example/hookflow-notices',
  description: 'Pager for disabled and failing endpoints',
  eventTypes: ['endpoint.disabled', 'endpoint.failing', 'delivery.exhausted'],
};
export const endpointExample = {
  id: endpointId,
  tenantId,
  url: createEndpointExample.url,
  description: createEndpointExample.description,
  eventTypes: createEndpointExample.eventTypes,
  enabled: true,
  disabledReason: null,
  headers: { 'X-Team': '••••••' },
  retrySchedule: createEndpointExample.retrySchedule,
  timeoutMs: null,
  signatureScheme: 'hmac-sha256',
  rateLimit: createEndpointExample.rateLimit,
  maxInFlight: createEndpointExample.maxInFlight,
  propagateTrace: false,
  ordering: 'none',
  fifoOnFailure: 'continue',
  createdAt: at,
  updatedAt: at,
};
export const endpointWithSecretExample = { ...endpointExample, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
export const rotatedSecretExample = {
  secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
  previousSecret: endpointWithSecretExample.secret,
  previousSecretExpiresAt: '2026-02-01T12:00:00.000Z',
};

export const publishEventExample = { type: 'order.created', data: { orderId: 'ord_42', total: 1999, currency: 'EUR' } };
export const publishResultExample = {
  id: eventId,
  type: 'order.created',
  createdAt: at,
  test: false,
  fanOutPending: false,
  deliveries: [{ id: deliveryId, endpointId, status: 'new' }],
};
export const testEventExample = { type: 'order.created' };

export const deliveryDetailExample = {
  id: deliveryId,
  tenantId,
  eventId,
  endpointId,
  status: 'finished',
  attemptCount: 2,
  nextAttemptAt: null,
  waitingFor: null,
  orderingKey: null,
  sequence: null,
  predecessorId: null,
  lastStatusCode: 200,
  lastError: null,
  failureReason: null,
  workflowId: `delivery-${deliveryId}`,
  createdAt: at,
  updatedAt: '2026-01-31T12:00:05.210Z',
  attempts: [
    {
      number: 1,
      trigger: 'scheduled',
      startedAt: '2026-01-31T12:00:00.050Z',
      durationMs: 31,
      statusCode: 503,
      responseBody: 'busy',
      errorKind: 'http_status',
      errorMessage: 'HTTP 503',
    },
    {
      number: 2,
      trigger: 'scheduled',
      startedAt: '2026-01-31T12:00:05.150Z',
      durationMs: 60,
      statusCode: 200,
      responseBody: 'ok',
      errorKind: null,
      errorMessage: null,
    },
  ],
  workflow: {
    id: `delivery-${deliveryId}`,
    url: `http://localhost:8233/namespaces/default/workflows/delivery-${deliveryId}`,
  },
};
export const resendExample = { id: deliveryId, endpointId, status: 'retrying' };

export const recoverExample = { since: '2026-01-30T00:00:00Z', until: '2026-01-31T00:00:00Z' };

export const notFoundExample = {
  error: {
    code: 'not_found',
    message: `endpoint "${endpointId}" not found`,
    details: [{ field: 'endpointId', message: 'no endpoint with this id' }],
  },
};
