import { type FormEvent, useEffect, useState } from 'react';
import { type Delivery, ok, type Secret } from '../api';
import { useLoad } from '../hooks';
import { tenantPath, usePortal } from '../portal-context';
import { href } from '../router';
import { ErrorBox, Loading, percent, prettyJson, Section, StatusBadge, Time } from '../ui';
import { DeliveryChart } from './delivery-chart';
import { EndpointHeaders } from './endpoint-headers';
import { EndpointSettings } from './endpoint-settings';

/** One endpoint: its settings, signing secret, test events, recent deliveries and recovery. */
export function EndpointPage({ endpointId }: { endpointId: string }) {
  const portal = usePortal();
  const path = { ...tenantPath(portal), endpointId };
  const endpoint = useLoad(() => ok(portal.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}', { params: { path } })), endpointId);
  // A test event's answer also lands in the recent deliveries: reload them when it arrives.
  const [answered, setAnswered] = useState(0);
  const stats = useLoad(
    () => ok(portal.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/stats', { params: { path, query: { window: '24h' } } })),
    `${endpointId}:${answered}`,
  );
  if (endpoint.error) return <ErrorBox error={endpoint.error} />;
  if (!endpoint.data) return <Loading />;
  const e = endpoint.data;
  return (
    <>
      <p>
        <a href={href('/endpoints')}>← Endpoints</a>
      </p>
      <h1>{e.url}</h1>
      {e.description && <p>{e.description}</p>}
      <dl className="facts">
        <dt>State</dt>
        <dd>{e.enabled ? 'Enabled' : `Disabled${e.disabledReason ? `: ${e.disabledReason}` : ''}`}</dd>
        <dt>Event types</dt>
        <dd>{e.eventTypes.join(', ')}</dd>
        <dt>Success rate (24 h)</dt>
        <dd>
          {percent(stats.data?.successRate)} of {stats.data?.attempts ?? 0} {stats.data?.attempts === 1 ? 'attempt' : 'attempts'}
        </dd>
        <dt>Signature scheme</dt>
        <dd>{e.signatureScheme}</dd>
      </dl>
      <SecretSection endpointId={endpointId} />
      {!portal.session.readOnly && (
        <TestEventSection endpointId={endpointId} subscribed={e.eventTypes} onAnswer={() => setAnswered((n) => n + 1)} />
      )}
      <RecentDeliveries endpointId={endpointId} refresh={answered} />
      {!portal.session.readOnly && <RecoverSection endpointId={endpointId} />}
      <EndpointHeaders endpoint={e} onSaved={endpoint.reload} />
      {!portal.session.readOnly && <EndpointSettings endpoint={e} onSaved={endpoint.reload} />}
    </>
  );
}

function SecretSection({ endpointId }: { endpointId: string }) {
  const portal = usePortal();
  const path = { ...tenantPath(portal), endpointId };
  const [secret, setSecret] = useState<Secret>();
  const [rotated, setRotated] = useState(false);
  const [error, setError] = useState<Error>();
  const run = (action: () => Promise<Secret>, afterRotate: boolean) => {
    setError(undefined);
    action().then(
      (value) => {
        setSecret(value);
        setRotated(afterRotate);
      },
      (failure: Error) => setError(failure),
    );
  };
  // hmac-sha256 endpoints show their secret; ed25519 ones the public key receivers verify with.
  const shown = !secret
    ? undefined
    : 'secret' in secret
      ? { value: secret.secret, previous: secret.previousSecret, until: secret.previousSecretExpiresAt }
      : 'publicKey' in secret
        ? { value: secret.publicKey, previous: secret.previousPublicKey, until: secret.previousPublicKeyExpiresAt }
        : undefined;
  return (
    <Section title="Signing secret">
      <p className="muted">Verify each webhook's signature with this secret (Standard Webhooks).</p>
      {shown ? (
        <>
          <p>
            <code className="secret" data-testid="secret">
              {shown.value}
            </code>{' '}
            <button type="button" onClick={() => void navigator.clipboard?.writeText(shown.value)}>
              Copy secret
            </button>
          </p>
          {shown.previous && (
            <p role="status">
              {rotated ? 'Rotated. ' : ''}The previous secret keeps signing too until <Time at={shown.until ?? null} />: webhooks carry both
              signatures during this overlap, so update your receiver before then.
            </p>
          )}
        </>
      ) : (
        <p>
          <code className="secret" data-testid="secret">
            ••••••••••••••••
          </code>{' '}
          <button
            type="button"
            onClick={() =>
              run(() => ok(portal.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/secret', { params: { path } })), false)
            }
          >
            Reveal secret
          </button>
        </p>
      )}
      {!portal.session.readOnly && (
        <button
          type="button"
          onClick={() =>
            run(() => ok(portal.client.POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/rotate-secret', { params: { path } })), true)
          }
        >
          Rotate secret
        </button>
      )}
      <ErrorBox error={error} />
    </Section>
  );
}

/** Whether an endpoint subscribed to `patterns` (`*`, `order.*`, `order.created`) receives `name`. */
const subscribes = (patterns: string[], name: string) =>
  patterns.some((p) => p === '*' || p === name || (p.endsWith('.*') && name.startsWith(p.slice(0, -1))));

function TestEventSection({ endpointId, subscribed, onAnswer }: { endpointId: string; subscribed: string[]; onAnswer: () => void }) {
  const portal = usePortal();
  const path = { ...tenantPath(portal), endpointId };
  // Start with a type this endpoint subscribes to, so the test looks like its real traffic.
  const first = portal.catalog.find((t) => subscribes(subscribed, t.name)) ?? portal.catalog[0];
  const [type, setType] = useState(first?.name ?? 'test.ping');
  const [text, setText] = useState(prettyJson(first?.example ?? {}));
  const [deliveryId, setDeliveryId] = useState<string>();
  const [delivery, setDelivery] = useState<Delivery>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const choose = (name: string) => {
    setType(name);
    setText(prettyJson(portal.catalog.find((t) => t.name === name)?.example ?? {}));
  };

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setDelivery(undefined);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      setError(new Error('The event data is not valid JSON'));
      return;
    }
    setBusy(true);
    try {
      // Sent as typed (the checked text itself), so 1.10 stays 1.10 on the receiver's side.
      const sent = await ok(
        portal.client.POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/test', {
          params: { path },
          body: { type, data },
          bodySerializer: () => `{"type":${JSON.stringify(type)},"data":${text.trim()}}`,
        }),
      );
      setDeliveryId(sent.deliveries[0]?.id);
    } catch (failure) {
      setError(failure as Error);
      setBusy(false);
    }
  }

  // Poll the delivery until its first attempt is recorded: that is the receiver's answer.
  useEffect(() => {
    if (!deliveryId) return;
    let live = true;
    const started = Date.now();
    const poll = async () => {
      while (live && Date.now() - started < 60_000) {
        try {
          const current = await ok(
            portal.client.GET('/v1/tenants/{tenantId}/deliveries/{deliveryId}', {
              params: { path: { ...tenantPath(portal), deliveryId } },
            }),
          );
          if (!live) return;
          setDelivery(current);
          if (current.attempts.length > 0) {
            onAnswer();
            break;
          }
        } catch (failure) {
          if (live) setError(failure as Error);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      if (live) setBusy(false);
    };
    void poll();
    return () => {
      live = false;
    };
    // Not on onAnswer (a new function each render): the poll belongs to the delivery alone.
  }, [deliveryId, portal]);

  const attempt = delivery?.attempts[delivery.attempts.length - 1];
  return (
    <Section title="Test event">
      <form onSubmit={(event) => void send(event)}>
        <label>
          Event type
          <select value={type} onChange={(e) => choose(e.target.value)}>
            {portal.catalog.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
            {portal.catalog.length === 0 && <option value="test.ping">test.ping</option>}
          </select>
        </label>
        <label>
          Event data (JSON)
          <textarea rows={8} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Send test event
        </button>
      </form>
      <ErrorBox error={error} />
      {busy && !attempt && deliveryId && (
        <p role="status" className="muted">
          Sent; waiting for your endpoint's answer…
        </p>
      )}
      {attempt && delivery && (
        <div className="result" role="status" aria-label="Test event result">
          <p>
            Status code <strong data-testid="attempt-status">{attempt.statusCode ?? attempt.errorKind ?? 'no answer'}</strong> in{' '}
            <strong>{attempt.durationMs} ms</strong> · <a href={href(`/deliveries/${delivery.id}`)}>Delivery details</a>
          </p>
          {attempt.errorMessage && <p className="error">{attempt.errorMessage}</p>}
          <h3>Response body</h3>
          <pre data-testid="attempt-body" tabIndex={0} role="region" aria-label="Response body">
            {attempt.responseBody ?? ''}
          </pre>
        </div>
      )}
    </Section>
  );
}

function RecentDeliveries({ endpointId, refresh }: { endpointId: string; refresh: number }) {
  const portal = usePortal();
  const list = useLoad(
    () =>
      ok(
        portal.client.GET('/v1/tenants/{tenantId}/deliveries', { params: { path: tenantPath(portal), query: { endpointId, limit: 10 } } }),
      ),
    `${endpointId}:${refresh}`,
    5_000,
  );
  return (
    <Section title="Recent deliveries">
      <DeliveryChart key={refresh} endpointId={endpointId} />
      <ErrorBox error={list.error} />
      {list.data && list.data.data.length === 0 && <p className="muted">Nothing delivered yet.</p>}
      {list.data && list.data.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Delivery</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last status code</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={href(`/deliveries/${d.id}`)}>{d.id}</a>
                </td>
                <td>
                  <StatusBadge status={d.status} />
                </td>
                <td>{d.attemptCount}</td>
                <td>{d.lastStatusCode ?? '—'}</td>
                <td>
                  <Time at={d.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={href('/events', { endpoint: endpointId })}>All events for this endpoint</a>
      </p>
    </Section>
  );
}

function RecoverSection({ endpointId }: { endpointId: string }) {
  const portal = usePortal();
  const [since, setSince] = useState(() =>
    new Date(Date.now() - 24 * 3600_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16),
  );
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<Error>();
  async function recover(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage(undefined);
    try {
      const job = await ok(
        portal.client.POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/recover', {
          params: { path: { ...tenantPath(portal), endpointId } },
          body: { since: new Date(since).toISOString() },
        }),
      );
      setMessage(`Recovery started (${job.id}): failed deliveries since ${new Date(job.since).toLocaleString()} are sent again.`);
    } catch (failure) {
      setError(failure as Error);
    }
  }
  return (
    <Section title="Recover failed deliveries">
      <form onSubmit={(event) => void recover(event)} className="inline">
        <label>
          Failed since
          <input type="datetime-local" required value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
        <button type="submit">Recover</button>
      </form>
      {message && <p role="status">{message}</p>}
      <ErrorBox error={error} />
    </Section>
  );
}
