import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AttemptErrorKind, AttemptTrigger, DeliveryStatus, DeliveryWaitReason, RecoveryJobStatus } from '../contract/statuses';

/**
 * The typed shape of hookflow's tables, as Kysely sees them. SQL names are snake_case;
 * queries (`queries/<noun>.ts`) return these rows, and the API maps them to its camelCase
 * views (`api/views/<resource>.ts`). The closed sets of values are defined once, in the contract.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export type { AttemptErrorKind, AttemptTrigger, DeliveryStatus, DeliveryWaitReason, RecoveryJobStatus };

export interface TenantsTable {
  id: string;
  name: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Standard Webhooks `v1` (shared secret) or `v1a` (asymmetric). */
export type SignatureScheme = 'hmac-sha256' | 'ed25519';

export interface EndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  description: string;
  /** Filters: exact types (`order.created`), prefixes (`order.*`) or `*`. */
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  secret: string;
  /** After a rotation the previous secret still signs until it expires. */
  previous_secret: string | null;
  previous_secret_expires_at: NullableTimestamp;
  /** Custom headers; each value sealed like a secret when `headers_sealed` (see endpoint-secrets.ts). */
  headers: Json<Record<string, string>>;
  /** False only for rows written before header values were sealed, until `sealPlaintextHeaders` runs. */
  headers_sealed: Generated<boolean>;
  /** Chosen at creation, never changed: `secret` holds a `whsec_` secret (hmac-sha256) or a `whsk_` Ed25519 key (ed25519). */
  signature_scheme: Generated<SignatureScheme>;
  retry_schedule_ms: number[] | null;
  timeout_ms: number | null;
  /** Sends per second, shared by every worker (null: no limit). */
  rate_limit: Generated<number | null>;
  /** Attempts in flight at once (null: no limit). */
  max_in_flight: Generated<number | null>;
  /** Deliveries' POSTs carry the W3C `traceparent` (when tracing is on); off unless the endpoint opts in. */
  propagate_trace: Generated<boolean>;
  /** `fifo`: per ordering key, each delivery waits until the one before it has settled. */
  ordering: Generated<EndpointOrdering>;
  /** For `fifo`: whether a delivery failed for good lets the line go on, or blocks it until resent or skipped. */
  fifo_on_failure: Generated<FifoOnFailure>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Soft delete: deliveries keep pointing at the endpoint they were made for. */
  deleted_at: NullableTimestamp;
}

export type EndpointOrdering = 'none' | 'fifo';
export type FifoOnFailure = 'continue' | 'block';

export interface OrderingLinesTable {
  endpoint_id: string;
  ordering_key: string;
  last_seq: number;
  last_delivery_id: string;
  prev_delivery_id: string | null;
}

export interface EventsTable {
  tenant_id: string;
  id: string;
  type: string;
  /** The published `data` as JSON text, minified, exactly as sent: never parsed into JavaScript values (see lib/raw-json.ts). */
  data: string;
  idempotency_key: string | null;
  test: Generated<boolean>;
  /** True from the publish until the fan-out workflow has written the deliveries (many subscribers). */
  fan_out_pending: Generated<boolean>;
  /** The publisher's ordering key (for `fifo` endpoints); null: the endpoint's default line. */
  ordering_key: string | null;
  created_at: Timestamp;
}

export interface DeliveriesTable {
  id: string;
  tenant_id: string;
  event_id: string;
  endpoint_id: string;
  status: Generated<DeliveryStatus>;
  attempt_count: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_status_code: number | null;
  last_error: string | null;
  /** Why a delivery ended `failed` (schedule exhausted, endpoint disabled, 410 Gone, ...). */
  failure_reason: string | null;
  /** Why the delivery waits until `next_attempt_at`: a retry, or held back by its endpoint's flow control. */
  waiting_for: Generated<DeliveryWaitReason | null>;
  workflow_id: string;
  /** The event's type and creation time, copied at fan-out: the event log filters on them. */
  event_type: string;
  /** For a `fifo` endpoint: the line (ordering key, '' for events without one), the place in it, and the delivery before it. */
  ordering_key: string | null;
  ordering_seq: number | null;
  predecessor_id: string | null;
  /** A failed delivery the line was let past (`POST …/skip`). */
  line_released_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Generated<Date>;
}

export interface AttemptsTable {
  delivery_id: string;
  number: number;
  tenant_id: string;
  /** Copied from the delivery: endpoint stats read attempts by endpoint and time. */
  endpoint_id: string;
  trigger: AttemptTrigger;
  started_at: Timestamp;
  duration_ms: number;
  status_code: number | null;
  response_body: string | null;
  error_kind: AttemptErrorKind | null;
  error_message: string | null;
}

