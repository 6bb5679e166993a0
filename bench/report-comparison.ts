import { type CpuReading, THREAD_KINDS } from './lib/procs';
import type { BenchResults } from './lib/results';
import { CEILINGS, type CeilingKind } from './phases/ceilings';

const ms = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
const pass = (ok: boolean) => (ok ? '**pass**' : '**FAIL**');
const pct = (ratio: number | undefined) => (ratio === undefined ? '–' : `${Math.round(ratio * 100)} %`);

function table(lines: string[]) {
  return (...cells: (string | number | undefined)[]) =>
    lines.push(`| ${cells.map((x) => (x === undefined ? '–' : String(x))).join(' | ')} |`);
}

/** The targets of one run, pass or fail: issue 13's (throughput, publish ack, latency, cost) and the earlier ones still held. */
export function renderTargets(r: BenchResults): string {
  const lines: string[] = [];
  const row = table(lines);
  const peer = r.comparison.oneEndpoint;
  const eagerRatio = peer.ratioToCeilings.localActivityEagerStart;
  const c = r.cost;
  const p50 = r.latency.publishToReceiptMs.p50;
  const ack = peer.publishAckMs;
  const t = r.throughput;
  lines.push('| target | measured | goal | result |', '|---|---|---|---|');
  row(`peer-shaped ${peer.name}: deliveries/s`, peer.perSecond.toFixed(0), '≥ 150', pass(peer.perSecond >= 150 && peer.complete));
  row(
    `peer-shaped ${peer.name} vs the local activity + eager start ceiling`,
    `${peer.perSecond.toFixed(0)}/s vs ${r.comparison.ceilings.localActivityEagerStart.perSecond.toFixed(0)}/s = ${pct(eagerRatio)}`,
    '≥ 80 %',
    pass((eagerRatio ?? 0) >= 0.8),
  );
  row(
    `publish ack p50 at ${r.comparison.concurrency} concurrent publishers, deliveries flowing`,
    ms(ack.p50),
    '≤ 20 ms',
    pass((ack.p50 ?? Infinity) <= 20),
  );
  row(
    `publish ack p99 at ${r.comparison.concurrency} concurrent publishers, deliveries flowing`,
    ms(ack.p99),
    '≤ 100 ms',
    pass((ack.p99 ?? Infinity) <= 100),
  );
  row(
    `publish → receipt p50 at light load (${r.latency.ratePerSecond} events/s)`,
    ms(p50),
    '≤ 20 ms',
    pass(p50 !== undefined && p50 <= 20),
  );
  row('actions, first-try delivery', c.firstTry.actions, '2', pass(c.firstTry.actions <= 2));
  row('history events, first-try delivery', c.firstTry.events, '≤ 12', pass(c.firstTry.events <= 12));
  row(
    'actions per retry, its timer and its attempt (first retry / later ones)',
    `+${c.firstRetryOwnActions} / +${c.laterRetryOwnActions}`,
    '≤ 2 each',
    pass(c.firstRetryOwnActions <= 2 && c.laterRetryOwnActions <= 2),
  );
  row(
    '`DeliveryStatus` upserts of a delivery that retries (item 5: when it first waits, when it settles)',
    `${c.statusUpsertsOfRetriedDelivery} (all actions: first retry +${c.firstRetryExtraActions}, later ones +${c.laterRetryExtraActions})`,
    '≤ 2, once',
    pass(c.statusUpsertsOfRetriedDelivery <= 2 && c.laterRetryOwnActions === c.laterRetryExtraActions),
  );
  row(
    `throughput phase (${t.hookflow.name}) vs the Temporal floor, one partition`,
    `${t.hookflow.perSecond.toFixed(0)}/s vs ${t.floor.perSecond.toFixed(0)}/s = ${pct(t.ratioToFloor)}`,
    '≥ 80 %',
    pass((t.ratioToFloor ?? 0) >= 0.8 && t.hookflow.complete),
  );
  row(
    `publish latency, ${r.fanOut.endpoints} endpoints vs 1`,
    `${ms(r.fanOut.manyEndpoints.publishMsP50)} vs ${ms(r.fanOut.oneEndpoint.publishMsP50)} = ${r.fanOut.publishRatio}×`,
    '≤ 2×',
    pass((r.fanOut.publishRatio ?? Infinity) <= 2),
  );
  row(
    'retry ledger: published = finished + failed, no duplicate',
    `${r.retries.published} = ${r.retries.finished} + ${r.retries.failed}, ${r.retries.duplicates} duplicates`,
    'holds',
    pass(r.retries.ledgerHolds && r.retries.duplicates === 0),
  );
  return `${lines.join('\n')}\n`;
}

