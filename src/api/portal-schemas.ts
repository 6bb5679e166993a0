import { z } from 'zod';
import { eventType, resourceId, tenantId } from './schemas';

/** Schemas of the event type catalog and of portal sessions (the customer portal's API). */

const MAX_SESSION_SECONDS = 24 * 3600;

const jsonSchemaObject = z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12) that `data` of this type must match');

export const eventTypeParams = z.strictObject({ name: eventType });
export const tenantEventTypeParams = z.strictObject({ tenantId, name: eventType });
export const createEventTypeBody = z.strictObject({
  name: eventType,
  description: z.string().max(2000).optional(),
  schema: jsonSchemaObject.nullable().optional(),
  example: z.unknown().optional().describe('An example `data`; test events use it when no `data` is given'),
  deprecated: z.boolean().optional(),
});
export const updateEventTypeBody = z
  .strictObject({
    description: z.string().max(2000).optional(),
    schema: jsonSchemaObject.nullable().optional(),
    example: z.unknown().optional(),
    deprecated: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field');
export const eventTypeSchema = z.object({
  name: z.string(),
  description: z.string(),
  schema: z.record(z.string(), z.unknown()).nullable(),
  example: z.unknown(),
  deprecated: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const theme = z.strictObject({
  primaryColor: z
    .string()
    .regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour such as #3355ff')
    .optional(),
  logoUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(2048)
    .optional(),
  mode: z.enum(['light', 'dark', 'auto']).optional(),
});
export const portalSessionParams = z.strictObject({ tenantId, sessionId: resourceId });
export const createPortalSessionBody = z
  .strictObject({
    readOnly: z.boolean().optional().describe('Show everything, change nothing'),
    expiresIn: z
      .number()
      .int()
      .min(60)
      .max(MAX_SESSION_SECONDS)
      .optional()
      .describe('Seconds until the link stops working: 60 to 86400 (24 h); default 3600'),
    theme: theme.optional(),
  })
  .optional();
export const portalSessionSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  readOnly: z.boolean(),
  theme: z.object({
    primaryColor: z.string().optional(),
    logoUrl: z.string().optional(),
    mode: z.enum(['light', 'dark', 'auto']).optional(),
  }),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});
export const createdPortalSessionSchema = z.object({
  id: z.string(),
  url: z.string().describe('Opens the portal for this tenant; the token travels in the URL fragment, never to a server log'),
  expiresAt: z.iso.datetime(),
});
