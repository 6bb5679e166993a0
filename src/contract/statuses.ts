/**
 * The closed sets of values that cross the Temporal boundary and are stored in
 * PostgreSQL: the one source for the database types, the API schemas and the workflows.
 */

/** A delivery's life: `new → retrying → finished | failed` (also its DeliveryStatus search attribute). */
export const DELIVERY_STATUSES = ['new', 'retrying', 'finished', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What caused an attempt: the schedule, a resend, or a test event. */
export const ATTEMPT_TRIGGERS = ['scheduled', 'manual', 'test'] as const;
export type AttemptTrigger = (typeof ATTEMPT_TRIGGERS)[number];

/** Why an attempt failed, when it did. */
export const ATTEMPT_ERROR_KINDS = ['timeout', 'connection', 'dns', 'http_status', 'blocked', 'invalid_response'] as const;
export type AttemptErrorKind = (typeof ATTEMPT_ERROR_KINDS)[number];

/** A bulk recovery job's life: `running → completed | failed`. */
export const RECOVERY_JOB_STATUSES = ['running', 'completed', 'failed'] as const;
export type RecoveryJobStatus = (typeof RECOVERY_JOB_STATUSES)[number];

/** Why a delivery is held back by its endpoint's flow control (not an attempt; its retry schedule is untouched). */
export const FLOW_HOLD_REASONS = ['rate_limit', 'in_flight_limit', 'endpoint_backoff'] as const;
export type FlowHoldReason = (typeof FLOW_HOLD_REASONS)[number];

/** What a waiting delivery waits for: a held-back send, its next scheduled retry, or (fifo) the delivery before it. */
export const DELIVERY_WAIT_REASONS = [...FLOW_HOLD_REASONS, 'retry', 'predecessor'] as const;
export type DeliveryWaitReason = (typeof DELIVERY_WAIT_REASONS)[number];
