import { type FormEvent, useState } from 'react';
import { type Endpoint, ok } from '../api';
import { tenantPath, usePortal } from '../portal-context';
import { ErrorBox, Section } from '../ui';

const toText = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');

/** `Name: value` lines → headers; a line without a colon is an error naming it. */
function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`"${line}" is not a header: write Name: value`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * The custom headers sent with every webhook. Their values are shown masked (they often
 * carry a receiver's credentials) until the customer chooses to edit them.
 */
export function EndpointHeaders({ endpoint, onSaved }: { endpoint: Endpoint; onSaved: () => void }) {
  const portal = usePortal();
  const path = { ...tenantPath(portal), endpointId: endpoint.id };
  const [text, setText] = useState<string>();
  const [error, setError] = useState<Error>();
  const [message, setMessage] = useState<string>();
  const names = Object.keys(endpoint.headers);

  const edit = () => {
    setError(undefined);
    ok(portal.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/headers', { params: { path } })).then(
      (clear) => setText(toText(clear.headers)),
      (failure: Error) => setError(failure),
    );
  };
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage(undefined);
    try {
      const headers = parseHeaders(text ?? '');
      await ok(portal.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', { params: { path }, body: { headers } }));
      setText(undefined);
      setMessage('Headers saved.');
      onSaved();
    } catch (failure) {
      setError(failure as Error);
    }
  }

  return (
    <Section title="Custom headers">
      {text === undefined ? (
        <>
          {names.length === 0 ? (
            <p className="muted">None: webhooks carry only the standard headers.</p>
          ) : (
            <ul>
              {names.map((name) => (
                <li key={name}>
                  <code>{name}</code>: <span className="muted">••••••</span>
                </li>
              ))}
            </ul>
          )}
          {!portal.session.readOnly && (
            <button type="button" onClick={edit}>
              Edit headers
            </button>
          )}
        </>
      ) : (
        <form onSubmit={(event) => void save(event)}>
          <label>
            Headers (one Name: value per line)
            <textarea rows={4} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" className="primary">
              Save headers
            </button>
            <button type="button" onClick={() => setText(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {message && <p role="status">{message}</p>}
      <ErrorBox error={error} />
    </Section>
  );
}
