import { createServer } from 'node:net';

/**
 * The Temporal SDK's metrics (task slots, poll latency, schedule-to-start; names start
 * with `temporal_`). The SDK's core exports them only through its own Prometheus HTTP
 * exporter, so a worker with metrics on binds that exporter to a free loopback port
 * (never reachable from outside) and every scrape of hookflow's /metrics appends its text.
 */

/** The SDK metrics hookflow's dashboard and alerts rely on; the worker integration test checks each is served. */
export const SDK_METRICS_USED = [
  'temporal_workflow_task_schedule_to_start_latency_seconds',
  'temporal_activity_schedule_to_start_latency_seconds',
  'temporal_worker_task_slots_available',
  'temporal_worker_task_slots_used',
  'temporal_long_request_latency_seconds',
] as const;

let exporterUrl: string | undefined;

/** A free port on 127.0.0.1 for the SDK's exporter: the address to pass to Runtime.install. */
export function reserveSdkMetricsAddress(): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(`127.0.0.1:${port}`));
    });
  });
}

/** Records where the SDK's exporter listens (once the runtime is installed with it). */
export function useSdkMetricsExporter(bindAddress: string): void {
  exporterUrl = `http://${bindAddress}/metrics`;
}

/** True when this process's runtime exports SDK metrics. */
export function sdkMetricsEnabled(): boolean {
  return exporterUrl !== undefined;
}

/** The SDK's metrics text, or '' when none are exported here; a failed read is a comment, not a failed scrape. */
export async function sdkMetricsText(): Promise<string> {
  if (!exporterUrl) return '';
  try {
    const response = await fetch(exporterUrl, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) return `# temporal SDK metrics unavailable: HTTP ${response.status}\n`;
    return await response.text();
  } catch (error) {
    return `# temporal SDK metrics unavailable: ${(error as Error).message.replace(/\s+/g, ' ')}\n`;
  }
}
