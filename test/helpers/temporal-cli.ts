import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';

const run = promisify(execFile);

/**
 * Runs the Temporal CLI (the one the global setup found) against a server, as an operator
 * would, and parses its `-o json` output. `temporal workflow show -o json` prints the history
 * as one object with an `events` array; describe and metadata print one object each.
 */
export async function temporalJson<T = any>(address: string, args: string[], namespace = 'default'): Promise<T> {
  const cli = resolveTemporalCli({ build: false });
  const { stdout } = await run(cli, [...args, '--address', address, '--namespace', namespace, '-o', 'json'], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 30_000,
  });
  return JSON.parse(stdout) as T;
}

/** The parts of a workflow's `describe`, `show` and `metadata` that the Web UI shows for it. */
export interface WorkflowAsCliShowsIt {
  status: string;
  runId: string;
  summary: string | undefined;
  searchAttributes: Record<string, unknown>;
  /** The closing event's failure, for a Failed run. */
  failure: { message: string; type: string | undefined; nonRetryable: boolean | undefined } | undefined;
  /** The summary of each local activity (attempt) marker, in order. */
  markerSummaries: (string | undefined)[];
  /** The summary of each timer (a wait for a retry names the attempt's answer), in order. */
  timerSummaries: (string | undefined)[];
  /** The whole describe and history output, payloads decoded, for "contains no secret" checks. */
  raw: string;
}

/**
 * Replaces every payload the CLI prints base64-encoded (`{ metadata: { encoding }, data }`)
 * with its text, JSON-parsed when it is JSON, at any depth: the shorthand leaves some encoded.
 */
export function decodePayloads(value: any): any {
  if (Array.isArray(value)) return value.map(decodePayloads);
  if (!value || typeof value !== 'object') return value;
  if (typeof value.data === 'string' && typeof value.metadata?.encoding === 'string') {
    const text = Buffer.from(value.data, 'base64').toString('utf8');
    return Buffer.from(value.metadata.encoding, 'base64').toString('utf8') === 'json/plain' ? JSON.parse(text) : text;
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, decodePayloads(inner)]));
}

export async function describeWorkflow(address: string, workflowId: string, runId?: string): Promise<WorkflowAsCliShowsIt> {
  const runArgs = runId ? ['--run-id', runId] : [];
  const described = decodePayloads(await temporalJson(address, ['workflow', 'describe', '--workflow-id', workflowId, ...runArgs]));
  const history = decodePayloads(await temporalJson(address, ['workflow', 'show', '--workflow-id', workflowId, ...runArgs]));
  const info = described.workflowExecutionInfo;
  const events: any[] = history.events ?? [];
  const failed = events.find((e) => e.workflowExecutionFailedEventAttributes)?.workflowExecutionFailedEventAttributes;
  const indexed = info.searchAttributes?.indexedFields ?? {};
  return {
    status: info.status,
    runId: info.execution.runId,
    summary: described.executionConfig?.userMetadata?.summary,
    searchAttributes: indexed,
    failure: failed && {
      message: failed.failure.message,
      type: failed.failure.applicationFailureInfo?.type,
      nonRetryable: failed.failure.applicationFailureInfo?.nonRetryable,
    },
    markerSummaries: events.filter((e) => e.markerRecordedEventAttributes).map((e) => e.userMetadata?.summary),
    timerSummaries: events.filter((e) => e.timerStartedEventAttributes).map((e) => e.userMetadata?.summary),
    raw: JSON.stringify(described) + JSON.stringify(history),
  };
}
