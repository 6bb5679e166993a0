import type { BenchResults } from './lib/results';
import type { flowControl } from './phases/flow-control';
import { renderComparison, renderTargets } from './report-comparison';
import { renderOrdered } from './report-ordered';

const ms = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
const kinds = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** The results as markdown: bench/results/latest*.md, quoted in docs/performance.md. */
export function renderMarkdown(r: BenchResults): string {
  const t = r.throughput;
  const c = r.cost;
  const lines: string[] = [];
  const row = (...cells: (string | number | undefined)[]) =>
    lines.push(`| ${cells.map((x) => (x === undefined ? '–' : String(x))).join(' | ')} |`);

  lines.push(`### hookflow bench, ${r.mode} run, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC (${r.durationSeconds} s)`, '');
  lines.push(
    `Machine: ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, ${r.machine.os}; Node ${r.machine.node}; ` +
      `PostgreSQL ${r.machine.postgres}; Temporal ${r.machine.temporal}. Everything (Temporal, PostgreSQL, worker, API, receiver, load generator) shares these cores.`,
    '',
  );

  lines.push(renderTargets(r), renderComparison(r));

  lines.push(
    `**Throughput**, ${t.hookflow.deliveries} deliveries at concurrency ${t.concurrency} (first send to last receipt), ` +
      `in ${t.rounds.floorPerSecond.length === 1 ? 'one round' : `${t.rounds.floorPerSecond.length} alternating rounds`} of the floor and hookflow: floor ${t.rounds.floorPerSecond.join(', ')}/s, ` +
      `hookflow ${t.rounds.hookflowPerSecond.join(', ')}/s` +
      (t.visibleFloor
        ? `, diagnostic ${t.rounds.visibleFloorPerSecond.join(', ')}/s (hookflow = ${Math.round((t.ratioToVisibleFloor ?? 0) * 100)} % of it)`
        : '') +
      '. The table shows the median round of each. ' +
      'CPU in cores used during the run (2 = the whole machine)' +
      (r.role === 'all' ? '; hookflow runs as one process (`HOOKFLOW_ROLE=all`), counted under worker:' : ':'),
    '',
  );
  lines.push(
    '| run | deliveries/s | seconds | received | worker | api | Temporal | PostgreSQL | bench | machine busy | CPU ms per delivery: Temporal / worker / all of the stack |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  // CPU time per delivery holds up better than deliveries/s when other work shares the machine.
  const perDelivery = (run: typeof t.floor) => {
    const p = run.cpu.processes;
    const isFloor = run === t.floor || run === t.visibleFloor;
    const worker = isFloor ? p['floor worker'] : run === t.hookflow ? p['hookflow worker'] : undefined;
    const stackMs = Object.entries(p)
      .filter(
        ([name]) =>
          name !== 'bench (publisher + receiver)' &&
          !name.endsWith('(default partitions)') &&
          (isFloor ? name !== 'hookflow worker' && name !== 'hookflow api' : name !== 'floor worker'),
      )
      .reduce((a, [, v]) => a + v.cpuMs, 0);
    const each = (cpuMs: number | undefined) => (cpuMs === undefined ? '–' : (cpuMs / run.received).toFixed(1));
    return run === t.physical
      ? `– / – / ${each(p['bench (publisher + receiver)']?.cpuMs)} (sender + receiver)`
      : `${each(p['temporal dev server']?.cpuMs)} / ${each(worker?.cpuMs)} / ${each(stackMs)}`;
  };
  for (const run of [t.physical, t.floor, ...(t.visibleFloor ? [t.visibleFloor] : []), t.hookflow]) {
    const p = run.cpu.processes;
    const core = (name: string) => p[name]?.coresUsed.toFixed(2);
    row(
      run.name,
      run.perSecond.toFixed(0),
      run.seconds.toFixed(2),
      `${run.received}/${run.deliveries}`,
      run === t.floor || run === t.visibleFloor ? core('floor worker') : core('hookflow worker'),
      core('hookflow api'),
      core('temporal dev server'),
      core('postgres'),
      core('bench (publisher + receiver)'),
      `${run.cpu.machineBusyPercent} %`,
      perDelivery(run),
    );
  }
  lines.push('');

  for (const [l, what] of [
    [r.latency, 'light load'],
    [r.steadyLatency, 'steady load, a fifth of the throughput above'],
  ] as const) {
    lines.push(
      `**Latency**, ${what}: ${l.ratePerSecond} events/s for ${l.seconds} s, 1 endpoint (${l.received}/${l.events} received):`,
      '',
    );
    lines.push('| | p50 | p95 | p99 | max |', '|---|---|---|---|---|');
    for (const [name, s] of [
      ['publish → receipt (hookflow)', l.publishToReceiptMs],
      [
        `publish HTTP round trip (202; ${l.apiSqlPerPublish} SQL statements each${r.role === 'all' ? ', API + worker' : ''})`,
        l.publishHttpMs,
      ],
      ['  of which: send → the publish statement (HTTP, authentication, validation)', l.sendToStatementMs],
      [
        '  of which: the statement → the attempt starts (commit, workflow start, first task, local activity, its read)',
        l.statementToAttemptMs,
      ],
      ['  of which: the attempt starts → receipt (signing, the POST)', l.attemptToReceiptMs],
      ['generator lag', l.generatorLagMs],
      ['Temporal floor: start → no-op activity', l.floorStartToActivityMs],
    ] as const) {
      row(name, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max));
    }
    lines.push('');
  }

  lines.push(renderOrdered(r.orderedDelivery));

  const rt = r.retries;
  lines.push(
    `**Retries**: ${rt.published} events, ${rt.firstAttemptsFailed} first attempts answered 500, schedule ${rt.retrySchedule.join(',')}: ` +
      `all settled ${rt.settled ? 'in' : 'NOT within'} ${rt.settleSeconds} s (published in ${rt.publishSeconds} s). ` +
      `Ledger: ${rt.deliveries} deliveries = ${rt.finished} finished + ${rt.failed} failed (${rt.stillPending} pending); ` +
      `${rt.attemptRows} attempt rows, ${rt.requestsReceived} requests received, ${rt.distinctWebhookIdsDelivered} webhook-ids delivered, ${rt.duplicates} duplicates.`,
    '',
  );

  lines.push('**Cost per delivery** (from the real histories):', '');
  lines.push('| workflow | history events | actions | actions by kind |', '|---|---|---|---|');
  row('delivery, first try', c.firstTry.events, c.firstTry.actions, kinds(c.firstTry.actionKinds));
  row('delivery, 1 retry', c.oneRetry.events, c.oneRetry.actions, kinds(c.oneRetry.actionKinds));
  row('delivery, 2 retries', c.twoRetries.events, c.twoRetries.actions, kinds(c.twoRetries.actionKinds));
  if (c.fanOutPerEvent)
    row(
      `fan-out, once per event of the throughput run`,
      c.fanOutPerEvent.events,
      c.fanOutPerEvent.actions,
      kinds(c.fanOutPerEvent.actionKinds),
    );
  const fw = r.fanOut.fanOutWorkflow;
  if (fw)
    row(`fan-out, once per event with more than 8 endpoints (${r.fanOut.endpoints} here)`, fw.events, fw.actions, kinds(fw.actionKinds));
  row('Temporal floor (bare workflow + no-op activity)', c.floor.events, c.floor.actions, kinds(c.floor.actionKinds));
  lines.push('');
  const sqlLine =
    r.role === 'all'
      ? `SQL statements (counted in the one hookflow process, API + worker, during the throughput run): ${c.sql.totalPerDelivery} per delivery (${kinds(c.sql.api)} over ${c.sql.events} events, ${c.sql.deliveries} deliveries). ` +
        `RSS of that process at steady state: p50 ${c.workerRssMiB.p50} MiB, max ${c.workerRssMiB.max} MiB. Event-loop utilisation: ${c.workerEventLoopUtilization}.`
      : `SQL statements (counted in the API and worker processes during the throughput run): ${c.sql.apiPerEvent} per publish (${kinds(c.sql.api)} over ${c.sql.events} events), ` +
        `${c.sql.workerPerDelivery} per delivery in the worker (${kinds(c.sql.worker)} over ${c.sql.deliveries} deliveries); ${c.sql.totalPerDelivery} per delivery in all. ` +
        `Worker RSS at steady state: p50 ${c.workerRssMiB.p50} MiB, max ${c.workerRssMiB.max} MiB. Event-loop utilisation: worker ${c.workerEventLoopUtilization}, API ${c.apiEventLoopUtilization}.`;
  lines.push(sqlLine, '');

  const f = r.fanOut;
  lines.push(
    `**Fan-out**: one event to ${f.endpoints} endpoints: publish ${ms(f.manyEndpoints.publishMsP50)} (p50 of ${f.manyEndpoints.runs}), all received ${ms(f.manyEndpoints.allReceivedMsP50)} after the publish began ` +
      `(${f.manyEndpoints.deliveriesPerSecond} deliveries/s; received ${f.manyEndpoints.received.join(', ')}). ` +
      `One endpoint: publish ${ms(f.oneEndpoint.publishMsP50)}, received ${ms(f.oneEndpoint.allReceivedMsP50)} (p50 of ${f.oneEndpoint.runs}).`,
    '',
  );

  const e = r.eventLog;
  lines.push(
    `**Event log** at ${e.events.toLocaleString('en-US')} events (${(e.events * 2).toLocaleString('en-US')} deliveries and attempts; seeded in ${e.seedSeconds} s), page of 50, ${e.listRuns} runs after a warm-up:`,
    '',
  );
  lines.push('| list query | p50 | max |', '|---|---|---|');
  for (const [name, q] of Object.entries(e.listQueryMs)) row(name, ms(q.p50), ms(q.max));
  lines.push('');
  const pg = e.purge;
  lines.push(
    `**Purge** (events older than 30 days with no delivery in flight, batches of ${pg.batchSize}, ${pg.finished ? 'ran to the end' : `stopped after its ${pg.timeBudgetSeconds} s budget`}): ` +
      `${pg.events} events, ${pg.deliveries} deliveries, ${pg.attempts} attempts in ${pg.seconds} s = **${pg.eventsPerSecond} events/s, ${pg.rowsPerSecond} rows/s**.`,
    '',
  );
  return `${lines.join('\n')}\n`;
}

