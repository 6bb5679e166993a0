import { randomBytes } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { decide } from '../../src/activities/deliver';
import type { AttemptDeliveryInput, AttemptResult, HookflowActivities } from '../../src/contract';
import type { SendResult } from '../../src/delivery/send';
import { workerTracingOptions } from '../../src/temporal/tracing';

type ActivityName = keyof HookflowActivities;
type InputOf<K extends ActivityName> = Parameters<HookflowActivities[K]>[0];

/** One call a stub received: its input, the run that made it, when (epoch ms), and what it returned once it has. */
export interface StubCall<K extends ActivityName> {
  input: InputOf<K>;
  workflowId: string;
  runId: string;
  at: number;
  result?: Awaited<ReturnType<HookflowActivities[K]>>;
}

/** What a test scripts: any subset of the real activities, typed against the contract. */
export type ActivityScript = Partial<HookflowActivities>;

export interface WorkflowTestWorker {
  client: Client;
  taskQueue: string;
  /** Every call each stub received, in order (also for unscripted ones, which then throw). */
  calls: { [K in ActivityName]: StubCall<K>[] };
  /** Resolves once `name` has been called `count` times; throws after `timeoutMs`. */
  waitForCalls(name: ActivityName, count: number, timeoutMs?: number): Promise<void>;
  /** A unique workflow id for this worker's task queue. */
  workflowId(prefix: string): string;
  /** Stops polling (tasks then queue up on the server) until `startWorker`. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

const ACTIVITY_NAMES: readonly ActivityName[] = [
  'attemptDelivery',
  'saveAttempt',
  'failDelivery',
  'fanOutEvent',
  'reconcileDeliveries',
  'recoverBatch',
  'finishRecovery',
  'purgeEvents',
];

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run workflow tests through jest (its global setup sets it)`);
  return value;
}

/**
 * A real worker on the shared Temporal dev server, running the pre-built workflow bundle
 * on its own task queue, with stub activities: only the activities are fake, so what a
 * test sees is what the workflow code does on a real server (timers, signals, queries,
 * continue-as-new, replay). Each stub records its calls and runs what the test scripted;
 * an unscripted activity fails the workflow task loudly rather than returning nothing.
 *
 * `maxCachedWorkflows: 0` (option `cache: false`) replays the whole history on every
 * workflow task, which also proves the workflow replays deterministically, and lets a
 * worker be stopped and restarted without waiting on a sticky queue.
 */
let runtimeInstalled = false;

/** The SDK logs at ERROR only (TEST_LOG_LEVEL=debug shows all): tests fail activities on purpose. */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'DEBUG' : 'ERROR') });
}

export async function startWorkflowWorker(script: ActivityScript, options: { cache?: boolean } = {}): Promise<WorkflowTestWorker> {
  const address = requireEnv('HOOKFLOW_TEST_TEMPORAL_ADDRESS');
  const bundlePath = requireEnv('HOOKFLOW_TEST_BUNDLE_PATH');
  installQuietRuntime();
  const taskQueue = `wf_${randomBytes(5).toString('hex')}`;
  const calls = Object.fromEntries(ACTIVITY_NAMES.map((name) => [name, []])) as unknown as WorkflowTestWorker['calls'];
  const waiters = new Set<() => void>();

  const stubs = Object.fromEntries(
    ACTIVITY_NAMES.map((name) => [
      name,
      async (input: never) => {
        const execution = Context.current().info.workflowExecution;
        const call: StubCall<ActivityName> = {
          input,
          workflowId: execution?.workflowId ?? '',
          runId: execution?.runId ?? '',
          at: Date.now(),
        };
        (calls[name] as StubCall<ActivityName>[]).push(call);
        for (const wake of waiters) wake();
        const scripted = script[name] as ((input: never) => Promise<never>) | undefined;
        if (!scripted) throw new Error(`activity ${name} is not scripted by this test`);
        call.result = await scripted(input);
        return call.result;
      },
    ]),
  ) as unknown as HookflowActivities;

  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  const nativeConnection = await NativeConnection.connect({ address });

  let running: { worker: Worker; done: Promise<void> } | undefined;
  const startWorker = async () => {
    if (running) return;
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      activities: stubs,
      workflowBundle: { codePath: bundlePath },
      // The bundle's OpenTelemetry workflow interceptors send their spans to this sink.
      sinks: workerTracingOptions().sinks,
      ...(options.cache === false ? { maxCachedWorkflows: 0 } : {}),
      // Stubs return at once: nothing to wait for on shutdown.
      shutdownGraceTime: '1s',
    });
    running = { worker, done: worker.run() };
  };
  const stopWorker = async () => {
    if (!running) return;
    const current = running;
    running = undefined;
    current.worker.shutdown();
    await current.done;
  };
  await startWorker();

  return {
    client,
    taskQueue,
    calls,
    workflowId: (prefix) => `${prefix}-${randomBytes(5).toString('hex')}`,
    startWorker,
    stopWorker,
    async waitForCalls(name, count, timeoutMs = 10_000) {
      if (calls[name].length >= count) return;
      let timer: NodeJS.Timeout | undefined;
      let wake: (() => void) | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${name} called ${calls[name].length} times, not ${count}, within ${timeoutMs} ms`)),
            timeoutMs,
          );
          wake = () => {
            if (calls[name].length >= count) resolve();
          };
          waiters.add(wake);
        });
      } finally {
        clearTimeout(timer);
        if (wake) waiters.delete(wake);
      }
    },
    async close() {
      await stopWorker();
      await nativeConnection.close();
      await connection.close();
    },
  };
}

const receiver500: SendResult = { kind: 'response', statusCode: 500, headers: {}, bodyExcerpt: '', durationMs: 1 };

/**
 * An attempt whose receiver answered 500, decided by the real rule (`decide`, no jitter):
 * retry on the schedule, or, for a manual attempt made while a scheduled one was pending,
 * keep that attempt's time and the schedule where it was.
 */
export const receiverFails = (input: AttemptDeliveryInput): AttemptResult => decide(input, receiver500, () => 0.5).outcome;
/** An attempt whose receiver answered 200. */
export const receiverAccepts = (): AttemptResult => ({ result: 'finished', statusCode: 200 });
