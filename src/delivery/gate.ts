import type { FlowHoldReason, FlowUpdate } from '../contract';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './schedule';
import type { SendResult } from './send';

/**
 * The flow-control gate: the one check before every send to an endpoint. It holds a
 * delivery back when its endpoint is paused (a Retry-After, repeated 502/504/timeouts),
 * when the endpoint's rate limit has no free slot yet, or when `maxInFlight` attempts are
 * already in flight. A held delivery is not an attempt: the workflow sleeps on a durable
 * timer until the gate's time and asks again.
 *
 * The state is shared by every worker process through PostgreSQL (`FlowStore`, see
 * db/queries/endpoint-flow.ts): the decisions here are pure, the store does the atomic
 * parts (reserve a slot, take a lease). With no limit set and no pause, the gate makes
 * no call at all: the pause is read in the attempt's one context query.
 */

/** The endpoint's limits, from its row. */
export interface FlowLimits {
  rateLimit: number | null;
  maxInFlight: number | null;
}

/** What the attempt's context query read of the endpoint's shared flow state. */
export interface FlowSnapshot {
  /** Milliseconds the endpoint stays paused for (0 or null when it is not paused), on PostgreSQL's clock. */
  pausedForMs: number | null;
}

/** The atomic steps, in PostgreSQL. */
export interface FlowStore {
  /** Reserves the endpoint's next send slot, `intervalMs` after the previous one; returns how long until it (ms, ≥ 0). */
  reserveSendSlot(endpointId: string, intervalMs: number): Promise<number>;
  /** Takes one of `max` in-flight leases for the delivery (expiring after `ttlMs`); false when all are taken. */
  acquireLease(endpointId: string, deliveryId: string, max: number, ttlMs: number): Promise<boolean>;
}

export interface GateRequest {
  endpointId: string;
  deliveryId: string;
  limits: FlowLimits;
  flow: FlowSnapshot;
  /** The slot reserved on the previous try (epoch ms), honoured rather than reserving another. */
  rateSlotAt?: number | undefined;
  /** Consecutive rate-limit holds so far (a slot missed by a late timer makes it more than one). */
  rateHolds: number;
  /** Consecutive in-flight holds so far. */
  inFlightHolds: number;
  /** How long a lease lives: longer than the attempt can take, so only a crashed worker's lease expires. */
  leaseTtlMs: number;
  now: () => number;
  random?: () => number;
}

export type GateDecision = { pass: true; leased: boolean } | { pass: false; reason: FlowHoldReason; untilMs: number };

/** A slot this close is taken now: timers and activity starts are not more precise than this. */
export const SLOT_TOLERANCE_MS = 25;
/**
 * A reserved slot is honoured up to this late (an interval at least), doubling with each
 * slot the delivery already missed. A send later than that would clump with the sends of
 * the next slots (timers fire late on a busy worker); it reserves a new slot instead.
 */
export const SLOT_GRACE_MS = 1_000;
export const MAX_SLOT_GRACE_MS = 30_000;

/**
 * A delivery held for a rate-limit slot wakes this much before it, and the attempt waits
 * out the rest in the worker: the attempt is a local activity, and its result reaches
 * Temporal (which starts the timer) some time after the activity computed the delay — up
 * to seconds on a busy worker. Waking early absorbs that lag, so the send happens at the
 * slot rather than past its grace.
 */
export const RATE_EARLY_WAKE_MS = 1_500;

/** How long to sleep on a `rate_limit` hold until `untilMs`: the timer's part, the rest waited in the attempt. */
export function rateHoldSleepMs(untilMs: number, now: number): number {
  return Math.max(0, untilMs - now - RATE_EARLY_WAKE_MS);
}

/** The attempt's part of that wait: how long to wait, woken early, before its reserved slot (0: none to wait). */
export function earlyWakeWaitMs(rateSlotAt: number | undefined, now: number): number {
  const early = rateSlotAt === undefined ? 0 : rateSlotAt - now;
  return early > 0 && early <= RATE_EARLY_WAKE_MS + SLOT_TOLERANCE_MS ? early : 0;
}

/** How late a reserved slot may still be used. */
export function slotGraceMs(intervalMs: number, rateHolds: number): number {
  return Math.min(Math.max(SLOT_GRACE_MS, intervalMs) * 2 ** Math.max(0, Math.min(rateHolds - 1, 16)), MAX_SLOT_GRACE_MS);
}