/** The flow-control phase as markdown (bench/phases/flow-control.ts). */
export function renderFlowControl(f: Awaited<ReturnType<typeof flowControl>>): string {
  const lines: string[] = [];
  const row = (...cells: (string | number | undefined)[]) =>
    lines.push(`| ${cells.map((x) => (x === undefined ? '–' : String(x))).join(' | ')} |`);
  lines.push(
    `**Flow control**: an unthrottled endpoint beside one limited to ${f.throttledRateLimit}/s with ${f.backlog} events published to it ` +
      `(in ${f.backlogPublishSeconds} s; every one held by the gate ${f.backlogGatedSeconds} s after the first publish). Held backlog ` +
      `${f.backlogAtMeasurementStart} when the last measurement began, ${f.backlogAtMeasurementEnd} when it ended; ` +
      `the throttled endpoint received ${f.throttledPerSecondDuringMeasurement}/s meanwhile.`,
    '',
  );
  lines.push('| unthrottled endpoint | publish → receipt p50 | p99 | max | burst throughput |', '|---|---|---|---|---|');
  for (const m of [f.unthrottledAlone, f.unthrottledDuringIntake, f.unthrottledDuringBacklog]) {
    row(
      m.label,
      ms(m.publishToReceiptMs.p50),
      ms(m.publishToReceiptMs.p99),
      ms(m.publishToReceiptMs.max),
      `${m.burst.perSecond} deliveries/s${m.complete ? '' : ' (incomplete)'}`,
    );
  }
  lines.push('');
  const c = f.firstTryDuringBacklog;
  if (c)
    lines.push(
      `First-try delivery to the unthrottled endpoint during the backlog: ${c.events} history events, ${c.actions} actions (${kinds(c.actionKinds)}).`,
      '',
    );
  return `${lines.join('\n')}\n`;
}
