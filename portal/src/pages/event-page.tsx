import { type EventDetail, ok } from '../api';
import { useLoad } from '../hooks';
import { tenantPath, usePortal } from '../portal-context';
import { href } from '../router';
import { rawMember, reindent } from '../raw-json';
import { ErrorBox, Loading, Section, StatusBadge, Time } from '../ui';

/** One event: its payload exactly as published, and its delivery to each endpoint. */
export function EventPage({ eventId }: { eventId: string }) {
  const portal = usePortal();
  // Read as text: the payload is shown from the published text, not from parsed values.
  const event = useLoad(async () => {
    const text = await ok(
      portal.client.GET('/v1/tenants/{tenantId}/events/{eventId}', {
        params: { path: { ...tenantPath(portal), eventId } },
        parseAs: 'text',
      }),
    );
    return { event: JSON.parse(text) as EventDetail, payload: reindent(rawMember(text, 'data') ?? 'null') };
  }, eventId);
  if (event.error) return <ErrorBox error={event.error} />;
  if (!event.data) return <Loading />;
  const { event: e, payload } = event.data;
  return (
    <>
      <p>
        <a href={href('/events')}>← Event log</a>
      </p>
      <h1>
        <code>{e.type}</code> {e.test && <span className="badge">test</span>}
      </h1>
      <dl className="facts">
        <dt>Event id</dt>
        <dd>{e.id}</dd>
        <dt>Published</dt>
        <dd>
          <Time at={e.createdAt} />
        </dd>
      </dl>
      <Section title="Payload">
        <pre tabIndex={0} role="region" aria-label="Event data">
          {payload}
        </pre>
      </Section>
      <Section title="Deliveries">
        {e.deliveries.length === 0 ? (
          <p className="muted">No endpoint subscribes to this event.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last status code</th>
              </tr>
            </thead>
            <tbody>
              {e.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    <a href={href(`/deliveries/${d.id}`)}>{d.endpointId}</a>
                  </td>
                  <td>
                    <StatusBadge status={d.status} />
                  </td>
                  <td>{d.attemptCount}</td>
                  <td>{d.lastStatusCode ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
