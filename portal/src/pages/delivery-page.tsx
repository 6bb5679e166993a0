import { useState } from 'react';
import { ok } from '../api';
import { useLoad } from '../hooks';
import { tenantPath, usePortal } from '../portal-context';
import { href } from '../router';
import { ErrorBox, Loading, Section, StatusBadge, Time } from '../ui';

/** One delivery: every attempt, when the next is due, and Resend. Refreshes while open. */
export function DeliveryPage({ deliveryId }: { deliveryId: string }) {
  const portal = usePortal();
  const path = { ...tenantPath(portal), deliveryId };
  const delivery = useLoad(
    () => ok(portal.client.GET('/v1/tenants/{tenantId}/deliveries/{deliveryId}', { params: { path } })),
    deliveryId,
    1_000,
  );
  const [resendError, setResendError] = useState<Error>();
  const [resent, setResent] = useState(false);
  const [skipped, setSkipped] = useState(false);

  if (delivery.error && !delivery.data) return <ErrorBox error={delivery.error} />;
  if (!delivery.data) return <Loading />;
  const d = delivery.data;
  const resend = () => {
    setResendError(undefined);
    ok(portal.client.POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend', { params: { path } })).then(
      () => {
        setResent(true);
        delivery.reload();
      },
      (failure: Error) => setResendError(failure),
    );
  };
  const skip = () => {
    setResendError(undefined);
    ok(portal.client.POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/skip', { params: { path } })).then(
      () => {
        setSkipped(true);
        delivery.reload();
      },
      (failure: Error) => setResendError(failure),
    );
  };
  return (
    <>
      <p>
        <a href={href(`/events/${d.eventId}`)}>← Event</a> · <a href={href(`/endpoints/${d.endpointId}`)}>Endpoint</a>
      </p>
      <div className="page-head">
        <h1>Delivery</h1>
        {!portal.session.readOnly && (
          <div className="actions">
            <button type="button" className="primary" onClick={resend}>
              Resend
            </button>
            {d.status === 'failed' && d.sequence !== null && (
              <button type="button" onClick={skip}>
                Skip: let the next event go
              </button>
            )}
          </div>
        )}
      </div>
      {resent && <p role="status">Resend requested: a manual attempt is on its way.</p>}
      {skipped && <p role="status">Skipped: the next event in this line goes on.</p>}
      <ErrorBox error={resendError} />
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="delivery-status">
          <StatusBadge status={d.status} />
        </dd>
        <dt>Next attempt</dt>
        <dd data-testid="next-attempt">
          {d.waitingFor === 'predecessor' && d.predecessorId ? (
            <>
              Waiting for an earlier event: <a href={href(`/deliveries/${d.predecessorId}`)}>the delivery before it</a> has not settled
            </>
          ) : d.status === 'new' || d.status === 'retrying' ? (
            <Time at={d.nextAttemptAt ?? null} />
          ) : (
            'None'
          )}
        </dd>
        {d.sequence !== null && (
          <>
            <dt>Order</dt>
            <dd data-testid="delivery-order">
              Number {d.sequence} in line {d.orderingKey ? <code>{d.orderingKey}</code> : '(default)'}
            </dd>
          </>
        )}
        <dt>Attempts</dt>
        <dd>{d.attemptCount}</dd>
        {d.failureReason && (
          <>
            <dt>Failure</dt>
            <dd>{d.failureReason}</dd>
          </>
        )}
        <dt>Delivery id</dt>
        <dd>{d.id}</dd>
      </dl>
      <Section title="Attempts">
        {d.attempts.length === 0 ? (
          <p className="muted">No attempt yet.</p>
        ) : (
          <ol className="timeline" aria-label="Attempt timeline">
            {[...d.attempts].reverse().map((a) => (
              <li key={a.number} className={a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300 ? 'ok' : 'failed'}>
                <div>
                  <strong>#{a.number}</strong> · {a.trigger} · <Time at={a.startedAt} />
                </div>
                <div>
                  Status code <strong>{a.statusCode ?? '—'}</strong> · {a.durationMs} ms
                  {a.errorKind ? ` · ${a.errorKind}` : ''}
                  {a.errorMessage ? `: ${a.errorMessage}` : ''}
                </div>
                {a.responseBody && (
                  <pre tabIndex={0} role="region" aria-label={`Response body of attempt ${a.number}`}>
                    {a.responseBody.slice(0, 2000)}
                  </pre>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}