/** The peer-shaped scenarios and the Temporal ceilings, with every ratio. */
export function renderComparison(r: BenchResults): string {
  const x = r.comparison;
  const kinds = Object.keys(CEILINGS) as CeilingKind[];
  const lines: string[] = [];
  const row = table(lines);
  const how =
    r.role === 'all'
      ? 'one `HOOKFLOW_ROLE=all` process (API + worker, eager starts), as `npm run dev` runs it'
      : 'API and worker as two processes (BENCH_ROLE=split)';
  lines.push(
    `**Peer-shaped scenarios**, ${x.concurrency} concurrent publishers, hookflow as ${how}; ` +
      `median of ${x.rounds} round${x.rounds === 1 ? '' : 's'} alternating with the ceilings below. ` +
      'Publish ack: request sent → 202. Publish → receipt: the same send time → the receiver has the request. ' +
      'Ratios: hookflow deliveries/s over each ceiling’s workflows/s.',
    '',
  );
  lines.push(
    `| scenario | deliveries/s (rounds) | received | publish ack p50 / p99 | publish → receipt p50 / p99 | ${kinds.map((k) => `vs ${CEILINGS[k]}`).join(' | ')} |`,
    `|---|---|---|---|---|${kinds.map(() => '---').join('|')}|`,
  );
  for (const p of [x.oneEndpoint, x.manyEndpoints]) {
    row(
      `hookflow, ${p.name}`,
      `${p.perSecond.toFixed(0)} (${p.rounds.join(', ')})`,
      `${p.received}/${p.deliveries}`,
      `${ms(p.publishAckMs.p50)} / ${ms(p.publishAckMs.p99)}`,
      `${ms(p.publishToReceiptMs.p50)} / ${ms(p.publishToReceiptMs.p99)}`,
      ...kinds.map((k) => pct(p.ratioToCeilings[k])),
    );
  }
  const a = x.publishAlone;
  if (a) {
    row(
      `hookflow, ${a.name}`,
      `${a.publishesPerSecond.toFixed(0)} publishes/s (${a.rounds.join(', ')})`,
      `${a.events} stored`,
      `${ms(a.publishAckMs.p50)} / ${ms(a.publishAckMs.p99)}`,
      '–',
      ...kinds.map(() => '–'),
    );
    lines.push(
      '',
      'The last row is the bound of the ack target: the same publishers and events to a tenant with no endpoint, so each publish stores its event and answers with nothing to start or deliver.',
    );
  }
  lines.push('');
  lines.push(
    `**Temporal ceilings**, ${x.ceilings.floor.workflows} workflows with a no-op each at concurrency ${x.concurrency}, first start to last no-op:`,
    '',
  );
  lines.push(
    '| ceiling | workflows/s (rounds) | received | start → no-op p50 / p99 | eagerly started | Temporal CPU ms per workflow | hookflow 1 endpoint = |',
    '|---|---|---|---|---|---|---|',
  );
  for (const k of kinds) {
    const c = x.ceilings[k];
    const temporalCpu =
      c.cpu.processes[k === 'floorDefaultPartitions' ? 'temporal dev server (default partitions)' : 'temporal dev server']?.cpuMs;
    row(
      c.name,
      `${c.perSecond.toFixed(0)} (${c.rounds.join(', ')})`,
      `${c.received}/${c.workflows}`,
      `${ms(c.startToActivityMs.p50)} / ${ms(c.startToActivityMs.p99)}`,
      c.eagerlyStarted === undefined ? '–' : `${c.eagerlyStarted}/${c.workflows}`,
      temporalCpu === undefined || c.received === 0 ? '–' : (temporalCpu / c.received).toFixed(1),
      pct(x.oneEndpoint.ratioToCeilings[k]),
    );
  }
  lines.push('');
  const threads = threadTable(x.oneEndpoint, x.ceilings.localActivityEagerStart);
  if (threads) lines.push(threads, '');
  return `${lines.join('\n')}\n`;
}

type Measured = { name?: string; cpu: CpuReading };

/**
 * Where the CPU of a delivery goes inside hookflow's one process, thread by thread, beside
 * the floor worker of the local activity + eager start ceiling (per workflow): what bounds
 * the ratio to that ceiling (docs/performance.md).
 */
export function threadTable(
  peer: Measured & { deliveries: number; name: string },
  ceiling: Measured & { received: number },
): string | undefined {
  const hookflow = peer.cpu.threads?.['hookflow worker'];
  const floor = ceiling.cpu.threads?.['floor worker'];
  if (!hookflow || !floor || peer.deliveries === 0 || ceiling.received === 0) return undefined;
  const lines = [
    `**CPU ms per delivery by thread**: hookflow's one process in the ${peer.name} scenario, beside the floor worker (client and worker in one process) in the local activity + eager start ceiling, per workflow. Threads alive at the end of the run.`,
    '',
    '| thread | hookflow | floor worker | hookflow − floor |',
    '|---|---|---|---|',
  ];
  const row = (label: string, h: number | undefined, f: number | undefined) =>
    lines.push(`| ${label} | ${h?.toFixed(1) ?? '–'} | ${f?.toFixed(1) ?? '–'} | ${((h ?? 0) - (f ?? 0)).toFixed(1)} |`);
  const per = (value: number | undefined, count: number) => (value === undefined ? undefined : value / count);
  for (const kind of THREAD_KINDS) {
    if (hookflow[kind] === undefined && floor[kind] === undefined) continue;
    row(kind, per(hookflow[kind], peer.deliveries), per(floor[kind], ceiling.received));
  }
  const sum = (t: Partial<Record<string, number>>) => Object.values(t).reduce<number>((a, b) => a + (b ?? 0), 0);
  row('whole process', sum(hookflow) / peer.deliveries, sum(floor) / ceiling.received);
  return lines.join('\n');
}
