import { type FormEvent, useState } from 'react';
import { type Endpoint, ok } from '../api';
import { tenantPath, usePortal } from '../portal-context';
import { navigate } from '../router';
import { ErrorBox, EventTypePicker, Section } from '../ui';

/** Edit an endpoint (URL, description, event types, enabled, timeout, retry schedule, delivery order) or delete it after a confirmation. */
export function EndpointSettings({ endpoint, onSaved }: { endpoint: Endpoint; onSaved: () => void }) {
  const portal = usePortal();
  const path = { ...tenantPath(portal), endpointId: endpoint.id };
  const [url, setUrl] = useState(endpoint.url);
  const [description, setDescription] = useState(endpoint.description);
  const [eventTypes, setEventTypes] = useState<string[]>(endpoint.eventTypes);
  const [enabled, setEnabled] = useState(endpoint.enabled);
  const [timeout, setTimeoutText] = useState(endpoint.timeoutMs ? String(endpoint.timeoutMs) : '');
  const [schedule, setSchedule] = useState((endpoint.retrySchedule ?? []).join(', '));
  const [ordering, setOrdering] = useState(endpoint.ordering);
  const [fifoOnFailure, setFifoOnFailure] = useState(endpoint.fifoOnFailure);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<Error>();
  const [confirming, setConfirming] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage(undefined);
    const steps = schedule
      .split(/[\s,]+/)
      .map((step) => step.trim())
      .filter(Boolean);
    try {
      await ok(
        portal.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
          params: { path },
          body: {
            url,
            description,
            eventTypes: eventTypes.length ? eventTypes : ['*'],
            enabled,
            timeoutMs: timeout ? Number(timeout) : null,
            retrySchedule: steps.length ? steps : null,
            ordering,
            fifoOnFailure,
          },
        }),
      );
      setMessage('Saved.');
      onSaved();
    } catch (failure) {
      setError(failure as Error);
    }
  }

  async function remove() {
    setError(undefined);
    try {
      await ok(portal.client.DELETE('/v1/tenants/{tenantId}/endpoints/{endpointId}', { params: { path } }));
      navigate('/endpoints');
    } catch (failure) {
      setError(failure as Error);
    }
  }

  return (
    <Section title="Settings">
      <form onSubmit={(event) => void save(event)}>
        <label>
          Endpoint URL
          <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label>
          Description
          <input type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <EventTypePicker names={portal.catalog.map((type) => type.name)} chosen={eventTypes} onChange={setEventTypes} />
        <label className="choice">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Enabled
        </label>
        <label>
          Timeout in ms (empty: the default)
          <input type="number" min={100} max={30000} value={timeout} onChange={(e) => setTimeoutText(e.target.value)} />
        </label>
        <label>
          Retry schedule (delays such as 5s, 5m, 2h; empty: the default)
          <input type="text" value={schedule} onChange={(e) => setSchedule(e.target.value)} />
        </label>
        <label>
          Delivery order
          <select value={ordering} onChange={(e) => setOrdering(e.target.value as Endpoint['ordering'])}>
            <option value="none">Any order (each event on its own)</option>
            <option value="fifo">In publish order, per ordering key</option>
          </select>
        </label>
        {ordering === 'fifo' && (
          <label>
            When an event fails for good
            <select value={fifoOnFailure} onChange={(e) => setFifoOnFailure(e.target.value as Endpoint['fifoOnFailure'])}>
              <option value="continue">Go on with the next event</option>
              <option value="block">Stop the line until it is resent or skipped</option>
            </select>
          </label>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            Save changes
          </button>
          {!confirming && (
            <button type="button" onClick={() => setConfirming(true)}>
              Delete endpoint
            </button>
          )}
        </div>
      </form>
      {confirming && (
        <div role="alertdialog" aria-labelledby="confirm-delete" className="confirm">
          <p id="confirm-delete">Delete this endpoint? It stops receiving events at once; this cannot be undone.</p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void remove()}>
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {message && <p role="status">{message}</p>}
      <ErrorBox error={error} />
    </Section>
  );
}
