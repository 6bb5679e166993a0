import type { OrderedResult } from './phases/ordered';

const ms = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
const times = (ratio: number | undefined) => (ratio === undefined ? '–' : `${ratio.toFixed(2)}×`);

/** The ordered-delivery phase (bench/phases/ordered.ts) as markdown: ordered beside unordered, with their ratios. */
export function renderOrdered(o: OrderedResult): string {
  const lines: string[] = [];
  const row = (...cells: (string | number | undefined)[]) =>
    lines.push(`| ${cells.map((x) => (x === undefined ? '–' : String(x))).join(' | ')} |`);
  lines.push(
    `**Ordered delivery (same run)**: ${o.events} events to one endpoint from ${o.concurrency} concurrent publishers, the receiver answering 200 at once ` +
      '(first publish to last receipt; keys round-robin). "In order": every line\'s receipts came in webhook-sequence order.',
    '',
  );
  lines.push(
    '| run | deliveries/s | ordered / unordered | received | in order | publish ack p50 / p99 | publish → receipt p50 / p99 |',
    '|---|---|---|---|---|---|---|',
  );
  for (const [run, ratio] of [
    [o.unordered, undefined],
    [o.oneKey, o.ratios.oneKeyPerSecond],
    [o.manyKeys, o.ratios.manyKeysPerSecond],
  ] as const) {
    row(
      run.name,
      run.perSecond.toFixed(1),
      run === o.unordered ? '1' : times(ratio),
      `${run.received}/${run.deliveries}`,
      run.keys === 0 ? '–' : run.inOrder ? 'yes' : '**NO**',
      `${ms(run.publishAckMs.p50)} / ${ms(run.publishAckMs.p99)}`,
      `${ms(run.publishToReceiptMs.p50)} / ${ms(run.publishToReceiptMs.p99)}`,
    );
  }
  lines.push('');
  const l = o.latency;
  lines.push(
    `Publish → receipt at light load, ${l.ratePerSecond} events/s to each endpoint for ${l.seconds} s, ordered and unordered publishes interleaved ` +
      `(${l.received}/${l.eventsEach * 2} received). Ordered: one key, each delivery's predecessor settled before its publish ` +
      `(${l.predecessorSettledBeforePublish}/${l.orderedPublishToReceiptMs.count} confirmed in the database):`,
    '',
  );
  lines.push('| | p50 | p95 | max |', '|---|---|---|---|');
  row(
    'ordered, predecessor settled',
    ms(l.orderedPublishToReceiptMs.p50),
    ms(l.orderedPublishToReceiptMs.p95),
    ms(l.orderedPublishToReceiptMs.max),
  );
  row('unordered', ms(l.unorderedPublishToReceiptMs.p50), ms(l.unorderedPublishToReceiptMs.p95), ms(l.unorderedPublishToReceiptMs.max));
  row('ordered / unordered', times(o.ratios.latencyP50), times(o.ratios.latencyP95), '–');
  lines.push('');
  return `${lines.join('\n')}\n`;
}
