import { useEffect, useState } from 'react';
import { type DeliveryStatus, type EventSummary, ok } from '../api';
import { useLoad } from '../hooks';
import { tenantPath, usePortal } from '../portal-context';
import { href, navigate } from '../router';
import { ErrorBox, Loading, STATUS_LABEL, subscriptionChoices, Time } from '../ui';

const STATUSES = Object.keys(STATUS_LABEL) as DeliveryStatus[];
/** Time ranges as shareable words in the URL (`range=7d`): the log since that long ago. */
const RANGES: Record<string, { label: string; ms: number }> = {
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
};
type Filter = 'type' | 'status' | 'endpoint' | 'range' | 'test';

/**
 * The event log, newest first. Its filters live in the URL (`#/events?type=order.*&status=failed`),
 * so a reload keeps them and a link shares them.
 */
export function EventsPage({ query }: { query: URLSearchParams }) {
  const portal = usePortal();
  const type = query.get('type') ?? '';
  const status = (STATUSES as string[]).includes(query.get('status') ?? '') ? (query.get('status') as DeliveryStatus) : undefined;
  const endpoint = query.get('endpoint') ?? '';
  const range = RANGES[query.get('range') ?? ''] ? (query.get('range') as string) : undefined;
  const test = query.get('test') === 'true' || query.get('test') === 'false' ? (query.get('test') as 'true' | 'false') : undefined;
  const filters = { type: type || undefined, status, endpoint: endpoint || undefined, range, test };
  const setFilter = (name: Filter, value: string) => navigate('/events', { ...filters, [name]: value || undefined }, true);

  const [typeText, setTypeText] = useState(type);
  useEffect(() => setTypeText(type), [type]);

  const endpoints = useLoad(
    () => ok(portal.client.GET('/v1/tenants/{tenantId}/endpoints', { params: { path: tenantPath(portal), query: { limit: 100 } } })),
    'endpoints',
  );
  const key = JSON.stringify(filters);
  const [pages, setPages] = useState<{ key: string; events: EventSummary[]; nextCursor: string | null }>();
  const [error, setError] = useState<Error>();
  const [loadingMore, setLoadingMore] = useState(false);

  const fetchPage = (cursor?: string) =>
    ok(
      portal.client.GET('/v1/tenants/{tenantId}/events', {
        params: {
          path: tenantPath(portal),
          query: {
            limit: 50,
            ...(filters.type ? { type: filters.type } : {}),
            ...(status ? { status } : {}),
            ...(filters.endpoint ? { endpointId: filters.endpoint } : {}),
            ...(range ? { since: new Date(Date.now() - RANGES[range]!.ms).toISOString() } : {}),
            ...(test ? { test } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    );

  useEffect(() => {
    let live = true;
    setError(undefined);
    fetchPage().then(
      (page) => live && setPages({ key, events: page.data, nextCursor: page.nextCursor }),
      (failure: Error) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [key]);

  const loadMore = () => {
    if (!pages?.nextCursor) return;
    setLoadingMore(true);
    fetchPage(pages.nextCursor).then(
      (page) => {
        setPages({ key, events: [...pages.events, ...page.data], nextCursor: page.nextCursor });
        setLoadingMore(false);
      },
      (failure: Error) => {
        setError(failure);
        setLoadingMore(false);
      },
    );
  };

  const typeChoices = subscriptionChoices(portal.catalog.map((t) => t.name)).filter((name) => name !== '*');
  return (
    <>
      <h1>Event log</h1>
      <form
        className="filters"
        role="search"
        aria-label="Filter events"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter('type', typeText.trim());
        }}
      >
        <label>
          Event type
          <input
            type="text"
            list="event-type-choices"
            placeholder="order.* or order.created"
            value={typeText}
            onChange={(e) => setTypeText(e.target.value)}
            onBlur={() => typeText.trim() !== type && setFilter('type', typeText.trim())}
          />
          <datalist id="event-type-choices">
            {typeChoices.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <label>
          Status
          <select value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Endpoint
          <select value={endpoint} onChange={(e) => setFilter('endpoint', e.target.value)}>
            <option value="">Any</option>
            {endpoints.data?.data.map((ep) => (
              <option key={ep.id} value={ep.id}>
                {ep.url}
              </option>
            ))}
          </select>
        </label>
        <label>
          Time range
          <select value={range ?? ''} onChange={(e) => setFilter('range', e.target.value)}>
            <option value="">Any time</option>
            {Object.entries(RANGES).map(([value, { label }]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Test events
          <select value={test ?? ''} onChange={(e) => setFilter('test', e.target.value)}>
            <option value="">Shown</option>
            <option value="false">Hidden</option>
            <option value="true">Only test events</option>
          </select>
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <ErrorBox error={error} />
      {!pages && !error && <Loading />}
      {pages && pages.key === key && (
        <>
          {pages.events.length === 0 ? (
            <p className="muted">No event matches.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Type</th>
                  <th scope="col">Deliveries</th>
                  <th scope="col">Published</th>
                </tr>
              </thead>
              <tbody>
                {pages.events.map((event) => (
                  <tr key={event.id}>
                    <td>
                      <a href={href(`/events/${event.id}`)}>{event.id}</a>
                      {event.test && <span className="badge">test</span>}
                    </td>
                    <td>
                      <code>{event.type}</code>
                    </td>
                    <td>
                      {STATUSES.filter((s) => event.deliveries[s] > 0)
                        .map((s) => `${event.deliveries[s]} ${STATUS_LABEL[s]}`)
                        .join(', ') || '—'}
                    </td>
                    <td>
                      <Time at={event.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages.nextCursor && (
            <button type="button" onClick={loadMore} disabled={loadingMore}>
              Load more
            </button>
          )}
        </>
      )}
      <p className="muted">
        <a href={href('/events')}>Clear filters</a>
      </p>
    </>
  );
}
