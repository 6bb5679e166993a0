import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'undici';
import { P, cleanup, cleanups, createTenant, endpointsArg, log, only, publish, quick, started, state, theReceiver } from './lib/context';
import { BenchReceiver } from './lib/receiver';
import { assembleResults } from './lib/results';
import { ROOT, startBenchStack } from './lib/stack';
import { round, runConcurrently } from './lib/stats';
import { comparison } from './phases/comparison';
import { costs } from './phases/cost';
import { logAndPurge } from './phases/event-log';
import { fanOut } from './phases/fan-out';
import { flowControl } from './phases/flow-control';
import { latency } from './phases/latency';
import { ordered } from './phases/ordered';
import { retries } from './phases/retries';
import { throughput } from './phases/throughput';
import { renderFlowControl, renderMarkdown } from './report';
import { threadTable } from './report-comparison';

/**
 * `npm run bench [-- --quick] [-- --endpoints N] [-- --only flow-control|comparison|latency]`: hookflow beside its
 * own limits, in one run on this machine. Starts the stack, runs each phase of bench/phases/
 * in turn (throughput, the peer-shaped scenarios beside the Temporal ceilings, latency,
 * ordered delivery beside unordered, retries, cost, fan-out, event log, and in a full run flow control, last, as it leaves a
 * backlog of held deliveries), writes
 * bench/results/latest*.md and .json, and stops everything. `--only flow-control` runs that
 * phase alone (bench/results/latest-flow-control.*); `--only comparison` the peer-shaped
 * scenarios beside the ceilings, logged only. docs/performance.md says what each
 * phase measures.
 */

process.on('SIGINT', () => {
  log('interrupted; stopping everything');
  void cleanup().finally(() => process.exit(130));
});

