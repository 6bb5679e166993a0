import type { Client } from '@temporalio/client';
import { P, cpuMeter, floorClient, floorReceipts, state, theStack, waitForFloor } from '../lib/context';
import type { IpcChild } from '../lib/ipc-child';
import { medianRound, runConcurrently, summary } from '../lib/stats';

/**
 * The Temporal ceilings: the most a bare workflow with a no-op can do on this machine, in
 * four shapes, each a bound for hookflow in the same shape:
 * - floor, default partitions: one workflow + one normal activity on the second dev server
 *   (4 task-queue partitions, the server's default), started by a client in the bench;
 * - floor, one partition: the same on the main dev server, configured as `npm run dev`;
 * - local activity: the no-op as a local activity, one partition;
 * - local activity + eager start: the same, started by the floor worker's own process with
 *   a Client on its NativeConnection and `requestEagerStart` (as `HOOKFLOW_ROLE=all` starts
 *   delivery workflows), one partition.
 */

export const CEILINGS = {
  floorDefaultPartitions: 'floor, default partitions (4): workflow + activity',
  floor: 'floor, one partition: workflow + activity',
  localActivity: 'local activity, one partition',
  localActivityEagerStart: 'local activity + eager start, one partition',
} as const;

export type CeilingKind = keyof typeof CEILINGS;

export interface CeilingResult {
  kind: CeilingKind;
  name: string;
  workflows: number;
  received: number;
  seconds: number;
  perSecond: number;
  complete: boolean;
  /** Start request sent → the no-op running. */
  startToActivityMs: ReturnType<typeof summary>;
  /** Eager mode: how many starts the server answered with the first workflow task. */
  eagerlyStarted?: number;
  cpu: ReturnType<ReturnType<typeof cpuMeter>['stop']>;
}

interface Shape {
  floor: IpcChild;
  workflow: 'floorWorkflow' | 'floorLocalWorkflow';
  /** Starts `count` workflows; resolves when all starts were answered. */
  start(count: number): Promise<{ eagerlyStarted?: number }>;
}

function shape(kind: CeilingKind): Shape {
  const s = theStack();
  const fromBench = (client: Client, floor: IpcChild, workflow: Shape['workflow']): Shape => ({
    floor,
    workflow,
    async start(count) {
      const run = `ceiling-${kind}-${++state.floorRun}`;
      await runConcurrently(count, P.concurrency, async (i) => {
        await client.workflow.start(workflow, { taskQueue: s.floorTaskQueue, workflowId: `${run}-${i}`, args: [{ sentAt: Date.now() }] });
      });
      return {};
    },
  });
  switch (kind) {
    case 'floorDefaultPartitions':
      return fromBench(state.defaultPartitionsClient as Client, s.floorDefault, 'floorWorkflow');
    case 'floor':
      return fromBench(floorClient(), s.floor, 'floorWorkflow');
    case 'localActivity':
      return fromBench(floorClient(), s.floor, 'floorLocalWorkflow');
    case 'localActivityEagerStart':
      return {
        floor: s.floor,
        workflow: 'floorLocalWorkflow',
        async start(count) {
          const answer = await s.floor.ask<{ eagerlyStarted: number; error?: string }>(
            'start',
            { workflow: 'floorLocalWorkflow', run: `ceiling-eager-${++state.floorRun}`, count, concurrency: P.concurrency, eager: true },
            P.settleMs,
          );
          if (answer.error) throw new Error(`eager starts failed: ${answer.error}`);
          return { eagerlyStarted: answer.eagerlyStarted };
        },
      };
  }
}

/** One ceiling: a warm-up, then `count` workflows at the bench's concurrency, first start to last no-op. */
export async function ceiling(kind: CeilingKind, count: number): Promise<CeilingResult> {
  const sh = shape(kind);
  const warm = (await floorReceipts(Number.MAX_SAFE_INTEGER, sh.floor)).total;
  await sh.start(P.warmup);
  await waitForFloor(warm + P.warmup, 30_000, sh.floor);
  const before = (await floorReceipts(Number.MAX_SAFE_INTEGER, sh.floor)).total;
  const meter = cpuMeter();
  meter.start();
  const t0 = Date.now();
  const { eagerlyStarted } = await sh.start(count);
  const complete = await waitForFloor(before + count, P.settleMs, sh.floor);
  const { receipts } = await floorReceipts(before, sh.floor);
  const cpu = meter.stop();
  const last = Math.max(t0 + 1, ...receipts.map((x) => x.at));
  const seconds = (last - t0) / 1000;
  return {
    kind,
    name: CEILINGS[kind],
    workflows: count,
    received: receipts.length,
    seconds,
    perSecond: receipts.length / seconds,
    complete,
    startToActivityMs: summary(receipts.map((x) => x.at - x.sentAt)),
    eagerlyStarted,
    cpu,
  };
}

/** The median of each ceiling's rounds (the lower middle one for an even count). */
export function medianCeilings(rounds: CeilingResult[]): Record<CeilingKind, CeilingResult & { rounds: number[] }> {
  const out = {} as Record<CeilingKind, CeilingResult & { rounds: number[] }>;
  for (const kind of Object.keys(CEILINGS) as CeilingKind[]) {
    out[kind] = medianRound(
      rounds.filter((r) => r.kind === kind),
      (r) => r.perSecond,
      1,
    );
  }
  return out;
}
