import { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { startTemporalDevServer } from '../src/dev/temporal-dev-server';
import { floorActivities, receipts } from '../bench/floor/activities';
import { resolveTemporalCli } from '../src/dev/temporal-cli';

async function main() {
  const cli = resolveTemporalCli({ build: false, onLog: () => undefined });
  const port = 17233 + Math.floor(Math.random() * 1000);
  const server = await startTemporalDevServer({ cli, port, namespace: 'default' });
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../bench/floor/workflows'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as any,
  });
  const connection = await NativeConnection.connect({ address: server.address });
  const taskQueue = 'exp';
  const extra = JSON.parse(process.env.WORKER_OPTS ?? '{}');
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    workflowBundle: bundle,
    activities: floorActivities,
    maxConcurrentActivityTaskExecutions: 100,
    ...extra,
  });
  const client = new Client({ connection, namespace: 'default' });
  const running = worker.run();
  const wf = process.env.WF ?? 'floorLocalWorkflow';
  const eager = process.env.EAGER !== '0';
  for (const conc of (process.env.CONC ?? '16,64').split(',').map(Number)) {
    for (let round = 0; round < 2; round++) {
      const count = Number(process.env.COUNT ?? 600);
      let next = 0;
      let eagerly = 0;
      const cpu0 = process.cpuUsage();
      const t0 = Date.now();
      const before = receipts.length;
      await Promise.all(
        Array.from({ length: conc }, async () => {
          while (next < count) {
            const i = next++;
            const h = await client.workflow.start(wf, {
              taskQueue,
              workflowId: `w-${conc}-${round}-${i}-${t0}`,
              args: [{ sentAt: Date.now() }],
              requestEagerStart: eager,
            });
            if (h.eagerlyStarted) eagerly++;
          }
        }),
      );
      while (receipts.length < before + count) await new Promise((r) => setTimeout(r, 5));
      const ms = Date.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      console.log(
        `${wf} eager=${eager} conc=${conc} round=${round}: ${((count / ms) * 1000).toFixed(0)}/s, eagerly ${eagerly}/${count}, worker CPU ${((cpu.user + cpu.system) / 1000 / count).toFixed(1)} ms/wf`,
      );
    }
  }
  worker.shutdown();
  await running;
  await connection.close();
  await server.stop();
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