export interface RecoveryJobsTable {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  since: Timestamp;
  until: Timestamp;
  status: Generated<RecoveryJobStatus>;
  resent: Generated<number>;
  workflow_id: string;
  error: string | null;
  created_at: Generated<Date>;
  finished_at: NullableTimestamp;
}

/** A tenant-scoped API key: only its hash is stored; the key is shown once. */
export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  name: string;
  /** The key's first characters, to tell keys apart in a list; not enough to use it. */
  prefix: string;
  /** Hex SHA-256 of the whole key; unique. */
  key_hash: string;
  created_at: Generated<Date>;
}

/** One row per worker process: its latest report of attempts in flight (see temporal/worker-health.ts). */
export interface WorkerHealthTable {
  worker_id: string;
  task_queue: string;
  in_flight: number;
  last_finished_at: Date;
  stalled_since: Date | null;
  reported_at: Date;
}

/** The event type catalog: platform-wide, managed with the admin key. */
export interface EventTypesTable {
  name: string;
  description: Generated<string>;
  /** A JSON Schema (draft 2020-12) that published `data` must match, or null for any JSON. */
  schema: NullableJson<Record<string, unknown>>;
  example: NullableJson<unknown>;
  deprecated: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A customer-portal session: a short-lived credential scoped to one tenant. */
export interface PortalSessionsTable {
  id: string;
  tenant_id: string;
  /** Hex SHA-256 of the token; unique. The token itself is only in the portal URL's fragment. */
  token_hash: string;
  read_only: Generated<boolean>;
  theme: Json<PortalTheme>;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Generated<Date>;
}

export interface PortalTheme {
  primaryColor?: string;
  logoUrl?: string;
  mode?: 'light' | 'dark' | 'auto';
}

/** An endpoint whose attempts have all failed since `failing_since` (auto-disable); a 2xx deletes the row. */
export interface EndpointFailureStreaksTable {
  endpoint_id: string;
  failing_since: Date;
  failed_attempts: number;
  /** When the `endpoint.failing` notice went out for this streak (once per streak). */
  failing_notified_at: Date | null;
}

/** The flow state every worker shares for one endpoint (see delivery/gate.ts). */
export interface EndpointFlowTable {
  endpoint_id: string;
  /** The next free send slot: each send under a rate limit reserves one and moves this on by 1/rate. */
  next_send_at: NullableTimestamp;
  /** Endpoint-wide back-off: no send before this. */
  paused_until: NullableTimestamp;
  /** When the last throttling pause was set: answers to attempts started before it do not count again. */
  paused_at: NullableTimestamp;
  /** Consecutive 502 / 504 / timeouts; at FLOW_THROTTLE_AFTER the endpoint pauses. */
  consecutive_throttles: Generated<number>;
}

/** One attempt in flight under `max_in_flight`: slot 1..max, released when the attempt is recorded, or expired. */
export interface EndpointLeasesTable {
  endpoint_id: string;
  slot: number;
  delivery_id: string;
  expires_at: Timestamp;
}

/** One token bucket of the API's shared rate limits (see api/shared-rate-limit.ts). */
export interface RateLimitBucketsTable {
  /** Which limit: `principal` (API key or portal session) or `auth_failure` (client address). */
  scope: string;
  key: string;
  /** Tokens left as of `updated_at`; the bucket earns them back at its rate, up to its burst. */
  tokens: number;
  updated_at: Timestamp;
  /** When the bucket is full again: a row past it means the same as no row (the purge deletes it). */
  full_at: Timestamp;
  /** The decision of the latest take. */
  allowed: boolean;
}

export interface Database {
  tenants: TenantsTable;
  endpoints: EndpointsTable;
  events: EventsTable;
  deliveries: DeliveriesTable;
  attempts: AttemptsTable;
  api_keys: ApiKeysTable;
  recovery_jobs: RecoveryJobsTable;
  worker_health: WorkerHealthTable;
  event_types: EventTypesTable;
  portal_sessions: PortalSessionsTable;
  endpoint_failure_streaks: EndpointFailureStreaksTable;
  endpoint_flow: EndpointFlowTable;
  endpoint_leases: EndpointLeasesTable;
  rate_limit_buckets: RateLimitBucketsTable;
  ordering_lines: OrderingLinesTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type EndpointRow = Selectable<EndpointsTable>;
export type NewEndpointRow = Insertable<EndpointsTable>;
export type EndpointUpdate = Updateable<EndpointsTable>;
export type EventRow = Selectable<EventsTable>;
export type EventTypeRow = Selectable<EventTypesTable>;
export type PortalSessionRow = Selectable<PortalSessionsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type AttemptRow = Selectable<AttemptsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type RecoveryJobRow = Selectable<RecoveryJobsTable>;
export type EndpointFailureStreakRow = Selectable<EndpointFailureStreaksTable>;
