import { P, createTenant, log } from '../lib/context';
import { round } from '../lib/stats';
import { CEILINGS, type CeilingKind, type CeilingResult, ceiling, medianCeilings } from './ceilings';
import { type PeerResult, type PublishAloneResult, medianPeer, medianPublishAlone, peerScenario, publishAlone } from './peer';

/**
 * The peer-shaped scenarios beside the four Temporal ceilings, in alternating rounds
 * (ceilings first, then the scenarios first, ...), so every figure has its ratio from the
 * same run: hookflow's deliveries/s over each ceiling's workflows/s at the same count.
 */
export async function comparison() {
  const count = P.peerEvents;
  await createTenant('bench_peer1', [{ path: '/peer1/0' }]);
  await createTenant(
    'bench_peer10',
    Array.from({ length: P.peerFanEndpoints }, (_, i) => ({ path: `/peer10/${i}` })),
  );
  await createTenant('bench_peer0', []);
  const ceilings: CeilingResult[] = [];
  const one: PeerResult[] = [];
  const many: PeerResult[] = [];
  const alone: PublishAloneResult[] = [];
  const runCeilings = async (n: number, kinds: CeilingKind[]) => {
    for (const kind of kinds) {
      log(`ceilings round ${n}/${P.peerRounds}: ${CEILINGS[kind]}, ${count} workflows at concurrency ${P.concurrency}`);
      const result = await ceiling(kind, count);
      ceilings.push(result);
      const eager = result.eagerlyStarted === undefined ? '' : `, ${result.eagerlyStarted}/${count} eagerly started`;
      log(`  ${result.perSecond.toFixed(0)}/s (${result.received}/${count})${eager}`);
    }
  };
  const runPeers = async (n: number) => {
    for (const [tenant, events, endpoints, into] of [
      ['bench_peer1', P.peerEvents, 1, one],
      ['bench_peer10', P.peerFanEvents, P.peerFanEndpoints, many],
    ] as const) {
      log(
        `peer-shaped round ${n}/${P.peerRounds}: hookflow, ${events} events × ${endpoints} endpoint(s), ${P.concurrency} concurrent publishers`,
      );
      const result = await peerScenario(tenant, events, endpoints);
      into.push(result);
      log(
        `  ${result.perSecond.toFixed(0)} deliveries/s (${result.received}/${result.deliveries}); ack p50 ${round(result.publishAckMs.p50)} ms p99 ${round(result.publishAckMs.p99)} ms; receipt p50 ${round(result.publishToReceiptMs.p50)} ms p99 ${round(result.publishToReceiptMs.p99)} ms`,
      );
    }
    log(`publish alone round ${n}/${P.peerRounds}: ${count} events to a tenant with no endpoint, ${P.concurrency} concurrent publishers`);
    const result = await publishAlone('bench_peer0', count);
    alone.push(result);
    log(
      `  ${result.publishesPerSecond.toFixed(0)} publishes/s; ack p50 ${round(result.publishAckMs.p50)} ms p99 ${round(result.publishAckMs.p99)} ms`,
    );
  };
  const kinds = Object.keys(CEILINGS) as CeilingKind[];
  for (let n = 1; n <= P.peerRounds; n++) {
    if (n % 2 === 1) {
      await runCeilings(n, kinds);
      await runPeers(n);
    } else {
      await runPeers(n);
      await runCeilings(n, [...kinds].reverse());
    }
  }
  const medians = medianCeilings(ceilings);
  const oneEndpoint = medianPeer(one);
  const manyEndpoints = medianPeer(many);
  const ratios = (perSecond: number) =>
    Object.fromEntries(kinds.map((k) => [k, round(perSecond / medians[k].perSecond, 2)])) as Record<CeilingKind, number | undefined>;
  return {
    concurrency: P.concurrency,
    rounds: P.peerRounds,
    ceilings: medians,
    oneEndpoint: { ...oneEndpoint, ratioToCeilings: ratios(oneEndpoint.perSecond) },
    manyEndpoints: { ...manyEndpoints, ratioToCeilings: ratios(manyEndpoints.perSecond) },
    publishAlone: medianPublishAlone(alone),
  };
}

export type ComparisonResult = Awaited<ReturnType<typeof comparison>>;
