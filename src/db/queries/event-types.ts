import type { Kysely } from 'kysely';
import type { Database, EventTypeRow } from '../schema';

export interface EventTypeFields {
  description?: string | undefined;
  schema?: Record<string, unknown> | null | undefined;
  example?: unknown;
  deprecated?: boolean | undefined;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Inserts a type; undefined when the name is taken. */
export async function insertEventType(db: Kysely<Database>, name: string, fields: EventTypeFields): Promise<EventTypeRow | undefined> {
  return db
    .insertInto('event_types')
    .values({
      name,
      description: fields.description ?? '',
      schema: json(fields.schema),
      example: json(fields.example),
      deprecated: fields.deprecated ?? false,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Inserts or replaces a type (the catalog seed). */
export async function upsertEventType(db: Kysely<Database>, name: string, fields: EventTypeFields): Promise<void> {
  const values = {
    description: fields.description ?? '',
    schema: json(fields.schema),
    example: json(fields.example),
    deprecated: fields.deprecated ?? false,
  };
  await db
    .insertInto('event_types')
    .values({ name, ...values })
    .onConflict((oc) => oc.column('name').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

export async function findEventType(db: Kysely<Database>, name: string): Promise<EventTypeRow | undefined> {
  return db.selectFrom('event_types').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listEventTypes(
  db: Kysely<Database>,
  options: { limit: number; after?: string | undefined },
): Promise<EventTypeRow[]> {
  let query = db.selectFrom('event_types').selectAll().orderBy('name').limit(options.limit);
  if (options.after) query = query.where('name', '>', options.after);
  return query.execute();
}

/** Changes the fields given (`null` clears schema or example); undefined when there is no such type. */
export async function updateEventType(db: Kysely<Database>, name: string, fields: EventTypeFields): Promise<EventTypeRow | undefined> {
  return db
    .updateTable('event_types')
    .set({
      ...(fields.description !== undefined ? { description: fields.description } : {}),
      ...(fields.schema !== undefined ? { schema: json(fields.schema) } : {}),
      ...(fields.example !== undefined ? { example: json(fields.example) } : {}),
      ...(fields.deprecated !== undefined ? { deprecated: fields.deprecated } : {}),
      updated_at: new Date(),
    })
    .where('name', '=', name)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteEventType(db: Kysely<Database>, name: string): Promise<boolean> {
  const result = await db.deleteFrom('event_types').where('name', '=', name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
