import { z } from 'zod';
import { ATTEMPT_ERROR_KINDS, ATTEMPT_TRIGGERS, DELIVERY_STATUSES, DELIVERY_WAIT_REASONS } from '../contract/statuses';
import { EVENT_TYPE_FILTER_PATTERN, EVENT_TYPE_PATTERN } from '../domain/event-types';
import { parseDuration } from '../lib/duration';
import { customHeaderProblem } from '../delivery/headers';
import { isValidSecret } from '../delivery/sign';

/** Request and response schemas: the single source for validation and for /openapi.json. */

export const MAX_TIMEOUT_MS = 30_000;

/**
 * Any JSON value, required. Not `z.json()`: that validator recurses and overflows on deep
 * input; nesting and storability are checked iteratively before zod runs (input-safety.ts).
 */
const jsonValue = z.custom<unknown>((value) => value !== undefined, { message: 'is required' });
const MAX_RETRY_DELAY_MS = 7 * 86_400_000;

// Ids starting with `_` are reserved for hookflow (its system tenant, `_hookflow`, owns the operational endpoints).
export const tenantId = z
  .string()
  .regex(/^[A-Za-z0-9-][A-Za-z0-9_-]{0,63}$/, 'must be 1-64 letters, digits, - or _, not starting with _ (reserved for hookflow)');
export const resourceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id such as ep_01J...');
export const eventId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 letters, digits, or . : _ -');
export const eventType = z.string().max(200).regex(EVENT_TYPE_PATTERN, 'must be a dotted event type such as order.created');
export const eventTypeFilter = z
  .string()
  .max(200)
  .regex(EVENT_TYPE_FILTER_PATTERN, 'must be an event type (order.created), a prefix (order.*) or *');

export const webhookUrl = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must use http or https' });
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not contain credentials; use headers instead' });
    }
    if (url.hash) ctx.addIssue({ code: 'custom', message: 'must not contain a fragment' });
  });

const retryDelay = z.string().refine((value) => {
  const ms = parseDuration(value);
  return ms !== undefined && ms <= MAX_RETRY_DELAY_MS;
}, 'must be a duration such as 500ms, 5s, 1m or 2h, at most 7d');

/**
 * Custom headers: each name and value is checked with the HTTP client's own rules and the
 * reserved names (delivery/headers.ts); an issue names the header (`headers.X-Trace`).
 */
const customHeaders = z.record(z.string().max(100), z.string().max(2000)).superRefine((headers, ctx) => {
  const names = Object.keys(headers);
  if (names.length > 20) ctx.addIssue({ code: 'custom', message: 'at most 20 headers' });
  const seen = new Set<string>();
  for (const name of names) {
    const problem = customHeaderProblem(name, headers[name]);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: `header "${name}" ${problem}` });
    else if (seen.has(name.toLowerCase()))
      ctx.addIssue({ code: 'custom', path: [name], message: `header "${name}" is given twice (header names are case-insensitive)` });
    seen.add(name.toLowerCase());
  }
});

// ---- tenants

export const tenantParams = z.strictObject({ tenantId });
export const createTenantBody = z.strictObject({
  id: tenantId.optional(),
  name: z.string().trim().min(1).max(200),
});
export const tenantSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() });
export const deleteTenantQuery = z.strictObject({ force: z.enum(['true', 'false']).optional() });

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(250).optional(),
  cursor: z.string().max(200).optional(),
});

// ---- endpoints

export const endpointParams = z.strictObject({ tenantId, endpointId: resourceId });
const rateLimit = z
  .number()
  .int()
  .min(1)
  .max(10_000)
  .describe('Deliveries per second to this endpoint, across every worker, evenly spaced (null: no limit)');
const maxInFlight = z.number().int().min(1).max(1_000).describe('The most attempts in flight to this endpoint at once (null: no limit)');
/** The operational endpoints (`/v1/operational-endpoints/:endpointId`): the system tenant's, named by id alone. */
export const operationalEndpointParams = z.strictObject({ endpointId: resourceId });
export const signatureScheme = z
  .enum(['hmac-sha256', 'ed25519'])
  .describe(
    'hmac-sha256 (default): Standard Webhooks `v1` signatures with a shared `whsec_` secret. ed25519: `v1a` signatures that ' +
      "receivers verify with the endpoint's `whpk_` public key; hookflow keeps the private key and never shows it. Set at creation; " +
      'it cannot be changed.',
  );
const propagateTrace = z
  .boolean()
  .describe(
    "When true (and tracing is on), each POST to this endpoint carries the W3C `traceparent` of its span, so a receiver that traces can join the delivery's trace. Default false: the trace id is not shown to receivers",
  );
