import type { ReactNode } from 'react';
import type { DeliveryStatus } from './api';

/** The delivery statuses in the words customers know (the PIM's event overview). */
export const STATUS_LABEL: Record<DeliveryStatus, string> = {
  new: 'New',
  retrying: 'Retrying',
  failed: 'Failed',
  finished: 'Finished',
};

export function StatusBadge({ status }: { status: DeliveryStatus }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABEL[status]}</span>;
}

export function Time({ at }: { at: string | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  const date = new Date(at);
  return (
    <time dateTime={at} title={date.toISOString()}>
      {date.toLocaleString()}
    </time>
  );
}

export function ErrorBox({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error.message}
    </p>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function Loading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Every name an endpoint may subscribe to: `*`, each `resource.*`, then each catalog type. */
export function subscriptionChoices(names: string[]): string[] {
  const resources = [...new Set(names.map((name) => name.split('.')[0]))].sort();
  return ['*', ...resources.map((resource) => `${resource}.*`), ...[...names].sort()];
}

/** Checkboxes for the names an endpoint subscribes to (none chosen: every event). */
export function EventTypePicker({ names, chosen, onChange }: { names: string[]; chosen: string[]; onChange: (next: string[]) => void }) {
  const choices = [...new Set([...subscriptionChoices(names), ...chosen])];
  const toggle = (name: string) => onChange(chosen.includes(name) ? chosen.filter((n) => n !== name) : [...chosen, name]);
  return (
    <fieldset>
      <legend>Event types (none chosen: all)</legend>
      <div className="choices">
        {choices.map((name) => (
          <label key={name} className="choice">
            <input type="checkbox" checked={chosen.includes(name)} onChange={() => toggle(name)} />
            <code>{name}</code>
            {name === '*' && <span className="muted"> every event</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