async function main(): Promise<void> {
  log(`mode: ${quick ? 'quick' : 'full'}; ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
  state.stack = await startBenchStack(log);
  const s = state.stack;
  state.receiver = await BenchReceiver.start();
  const apiPool = new Pool(s.apiUrl, { connections: P.concurrency * 2, keepAliveTimeout: 30_000 });
  state.apiPool = apiPool;
  cleanups.push(() => apiPool.close());
  const connection = await Connection.connect({ address: s.temporalAddress });
  cleanups.push(() => connection.close());
  state.floorClient = new Client({ connection, namespace: 'default' });
  const defaultConnection = await Connection.connect({ address: s.defaultPartitions.address });
  cleanups.push(() => defaultConnection.close());
  state.defaultPartitionsClient = new Client({ connection: defaultConnection, namespace: 'default' });

  if (only === 'flow-control') {
    const flow = await flowControl();
    const results = { mode: 'flow-control', startedAt: new Date(started).toISOString(), flowControl: flow };
    const dir = path.join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const markdown = renderFlowControl(flow);
    writeFileSync(path.join(dir, 'latest-flow-control.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(dir, 'latest-flow-control.md'), markdown);
    process.stdout.write(`\n${markdown}\n`);
    return;
  }

  if (only === 'comparison') {
    // The peer-shaped scenarios beside the ceilings alone (under a minute in --quick): for
    // A/B runs and CPU profiles of the path users compare. It writes no result files.
    const compared = await comparison();
    const c = compared.oneEndpoint;
    // CPU ms per delivery (per workflow for the ceiling) of each process group: steadier than rates on a shared machine.
    const perItem = (cpu: { processes: Record<string, { cpuMs: number }> }, items: number) =>
      Object.entries(cpu.processes)
        .filter(([, p]) => p.cpuMs / items >= 0.05)
        .map(([name, p]) => `${name} ${(p.cpuMs / items).toFixed(1)}`)
        .join(', ');
    const eager = compared.ceilings.localActivityEagerStart;
    log(
      `comparison: 1 endpoint ${c.perSecond.toFixed(1)}/s = ${Math.round(100 * (c.ratioToCeilings.localActivityEagerStart ?? 0))} % of the local activity + eager start ceiling (${eager.perSecond.toFixed(1)}/s); ack p50 ${round(c.publishAckMs.p50)} ms p99 ${round(c.publishAckMs.p99)} ms`,
    );
    log(`  CPU ms per delivery, 1 endpoint: ${perItem(c.cpu, c.deliveries)}`);
    log(
      `  CPU ms per delivery, ${P.peerFanEndpoints} endpoints: ${perItem(compared.manyEndpoints.cpu, compared.manyEndpoints.deliveries)}`,
    );
    log(`  CPU ms per workflow, local activity + eager start ceiling: ${perItem(eager.cpu, eager.received)}`);
    const alone = compared.publishAlone;
    log(
      `  publish alone (no endpoint): ${alone.publishesPerSecond.toFixed(0)} publishes/s, ack p50 ${round(alone.publishAckMs.p50)} ms p99 ${round(alone.publishAckMs.p99)} ms; CPU ms per publish: ${perItem(alone.cpu, alone.events)}`,
    );
    const threads = threadTable(c, eager);
    if (threads) log(`\n${threads}\n`);
    return;
  }

  if (only === 'latency') {
    // The light-load latency alone (publish → receipt, the publish's round trip and its SQL
    // statements), for A/B runs of the publish path. It writes no result files.
    await createTenant('bench_lat', [{ path: '/lat/0' }]);
    // Warm-up (JIT, pools, prepared statements): 200 deliveries at 8 at once.
    theReceiver().reset();
    await runConcurrently(200, 8, async (i) => void (await publish('bench_lat', 'order.created', { warmup: i })));
    await theReceiver().waitFor(200, 60_000);
    const lat = await latency('bench_lat', P.lightRate);
    log(
      `latency, light: ${P.lightRate} events/s for ${P.latencySeconds} s: publish → receipt p50 ${lat.publishToReceiptMs.p50} ms p99 ${lat.publishToReceiptMs.p99} ms; publish round trip p50 ${lat.publishHttpMs.p50} ms p99 ${lat.publishHttpMs.p99} ms; ${lat.apiSqlPerPublish} SQL statements per publish (API + worker); floor p50 ${lat.floorStartToActivityMs.p50} ms`,
    );
    log(
      `  legs p50: send → publish statement ${round(lat.sendToStatementMs.p50)} ms, statement → attempt start ${round(lat.statementToAttemptMs.p50)} ms, attempt start → receipt ${round(lat.attemptToReceiptMs.p50)} ms`,
    );
    return;
  }

  await createTenant(
    'bench_tp',
    Array.from({ length: P.endpoints }, (_, i) => ({ path: `/tp/${i}` })),
  );
  await createTenant('bench_lat', [{ path: '/lat/0' }]);
  await createTenant('bench_retry', [{ path: '/retry/0', retrySchedule: ['1s', '1s', '1s'] }]);
  await createTenant('bench_cost', [
    { path: '/cost/ok', eventTypes: ['cost.ok'], retrySchedule: ['1s', '1s', '1s'] },
    { path: '/cost/r1', eventTypes: ['cost.retry1'], retrySchedule: ['1s', '1s', '1s'] },
    { path: '/cost/r2', eventTypes: ['cost.retry2'], retrySchedule: ['1s', '1s', '1s'] },
  ]);

  const { physical, floor, visible, hook, rounds } = await throughput();

  // What users compare: the peer-shaped scenarios beside the four Temporal ceilings.
  const compared = await comparison();

  // Light load (the target): a fixed, low rate. Steady load: a fifth of the throughput just
  // measured (at most P.latencyRate), where the dev server's own latency already grows.
  log(`latency, light: ${P.lightRate} events/s for ${P.latencySeconds} s`);
  const lat = await latency('bench_lat', P.lightRate);
  log(`  p50 ${lat.publishToReceiptMs.p50} ms, floor p50 ${lat.floorStartToActivityMs.p50} ms`);
  const steadyRate = Math.max(1, Math.min(P.latencyRate, Math.round(hook.result.perSecond / 5)));
  log(`latency, steady: a fifth of ${hook.result.perSecond.toFixed(1)} deliveries/s = ${steadyRate} events/s for ${P.latencySeconds} s`);
  const steady = await latency('bench_lat', steadyRate);
  log(`  p50 ${steady.publishToReceiptMs.p50} ms, floor p50 ${steady.floorStartToActivityMs.p50} ms`);

  // Ordered delivery beside unordered, in one phase: throughput by keys, and light-load latency.
  const orderedDelivery = await ordered();

  log(`retries: ${P.retryEvents} events, 20% of first attempts answer 500, schedule 1s,1s,1s`);
  const retry = await retries('bench_retry');
  log(`  settled ${retry.settled} in ${retry.settleSeconds} s; ledger ${retry.ledgerHolds ? 'holds' : 'BROKEN'}`);

  log('cost: histories of a first-try delivery and of deliveries retried once and twice');
  const cost = await costs('bench_cost', 'bench_tp', hook.firstEventId);
  log(`  first try ${cost.firstTry.actions} actions / ${cost.firstTry.events} events`);

  const fan = await fanOut();
  log(
    `  publish p50 1 endpoint ${fan.oneEndpoint.publishMsP50} ms (${fan.oneEndpoint.publishMs.join(', ')}), ${P.fanOut} endpoints ${fan.manyEndpoints.publishMsP50} ms (${fan.manyEndpoints.publishMs.join(', ')}); all received in ${fan.manyEndpoints.allReceivedMsP50} ms`,
  );

  const logResult = await logAndPurge();
  log(`  purge ${logResult.purge.rowsPerSecond} rows/s`);

  // Last: it leaves a backlog of held deliveries behind. Minutes, so not in --quick.
  const flow = quick ? undefined : await flowControl();

  const results = assembleResults(
    s,
    hook,
    physical,
    floor,
    rounds,
    visible,
    lat,
    steady,
    retry,
    cost,
    fan,
    logResult,
    compared,
    orderedDelivery,
    flow,
  );
  const markdown = renderMarkdown(results) + (flow ? `\n${renderFlowControl(flow)}` : '');
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(started).toISOString().replace(/[:.]/g, '-');
  const base = (quick ? 'latest-quick' : 'latest') + (endpointsArg >= 0 ? `-${P.endpoints}ep` : '');
  writeFileSync(path.join(dir, `${base}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(dir, `${base}.md`), markdown);
  const suffix = endpointsArg >= 0 ? `-${P.endpoints}ep` : '';
  writeFileSync(path.join(dir, `${stamp}-${results.mode}${suffix}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(dir, `${stamp}-${results.mode}${suffix}.md`), markdown);
  process.stdout.write(`\n${markdown}\n`);
  log(`results: bench/results/${base}.md and .json`);
}

main()
  .then(async () => {
    await cleanup();
    log('done; everything stopped');
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
    await cleanup();
    process.exit(1);
  });