/** A pause's end is spread over up to this (or the pause, if shorter), so the held deliveries do not all send at once. */
export const BACKOFF_SPREAD_MS = 1_000;

/** In-flight holds wait 100 ms, 200 ms, … up to this (± 50 % jitter): no slot-freed notice is sent. */
export const MAX_IN_FLIGHT_WAIT_MS = 2_000;
/** Consecutive 502 / 504 / timeouts before the endpoint pauses. */
export const THROTTLE_AFTER = 3;
/** The pause after THROTTLE_AFTER of them; it doubles with each further one, up to MAX_THROTTLE_PAUSE_MS. */
export const THROTTLE_PAUSE_MS = 2_000;
export const MAX_THROTTLE_PAUSE_MS = 60_000;

/** How long an in-flight hold waits before asking again. */
export function inFlightWaitMs(holds: number, random: () => number = Math.random): number {
  const base = Math.min(100 * 2 ** Math.min(holds, 10), MAX_IN_FLIGHT_WAIT_MS);
  return Math.round(base * (0.5 + random()));
}

/**
 * Asks the gate whether the delivery may send now. Order: a pause holds everything; then
 * the rate slot (a held delivery keeps the slot it reserved, unless it wakes too late
 * for it, see SLOT_GRACE_MS); then the in-flight lease, taken last so it is never held while waiting.
 */
export async function passGate(store: FlowStore, request: GateRequest): Promise<GateDecision> {
  const { limits, flow, now } = request;
  const random = request.random ?? Math.random;
  if (flow.pausedForMs !== null && flow.pausedForMs > SLOT_TOLERANCE_MS) {
    const spread = Math.round(random() * Math.min(BACKOFF_SPREAD_MS, flow.pausedForMs));
    return { pass: false, reason: 'endpoint_backoff', untilMs: now() + flow.pausedForMs + spread };
  }
  if (limits.rateLimit !== null) {
    const intervalMs = 1000 / limits.rateLimit;
    const slot = request.rateSlotAt;
    const at = now();
    const haveSlot = slot !== undefined && slot <= at + SLOT_TOLERANCE_MS && at <= slot + slotGraceMs(intervalMs, request.rateHolds);
    if (!haveSlot) {
      const waitMs = await store.reserveSendSlot(request.endpointId, intervalMs);
      if (waitMs > SLOT_TOLERANCE_MS) return { pass: false, reason: 'rate_limit', untilMs: now() + waitMs };
    }
  }
  if (limits.maxInFlight !== null) {
    const leased = await store.acquireLease(request.endpointId, request.deliveryId, limits.maxInFlight, request.leaseTtlMs);
    if (!leased) {
      return { pass: false, reason: 'in_flight_limit', untilMs: now() + inFlightWaitMs(request.inFlightHolds, random) };
    }
    return { pass: true, leased: true };
  }
  return { pass: true, leased: false };
}

/**
 * What an answer means for the endpoint's shared flow state. A 429 or 503 with Retry-After
 * pauses the whole endpoint until then (capped like a delivery's own Retry-After). 502,
 * 504 and a timeout are the receiver saying "throttle" (Standard Webhooks): THROTTLE_AFTER
 * of them in a row pause the endpoint. Any other answer, a 429 or 503 without a usable
 * Retry-After included (its delivery retries on its own schedule), ends the run (in the
 * attempt record's own statement: no extra round trip).
 */
export function flowAfterAnswer(result: SendResult, now: number = Date.now()): FlowUpdate {
  if (result.kind === 'response' && (result.statusCode === 429 || result.statusCode === 503)) {
    const header = result.headers['retry-after'];
    const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, now);
    if (retryAfterMs !== undefined) return { kind: 'pause', pauseMs: Math.min(retryAfterMs, MAX_RETRY_AFTER_MS) };
    return { kind: 'answered' };
  }
  const throttled =
    (result.kind === 'response' && (result.statusCode === 502 || result.statusCode === 504)) ||
    (result.kind === 'error' && result.errorKind === 'timeout');
  return throttled ? { kind: 'throttled' } : { kind: 'answered' };
}

/** The pause after `count` consecutive throttling answers (0 below THROTTLE_AFTER). */
export function throttlePauseMs(count: number): number {
  if (count < THROTTLE_AFTER) return 0;
  return Math.min(THROTTLE_PAUSE_MS * 2 ** Math.min(count - THROTTLE_AFTER, 20), MAX_THROTTLE_PAUSE_MS);
}
