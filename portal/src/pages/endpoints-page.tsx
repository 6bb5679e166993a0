import { type FormEvent, useState } from 'react';
import { type Endpoint, type EndpointStats, ok } from '../api';
import { useLoad } from '../hooks';
import { tenantPath, usePortal } from '../portal-context';
import { href, navigate } from '../router';
import { ErrorBox, EventTypePicker, Loading, percent, Section } from '../ui';

interface Health {
  endpoint: Endpoint;
  stats: EndpointStats | undefined;
  lastStatusCode: number | null | undefined;
}

/** Endpoints with their health over 24 h, and the form that adds one. */
export function EndpointsPage() {
  const portal = usePortal();
  const { client } = portal;
  const [adding, setAdding] = useState(false);
  const list = useLoad(async (): Promise<Health[]> => {
    const { data } = await ok(
      client.GET('/v1/tenants/{tenantId}/endpoints', { params: { path: tenantPath(portal), query: { limit: 100 } } }),
    );
    return Promise.all(
      data.map(async (endpoint) => {
        const path = { ...tenantPath(portal), endpointId: endpoint.id };
        const [stats, last] = await Promise.all([
          ok(client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/stats', { params: { path, query: { window: '24h' } } })).catch(
            () => undefined,
          ),
          ok(
            client.GET('/v1/tenants/{tenantId}/deliveries', {
              params: { path: tenantPath(portal), query: { endpointId: endpoint.id, limit: 1 } },
            }),
          ).catch(() => undefined),
        ]);
        return { endpoint, stats, lastStatusCode: last?.data[0]?.lastStatusCode };
      }),
    );
  }, 'endpoints');

  return (
    <>
      <div className="page-head">
        <h1>Endpoints</h1>
        {!portal.session.readOnly && !adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add endpoint
          </button>
        )}
      </div>
      {adding && <AddEndpointForm onCancel={() => setAdding(false)} />}
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.length === 0 && <p className="muted">No endpoint yet. Add one to receive webhooks.</p>}
      {list.data && list.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Endpoints and their health over the last 24 hours</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Event types</th>
              <th scope="col">Success rate (24 h)</th>
              <th scope="col">Attempts (24 h)</th>
              <th scope="col">Last status</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map(({ endpoint, stats, lastStatusCode }) => (
              <tr key={endpoint.id}>
                <td>
                  <a href={href(`/endpoints/${endpoint.id}`)}>{endpoint.url}</a>
                  {endpoint.description && <div className="muted">{endpoint.description}</div>}
                </td>
                <td>{endpoint.eventTypes.join(', ')}</td>
                <td>{percent(stats?.successRate)}</td>
                <td>{stats?.attempts ?? '—'}</td>
                <td>{lastStatusCode ?? '—'}</td>
                <td>{endpoint.enabled ? 'Enabled' : `Disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function AddEndpointForm({ onCancel }: { onCancel: () => void }) {
  const portal = usePortal();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await ok(
        portal.client.POST('/v1/tenants/{tenantId}/endpoints', {
          params: { path: tenantPath(portal) },
          body: { url, ...(description ? { description } : {}), eventTypes: chosen.length ? chosen : ['*'] },
        }),
      );
      navigate(`/endpoints/${created.id}`);
    } catch (failure) {
      setError(failure as Error);
      setBusy(false);
    }
  }

  return (
    <Section title="New endpoint">
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Endpoint URL
          <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/webhooks" />
        </label>
        <label>
          Description
          <input type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <EventTypePicker names={portal.catalog.map((type) => type.name)} chosen={chosen} onChange={setChosen} />
        <ErrorBox error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Create endpoint
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Section>
  );
}
