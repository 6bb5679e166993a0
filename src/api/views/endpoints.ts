import type { EndpointRow, SignatureScheme } from '../../db/schema';
import { HEADER_VALUE_MASK } from '../../delivery/headers';
import { publicKeyOf } from '../../delivery/sign';
import { formatDuration } from '../../lib/duration';

/** API views of endpoints: the camelCase shapes responses carry, mapped from rows. */

export interface Endpoint {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  headers: Record<string, string>;
  retrySchedule: string[] | null;
  timeoutMs: number | null;
  signatureScheme: SignatureScheme;
  rateLimit: number | null;
  maxInFlight: number | null;
  propagateTrace: boolean;
  ordering: EndpointRow['ordering'];
  fifoOnFailure: EndpointRow['fifo_on_failure'];
  createdAt: string;
  updatedAt: string;
}

/** The header names with every value masked. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, HEADER_VALUE_MASK]));
}

/** The public view of an endpoint: never its secrets, and header values masked. */
export function toEndpoint(row: EndpointRow): Endpoint {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    headers: maskHeaders(row.headers),
    retrySchedule: row.retry_schedule_ms ? row.retry_schedule_ms.map(formatDuration) : null,
    timeoutMs: row.timeout_ms,
    signatureScheme: row.signature_scheme,
    rateLimit: row.rate_limit,
    maxInFlight: row.max_in_flight,
    propagateTrace: row.propagate_trace,
    ordering: row.ordering,
    fifoOnFailure: row.fifo_on_failure,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What a receiver verifies with: the HMAC secret itself, or the public key of an Ed25519 private key. */
export type SigningKeyView = { secret: string } | { publicKey: string };

export function toSigningKey(scheme: SignatureScheme, key: string): SigningKeyView {
  return scheme === 'ed25519' ? { publicKey: publicKeyOf(key) } : { secret: key };
}

export type SigningKeysView =
  | { secret: string; previousSecret: string | null; previousSecretExpiresAt: string | null }
  | { publicKey: string; previousPublicKey: string | null; previousPublicKeyExpiresAt: string | null };

/**
 * `GET …/secret` and rotation: the current key and the previous one while it still signs.
 * For an Ed25519 endpoint only the public keys: its private keys never leave hookflow.
 */
export function toSigningKeys(
  scheme: SignatureScheme,
  current: string,
  previous: { key: string; expiresAt: Date } | null,
): SigningKeysView {
  const expiresAt = previous ? previous.expiresAt.toISOString() : null;
  return scheme === 'ed25519'
    ? {
        publicKey: publicKeyOf(current),
        previousPublicKey: previous ? publicKeyOf(previous.key) : null,
        previousPublicKeyExpiresAt: expiresAt,
      }
    : { secret: current, previousSecret: previous?.key ?? null, previousSecretExpiresAt: expiresAt };
}
