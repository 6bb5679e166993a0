/**
 * Event types are dotted names (`order.created`). Endpoints subscribe with filters:
 * an exact type, a prefix (`order.*` matches `order.created` and `order.item.added`)
 * or `*` for everything.
 */
export const EVENT_TYPE_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const EVENT_TYPE_FILTER_PATTERN = /^(\*|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\.\*)?)$/;

export function matchesEventType(filter: string, type: string): boolean {
  if (filter === '*') return true;
  if (filter.endsWith('.*')) return type.startsWith(filter.slice(0, -1));
  return filter === type;
}

export function subscribes(filters: readonly string[], type: string): boolean {
  return filters.some((filter) => matchesEventType(filter, type));
}
