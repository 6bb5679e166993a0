import { ok } from '../api';
import { useLoad } from '../hooks';
import { tenantPath, usePortal } from '../portal-context';

const HOURS = 24;
const WIDTH = 480;
const HEIGHT = 80;

/**
 * Deliveries of the last 24 hours per hour: finished above the line, failed or retrying
 * below. Drawn from the newest 250 deliveries (one page of the API), enough for a glance.
 */
export function DeliveryChart({ endpointId }: { endpointId: string }) {
  const portal = usePortal();
  const recent = useLoad(
    () =>
      ok(
        portal.client.GET('/v1/tenants/{tenantId}/deliveries', {
          params: {
            path: tenantPath(portal),
            query: { endpointId, limit: 250, since: new Date(Date.now() - HOURS * 3_600_000).toISOString() },
          },
        }),
      ),
    endpointId,
  );
  if (!recent.data) return null;
  const now = Date.now();
  const buckets = Array.from({ length: HOURS }, () => ({ ok: 0, bad: 0 }));
  for (const delivery of recent.data.data) {
    const age = Math.floor((now - Date.parse(delivery.createdAt)) / 3_600_000);
    const bucket = buckets[HOURS - 1 - Math.min(HOURS - 1, Math.max(0, age))]!;
    if (delivery.status === 'finished') bucket.ok++;
    else if (delivery.status === 'failed' || delivery.status === 'retrying') bucket.bad++;
  }
  const peak = Math.max(1, ...buckets.map((b) => Math.max(b.ok, b.bad)));
  const bar = WIDTH / HOURS;
  const half = HEIGHT / 2;
  const total = buckets.reduce((sum, b) => ({ ok: sum.ok + b.ok, bad: sum.bad + b.bad }), { ok: 0, bad: 0 });
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Last 24 hours: ${total.ok} delivered, ${total.bad} failed or retrying`}
      >
        {buckets.map((b, i) => (
          <g key={i}>
            <rect
              className="chart-ok"
              x={i * bar + 1}
              width={bar - 2}
              y={half - (b.ok / peak) * (half - 2)}
              height={(b.ok / peak) * (half - 2)}
            />
            <rect className="chart-bad" x={i * bar + 1} width={bar - 2} y={half} height={(b.bad / peak) * (half - 2)} />
          </g>
        ))}
        <line x1={0} x2={WIDTH} y1={half} y2={half} className="chart-axis" />
      </svg>
      <figcaption className="muted">
        Deliveries per hour, last 24 h: {total.ok} delivered (above), {total.bad} failed or retrying (below)
      </figcaption>
    </figure>
  );
}