const endpointOrdering = z
  .enum(['none', 'fifo'])
  .describe(
    "'none' (default): deliveries go independently. 'fifo': per ordering key (the publish's orderingKey; events without one share " +
      "the endpoint's default key), a delivery makes no attempt until the delivery of the previous event with that key has " +
      'settled (finished, or failed for good); different keys go in parallel. Applies to events published after the change',
  );
const fifoOnFailure = z
  .enum(['continue', 'block'])
  .describe(
    "For 'fifo' endpoints: when a delivery fails for good, 'continue' (default) lets the next one in its line go; 'block' stops " +
      'the line until that delivery is resent and finishes, or POST …/deliveries/{deliveryId}/skip lets the next one go',
  );
export const createEndpointBody = z
  .strictObject({
    url: webhookUrl,
    description: z.string().max(1000).optional(),
    eventTypes: z.array(eventTypeFilter).min(1).max(100).optional(),
    enabled: z.boolean().optional(),
    headers: customHeaders.optional(),
    retrySchedule: z.array(retryDelay).max(30).optional(),
    timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).optional(),
    secret: z
      .string()
      .refine(isValidSecret, 'must be whsec_ followed by canonical base64 (A-Z a-z 0-9 + /, = padding, nothing else) of 24 to 64 bytes')
      .optional()
      .describe('Your own HMAC secret (hmac-sha256 only); hookflow generates one when absent'),
    signatureScheme: signatureScheme.optional(),
    rateLimit: rateLimit.nullable().optional(),
    maxInFlight: maxInFlight.nullable().optional(),
    propagateTrace: propagateTrace.optional(),
    ordering: endpointOrdering.optional(),
    fifoOnFailure: fifoOnFailure.optional(),
  })
  // An Ed25519 private key is generated by hookflow and never leaves it.
  .refine((body) => !(body.signatureScheme === 'ed25519' && body.secret !== undefined), {
    path: ['secret'],
    message: 'only hmac-sha256 endpoints take a secret; hookflow generates the key of an ed25519 endpoint',
  });
export const updateEndpointBody = z
  .strictObject({
    url: webhookUrl.optional(),
    description: z.string().max(1000).optional(),
    eventTypes: z.array(eventTypeFilter).min(1).max(100).optional(),
    enabled: z.boolean().optional(),
    headers: customHeaders.optional(),
    retrySchedule: z.array(retryDelay).max(30).nullable().optional(),
    timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).nullable().optional(),
    signatureScheme: signatureScheme
      .optional()
      .describe("Accepted only when it is the endpoint's scheme already: the scheme cannot be changed"),
    rateLimit: rateLimit.nullable().optional(),
    maxInFlight: maxInFlight.nullable().optional(),
    propagateTrace: propagateTrace.optional(),
    ordering: endpointOrdering.optional(),
    fifoOnFailure: fifoOnFailure.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field');
export const endpointSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  headers: z.record(z.string(), z.string()).describe('Custom header names; every value shows as "••••••" (GET …/headers shows them)'),
  retrySchedule: z.array(z.string()).nullable(),
  timeoutMs: z.number().nullable(),
  signatureScheme,
  rateLimit: z.number().int().nullable().describe('Deliveries per second to this endpoint (null: no limit)'),
  maxInFlight: z.number().int().nullable().describe('The most attempts in flight to this endpoint at once (null: no limit)'),
  propagateTrace: propagateTrace,
  ordering: endpointOrdering,
  fifoOnFailure,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
const publicKey = z.string().describe('`whpk_` + base64 of the raw 32-byte Ed25519 public key: verify `v1a` signatures with it');
/** Create's answer: an HMAC endpoint with its secret, or an Ed25519 endpoint with its public key (never the private key). */
export const endpointWithSecretSchema = z.union([
  endpointSchema.extend({ secret: z.string().describe('The `whsec_` HMAC secret (hmac-sha256 endpoints)') }),
  endpointSchema.extend({ publicKey }),
]);
export const endpointHeadersSchema = z.object({ headers: z.record(z.string(), z.string()) });
/** `GET …/secret` and rotation: the HMAC secrets, or for an Ed25519 endpoint the public keys (private keys never leave hookflow). */
export const secretSchema = z.union([
  z.object({
    secret: z.string(),
    previousSecret: z.string().nullable(),
    previousSecretExpiresAt: z.iso.datetime().nullable(),
  }),
  z.object({
    publicKey,
    previousPublicKey: z.string().nullable().describe('The public key of the previous private key, which signs too until it expires'),
    previousPublicKeyExpiresAt: z.iso.datetime().nullable(),
  }),
]);
export const testEventBody = z.strictObject({ type: eventType, data: jsonValue.optional() });

// ---- api keys

export const apiKeyParams = z.strictObject({ tenantId, keyId: resourceId });
/** Optional: `POST …/api-keys` with no body creates an unnamed key. */
export const createApiKeyBody = z.strictObject({ name: z.string().trim().max(200).optional() }).optional();
export const apiKeySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  /** The key's first characters, to tell keys apart; the key itself is never shown again. */
  prefix: z.string(),
  createdAt: z.iso.datetime(),
});
export const apiKeyWithKeySchema = apiKeySchema.extend({ key: z.string() });

