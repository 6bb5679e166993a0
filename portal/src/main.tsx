import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, connect, ok, takeCredentials, whenExpired } from './api';
import { type Portal, PortalContext } from './portal-context';
import { DeliveryPage } from './pages/delivery-page';
import { EndpointPage } from './pages/endpoint-page';
import { EndpointsPage } from './pages/endpoints-page';
import { EventPage } from './pages/event-page';
import { EventsPage } from './pages/events-page';
import { href, type Route, useRoute } from './router';
import { ErrorBox, Loading } from './ui';
import './styles.css';

type Boot = { state: 'loading' } | { state: 'ready'; portal: Portal } | { state: 'expired' } | { state: 'failed'; error: Error };

/** Applies the session's theme: its colour and mode as CSS variables and a class on <html>. */
function applyTheme(theme: Portal['session']['theme']): void {
  const root = document.documentElement;
  if (theme.primaryColor) root.style.setProperty('--primary', theme.primaryColor);
  root.dataset.mode = theme.mode ?? 'auto';
}

// Before the first render: the link's fragment becomes `#/endpoints` (see takeCredentials).
const initialCredentials = takeCredentials();

function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [credentials, setCredentials] = useState(initialCredentials);
  const route = useRoute();
  // Another session link in the same page (a platform re-rendering its <iframe> with a fresh
  // link changes only the fragment, so the page does not reload): start over with it.
  useEffect(() => {
    const onHash = () => {
      if (/(^#|&)session=/.test(location.hash)) setCredentials(takeCredentials());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    setBoot({ state: 'loading' });
    whenExpired(() => setBoot({ state: 'expired' }));
    if (!credentials) {
      setBoot({ state: 'expired' });
      return;
    }
    const client = connect(credentials);
    const path = { tenantId: credentials.tenantId };
    Promise.all([
      ok(client.GET('/v1/tenants/{tenantId}/portal-sessions/current', { params: { path } })),
      ok(client.GET('/v1/tenants/{tenantId}/event-types', { params: { path, query: { limit: 250 } } })),
    ]).then(
      ([session, catalog]) => {
        applyTheme(session.theme);
        setBoot({
          state: 'ready',
          portal: { client, tenantId: credentials.tenantId, session, catalog: catalog.data.filter((t) => !t.deprecated) },
        });
      },
      (error: Error) => setBoot(error instanceof ApiError && error.status === 401 ? { state: 'expired' } : { state: 'failed', error }),
    );
  }, [credentials]);

  if (boot.state === 'expired') return <Expired />;
  if (boot.state === 'failed') return <ErrorBox error={boot.error} />;
  if (boot.state === 'loading') return <Loading />;
  const { portal } = boot;
  const section = route.path.startsWith('/endpoints') ? 'endpoints' : 'events';
  return (
    <PortalContext.Provider value={portal}>
      <header className="top">
        {portal.session.theme.logoUrl && <img src={portal.session.theme.logoUrl} alt="" className="logo" />}
        <nav aria-label="Portal">
          <a href={href('/endpoints')} aria-current={section === 'endpoints' ? 'page' : undefined}>
            Endpoints
          </a>
          <a href={href('/events')} aria-current={section === 'events' ? 'page' : undefined}>
            Event log
          </a>
        </nav>
        {portal.session.readOnly && <span className="badge">Read-only</span>}
      </header>
      <main>
        <Page route={route} />
      </main>
    </PortalContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  const [, section, id] = route.path.split('/');
  if (section === 'endpoints' && id) return <EndpointPage key={id} endpointId={decodeURIComponent(id)} />;
  if (section === 'events' && id) return <EventPage key={id} eventId={decodeURIComponent(id)} />;
  if (section === 'events') return <EventsPage query={route.query} />;
  if (section === 'deliveries' && id) return <DeliveryPage key={id} deliveryId={decodeURIComponent(id)} />;
  return <EndpointsPage />;
}

function Expired() {
  return (
    <main className="expired">
      <h1>This link has expired</h1>
      <p>For your security, links to this page work for a limited time. Go back to the application that sent you here and open it again.</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
