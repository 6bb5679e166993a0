import { defineSignal } from '@temporalio/workflow';

/**
 * Ordered delivery (an endpoint's `ordering: "fifo"`): per endpoint and ordering key,
 * each delivery's workflow makes no attempt until the delivery before it has settled.
 * The line is recorded in PostgreSQL at publish; Temporal does the waiting.
 */

/** A delivery's place in its line, carried in its workflow's input. */
export interface LinePlace {
  /** Its number in the line (1, 2, …): gap-free per endpoint and ordering key. */
  seq: number;
  /** The delivery before it; absent for the first of a line. */
  predecessorId?: string;
  /** Its turn has come (carried over a continue-as-new): it does not ask the line again. */
  passed?: boolean;
}

/**
 * Sent to a waiting delivery's workflow when the delivery before it settles (or is
 * resent and finishes, or is skipped): ask the line again. A missed one cannot stall
 * the line: the workflow asks on start, after continue-as-new, and every
 * LINE_RECHECK_MS while it waits.
 */
export const predecessorSettledSignal = defineSignal('predecessorSettled');

/** The longest a waiting delivery goes without asking the line again (it also hears the signal at once). */
export const LINE_RECHECK_MS = 10 * 60_000;

/** What the line says to a delivery that asks whether it may go. */
export type LineAnswer =
  /** The delivery before it has settled (finished, failed with the line moving on, or skipped), or there is none. */
  | { go: true }
  /** Still unsettled, or failed with the endpoint's `fifoOnFailure: "block"` and not yet resent or skipped. */
  | { go: false; predecessorId: string; blocked: boolean };
