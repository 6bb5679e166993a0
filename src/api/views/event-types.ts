import type { EventTypeRow } from '../../db/schema';

/** API views of the event type catalog. */

export interface EventType {
  name: string;
  description: string;
  schema: Record<string, unknown> | null;
  example: unknown;
  deprecated: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toEventType(row: EventTypeRow): EventType {
  return {
    name: row.name,
    description: row.description,
    schema: row.schema,
    example: row.example,
    deprecated: row.deprecated,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