// ---- events and deliveries

export const orderingKey = z
  .string()
  .min(1)
  .max(256)
  .describe(
    "The event's line at endpoints with ordering 'fifo' (an order id, say): deliveries of events with the same key are attempted " +
      'strictly in publish order. Ignored by other endpoints. Events without one share the default line',
  );
export const publishEventBody = z.strictObject({
  type: eventType,
  data: jsonValue,
  id: eventId.optional(),
  orderingKey: orderingKey.optional(),
});
export const publishHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
});
export const eventParams = z.strictObject({ tenantId, eventId });
export const deliveryParams = z.strictObject({ tenantId, deliveryId: resourceId });

export const deliveryStatus = z.enum(DELIVERY_STATUSES);
export const deliverySummarySchema = z.object({ id: z.string(), endpointId: z.string(), status: deliveryStatus });
export const fanOutPendingSchema = z
  .boolean()
  .describe(
    'True while the deliveries are still being created: an event with more subscribers than ' +
      'PUBLISH_DIRECT_START_MAX is fanned out by a workflow after the 202, and its deliveries appear on GET.',
  );
export const publishResultSchema = z.object({
  id: z.string(),
  type: z.string(),
  createdAt: z.iso.datetime(),
  test: z.boolean(),
  fanOutPending: fanOutPendingSchema,
  deliveries: z.array(deliverySummarySchema),
});
export const deliverySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  eventId: z.string(),
  endpointId: z.string(),
  status: deliveryStatus,
  attemptCount: z.number(),
  nextAttemptAt: z.iso.datetime().nullable().describe('When the delivery is next tried, while it waits (see waitingFor)'),
  waitingFor: z
    .enum(DELIVERY_WAIT_REASONS)
    .nullable()
    .describe(
      "Why the delivery waits until nextAttemptAt: 'retry' (its retry schedule), or held back by its endpoint's flow control: " +
        "'rate_limit', 'in_flight_limit', 'endpoint_backoff' (a Retry-After or repeated 502/504/timeouts). A held-back delivery " +
        "has made no attempt for it and keeps its retry schedule. 'predecessor' (fifo endpoints): it waits, with no nextAttemptAt, " +
        'for the delivery before it in its line (predecessorId) to settle. Null when it is not waiting.',
    ),
  orderingKey: z.string().nullable().describe("Its line at a 'fifo' endpoint ('' is the default line); null: not ordered"),
  sequence: z
    .number()
    .int()
    .nullable()
    .describe('Its place in its line, 1, 2, …, gap-free; sent as the webhook-sequence header. Null: not ordered'),
  predecessorId: z.string().nullable().describe('The delivery before it in its line (null: first, or not ordered)'),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  failureReason: z.string().nullable(),
  workflowId: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const attemptSchema = z.object({
  number: z.number(),
  trigger: z.enum(ATTEMPT_TRIGGERS),
  startedAt: z.iso.datetime(),
  durationMs: z.number(),
  statusCode: z.number().nullable(),
  responseBody: z.string().nullable(),
  errorKind: z.enum(ATTEMPT_ERROR_KINDS).nullable(),
  errorMessage: z.string().nullable(),
});
export const deliveryDetailSchema = deliverySchema.extend({
  attempts: z.array(attemptSchema),
  workflow: z.object({ id: z.string(), url: z.string() }),
});
export const eventDetailSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  type: z.string(),
  data: z.unknown(),
  test: z.boolean(),
  idempotencyKey: z.string().nullable(),
  orderingKey: z.string().nullable().describe("The publish's orderingKey (its line at 'fifo' endpoints)"),
  createdAt: z.iso.datetime(),
  fanOutPending: fanOutPendingSchema,
  deliveries: z.array(deliverySchema),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })),
  }),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
